"""Names and addresses written in Arabic or Devanagari script.

The NER model reads English and finds nothing in "السيد محمد العلي المحترم" or "मैं रमेश कुमार
शर्मा, निवासी ...". These scripts have no capitals, so a name is known by what stands before it
(a title or role, "أنا الموظف", "मैं", a letter's closing formula on the line above) and an address
by its street word ("15 شارع الجمهورية، حي توريل، المنصورة") or the word that says where someone
lives ("निवासी मकान नं. 112, सेक्टर 4, ..."). Names here are common words too ("سعيد" is "happy",
"كريم" "generous"), so what ends one is a word no name is made of: the language's commonest.
"""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from workers.pii.words import commonest_words

_ARABIC_LETTERS = "\u0621-\u064a\u0671-\u06d3"
# A word may carry its vowel marks: "جداً", "مهندساً".
_ARABIC_WORD = rf"[{_ARABIC_LETTERS}][{_ARABIC_LETTERS}\u064b-\u065f\u0670]*"
_DEVANAGARI_WORD = r"[\u0900-\u0963\u0971-\u097f]+"
# Nunation ends an indefinite noun or an adverb ("جداً", "شكراً"), never a name.
_TANWEEN = re.compile("[\u064b-\u064d]")
_ARABIC_TITLES = ("السيد|السيدة|الأستاذ|الأستاذة|الدكتور|الدكتورة|المهندس|المهندسة|الزميل|"
                  "الزميلة|الوسيط|الموظف|الموظفة|الشيخ|الحاج|الأخ|الأخت")
# "اسمي" says a name follows; "أنا" alone may go on with anything ("أنا سعيد جداً").
_ARABIC_NAMED = re.compile(rf"(?:^|(?<=[\s/]))(?P<cue>(?:أنا[ ]+)?(?:{_ARABIC_TITLES})|اسمي|أنا)"
                           rf"/?[ ]+(?P<words>{_ARABIC_WORD}(?:[ ]{_ARABIC_WORD}){{0,4}})")
# Words that join the next into one part of a name: "عبد الرحمن", "بن سعيد", "أبو بكر".
_ARABIC_JOINERS = frozenset("عبد بن ابن بنت أبو آل".split())
# Words after a title that are no one's name and not among the commonest: "السيد/ مدير الموارد
# البشرية المحترم", "الزميل كريم سامي مهامي".
_NOT_NAMES = frozenset("""
المحترم المحترمة مدير مديرة رئيس رئيسة قسم الموظف الموظفة مهامي هاتف هاتفي
""".split())
_ARABIC_NAME_PARTS = 3
_ARABIC_CLOSINGS = ("و?شكرا\u064b?|مع (?:خالص |أطيب )?(?:التحية|التحيات|الشكر)|تحياتي|"
                    "وتفضلوا بقبول (?:فائق|وافر) الاحترام")
_DEVANAGARI_CLOSINGS = "(?:भवदीय|भवदीया|आपका|आपकी)(?:[ ]विश्वासी)?|सधन्यवाद|धन्यवाद"
# The sender's name alone on the line under the closing.
_SIGNED = [re.compile(rf"(?:{closings})[،,.!।]?[ \t]*\n[ \t]*(?P<words>{word}(?:[ ]{word}){{1,3}})"
                      rf"[ \t]*$", re.MULTILINE)
           for closings, word in ((_ARABIC_CLOSINGS, _ARABIC_WORD),
                                  (_DEVANAGARI_CLOSINGS, _DEVANAGARI_WORD))]
# "श्रीमती सुनीता देवी ने", "मेरा नाम रमेश कुमार है"; after "मैं", only a name that a comma or
# "निवासी" closes ("मैं रमेश कुमार शर्मा, निवासी ...", not "मैं बहुत खुश हूँ").
_DEVANAGARI_NAMED = re.compile(rf"(?:^|(?<=\s))(?:श्री|श्रीमती|सुश्री|कुमारी|डॉ\.|मेरा नाम)[ ]+"
                               rf"(?P<words>{_DEVANAGARI_WORD}(?:[ ]{_DEVANAGARI_WORD}){{0,3}})")
_DEVANAGARI_SELF = re.compile(rf"(?:^|(?<=\s))मैं[ ]+(?P<words>{_DEVANAGARI_WORD}"
                              rf"(?:[ ]{_DEVANAGARI_WORD}){{1,2}})"
                              rf"(?=[ ]*[,،।]|[ ]+(?:निवासी|जी)\b)")
_DEVANAGARI_NAME_PARTS = 3
# An Arabic street address: a house number, the street word, the street's name, then its parts.
_STREET = re.compile(rf"(?:(?P<number>\d{{1,5}})[ ]+)?(?<![{_ARABIC_LETTERS}])(?<!عن )"
                     rf"(?:شارع|طريق|ش\.)[ ]*")
_ADDRESS_TOKEN = re.compile(rf"[ ]*(?:{_ARABIC_WORD}|{_DEVANAGARI_WORD}\.?|\d+(?:[/-]\d+)?)")
_ADDRESS_WORDS = frozenset("حي مبنى شقة عمارة بناية برج فيلا الطابق منزل مجمع".split())
# A part of an address is no longer than this; a longer one is the sentence going on.
_MAX_PART_WORDS = 4
_PART_SEPARATOR = re.compile(r"[ ]*[،,][ ]*")
# Where someone lives, after "निवासी" or "पता:", to a PIN code or the sentence going on.
_RESIDENCE = re.compile(r"(?:निवासी|पता[ ]?:)[ ]+")
_PIN_CODE = re.compile(r"\d{6}")
# The commonest words of Arabic and Hindi ("جدا", "أن", "बहुत", "हूँ"), but for the names among
# them, end a name; the commonest of all, the particles ("قد", "في", "में", "का"), end an
# address's part, whose towns and localities are common words too ("مدينة", "दिल्ली", "विकास").
_COMMONEST_FOR_NAMES = 300
_COMMONEST_FOR_ADDRESSES = 40
_NAMES_AMONG_COMMONEST = frozenset("محمد علي أحمد عمر الله الملك الشيخ मोदी सिंह राम गांधी".split())
# What goes on after a residence or an address that no particle is: "निवासी हूँ", "، هاتف".
_ADDRESS_ENDS = frozenset("هاتف هاتفي हूँ हूं".split())
_SCORE = 0.6


class ArabicDevanagariRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON", "LOCATION"],
                         name="ArabicDevanagariRecognizer")

    def load(self) -> None:
        commonest = [[word for word in commonest_words(language, _COMMONEST_FOR_NAMES)
                      if not word.isdigit()] for language in ("ar", "hi")]
        self.name_ends = frozenset({word for words in commonest for word in words}
                                   - _NAMES_AMONG_COMMONEST - _ARABIC_JOINERS | _NOT_NAMES)
        self.address_ends = frozenset({word for words in commonest
                                       for word in words[:_COMMONEST_FOR_ADDRESSES]}
                                      - _NAMES_AMONG_COMMONEST | _ADDRESS_ENDS)

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if not re.search("[\u0600-\u06ff\u0900-\u097f]", text):
            return []
        found: list[tuple[str, int, int]] = []
        if "PERSON" in entities:
            found += [("PERSON", *span) for span in self._names(text)]
        if "LOCATION" in entities:
            found += [("LOCATION", *span) for span in self._addresses(text)]
        return [RecognizerResult(entity, start, end, _SCORE, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}) for entity, start, end in found]

    def _names(self, text: str) -> list[tuple[int, int]]:
        names = {name for match in _ARABIC_NAMED.finditer(text)
                 if (name := self._arabic_name(match["words"]))
                 and (match["cue"] != "أنا" or _introduced(text, match, name))}
        names |= {match["words"] for match in _SIGNED[0].finditer(text)
                  if self._arabic_name(match["words"]) == match["words"]}
        names |= {name for pattern in (_DEVANAGARI_NAMED, _DEVANAGARI_SELF)
                  for match in pattern.finditer(text)
                  if (name := self._devanagari_name(match["words"]))}
        names |= {match["words"] for match in _SIGNED[1].finditer(text)
                  if self._devanagari_name(match["words"]) == match["words"]}
        # A name found once is a name wherever else it is written, and its first two words are
        # how a letter signs it ("أحمد محمود" under "أحمد محمود عبد الرحمن").
        names |= {" ".join(name.split()[:2]) for name in names}
        return _everywhere(text, names)

    def _arabic_name(self, words: str) -> str | None:
        """Up to three parts of a name after its title, a joiner taking the word after it with
        it ("أحمد محمود عبد الرحمن"), the third only a joined one or a family name ("العلي");
        none if the first is no one's ("مدير", "الرئيس")."""
        tokens, parts = words.split(), []
        while tokens and len(parts) < _ARABIC_NAME_PARTS and self._may_name(tokens[0]):
            joined = tokens[0] in _ARABIC_JOINERS and len(tokens) > 1
            part, tokens = " ".join(tokens[:1 + joined]), tokens[1 + joined:]
            if len(parts) == _ARABIC_NAME_PARTS - 1 and not joined and not part.startswith("ال"):
                break
            parts.append(part)
        if len(parts) < 2 or parts[0].startswith("ال"):
            return None
        return " ".join(parts)

    def _devanagari_name(self, words: str) -> str | None:
        parts = []
        for token in words.split()[:_DEVANAGARI_NAME_PARTS]:
            if not self._may_name(token):
                break
            parts.append(token)
        return " ".join(parts) if len(parts) > 1 else None

    def _may_name(self, word: str) -> bool:
        return word not in self.name_ends and not _TANWEEN.search(word)

    def _addresses(self, text: str) -> list[tuple[int, int]]:
        spans, places = [], set()
        for street in _STREET.finditer(text):
            parts, end = self._address_parts(text, street.end())
            if street["number"] or any(_is_address_part(part) for part in parts[1:]):
                spans.append((street.start(), end))
                places |= {part for part in parts[1:] if not _is_address_part(part)}
        for residence in _RESIDENCE.finditer(text):
            parts, end = self._address_parts(text, residence.end())
            if parts:
                spans.append((residence.end(), end))
        # A town of an address is a place wherever else the text names it ("في المنصورة").
        return spans + _everywhere(text, places)

    def _address_parts(self, text: str, start: int) -> tuple[list[str], int]:
        """The comma-separated parts of an address from `start`, and where they end: each of
        a few words or numbers, to the first that is too long, begins with "و" ("، ورقم
        هاتفي"), holds a particle ("دبي قد تأجل") or ends with a PIN code."""
        parts: list[str] = []
        end = position = start
        while True:
            words = []
            for match in _ADDRESS_TOKEN.finditer(text, position):
                if match.start() != position or match.group().strip() in self.address_ends:
                    break
                words.append(match.group().strip())
                position = match.end()
            if not words or len(words) > _MAX_PART_WORDS or parts and words[0].startswith("و"):
                return parts, end
            parts.append(" ".join(words))
            end = position
            separator = _PART_SEPARATOR.match(text, position)
            if _PIN_CODE.fullmatch(words[-1]) or not separator:
                return parts, end
            position = separator.end()


def _is_address_part(part: str) -> bool:
    return any(char.isdigit() for char in part) or part.split()[0] in _ADDRESS_WORDS


def _introduced(text: str, match: re.Match, name: str) -> bool:
    """Whether "أنا" stands before a whole name that punctuation closes, as a letter's writer
    introduces themselves ("أنا ريم الحسيني،"), not before what they are ("أنا طالب جامعي")."""
    after = text[match.start("words") + len(name):]
    return bool(re.match(r"[ ]*(?:[،,.:]|$)", after, re.MULTILINE)) and (
        len(name.split()) > 2 or name.split()[-1].startswith("ال"))


def _everywhere(text: str, names: set[str]) -> list[tuple[int, int]]:
    return [match.span() for name in names if name
            for match in re.finditer(re.escape(name), text)]
