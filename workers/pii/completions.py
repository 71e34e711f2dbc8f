"""Names, places and phones completed over a whole text, after every recognizer has run on
its segments.

A name found once tells where it continues ("Strickland" of "Strickland-Moore") and where it
comes back ("Lindqvist-Haas said", segments later); recognizers see one segment at a time
and miss both. A street or town found tells where the flat number or box beside it is,
which no recognizer's pattern took in, and a phone found where its extension is.
"""

from __future__ import annotations

import re

from workers.pii.names import CALENDAR_WORDS, CONJUNCTION, STRONG_CUES, census_surnames
from workers.pii.places import STREET_TYPES, UK_POSTCODE, place_names
from workers.pii.words import (
    COMPANY_SUFFIXES,
    FUNCTION_WORDS_ELSEWHERE,
    common_english_words,
    common_words_in_any_language,
    everyday_words,
    is_first_name,
    written_in_english,
)

# A name continued past what was found: "Strickland" of "Strickland-Moore", "Min" of "Min-ji".
_HYPHENATED_REST = re.compile(r"[-‐][^\W\d_]+(?:[-‐][^\W\d_]+)*")
_HYPHENATED_START = re.compile(r"(?:[^\W\d_]+[-‐])+$")
_WORD_OF_NAME = re.compile(r"[^\W\d_][^\W\d_'’]*")
# A word right before a found name, on its line: "Lucía " of "Lucía Fernández Ortega".
_WORD_BEFORE = re.compile(r"([^\W\d_][^\W\d_'’]*)[ \t]+$")
_WORD_REACH = 30
# What someone goes by, in brackets after their name: "Pornpimol Srisawat (Ploy)", 'Babajide
# Okoro ("BJ")', "Sunil Patel (goes by Sunny)", "Mr Halloran (Seán)".
_NICKNAME_AFTER = re.compile(r"[ \t]*\((?P<said>(?i:goes by|aka|a\.k\.a\.|known as|called)[ \t]+)?"
                             r"(?P<quote>[\"“'‘])?([^\W\d_][^\W\d_'’-]*)[\"”'’]?\)")
# Parts of names shorter than this come back as other words too often ("Mo", "Li").
MIN_ECHOED_PART = 3
# A part in capitals comes back only this long, with a vowel and no word English writes:
# "NWOSU, Kelechi ... Nwosu stated", not "MR", "BCHN", "JSON" or "ATTENDEE".
MIN_ECHOED_CAPITALS = 4
_VOWEL = re.compile("[AEIOUY]")


def _given_name_before(text: str, start: int, end: int,
                       english: frozenset[str]) -> re.Match | None:
    """A first name right before a name found without it ("paciente Lucía" of "Lucía Fernández
    Ortega", '["Ray Hollis"'), in the name's case; one that is also an English word only
    where no sentence opens with it ("Will Hollis", but not "... done. Will Hollis come?")."""
    match = _WORD_BEFORE.search(text, max(0, start - _WORD_REACH), start)
    if not match or text[start:end].split()[-1].lower().rstrip(".") in COMPANY_SUFFIXES:
        return None
    word, name = match[1], text[start:end]
    if not (word[0].isupper() and word.isupper() == name.isupper() and len(word) > 1
            and is_first_name(word.lower()) and word.lower() not in STRONG_CUES
            and word.lower() not in FUNCTION_WORDS_ELSEWHERE):
        return None
    opening = text[:match.start()].rstrip(" \t")
    return match if word.lower() not in english or opening and opening[-1] not in ".!?\n" \
        else None


# First names joined to a found name: "Giulia e Tommaso Esposito", "NOREEN and FINBAR
# HEGARTY", "Lotte, Noor, Fenna van Dijk".
_JOIN = rf"(?:,[ \t]+|[ \t]+{CONJUNCTION}[ \t]+)"
MIN_JOINED_NAME = 4
_JOINED_BEFORE = re.compile(rf"(?<![\w'’-])([^\W\d_][^\W\d_'’-]*){_JOIN}$")
_JOINED_AFTER = re.compile(rf"{_JOIN}([^\W\d_][^\W\d_'’-]*)(?![\w'’-])")


def _joined_names(text: str, start: int, end: int, english: frozenset[str],
                  places: frozenset[str]) -> list[tuple[int, int]]:
    """First names listed before or after a found full name, in its case: no English word
    ("in May and Akello Grace"), no place ("Anna Kowalski, Paris"), and no short word of
    another language ("Tue/Thu and Fraser Gillanders"). Before "&", which couples' names are
    written with, any first name or word no language uses every day joins: "Mark & Dawn
    Sheldon", "Parviz & Mahnaz Farahani". A lone first name found ("Rose, Lily and Ivy") says
    too little of its list."""
    if len(text[start:end].split()) < 2:
        return []
    upper, spans, everyday = text[start:end].isupper(), [], everyday_words()
    # The name after "&" must open with a first name or unknown word: not "Sambal & Co
    # Catering".
    first = text[start:end].split()[0].lower()
    couple = is_first_name(first) or first not in everyday

    def joined(word: str, join: str) -> bool:
        lower = word.lower()
        if not (word[0].isupper() and word.isupper() == upper and lower not in STRONG_CUES
                and word.title() not in places):
            return False
        if "&" in join:
            return (is_first_name(lower) or lower not in everyday) and couple
        return is_first_name(lower) and lower not in english \
            and (len(word) >= MIN_JOINED_NAME or lower not in everyday)

    while (match := _JOINED_BEFORE.search(text, max(0, start - _WORD_REACH), start)) \
            and joined(match[1], match.group()):
        start = match.start()
        spans.append(match.span(1))
    while (match := _JOINED_AFTER.match(text, end)) and joined(match[1], match.group()):
        end = match.end()
        spans.append(match.span(1))
    return spans


# A first name that is also a word, written again, is that word where its sentence uses it as
# one: before an object ("Chase the copy", "Will the committee"), after an article or
# preposition ("this Summer"), or opening a title ("Summer Garden"). It is the name only where
# an English sentence goes on after it ("Cash says", "Will's account", "Summer and Rosa",
# "Grace (absent)"): not "Villa: ..." or "Con quién hablo".
_USED_AS_WORD_AFTER = re.compile(
    r"[ \t]+(?:the|a|an|this|that|these|those|my|your|our|his|her|their|its|him|them|it|you|us"
    r"|me|someone|something|anyone|everyone|up|out|off)\b|[ \t]+[A-Z]")
_NAME_GOES_ON = re.compile(r"(?:['’]s)?(?:[ \t]*(?:$|[,;.!?)(+&])|[ \t]+(?P<word>[a-z]+))", re.M)
_USED_AS_WORD_BEFORE = re.compile(
    r"\b(?i:the|a|an|this|that|last|next|every|of|in|for|with|by|to|and|or)[ \t]+$")


def _word_named(given: str, english: frozenset[str]) -> str | None:
    """A found name's given name that English also uses as a word ("Summer" of "Summer Haddad",
    "Will" of 'William Hartley ("Will")'), which name_completions' parts leave out."""
    lower = given.lower()
    return given if (given[0].isupper() and not given.isupper() and len(given) >= MIN_ECHOED_PART
                     and lower in english and is_first_name(lower)
                     and lower not in STRONG_CUES and lower not in CALENDAR_WORDS) else None


def _word_named_again(text: str, given: set[str],
                      found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a word-named given name comes back capitalised on its own ("Summer walked through",
    "Cash says he"), unless its sentence uses it as the word."""
    if not given:
        return []
    english = common_english_words()
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, sorted(given)))
                         + r")(?![\w-]|['’](?!s\b))")
    return [match.span() for match in pattern.finditer(text)
            if not _USED_AS_WORD_AFTER.match(text, match.end())
            and (goes_on := _NAME_GOES_ON.match(text, match.end()))
            and (not goes_on["word"] or goes_on["word"] in english
                 or goes_on["word"] not in common_words_in_any_language())
            and not _USED_AS_WORD_BEFORE.search(text, max(0, match.start() - 12), match.start())
            and not any(start <= match.start() < end for start, end in found)]


# A name in Chinese, Japanese or Korean script in brackets after one in Latin letters: "Liu
# Yang (刘洋)".
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _goes_by(nickname: re.Match, english: frozenset[str]) -> bool:
    """A word in brackets after a name is what the person goes by if quoted or said so ("goes
    by"), or if it is capitalised, not in capitals and a first name or no English word: not
    "(CEO)", "(UK)", "(Manager)" or "(she/her)"."""
    word = nickname[3]
    if _CJK.match(word):
        return True
    if not word[0].isupper() or word.lower() in STRONG_CUES:
        return False
    return bool(nickname["said"] or nickname["quote"]) or not word.isupper() and (
        is_first_name(word.lower()) or word.lower() not in english)


def _speaks(text: str, word: str) -> bool:
    """A lowercase name comes back only where it also heads a line of the chat ("bex: can u
    add me" ... "ok bex #1"): lowercase words that other rules took for names ("kwa", "aur")
    must not spread."""
    return re.search(r"(?m)^(?:\[[^\]\n]*\]\s*)?" + re.escape(word) + r":", text) is not None


def name_completions(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that complete the names found in a whole text: a hyphenated name's other half
    ("Annabel Strickland-Moore"), what the person goes by in brackets after it ("Pornpimol
    Srisawat (Ploy)"), and a name's parts where they come back on their own,
    perhaps segments later ("Panel: Margarethe Lindqvist-Haas ... Lindqvist-Haas said",
    "Reviewers: Xu Jiahui ... on-call (Jiahui) paged"), in any case; a lowercase part only
    if it is a chat speaker's name. Parts that are common English, places or street words
    are left alone: a name NER found wrongly ("Adeola Odeku Street") must not spread, and
    "Stone" of "Bill Stone" is not every stone."""
    spans, found, parts, worded = [], [], set(), set()
    english, places = common_english_words(), place_names()
    for name_start, name_end in names:
        rest = _HYPHENATED_REST.match(text, name_end)
        before = _HYPHENATED_START.search(text, max(0, name_start - 40), name_start) \
            or _given_name_before(text, name_start, name_end, english)
        start, end = before.start() if before else name_start, rest.end() if rest else name_end
        # The first half of a hyphenated first name before that: "Pieter-" of "Pieter-Jan".
        if before and (first_half := _HYPHENATED_START.search(text, max(0, start - 40), start)):
            start = first_half.start()
        if (start, end) != (name_start, name_end):
            spans.append((start, end))
        spans += _joined_names(text, start, end, english, places)
        nickname = _NICKNAME_AFTER.match(text, end)
        if nickname and _goes_by(nickname, english):
            spans.append(nickname.span(3))
            worded.add(_word_named(nickname[3], english))
        worded.add(_word_named(text[start:end].split()[0], english)
                   if len(text[start:end].split()) > 1 else None)
        found.append((start, end))
        parts.update(word for word in _WORD_OF_NAME.findall(text[start:end])
                     if len(word) >= MIN_ECHOED_PART
                     and (not word.isupper() or len(word) >= MIN_ECHOED_CAPITALS
                          and not written_in_english(word) and _VOWEL.search(word))
                     and (word[0].isupper() or _speaks(text, word))
                     and word.lower() not in english
                     and word.lower() not in STRONG_CUES and word not in places
                     and word.lower() not in STREET_TYPES)
    spans += _word_named_again(text, worded - {None}, found)
    if not parts:
        return spans
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(parts, key=len, reverse=True)))
                         + r")\b", re.IGNORECASE)
    everyday = everyday_words()
    for match in pattern.finditer(text):
        # Written lowercase, a word in everyday use that is no first name or surname is that
        # word ("Charterer: ..." and "the charterer's card"), unless a chat's speaker bears it.
        word = match[0]
        if word.islower() and word in everyday and not (
                is_first_name(word) or word in census_surnames() or _speaks(text, word)):
            continue
        if not any(start <= match.start() and match.end() <= end for start, end in found):
            spans.append(match.span())
    return spans


# What an address carries beside the street or town a recognizer found: a unit, house or
# plot number before it ("Flat 1204, ", "Blk 12 Lot 5, ", "#44, ", "C-302, ") and a house
# number, box or ordinal block after it (" 240", ", boîte 3", " 2" of "Praha 2", ", 5th
# Block"), a postcode ("Beijing 100022") or the landmark it names ("Dublin Airport",
# "Trafford Park"). A bare number before a place needs a comma or dash after it ("14,200 Mount" is a
# count) and no sign before it ("+36, Germany" is a score), and a number after one is no
# year, decimal or part of a longer number.
_UNIT_WORD = (r"(?:flat|unit|apt|apartment|suite|ste|room|rm|hse|house|blk|block|lot|plot|no"
              r"|nr|bldg|building|villa|door|floor|fl|piso|depto|dpto|boîte|bte|bus|sm|mz|lt)\.?")
_UNIT_NUMBER = r"#?[ \t]?[A-Za-z]?-?\d+[A-Za-z]?(?:[-/]\d+[A-Za-z]?)*"
_BEFORE_PLACE = re.compile(
    rf"(?:\b{_UNIT_WORD}[ \t]*{_UNIT_NUMBER}[ \t]*[,–-]?[ \t]*"
    rf"|(?<![\w+-]){_UNIT_NUMBER}[ \t]*[,–-][ \t]*)+$", re.IGNORECASE)
_AFTER_PLACE = re.compile(
    rf"[ \t]*,?[ \t]*{_UNIT_WORD}[ \t]*{_UNIT_NUMBER}\b"
    r"|[ \t]+(?!(?:19|20)\d\d\b)\d{1,4}[A-Za-z]?\b(?![.,:/ \t-]?\d)"
    r"|[ \t]*,?[ \t]*\d{1,2}(?:st|nd|rd|th)[ \t]+(?:stage|block|phase|sector|main|cross)\b"
    rf"|[ \t]+(?-i:{UK_POSTCODE})|[ \t]+(?:\d{{5,6}}(?:-\d{{4}})?|\d{{3}}-\d{{4}})\b(?![.,:/-]?\d)"
    r"|[ ](?-i:Airport|Park|Forest|Circus|State|Province|County)\b"
    # An Australian postcode after its state, though it reads as a year: "NSW 2026".
    r"|(?-i:(?<=\bNSW|\bVIC|\bQLD|\bTAS|\bACT)|(?<=\bNT|\bSA|\bWA))[ \t]+\d{4}\b"
    r"(?![.,:/-]?\d)",
    re.IGNORECASE)
# A postcode right before a town: "12059 Berlin", "1016 GC Amsterdam", "00-514 WARSZAWA",
# "44160 Guadalajara" (four digits only when they are no year: "2019 Berlin").
_POSTCODE_BEFORE_PLACE = re.compile(r"(?<![\w.,-])(?:\d{5}|(?!(?:19|20)\d\d)\d{4}(?:[ ][A-Z]{2})?"
                                    r"|\d{2}-\d{3}|\d{3}[ ]\d{2})[ \t]+$")
# Two places found with only a particle between them are one: "Freiburg im Breisgau",
# "Heol y Bryn", "Stratford upon Avon".
_PARTICLE_BETWEEN = re.compile(r"[ \t]+(?:im|am|an|y|de|del|la|le|el|di|da|do|upon|on|sur|en"
                               r"|of)[ \t]+|['’]s[ \t]+")
# The rest of a town's name after a particle: "Freiburg im Breisgau", "Alverca do Ribatejo",
# "Capelle aan den IJssel" ("Berlin am Montag" is a day: the word must be no common word).
_PLACE_TAIL = re.compile(r"[ \t]+(?:im|am|an der|an|bei|ob der|upon|aan den|aan de|aan|sur|sous"
                         r"|del|de la|do|da)[ \t]+([^\W\d_][^\W\d_'’-]+)")
# How far before a place its unit may start.
_UNIT_REACH = 40


def address_completions(text: str, places: list[tuple[int, int]],
                        others: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that complete the places found in a text with the numbers and units written
    around them, which the recognizers leave out: a street found, its flat left visible. A
    number another finding holds (a phone or card just before a town) is left to it."""

    def free(start: int, end: int) -> bool:
        return not any(start < other_end and other_start < end for other_start, other_end in others)

    spans, common = [], common_words_in_any_language()
    for start, end in places:
        before = _BEFORE_PLACE.search(text, max(0, start - _UNIT_REACH), start)
        after = _AFTER_PLACE.match(text, end)
        tail = _PLACE_TAIL.match(text, end)
        if tail and tail[1][0].isupper() and tail[1].lower() not in common:
            spans.append((start, tail.end()))
        if before and "\n" not in before.group() and free(before.start(), start):
            spans.append((before.start(), end))
        postcode = _POSTCODE_BEFORE_PLACE.search(text, max(0, start - _UNIT_REACH), start)
        if postcode and free(postcode.start(), start):
            spans.append((postcode.start(), end))
        if after and free(end, after.end()):
            spans.append((start, after.end()))
    for (_, end), (start, _) in zip(sorted(places), sorted(places)[1:], strict=False):
        if end < start and _PARTICLE_BETWEEN.fullmatch(text, end, start):
            spans.append((end - 1, start + 1))
    return spans


# An extension after a phone number: "0300 047 1234 ext 5521", "(815) 555-0192 ext. 207",
# "x204".
_EXTENSION = re.compile(r"[ \t]*,?[ \t]*(?i:ext\.?|extn\.?|extension|x)[ \t]*\d{1,6}\b")


def phone_completions(text: str, phones: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Phones with the extension written after them, which reaches one person's desk."""
    return [(start, extension.end()) for start, end in phones
            if (extension := _EXTENSION.match(text, end))]
