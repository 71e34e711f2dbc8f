"""Plain default Presidio on the same model: the baseline that eval and bench compare with."""

from __future__ import annotations

from sluice.config import PiiConfig
from sluice.settings import Settings
from workers.pii.engine import Finding, build_local_engine

MODEL = Settings.model_fields["pii_model"].default


class PlainPresidio:
    """AnalyzerEngine as its docs configure it: full spaCy pipeline, default recognizers."""

    mode = "plain"

    def __init__(self, model: str = MODEL) -> None:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        nlp_engine = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model}]}).create_engine()
        self.analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])

    def analyze(self, text: str, entities: tuple[str, ...], threshold: float) -> list[Finding]:
        return [Finding(r.start, r.end, r.entity_type, r.score) for r in self.analyzer.analyze(
            text=text, language="en", entities=list(entities), score_threshold=threshold)]


def sluice_engine(model: str = MODEL, config: PiiConfig | None = None):
    return build_local_engine(config or PiiConfig(), model)
