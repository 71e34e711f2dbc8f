"""Common words and first names: what tells a name or a place from an ordinary word.

A capitalised word that is common English ("Summary", "Bill") says little; one that is no
common word in any language prompts come in, or that is a first name somewhere in the world,
says a lot. Word lists come from `wordfreq` (Apache-2.0; data CC BY-SA 4.0), US census names
from `names` (MIT), and the world's first names from Faker's person providers and the
`nomquamgender` name table (both MIT).
"""

from __future__ import annotations

import ast
import gzip
import importlib.util
import itertools
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import msgpack
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import top_n_list

# Words among the commonest English words are words first ("bill", "care", "summary").
ENGLISH_RANK = 10_000
# Languages whose common words a town or a first name must not be ("Hola", "Can"), nor a
# span NER calls a name ("Bitte", "Ihre Filiale", "Traduce al").
WORD_LANGUAGES = ("es", "fr", "de", "it", "pt", "nl", "pl", "tr")
COMMON_RANK = 10_000
# English is the prompts' main language; its everyday words run further down the list
# ("Tighten", "Voicemail", "Requester").
COMMON_ENGLISH_RANK = 30_000
# First names that are far more often ordinary words in prompts.
COMMON_WORD_NAMES = frozenset("""
will may june april august mark bill grace hope joy faith rose ray art dale glen guy lane
chase page sky summer autumn ivy iris ruby pearl crystal amber destiny major king sunny honey
penny kay don dee lee long young love frank gay golden wade miles max drew rich sandy dusty
rusty cliff chance christian baby star angel precious dawn eve sue jewel jade early sterling
ward carter hunter mason cook marshal marshall stone bond price reed bell lucky buck harley
royal tommie van del ali son else lou nan hunter taylor tyler paris china london georgia
virginia carolina dakota asia india israel jordan austin dallas houston denver sydney
january february march july september october november december monday tuesday wednesday
thursday friday saturday sunday german irish english french dutch welsh scottish african
american italian spanish angle brain carry desire era fairy glory lady lean loan man manual
marry miss numbers season temple tiny marine princess queen prince noble genesis easter echo
delta alpha omega spring winter sun moon marvel liberty harmony melody mercy charity trinity
sunshine diamond coral ivory maple forest holly olive cherry berry ginger candy bunny kitty
raven venus nova isis rob pat kit dot bee bud min song sage patience karma junior buddy mum
mom dad grandad grandpa grandma granny nan mon tue wed thu fri sat sun jan feb mar apr jun jul
aug sep sept oct nov dec
""".split())
# Greetings and sign-offs of the languages prompts are written in, and the words that finish
# them ("Selamat siang", "Kalimera sas", "Venlig hilsen"): the name comes after them, and NER
# takes the greeting itself for one ("Kalispera", "Habari", "Terveisin").
GREETINGS = frozenset("""
hallo hola olá ola bonjour salut ciao hej hoi cześć merhaba namaste salaam salam kalispera
kalimera habari jambo hujambo sawubona marhaba sabah konnichiwa annyeong annyeonghaseyo chào
shalom selamat halo kumusta magandang selam assalamu assalamualaikum alaikum sawatdee sawasdee
siang pagi sore malam araw umaga hapon gabi sas khrap kha mambo sannu bawo
terveisin ystävällisin hilsen venlig mvh saygılarımla cordialement atenciosamente abraços
saludos atentamente cordiali saluti groeten pozdrawiam pozdravem shukriya grüßen grüße
bună ziua terima kasih cumprimentos besos beijos abrazos ευχαριστώ yetkili
""".split())
# Pronouns and particles of languages whose word lists are left out (their commonest words hold
# too many names), which chat cues put where a name would go: "nama saya Muhammad", "tôi là",
# "phom chue". Vietnamese, Indonesian and Malay, romanised Thai, Tagalog, Swahili, Hindi and
# Urdu in Latin script.
FUNCTION_WORDS_ELSEWHERE = frozenset("""
tôi mình chị của và là có không được cho với người này đã sẽ
saya aku kami kamu dia ini itu yang dan dari untuk dengan ada tidak sudah akan bisa nama
phom khrap kha pen chue
ako ikaw siya ang ng mga
mimi wewe yeye kwa ni ya wa
hum aap mera meri hai hain ka ki ko se ne thi aur unke unki yeh woh
""".split())
# What ends a company's name ("Harrowgate Joinery Ltd"), which is nobody's.
COMPANY_SUFFIXES = frozenset("""
llc ltd ltd. inc inc. gmbh plc corp pty bv nv ag sarl srl s.r.l. s.p.a. spa oy ab
""".split())
# A first name of three letters or more, perhaps hyphenated: "Chiamaka", "Jean-Luc".
_LATIN_NAME = re.compile(r"[^\W\d_]{3,}(?:[-'][^\W\d_]+)?")
# Letters past this code point are not Latin script (Faker's zh_CN and hi_IN tables).
LATIN_LETTERS_END = 0x250


@lru_cache(maxsize=1)
def common_english_words() -> frozenset[str]:
    """The ENGLISH_RANK commonest English words, with spaCy's stop words."""
    return frozenset(top_n_list("en", ENGLISH_RANK, wordlist="small")) | STOP_WORDS


@lru_cache(maxsize=1)
def common_words_in_any_language() -> frozenset[str]:
    """The COMMON_RANK commonest words of English and of each of WORD_LANGUAGES: about
    75,000 words, 7 MB. Languages with more names than words among their commonest (names
    of Indonesian or Vietnamese lists cost more leaks than their words saved redactions)
    are left out."""
    return common_english_words().union(
        *(top_n_list(language, COMMON_RANK, wordlist="small") for language in WORD_LANGUAGES))


# The languages left out of common_words_in_any_language for their names, whose words still
# are no town written in lowercase ("salamat", "selama", "kosong").
NAME_RICH_LANGUAGES = ("id", "ms", "fil")


def common_words_of_name_rich_languages() -> frozenset[str]:
    """Uncached: read once, while the gazetteer is built."""
    return frozenset().union(*(top_n_list(language, COMMON_RANK, wordlist="small")
                               for language in NAME_RICH_LANGUAGES))


# How often (Zipf scale) English text has a word it writes, not a name, in capitals: "JSON",
# "DBS", "PIR" are that often; "OKAFOR" is rarer (2.55). wordfreq keeps a bucket of words per
# centibel of frequency, the first at Zipf 9.
ACRONYM_ZIPF = 2.6
_ZIPF_OF_FIRST_BUCKET = 9
_BUCKETS_PER_ZIPF = 100
# Longer words in capitals are headings' words, which NER leaves alone.
_LONGEST_ACRONYM = 8
_READ_SIZE = 1 << 14


def _buckets(wordlist: str, language: str) -> Iterator[list[str]]:
    """A wordfreq list's buckets of words, commonest first, read as needed: wordfreq itself
    loads and keeps a whole list (a small one 2 MB, the large English one 35 MB) to answer
    one question of it."""
    with gzip.open(files("wordfreq").joinpath(f"data/{wordlist}_{language}.msgpack.gz")) \
            as stream:
        unpacker = msgpack.Unpacker(stream, raw=False, read_size=_READ_SIZE)
        unpacker.read_array_header()
        unpacker.skip()
        yield from unpacker


def commonest_words(language: str, count: int) -> list[str]:
    """The `count` commonest words of a language, as wordfreq's top_n_list has them."""
    words: list[str] = []
    for bucket in _buckets("small", language):
        # wordfreq keeps numbers as runs of zeros ("00"), which top_n_list leaves out.
        words += [word for word in bucket if "0" not in word]
        if len(words) >= count:
            break
    return words[:count]


@lru_cache(maxsize=1)
def _written_english_words() -> frozenset[str]:
    """Words of up to _LONGEST_ACRONYM letters English writes at least ACRONYM_ZIPF often:
    32,000 words, 4 MB."""
    levels = round((_ZIPF_OF_FIRST_BUCKET - ACRONYM_ZIPF) * _BUCKETS_PER_ZIPF) + 1
    return frozenset(word for bucket in itertools.islice(_buckets("large", "en"), levels)
                     for word in bucket if word.isalpha() and len(word) <= _LONGEST_ACRONYM)


def written_in_english(word: str) -> bool:
    """Whether English writes the word often enough that in capitals it is an acronym or a
    heading's word ("JSON", "ATTENDEE"), not a surname; first names and census surnames are
    the callers' to except."""
    return word.lower() in _written_english_words()


@lru_cache(maxsize=1)
def everyday_english_words() -> frozenset[str]:
    """The COMMON_ENGLISH_RANK commonest English words: "acknowledging", "caterers"."""
    return frozenset(top_n_list("en", COMMON_ENGLISH_RANK, wordlist="small"))


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Words in everyday use in any of the languages, English further down its list: what a
    span NER calls a name may be made of only if something else says it is one."""
    return common_words_in_any_language().union(everyday_english_words())


@lru_cache(maxsize=1)
def every_census_first_name() -> frozenset[str]:
    """US census first names, from the MIT-licensed `names` package."""
    return frozenset(line.split(" ", 1)[0].lower()
                     for filename in ("dist.female.first", "dist.male.first")
                     for line in files("names").joinpath(filename).read_text().splitlines())


def census_last_names() -> list[str]:
    """US census surnames, commonest first, from the same package."""
    return [line.split(" ", 1)[0].lower()
            for line in files("names").joinpath("dist.all.last").read_text().splitlines()]


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names that are rarely anything else in prompts: the US census's, and the world's
    that are no common word in any of WORD_LANGUAGES."""
    common = common_words_in_any_language()
    census = {name for name in every_census_first_name()
              if len(name) >= 3 and name not in STOP_WORDS}
    world = {name for name in world_first_names() if name not in common}
    return frozenset(name for name in census | world | recorded_first_names()
                     if name not in COMMON_WORD_NAMES)


@lru_cache(maxsize=1)
def world_first_names() -> frozenset[str]:
    """The first names in Faker's person providers, about eighty locales. The tables are read
    from the providers' source as literals: importing the eighty modules (and Faker with
    them) would keep 17 MB more in every worker for a list of 20,000 names."""
    providers = Path(importlib.util.find_spec("faker").origin).parent / "providers" / "person"
    found: set[str] = set()
    for source in providers.glob("*/__init__.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id.startswith(("first_name",
                                                                            "first_romanized"))
                    for target in node.targets):
                found.update(constant.value.lower() for constant in ast.walk(node.value)
                             if isinstance(constant, ast.Constant)
                             and isinstance(constant.value, str)
                             and _LATIN_NAME.fullmatch(constant.value)
                             and max(map(ord, constant.value)) < LATIN_LETTERS_END)
    return frozenset(found)


# Names recorded by at least this many of nomquamgender's sources, this many times in all:
# below them its table holds typos, words and handles ("json", "marquee").
MIN_NAME_SOURCES = 10
MIN_NAME_COUNT = 200
_NAME_RECORD = re.compile(rb'"([a-z][a-z\'-]+)": \[(\d+), (\d+),')
_TABLE_BLOCK = 1 << 20


@lru_cache(maxsize=1)
def recorded_first_names() -> frozenset[str]:
    """First names recorded worldwide ("priyanka", "nasreen", "carys", "manny"), from the
    MIT-licensed `nomquamgender` name table, that are no everyday word. The table (721,000
    names, 22 MB of JSON) is scanned, not loaded: parsed whole it would cost a worker a
    second and leave its memory high for the 14,500 names kept."""
    # Found, not imported: importing the package parses the table and loads pandas.
    package = Path(importlib.util.find_spec("nomquamgender").origin).parent
    everyday = everyday_words()
    return frozenset(name for match in _name_records(package / "name_data.json")
                     if int(match[2]) >= MIN_NAME_SOURCES and int(match[3]) >= MIN_NAME_COUNT
                     for name in [match[1].decode()]
                     if len(name) >= 3 and name not in everyday)


def _name_records(path: Path) -> Iterator[re.Match]:
    """The table's records, read a megabyte at a time: one 22 MB buffer cost the worker
    23 MB of memory it never gave back. Each block is scanned up to its last whole record."""
    with path.open("rb") as table:
        rest = b""
        while chunk := table.read(_TABLE_BLOCK):
            block = rest + chunk
            end = block.rfind(b'], "') + 1
            yield from _NAME_RECORD.finditer(block, 0, end)
            rest = block[end:]
        yield from _NAME_RECORD.finditer(rest)


def is_first_name(word: str) -> bool:
    """A first name anywhere, even one that is also a word ("Will", "Maxime", "Can"), or one
    the lists hold only without its accents ("gábor", "dániel"), unless so accented it is a
    word of some language ("está" is no Esta; Polish lists "józef" as a word)."""
    return _listed_first_name(word) or not word.isascii() \
        and word not in common_words_in_any_language() \
        and _listed_first_name(unaccented(word)[0])


def _listed_first_name(word: str) -> bool:
    return word in every_census_first_name() or word in world_first_names() \
        or word in recorded_first_names()


# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "ß": "ss",
                                "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})


def unaccented(name: str) -> tuple[str, str]:
    """"Reykjavik" as people type "Reykjavík", "Lodz" for "Łódź", and "Aarhus" as Danes
    spell "Århus" without the ring."""
    plain = name.translate(_PLAIN_LETTERS)
    return tuple("".join(char for char in unicodedata.normalize("NFKD", spelling)
                         if not unicodedata.combining(char))
                 for spelling in (plain, plain.replace("Å", "Aa").replace("å", "aa")))
