"""Person names the small spaCy model misses ("jenny", "Jan de Vries"), as Presidio recognizers.

The NER model leans on capitalisation and English context, so lowercase first names and
Dutch/German/Spanish particle surnames slip through. A census list of first names plus cue
words catches the first; a particle pattern catches the second. Measured by `make pii-eval`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

# First names that are far more often ordinary words in prompts.
_COMMON_WORDS = frozenset("""
will may june april august mark bill grace hope joy faith rose ray art dale glen guy lane
chase page sky summer autumn ivy iris ruby pearl crystal amber destiny major king sunny honey
penny kay don dee lee long young love frank gay golden wade miles max drew rich sandy dusty
rusty cliff chance christian baby star angel precious dawn eve sue jewel jade early sterling
ward carter hunter mason cook marshal marshall stone bond price reed bell lucky buck harley
royal tommie van del ali son else lou nan hunter taylor tyler paris china london georgia
virginia carolina dakota asia india israel jordan austin dallas houston denver sydney
""".split())
_CUES_BEFORE = frozenset("""
name named i'm im am call called dear hi hello hey thanks thank from with ask asked tell told
contact met mr mrs ms miss dr prof patient customer client friend colleague wife husband son
daughter mom dad mother father brother sister boss manager cc regards signed sincerely cheers
by for to and or meet emailed texted remind ping loop tenant hire driver nurse employee
""".split())
# Cues strong enough that the capitalised words after them are a name even if unknown.
_STRONG_CUES = frozenset("""
dear hi hello hey thanks mr mrs ms miss dr prof tell ask remind cc colleague customer patient
tenant hire driver husband wife named ping with
""".split())
_CUES_AFTER = frozenset("""
said says asked wants wanted called emailed wrote lives lived works worked is was has had 's
will would needs needed reported complained mentioned from
""".split())
_EMAIL_LOCAL = re.compile(r"([A-Za-z][\w.-]*)@[\w-]+\.[\w.-]+")
_PARTICLES = (r"(?:van der|van den|van de|van|von der|von|de la|de los|de|der|den|del|della|"
              r"di|da|dos|du|le|la|ter|ten|bin|al|el|mac|o')")


@lru_cache(maxsize=1)
def census_first_names() -> frozenset[str]:
    """US census first names (from the MIT-licensed `names` package), minus common words."""
    found: set[str] = set()
    for filename in ("dist.female.first", "dist.male.first"):
        for line in files("names").joinpath(filename).read_text().splitlines():
            name = line.split(" ", 1)[0].lower()
            if len(name) >= 3 and name not in STOP_WORDS and name not in _COMMON_WORDS:
                found.add(name)
    return frozenset(found)


def _names_echoed_by_email_addresses(text: str) -> list[tuple[int, int, float]]:
    """"ingrid.larsen@..." names the "Ingrid Larsen" of the same record, even where the
    tokenizer cannot split it out (CSV rows without spaces)."""
    parts = {part for local in _EMAIL_LOCAL.findall(text)
             for part in re.split(r"[._-]", local) if len(part) > 2 and part.isalpha()}
    if not parts:
        return []
    names = re.compile(r"\b(?:" + "|".join(re.escape(p.title()) for p in parts) + r")\b")
    return [(match.start(), match.end(), 0.6) for match in names.finditer(text)]


class CueNameRecognizer(LocalRecognizer):
    """Names by their company: a census first name beside a cue word or capitalised
    mid-sentence; a capitalised word that an email address in the text also spells;
    capitalised words right after a strong cue ("Dear", "ask", "patient");
    and, in a second NER pass with them capitalised, lowercase words right after one."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="CueNameRecognizer")

    def load(self) -> None:
        self.first_names = census_first_names()

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if nlp_artifacts is None or not nlp_artifacts.tokens:
            return []
        tokens = nlp_artifacts.tokens
        spans: list[tuple[int, int, float]] = []
        lowercase: list[int] = []
        spans += _names_echoed_by_email_addresses(text)
        for index, token in enumerate(tokens):
            if not token.is_alpha:
                continue
            cued = self._cued(tokens, index)
            if token.lower_ in self.first_names and (cued or token.is_title and index > 0):
                spans.append(self._with_surname(tokens, index, 0.7 if cued else 0.5))
            elif token.is_title and self._strong_cue(tokens, index):
                spans.append(self._with_surname(tokens, index, 0.6))
            elif token.is_lower and token.lower_ not in STOP_WORDS and len(token) > 2 and (
                    self._strong_cue(tokens, index)
                    or self._listed_after(tokens, index, lowercase)):
                lowercase.append(index)
        spans += self._second_pass(text, tokens, lowercase, nlp_artifacts)
        return [RecognizerResult("PERSON", start, end, score, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}) for start, end, score in spans]

    @staticmethod
    def _cued(tokens, index: int) -> bool:
        before = {token.lower_ for token in tokens[max(0, index - 3):index]}
        after = tokens[index + 1].lower_ if index + 1 < len(tokens) else ""
        return bool(before & _CUES_BEFORE) or after in _CUES_AFTER

    @staticmethod
    def _strong_cue(tokens, index: int) -> bool:
        return index > 0 and tokens[index - 1].lower_ in _STRONG_CUES

    @staticmethod
    def _listed_after(tokens, index: int, candidates: list[int]) -> bool:
        """"priya and raj": the word after a candidate and a conjunction is one too."""
        return index > 1 and tokens[index - 1].lower_ in ("and", "or", ",") \
            and index - 2 in candidates

    @staticmethod
    def _with_surname(tokens, index: int, score: float) -> tuple[int, int, float]:
        """The name plus up to two capitalised words after it."""
        end = index
        while end + 1 < len(tokens) and end - index < 2 and tokens[end + 1].is_title \
                and tokens[end + 1].is_alpha and tokens[end + 1].lower_ not in STOP_WORDS:
            end += 1
        if end > index:
            score = max(score, 0.6)
        return tokens[index].idx, tokens[end].idx + len(tokens[end].text), score

    @staticmethod
    def _second_pass(text: str, tokens, candidates: list[int],
                     nlp_artifacts: NlpArtifacts) -> list[tuple[int, int, float]]:
        """NER keys on capitals: ask it again, on the words around each cued lowercase word,
        with the cued words capitalised (a window, so the cost does not grow with the text)."""
        if not candidates or nlp_artifacts.nlp_engine is None:
            return []
        chars = list(text)
        for index in candidates:
            chars[tokens[index].idx] = chars[tokens[index].idx].upper()
        capitalised = "".join(chars)
        found = []
        for index in candidates:
            first = tokens[max(0, index - 6)]
            last = tokens[min(len(tokens) - 1, index + 6)]
            start, end = tokens[index].idx, tokens[index].idx + len(tokens[index].text)
            window = capitalised[first.idx:last.idx + len(last.text)]
            again = nlp_artifacts.nlp_engine.process_text(window, "en")
            if any(ent.label_ in ("PERSON", "PER")
                   and ent.start_char <= start - first.idx < ent.end_char
                   for ent in again.entities):
                found.append((start, end, 0.6))
        return found


def particle_name_recognizer() -> PatternRecognizer:
    """"Jan de Vries", "Ludwig van Beethoven", "María de la Cruz": capitalised name, particle,
    capitalised surname (case-sensitive, so "made de facto" never matches)."""
    regex = rf"\b[A-Z][a-zà-ÿ]+ {_PARTICLES} [A-Z][a-zà-ÿ]+(?:[- ][A-Z][a-zà-ÿ]+)?\b"
    return PatternRecognizer(supported_entity="PERSON", name="ParticleNameRecognizer",
                             patterns=[Pattern("particle surname", regex, 0.6)],
                             global_regex_flags=0)
