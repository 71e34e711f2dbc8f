"""The comma-separated parts of an address beside a place already found, on its line.

Addresses in much of the world are a chain of short parts ("House 17, Road 4, Block C,
Mirpur 10, Dhaka 1216", "Blk 12 Lot 8, Phase 2, Camella Homes, Brgy. San Isidro, Cainta"),
and the recognizers find one or two links of it: a town, a street, a postcode. A link left
out reaches the provider and, beside the town, narrows the place down to a door.
"""

from __future__ import annotations

import re
from functools import lru_cache

from workers.pii.names import CALENDAR_WORDS
from workers.pii.places import STREET_TYPES, place_names

# Words that number a unit, plot or house in the part they open: "Flat No. 304", "Blk 12".
_UNIT_WORDS = frozenset("""
flat unit apt apto appt app apartment suite ste room rm hse house blk block lot plot phase no
nr bldg building villa door floor fl piso depto dpto boîte bte imm bât bat rés étage tv th mf
st cross main stage sector road lane street ward zone km gg jl sok cad mah lgh bloco andar
torre emelet em ajtó izquierda derecha izda dcha izq puerta pta
""".split())
# Words of a district or street, written in lowercase before or after its name: "phường Hàng
# Gai", "XIII. kerület", "Váci út".
_DISTRICT_WORDS = frozenset("số phố phường quận đường huyện xã tỉnh thị ngõ ngách hẻm kerület "
                            "út utca ul os".split())
# Months in the languages addresses here are written in, which date a letter beside its town
# ("Denpasar, 4 Agustus 1993"); not Spanish "mayo", which is County Mayo too.
_MONTHS = frozenset("""
enero febrero marzo abril junio julio agosto septiembre setiembre octubre noviembre diciembre
janeiro fevereiro março maio junho julho setembro outubro novembro dezembro janvier février
mars avril mai juin juillet août octobre décembre januar februar märz juni juli oktober
dezember januari februari maart mei augustus maret agustus desember gennaio febbraio aprile
maggio giugno luglio settembre ottobre dicembre pebrero marso hunyo hulyo setyembre oktubre
nobyembre disyembre machi aprili julai agosti septemba oktoba novemba desemba
""".split())
# Currencies written as words, and words that make the number beside them a record's.
_NOT_ADDRESS_WORDS = frozenset("kč zł kr ft lei rp rs tl lv ksh taxi total".split())
_RECORD_WORD = re.compile(r"(?i).*(?:nr|nummer|number|no)\.?")
_PARTICLES = frozenset("de des du da di do dos das la le van der den von y e sur".split())
_LOWERCASE_WORDS = _UNIT_WORDS | _DISTRICT_WORDS | _PARTICLES
# A house, unit or postcode number: "17", "43A", "C-14", "27/3", "3." (a floor), "XIII.",
# "Sur-135", "3rd" (an avenue), a Spanish or Portuguese floor ("4.º", "2ª"); not a day and
# month ("03/04").
_NUMBER = re.compile(r"(?!0\d/)#?(?:[A-Z][a-z]{0,2}-)?\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?\.?"
                     r"|[IVX]{1,5}\.|\d{1,3}(?:st|nd|rd|th)|\d{1,2}\.?[ºª]")
# A unit or house number that is a part on its own, or a postcode: "C-14", "27/3", "60640".
_SHORT_UNIT = re.compile(r"[A-Z]-\d{1,3}|\d{1,3}/\d{1,3}|\d{4,6}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_ABBREVIATION = re.compile(r"[A-Z]{2,3}")
_LIST_MARK = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+")
# What ends a run of parts: a line, a cell, a key's colon, a clause set off by a dash.
_BOUNDARY = re.compile(r"[;|\t\n]|:[ ]|[ ][–—-][ ]")
# Parts are set apart by a comma and a space, or by HL7's "^" ("4417 N Clark St^Apt 3R^Chicago").
_PART = re.compile(r"(?:[^,^]|,(?!\s))+")
_TOKEN = re.compile(r"\S+")
_LINE = re.compile(r"^[ \t]*(.*?)[ \t]*$", re.MULTILINE)
MIN_BLOCK_LINES = 3
# Words after which a few capitalised words open an address: "at Hostel, 12 Antrim Road".
_OPENERS = frozenset("at in to en em sa l à a na ke di bei te i w".split())
_MAX_PART_TOKENS = 8
_MAX_BARE_PART_TOKENS = 4
_MAX_OPENED_TOKENS = 3


@lru_cache(maxsize=4096)
def _kind(token: str) -> str | None:
    """"number" for a house, unit or postcode token, "word" for one a place's name or a unit
    word may be, None for a token no address part holds (a price, date, id, bracket)."""
    word = token.rstrip(",")
    if word in ("#", "/", "&", "-"):
        return "word"
    if _NUMBER.fullmatch(word) and not _YEAR.fullmatch(word):
        return "number"
    if any(char.isdigit() for char in word):
        return None
    bare = word.lower().rstrip(".")
    if not bare.replace("-", "").replace("'", "").isalpha() or bare in CALENDAR_WORDS \
            or bare in _MONTHS \
            or bare in _NOT_ADDRESS_WORDS or (len(bare) > 2 and _RECORD_WORD.fullmatch(bare)):
        return None
    if word[0].isupper():
        return None if _ABBREVIATION.fullmatch(word) else "word"
    return "word" if bare in _LOWERCASE_WORDS else None


def _read(tokens: list[str]) -> tuple[bool, bool]:
    """Whether tokens read as one address part, and whether it is a numbered one: a house,
    unit or plot beside a word ("Mirpur 10", "Blk 12 Lot 8", "Bât. C"), or a district word
    beside a name ("phường Hàng Gai")."""
    if not tokens or len(tokens) > _MAX_PART_TOKENS:
        return False, False
    kinds = [_kind(token) for token in tokens]
    if None in kinds:
        return False, False
    words = {token.lower().rstrip(".,") for token in tokens}
    numbered = _SHORT_UNIT.fullmatch(tokens[0]) is not None if len(tokens) == 1 else (
        "number" in kinds or bool(words & _DISTRICT_WORDS)
        or any(token.lower().rstrip(".,") in _UNIT_WORDS for token in tokens[:-1]))
    return numbered or len(tokens) <= _MAX_BARE_PART_TOKENS, numbered


def _regions(text: str) -> list[tuple[int, int]]:
    regions, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        regions.append((start, boundary.start()))
        start = boundary.end()
    regions.append((start, len(text)))
    return regions


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A region's comma-separated parts, trimmed, after its list mark."""
    if mark := _LIST_MARK.match(text, start, end):
        start = mark.end()
    parts = []
    for piece in _PART.finditer(text, start, end):
        part_start, part_end = piece.span()
        while part_start < part_end and text[part_start].isspace():
            part_start += 1
        while part_end > part_start and text[part_end - 1] in " \t.":
            part_end -= 1
        if part_start < part_end:
            parts.append((part_start, part_end))
    return parts


def _address_blocks(text: str) -> list[list[tuple[int, int]]]:
    """Runs of MIN_BLOCK_LINES short lines or more, no key and no sentence among them, as a
    letter's or label's address is written: each line a part of one address."""
    blocks: list[list[tuple[int, int]]] = [[]]
    for line in _LINE.finditer(text):
        start, end = line.span(1)
        words = line[1].split()
        if 0 < len(words) <= _MAX_PART_TOKENS and ": " not in text[start:end] \
                and text[end - 1] not in ".?!:":
            blocks[-1].append((start, end))
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if len(block) >= MIN_BLOCK_LINES]


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _street_like(words: str) -> bool:
    return any(char.isdigit() for char in words) or any(
        word.lower().rstrip(".,") in STREET_TYPES for word in words.split())


def _inner_run(text: str, start: int, end: int, step: int) -> tuple[int, int] | None:
    """The address at the inner end of the outermost part, which carries other words too:
    a numbered run ("Blk 3 Lot 14" of "nakatira sa Blk 3 Lot 14") or, after a word that opens
    an address, a few capitalised words ("Hostel" of "lives at Hostel")."""
    tokens = list(_TOKEN.finditer(text, start, end))
    run: list[re.Match] = []
    for token in reversed(tokens) if step < 0 else tokens:
        if _kind(token[0]) is None or token[0].endswith(":"):
            break
        run.append(token)
    if step < 0:
        run.reverse()
    if not run or len(run) == len(tokens):
        return None
    span = (run[0].start(), run[-1].end())
    if _read([token[0] for token in run])[1]:
        return span
    opened = step < 0 and tokens[-len(run) - 1][0] in _OPENERS
    capitalised = all(token[0][0].isupper() for token in run)
    return span if opened and capitalised and len(run) <= _MAX_OPENED_TOKENS else None


def address_chains(text: str, places: list[tuple[int, int]], names: list[tuple[int, int]],
                   others: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans over the parts of an address chain beside a place found on the same line, one
    from the place to the farthest part each way that the place opens or closes: a numbered
    part ("Road 4", "apto 1102", "Mirpur 10") reached past other parts, a bare one
    ("Lisheen", "Camella Homes") only between that and a place or another numbered part. A
    short part a name was found in is passed over; a phone, email or any other part ends
    the chain."""
    spans: list[tuple[int, int]] = []
    chains = [(_parts(text, start, end), False) for start, end in _regions(text)
              if _overlaps((start, end), places)]
    for parts, headed in chains + [(lines, True) for lines in _address_blocks(text)]:
        for index, part in enumerate(parts):
            # A block's place must be a street or postcode: a list of short lines with a town
            # in it ("Milk 2", "Eggs 12", "Leeds") is no address.
            if not _overlaps(part, places) or headed and not _street_like(text[part[0]:part[1]]):
                continue
            covered = _covered(text, part, [place for place in places
                                            if _overlaps(part, [place])])
            spans += covered
            if covered[0][0] <= part[0]:
                farthest = _farthest(text, parts, index, -1, places, names, others, headed)
                spans += [(farthest[0], part[0] + 1)] if farthest else []
            if covered[-1][1] >= part[1]:
                farthest = _farthest(text, parts, index, 1, places, names, others, headed)
                spans += [(part[1] - 1, farthest[1])] if farthest else []
    return spans


def _covered(text: str, part: tuple[int, int],
             inside: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """What of a part the places in it cover, each with the house or unit numbers written
    before it: all of "apto 1102" where "1102" was found, "Old No. 12 / New No. 27" of
    "residing at Old No. 12 / New No. 27" where "27" was."""
    if _read(text[part[0]:part[1]].split())[1]:
        return [part]
    covered = []
    for start, end in sorted(inside):
        run: list[re.Match] = []
        for token in reversed(list(_TOKEN.finditer(text, part[0], start))):
            if _kind(token[0]) is None:
                break
            run.insert(0, token)
        if run and _read([token[0] for token in run]
                         + text[start:min(end, part[1])].split())[1]:
            start = run[0].start()
        covered.append((start, end))
    return covered


def _farthest(text: str, parts: list[tuple[int, int]], index: int, step: int,
              places: list[tuple[int, int]], names: list[tuple[int, int]],
              others: list[tuple[int, int]], headed: bool) -> tuple[int, int] | None:
    """The farthest part of the chain from the place at `index`, walking by `step`. In an
    address block a name heads, a bare line below the name is the address's too."""
    farthest = pending = None
    at = index + step
    while 0 <= at < len(parts) and not _overlaps(parts[at], others):
        part = parts[at]
        if headed and step > 0 and _overlaps(part, places):
            farthest, pending, at = part, None, at + step
            continue
        if _overlaps(part, places):
            # A place earlier in the part ("en Toronto. Resido en Carrera 43A # 18") leaves the
            # numbered run at its inner end to this chain.
            run = None if pending else _inner_run(text, *part, step)
            numbered = run and not _overlaps(run, places) and _read(text[run[0]:run[1]].split())[1]
            return pending or (run if numbered else farthest)
        at += step
        readable, numbered = _read(text[part[0]:part[1]].split())
        # A name in a numbered part is its street's or district's ("22 Marsh Wall").
        if readable and not numbered and _overlaps(part, names):
            if headed and pending:
                return pending
            continue
        # A known place no recognizer took closes the chain like a number: the country in
        # capitals under a label's town ("Nairobi\nKENYA").
        if numbered or step > 0 and text[part[0]:part[1]].title() in place_names():
            farthest, pending = part, None
            continue
        if readable and not pending:
            pending = part
            continue
        inner = parts[at - 2 * step]
        if not pending and (step > 0 or _street_like(text[inner[0]:inner[1]])):
            farthest = _inner_run(text, *part, step) or farthest
        break
    return farthest
