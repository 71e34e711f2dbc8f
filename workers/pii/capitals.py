"""Names and places written in capitals: bank statements ("FPS IN ADEBOLA OGUNDIPE REF"),
airline records ("KOWALCZYK/AGNIESZKA MRS"), printed forms and payee lists ("S AJAYI"),
shipping labels ("PLOT 77, AHMADU BELLO WAY, KADUNA").

NER reads capitals as acronyms and case tells nothing here, so the words must: a first name
(or an initial) before words that are no everyday word of any language, a given name or a
title after an airline record's "SURNAME/GIVEN", a known place's name.
"""

from __future__ import annotations

import re

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import top_n_list

from workers.pii.places import PLACE_PREPOSITIONS, STREET_ADDRESS_REGEXES, place_names
from workers.pii.words import (
    census_last_names,
    common_english_words,
    everyday_words,
    is_first_name,
)

# A word in capitals: "OGUNDIPE", "O'HANLON-CARDINAL", or one letter, an initial.
_CAPITALS_RUN = re.compile(r"(?<![\w'’/-])[A-Z][A-Z'’-]*(?:[ ][A-Z][A-Z'’-]*)+(?![\w'’/-])")
# An airline record's name: SURNAME/GIVEN, one or two words each side ("GARCÍA LÓPEZ/CARMEN",
# "FERGUSON/DONALD JAMES"), then perhaps a title.
_RECORD_TITLE = r"(?:MRS|MR|MS|MISS|MSTR|CHD|INF|DR)\b"
_RECORD_NAME = regex.compile(
    r"(?<![\w/])(?P<surname>(?:\p{Lu}[\p{Lu}'’-]+[ ])?\p{Lu}[\p{Lu}'’-]+)"
    rf"/(?P<given>\p{{Lu}}[\p{{Lu}}'’-]{{2,}})"
    rf"(?P<more>(?:[ ](?!{_RECORD_TITLE})\p{{Lu}}[\p{{Lu}}'’-]{{2,}})?)"
    rf"(?![\w/])(?P<title>[ \t]?{_RECORD_TITLE})?")
# The most words a name in capitals runs to: "BRIGID ANNE O'HANLON".
_NAME_WORDS = 3
# A first name that is also an English word opens a name in capitals only if longer than
# this: "GRANT MCLEISH", not "SIM PUK".
_SHORT_WORD = 3
# After a first name, a word in capitals among the commonest census surnames is one, even if
# also a word, unless among the commonest English: "EILEEN WALSH", not "JOHN WILL CALL".
_SURNAMES = 5000
_COMMONEST_ENGLISH = 3000
# After these, the words in capitals are a name, common words or not: "MR KEITH ARMSTRONG".
_TITLES = frozenset(("MR", "MRS", "MS", "MISS", "DR", "MX"))
# A line with no lowercase letter: a label or record, whose streets and towns are read as
# they would be written in lowercase ("7 RATHGAR AVENUE, DUBLIN 6" as "7 Rathgar Avenue,
# Dublin 6").
_CAPITALS_LINE = regex.compile(r"^[^\p{Ll}\n]*\p{Lu}{2}[^\p{Ll}\n]*$", regex.MULTILINE)
# A word in capitals alone that may be a town: "KADUNA", "SWINDON".
_CAPITALS_WORD = re.compile(r"(?<![\w'’-])[A-Z][A-Z'’-]{3,}(?![\w'’-])")


class CapitalsRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON", "LOCATION"], name="CapitalsRecognizer")

    def load(self) -> None:
        self.english, self.everyday = common_english_words(), everyday_words()
        self.places = place_names()
        self.surnames = frozenset(census_last_names()[:_SURNAMES]).difference(
            top_n_list("en", _COMMONEST_ENGLISH, wordlist="small"))
        self.streets = [regex.compile(pattern) for pattern in STREET_ADDRESS_REGEXES]

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        found = []
        if "PERSON" in entities:
            found += self._record_names(text)
        for run in _CAPITALS_RUN.finditer(text):
            words = [(word.start() + run.start(), word.group())
                     for word in re.finditer(r"\S+", run.group())]
            found += self._in_run(words, entities)
        if "LOCATION" in entities:
            for line in _CAPITALS_LINE.finditer(text):
                found += self._line_places(line.start(), line.group())
        return found

    def _record_names(self, text: str) -> list[RecognizerResult]:
        """Names of a passenger list: each with a title or a given name, or, once one has a
        title, any with a first name or of no everyday words ("FERGUSON/DONALD JAMES",
        "TESFAYE/ABEBECH GIRMA", not "READ/WRITE"). A second word before the surname must be
        a census surname or no English word ("PAX SMITH/JOHN"), one after the given name a
        first name or no everyday word ("SMITH/JOHN AND")."""
        records = list(_RECORD_NAME.finditer(text))
        manifest = any(record["title"] for record in records)
        found = []
        for record in records:
            named = {record["given"].lower(), record["surname"].lower()}
            if not (record["title"] or self._given_name(record["given"].lower())
                    or manifest and (is_first_name(record["given"].lower())
                                     or not named & self.everyday)):
                continue
            start, surnames = record.start(), record["surname"].split(" ")
            if len(surnames) > 1 and surnames[0].lower() in self.english \
                    and surnames[0].lower() not in self.surnames:
                start += len(surnames[0]) + 1
            more = record["more"].strip().lower()
            end = record.end("more") if more and (more not in self.everyday
                                                  or is_first_name(more)) \
                else record.end("given")
            found.append(self._result("PERSON", start, end))
        return found

    def _line_places(self, offset: int, line: str) -> list[RecognizerResult]:
        """Streets and lone towns on a line in capitals (a run of several words in capitals
        is `_in_run`'s); a town that is an English word too only after a comma or a key
        ("DESTINATION: DUBLIN 6", not "PARIS FASHION WEEK")."""
        titled = line.title()
        if len(titled) != len(line):
            return []
        found = [self._result("LOCATION", offset + match.start(), offset + match.end())
                 for pattern in self.streets for match in pattern.finditer(titled)]
        return found + [self._result("LOCATION", offset + word.start(), offset + word.end())
                        for word in _CAPITALS_WORD.finditer(line)
                        if self._place(word.group()) or word.group().title() in self.places
                        and line[:word.start()].rstrip().endswith((",", ":"))]

    def _given_name(self, word: str) -> bool:
        return is_first_name(word) and word not in self.english

    def _surname(self, word: str) -> bool:
        return len(word) >= 3 and (word.lower() not in self.everyday
                                   or word.lower() in self.surnames)

    def _in_run(self, words: list[tuple[int, str]], entities: list[str]) -> list:
        """A title, a first name or an initial, then one or two surname-like words or first
        names; or a place's name of one to three words."""
        found, index = [], 0
        while index < len(words):
            start, word = words[index]
            length = 0
            if "LOCATION" in entities:
                length = next((size for size in range(min(_NAME_WORDS, len(words) - index), 0, -1)
                               if self._place(" ".join(w for _, w in
                                                       words[index:index + size]),
                                              words[index - 1][1] if index else "")), 0)
                if length:
                    found.append(self._result("LOCATION", start,
                                              words[index + length - 1][0]
                                              + len(words[index + length - 1][1])))
            titled = word in _TITLES and index + 1 < len(words)
            if not length and "PERSON" in entities and (
                    titled or len(word) == 1 or self._given_name(word.lower())
                    or len(word) > _SHORT_WORD and is_first_name(word.lower())):
                if titled:
                    index += 1
                    start, word = words[index]
                length = 1
                while index + length < len(words) and length < _NAME_WORDS and (
                        self._surname(words[index + length][1])
                        or is_first_name(words[index + length][1].lower())
                        and words[index + length][1].lower() not in STOP_WORDS
                        or titled and words[index + length][1].lower() not in STOP_WORDS):
                    length += 1
                if length > 1 or titled and word.lower() not in STOP_WORDS:
                    end_start, end_word = words[index + length - 1]
                    found.append(self._result("PERSON", start, end_start + len(end_word)))
                else:
                    length = 0
            index += length or 1
        return found

    def _place(self, words: str, before: str = "") -> bool:
        """A known place's name; one that is an English word too only after "IN", "FROM"...
        ("JOB IN MANCHESTER", not "MANCHESTER UNITED" or "BATH TOWELS")."""
        name = words.title()
        return name in self.places and (" " in name or name.lower() not in self.english
                                        or before.lower() in PLACE_PREPOSITIONS)

    def _result(self, entity: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(entity, start, end, 0.6, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})
