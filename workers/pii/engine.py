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
SEGMENT_CACHE_SIZE = 4096
# A name's other half or its parts elsewhere, an address's unit: as sure as what they complete.
COMPLETION_SCORE = 0.6
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


def _ner_only(nlp) -> None:
    from spacy.lang.char_classes import ALPHA
    from spacy.util import compile_infix_regex

    # CSV rows pasted into prompts ("Ingrid Larsen","Austin" or 1935,Utrecht or
    # Brückner;Dresden) would otherwise run fields together into one token. Digits on both
    # sides of a comma stay one number: "1,299".
    csv_fields = [r'","', rf"(?<=[{ALPHA}0-9)]),(?=[{ALPHA}(+])", rf"(?<=[{ALPHA})]),(?=[0-9])",
                  r";"]
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes,
                                                        *csv_fields]).finditer
    for name in list(nlp.pipe_names):
        if name != "ner":
            nlp.disable_pipe(name)


def _token_list_engine():
    """Presidio's spaCy engine with one NER pass over the stretches that could hold a name,
    cued lowercase words capitalised (`ner_input`), and a Doc read once. Recognizers get the
    tokens as a list (the context enhancer scans them once per finding, and iterating a Doc
    builds every Token anew) and lowercase words as lemmas: Presidio matches context words
    against lemmas, and the lemmatizer with the tagger it needs cost more than NER itself."""
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from workers.pii.names import cued_lowercase_words
    from workers.pii.ner_input import ner_input
    from workers.pii.ner_spans import (
        as_person,
        plausible_entity,
        sentences_in_other_languages,
        trimmed,
    )

    class TokenListSpacyNlpEngine(SpacyNlpEngine):
        def process_text(self, text, language):
            nlp = self.nlp[language]
            doc = nlp.make_doc(text)
            tokens = list(doc)
            german, foreign = sentences_in_other_languages(tokens)
            if nlp.has_pipe("ner"):
                cued = set(cued_lowercase_words(tokens))
                shown, positions = ner_input(nlp.vocab, tokens, cued)
                nlp.get_pipe("ner")(shown)
                spans = []
                for ent in shown.ents:
                    if -1 in positions[ent.start:ent.end]:
                        continue  # across the gap between two stretches
                    start, end = trimmed(tokens, positions[ent.start],
                                         positions[ent.end - 1] + 1, cued)
                    # A capitalised word is only shown to NER as a possible name.
                    if start == end or ent.label_ != "PERSON" \
                            and not cued.isdisjoint(range(start, end)) \
                            or not plausible_entity(tokens, start, end, cued, ent.label_,
                                                    german, foreign):
                        continue
                    start, label = as_person(tokens, start, end, ent.label_)
                    spans.append(Span(doc, start, end, label))
                doc.ents = filter_spans(spans)
            entities, scores = self._get_updated_entities(
                doc.ents, [self.ner_model_configuration.default_score] * len(doc.ents))
            lemmas = [token.lower_ for token in tokens]
            # Built without the engine, so Presidio does not derive the context keywords
            # itself: it looks every lemma up in the vocabulary twice and keeps a list that
            # the context enhancer then searches word by word (together 1 ms a 1 KB prompt).
            artifacts = NlpArtifacts(entities=entities, tokens=tokens,
                                     tokens_indices=[token.idx for token in tokens],
                                     lemmas=lemmas, nlp_engine=None, language=language,
                                     scores=scores)
            artifacts.nlp_engine = self
            # Which sentences are German or another language, for the name cues to read.
            artifacts.other_languages = german, foreign
            artifacts.keywords = {part for token, lemma in zip(tokens, lemmas, strict=True)
                                  if not (token.is_stop or token.is_punct or lemma == "be")
                                  for part in lemma.split(":")}
            return artifacts

    return TokenListSpacyNlpEngine


def _shallow_copy_enhancer():
    """Presidio's lemma context enhancer without its deep copy of every result, which cost
    more than the enhancing (1.45 ms -> 0.64 ms a 1 KB prompt). It copies so as not to change
    the caller's list; the analyzer drops that list once the enhancer returns, so a copy of
    each result will do."""
    import copy

    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    class Results(list):
        def __deepcopy__(self, memo):
            return [copy.copy(result) for result in self]

    class ShallowCopyEnhancer(LemmaContextAwareEnhancer):
        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers,
                                  context=None):
            return super().enhance_using_context(text, Results(raw_results), nlp_artifacts,
                                                 recognizers, context)

    return ShallowCopyEnhancer()


def _numpy_matmul():
    """Build the model's layers on numpy's matmul instead of thinc's bundled BLIS, which runs
    its generic kernels on this machine's AVX-512 cores: OpenBLAS multiplies NER's matrices
    three times as fast (NER on a 1 KB prompt: 18.9 ms -> 12.7 ms, same entities). One BLAS
    thread: the worker pool already fills the cores, and OpenBLAS's idle threads spin."""
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    return use_ops("numpy", use_blis=False)


class LocalPiiEngine:
    """Presidio analyzer and anonymizer as libraries, in this process."""

    def __init__(self, analyzer, anonymizer, mode: EngineMode) -> None:
        self.analyzer, self.anonymizer, self.mode = analyzer, anonymizer, mode
        # spaCy's string store is not safe for concurrent writers; NER is CPU-bound under the
        # GIL anyway, so one analysis at a time loses little.
        self._lock = threading.Lock()
        self._cached = lru_cache(maxsize=SEGMENT_CACHE_SIZE)(self._analyze_segment)

    def analyze(self, text: str, entities: tuple[str, ...], threshold: float) -> list[Finding]:
        from workers.pii.address_chains import address_chains
        from workers.pii.completions import (
            address_completions,
            name_completions,
            phone_completions,
        )

        findings, offset = [], 0
        for segment in text.split("\n\n"):
            if segment.strip():
                findings += [Finding(f.start + offset, f.end + offset, f.entity, f.score)
                             for f in self._cached(segment, entities, threshold)]
            offset += len(segment) + 2
        names = [(f.start, f.end) for f in findings if f.entity == "PERSON"]
        if names:
            findings += [Finding(start, end, "PERSON", COMPLETION_SCORE)
                         for start, end in name_completions(text, names)]
        phones = [(f.start, f.end) for f in findings if f.entity == "PHONE_NUMBER"]
        findings += [Finding(start, end, "PHONE_NUMBER", COMPLETION_SCORE)
                     for start, end in phone_completions(text, phones)]
        places = [(f.start, f.end) for f in findings if f.entity == "LOCATION"]
        if places:
            others = [(f.start, f.end) for f in findings if f.entity != "LOCATION"]
            findings += [Finding(start, end, "LOCATION", COMPLETION_SCORE)
                         for start, end in address_completions(text, places, others)]
            names = [(f.start, f.end) for f in findings if f.entity == "PERSON"]
            ended = [(f.start, f.end) for f in findings if f.entity not in ("PERSON", "LOCATION")]
            findings += [Finding(start, end, "LOCATION", COMPLETION_SCORE)
                         for start, end in address_chains(text, places, names, ended)]
        return findings

    def _analyze_segment(self, text: str, entities: tuple[str, ...],
                         threshold: float) -> tuple[Finding, ...]:
        from workers.pii.patterns import identifies_no_one

        with self._lock:
            results = self.analyzer.analyze(text=text, language="en", entities=list(entities),
                                            score_threshold=threshold)
        return tuple(Finding(r.start, r.end, r.entity_type, r.score) for r in results
                     if not identifies_no_one(text, r.start, r.end, r.entity_type))

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
    from presidio_anonymizer import AnonymizerEngine

    from workers.pii.arabic_devanagari import ArabicDevanagariRecognizer
    from workers.pii.capitals import CapitalsRecognizer
    from workers.pii.east_asian import EastAsianScriptRecognizer
    from workers.pii.fields import StructuredFieldRecognizer
    from workers.pii.names import (
        CueNameRecognizer,
        InitialledNameRecognizer,
        ParticleNameRecognizer,
        korean_name_recognizer,
        vietnamese_name_recognizer,
    )
    from workers.pii.patterns import (
        PhoneShapedRecognizer,
        SpokenPhoneRecognizer,
        UndashedSsnRecognizer,
        WrittenPhoneRecognizer,
        any_domain_email_recognizer,
        credit_card_recognizer,
    )
    from workers.pii.places import (
        ChatStreetRecognizer,
        LandmarkRecognizer,
        PlaceNameRecognizer,
        SlavicLocativeRecognizer,
        TownTailedAddressRecognizer,
        street_recognizer,
    )

    try:
        with _numpy_matmul():
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
    registry.remove_recognizer("CreditCardRecognizer")
    registry.remove_recognizer("EmailRecognizer")
    for recognizer in [PhoneShapedRecognizer(), UndashedSsnRecognizer(),
                       WrittenPhoneRecognizer(), SpokenPhoneRecognizer(), credit_card_recognizer(),
                       any_domain_email_recognizer(), CueNameRecognizer(),
                       ParticleNameRecognizer(), vietnamese_name_recognizer(),
                       korean_name_recognizer(),
                       InitialledNameRecognizer(),
                       street_recognizer(), TownTailedAddressRecognizer(), ChatStreetRecognizer(),
                       SlavicLocativeRecognizer(), LandmarkRecognizer(),
                       PlaceNameRecognizer(), StructuredFieldRecognizer(), CapitalsRecognizer(),
                       EastAsianScriptRecognizer(), ArabicDevanagariRecognizer(),
                       *custom_recognizers(config)]:
        registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                              supported_languages=["en"],
                              context_aware_enhancer=_shallow_copy_enhancer())
    engine = LocalPiiEngine(analyzer, AnonymizerEngine(), mode)
    engine.analyze(WARM_TEXT, tuple(config.entities), config.score_threshold)
    return engine
