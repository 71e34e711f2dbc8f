"""Names completed over a whole text, after every recognizer has run on its segments.

A name found once tells where it continues ("Strickland" of "Strickland-Moore") and where it
comes back ("Lindqvist-Haas said", segments later); recognizers see one segment at a time
and miss both.
"""

from __future__ import annotations

import re

from workers.pii.names import STRONG_CUES
from workers.pii.places import STREET_TYPES, place_names
from workers.pii.words import common_english_words

# A name continued past what was found: "Strickland" of "Strickland-Moore", "Min" of "Min-ji".
_HYPHENATED_REST = re.compile(r"[-‐][^\W\d_]+(?:[-‐][^\W\d_]+)*")
_HYPHENATED_START = re.compile(r"(?:[^\W\d_]+[-‐])+$")
_WORD_OF_NAME = re.compile(r"[^\W\d_][^\W\d_'’]*")
# Parts of names shorter than this come back as other words too often ("Mo", "Li").
MIN_ECHOED_PART = 3


def _speaks(text: str, word: str) -> bool:
    """A lowercase name comes back only where it also heads a line of the chat ("bex: can u
    add me" ... "ok bex #1"): lowercase words that other rules took for names ("kwa", "aur")
    must not spread."""
    return re.search(r"(?m)^(?:\[[^\]\n]*\]\s*)?" + re.escape(word) + r":", text) is not None


def name_completions(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that complete the names found in a whole text: a hyphenated name's other half
    ("Annabel Strickland-Moore"), and a name's parts where they come back on their own,
    perhaps segments later ("Panel: Margarethe Lindqvist-Haas ... Lindqvist-Haas said",
    "Reviewers: Xu Jiahui ... on-call (Jiahui) paged"), in any case; a lowercase part only
    if it is a chat speaker's name. Parts that are common
    English, places or street words are left alone: a name NER found wrongly ("Adeola Odeku
    Street") must not spread, and "Stone" of "Bill Stone" is not every stone."""
    spans, found, parts = [], [], set()
    english, places = common_english_words(), place_names()
    for name_start, name_end in names:
        rest = _HYPHENATED_REST.match(text, name_end)
        before = _HYPHENATED_START.search(text, max(0, name_start - 40), name_start)
        start, end = before.start() if before else name_start, rest.end() if rest else name_end
        if (start, end) != (name_start, name_end):
            spans.append((start, end))
        found.append((start, end))
        parts.update(word for word in _WORD_OF_NAME.findall(text[start:end])
                     if len(word) >= MIN_ECHOED_PART and not word.isupper()
                     and (word[0].isupper() or _speaks(text, word))
                     and word.lower() not in english
                     and word.lower() not in STRONG_CUES and word not in places
                     and word.lower() not in STREET_TYPES)
    if not parts:
        return spans
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(parts, key=len, reverse=True)))
                         + r")\b", re.IGNORECASE)
    for match in pattern.finditer(text):
        if not any(start <= match.start() and match.end() <= end for start, end in found):
            spans.append(match.span())
    return spans
