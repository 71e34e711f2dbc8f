"""The Presidio engine one worker process holds: NER + patterns, patterns only, or remote.

Built once before the pool starts (`start_pii_engine`), warmed, and shared by the pool's
threads. Analysis is cached per text segment, so a system prompt shared by thousands of
batch jobs is analysed once.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

from sluice.config import PiiConfig

log = logging.getLogger("sluice.worker")
EngineMode = Literal["nlp", "patterns-only", "remote"]
# Only what Presidio maps to PII; the rest (dates, numbers, products) costs nothing to skip.
NER_LABELS_TO_IGNORE = ["CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME",
                        "LANGUAGE", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT", "NORP"]
# Each region is a full phonenumbers pass over the text (half the stage's time with Presidio's
# eight); "+44 ..." style numbers are found from any region, national formats need their own.
PHONE_REGIONS = ("US", "GB")
SEGMENT_CACHE_SIZE = 4096
WARM_TEXT = "Warm-up: Jenny Smith (jenny@example.com, 415-555-0100) lives in Springfield."


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    entity: str
    score: float


class PiiEngine(Protocol):
    mode: EngineMode

    def analyze(self, text: str, entities: tuple[str, ...], threshold: float) -> list[Finding]:
        ...

    def replace(self, text: str, findings: list[Finding], labels: list[str]) -> str:
        ...


def _lowercase_lemmas(doc):
    """Presidio matches context words against lemmas; the lemmatizer (and the tagger and
    parser it needs) cost more than NER itself, and lowercase text is lemma enough."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def _ner_only(nlp) -> None:
    from spacy.language import Language
    from spacy.util import compile_infix_regex

    # CSV rows pasted into prompts ("Ingrid Larsen","Austin") would otherwise be one token.
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, r'","']).finditer

    if not Language.has_factory("sluice_lowercase_lemmas"):
        Language.component("sluice_lowercase_lemmas", func=_lowercase_lemmas)
    for name in list(nlp.pipe_names):
        if name != "ner":
            nlp.disable_pipe(name)
    nlp.add_pipe("sluice_lowercase_lemmas", last=True)


def _token_list_engine():
    """Presidio's spaCy engine, handing recognizers the tokens as a list: its context
    enhancer scans the tokens once per finding, and iterating a spaCy Doc builds every Token
    anew, which made a 4 KB prompt dense with PII spend ~40 ms there."""
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class TokenListSpacyNlpEngine(SpacyNlpEngine):
        def _doc_to_nlp_artifact(self, doc, language):
            artifacts = super()._doc_to_nlp_artifact(doc, language)
            artifacts.tokens = list(doc)
            return artifacts

    return TokenListSpacyNlpEngine


class LocalPiiEngine:
    """Presidio analyzer and anonymizer as libraries, in this process."""

    def __init__(self, analyzer, anonymizer, mode: EngineMode) -> None:
        self.analyzer, self.anonymizer, self.mode = analyzer, anonymizer, mode
        # spaCy's string store is not safe for concurrent writers; NER is CPU-bound under the
        # GIL anyway, so one analysis at a time loses little.
        self._lock = threading.Lock()
        self._cached = lru_cache(maxsize=SEGMENT_CACHE_SIZE)(self._analyze_segment)

    def analyze(self, text: str, entities: tuple[str, ...], threshold: float) -> list[Finding]:
        findings, offset = [], 0
        for segment in text.split("\n\n"):
            if segment.strip():
                findings += [Finding(f.start + offset, f.end + offset, f.entity, f.score)
                             for f in self._cached(segment, entities, threshold)]
            offset += len(segment) + 2
        return findings

    def _analyze_segment(self, text: str, entities: tuple[str, ...],
                         threshold: float) -> tuple[Finding, ...]:
        with self._lock:
            results = self.analyzer.analyze(text=text, language="en", entities=list(entities),
                                            score_threshold=threshold)
        return tuple(Finding(r.start, r.end, r.entity_type, r.score) for r in results)

    def replace(self, text: str, findings: list[Finding], labels: list[str]) -> str:
        from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

        results = [RecognizerResult(label, f.start, f.end, f.score)
                   for f, label in zip(findings, labels, strict=True)]
        operators = {label: OperatorConfig("replace", {"new_value": f"<{label}>"})
                     for label in labels}
        return self.anonymizer.anonymize(text=text, analyzer_results=results,
                                         operators=operators).text


def custom_recognizers(config: PiiConfig) -> list:
    from presidio_analyzer import Pattern, PatternRecognizer

    return [PatternRecognizer(
        supported_entity=item.entity, name=f"config_{item.entity.lower()}",
        patterns=[Pattern(f"{item.entity} {index}", pattern.regex, pattern.score)
                  for index, pattern in enumerate(item.patterns)] or None,
        context=item.context or None, deny_list=item.deny_list or None)
        for item in config.recognizers]


def build_local_engine(config: PiiConfig, model: str) -> LocalPiiEngine:
    """NER from `model` plus every pattern recognizer; if the model cannot load, patterns only
    (degraded, but never unredacted)."""
    # Presidio announces every recognizer it loads, and warns about other languages' ones.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer
    from presidio_anonymizer import AnonymizerEngine

    from workers.pii.addresses import street_recognizer
    from workers.pii.names import CueNameRecognizer, particle_name_recognizer

    try:
        nlp_engine = NlpEngineProvider(nlp_engines=(_token_list_engine(),), nlp_configuration={
            "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}],
            "ner_model_configuration": {"labels_to_ignore": NER_LABELS_TO_IGNORE}},
        ).create_engine()
        _ner_only(nlp_engine.nlp["en"])
        mode: EngineMode = "nlp"
    except (OSError, ImportError, ValueError) as exc:
        log.error("PII model did not load; pattern recognizers only",
                  extra={"model": model, "error_class": exc.__class__.__name__})
        nlp_engine = _token_list_engine()(models=[{"lang_code": "en", "model_name": "blank:en"}])
        nlp_engine.nlp = {"en": spacy.blank("en")}
        mode = "patterns-only"
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    registry.remove_recognizer("PhoneRecognizer")
    for recognizer in [PhoneRecognizer(supported_regions=PHONE_REGIONS),
                       CueNameRecognizer(), particle_name_recognizer(), street_recognizer(),
                       *custom_recognizers(config)]:
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                              supported_languages=["en"])
    engine = LocalPiiEngine(analyzer, AnonymizerEngine(), mode)
    engine.analyze(WARM_TEXT, tuple(config.entities), config.score_threshold)
    return engine
