"""Names and addresses written in Arabic or Devanagari script.

The NER model reads English and finds nothing in "السيد محمد العلي المحترم" or "मैं रमेश कुमार
शर्मा, निवासी ...". These scripts have no capitals, so a name is known by what stands before it
(a title or role, "أنا", "मैं", a letter's closing formula on the line above) and an address by
its street word ("15 شارع الجمهورية، حي توريل، المنصورة") or the word that says where someone
lives ("निवासी मकान नं. 112, सेक्टर 4, ...").
"""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

_ARABIC_WORD = r"[\u0621-\u064a\u0671-\u06d3]+"
_DEVANAGARI_WORD = r"[\u0900-\u0963\u0971-\u097f]+"
# Titles, roles and self-introductions a name follows: "السيد محمد العلي", "أنا الموظف أحمد",
# "الوسيط خالد بن سعيد".
_ARABIC_BEFORE_NAME = ("السيد|السيدة|الأستاذ|الأستاذة|الدكتور|الدكتورة|المهندس|المهندسة|الزميل|"
                       "الزميلة|الوسيط|الموظف|الموظفة|الشيخ|الحاج|الأخ|الأخت|اسمي|أنا")
# Words that join the next into one part of a name: "عبد الرحمن", "بن سعيد", "أبو بكر".
_ARABIC_JOINERS = frozenset("عبد بن ابن بنت أبو آل".split())
# Words a title may stand before that are no one's name: "السيد/ مدير الموارد البشرية المحترم".
_ARABIC_NOT_NAMES = frozenset("""
المحترم المحترمة مدير مديرة رئيس رئيسة قسم على في من عن مع إلى الذي التي هذا هذه الموظف
الموظفة مهامي
""".split())
_ARABIC_NAME_PARTS = 3
# A letter's closing formula, the sender's name on the line below it.
_ARABIC_CLOSINGS = ("مع التحية|مع خالص التحية|مع أطيب التحيات|وتفضلوا بقبول فائق الاحترام|"
                    "وتفضلوا بقبول وافر الاحترام|مع الشكر|وشكراً")
_ARABIC_NAMED = re.compile(rf"(?:^|(?<=[\s/]))(?:{_ARABIC_BEFORE_NAME})(?:[ ]+(?:الموظف|الموظفة))?"
                           rf"/?[ ]+(?P<words>{_ARABIC_WORD}(?:[ ]+{_ARABIC_WORD}){{0,4}})")
_ARABIC_SIGNED = re.compile(rf"(?:{_ARABIC_CLOSINGS})[،,]?[ \t]*\n[ \t]*"
                            rf"(?P<words>{_ARABIC_WORD}(?:[ ]+{_ARABIC_WORD}){{1,3}})[ \t]*$",
                            re.MULTILINE)
# An address from its street word through the parts after it, each a few words or a number,
# up to a word that goes on with the sentence ("دبي قد تأجل", "، ورقم هاتفي").
_ARABIC_ADDRESS = re.compile(rf"(?:\d{{1,5}}[ ]+)?(?<![\u0621-\u064a])(?:شارع|طريق)[ ]+"
                             rf"{_ARABIC_WORD}"
                             rf"(?:[ ]+{_ARABIC_WORD})?(?:،[ ]*(?!و)(?:{_ARABIC_WORD}|\d{{1,5}})"
                             rf"(?:[ ]+(?!قد|في|إلى|على|من)(?:{_ARABIC_WORD}|\d{{1,5}})){{0,3}})*")
# "मैं रमेश कुमार शर्मा, निवासी ...", "श्रीमती सुनीता देवी", and the line after "भवदीय,".
_DEVANAGARI_NAMED = re.compile(rf"(?:^|(?<=\s))(?:मैं|श्री|श्रीमती|सुश्री|डॉ\.)[ ]+"
                               rf"(?P<words>{_DEVANAGARI_WORD}(?:[ ]+{_DEVANAGARI_WORD}){{1,2}})"
                               rf"(?=[ ]*[,،।]|[ ]+(?:निवासी|जी)\b)")
_DEVANAGARI_SIGNED = re.compile(rf"(?:भवदीय|भवदीया|आपका|आपकी)[,]?[ \t]*\n[ \t]*"
                                rf"(?P<words>{_DEVANAGARI_WORD}(?:[ ]+{_DEVANAGARI_WORD}){{1,2}})"
                                rf"[ \t]*$", re.MULTILINE)
# Where someone lives, after "निवासी" or "पता:": comma-separated parts of a few words each.
_ADDRESS_TOKEN = rf"(?:{_DEVANAGARI_WORD}\.?|\d+[/-]?\d*)"
_DEVANAGARI_ADDRESS = re.compile(rf"(?:निवासी|पता[ ]?:)[ ]+(?P<place>{_ADDRESS_TOKEN}"
                                 rf"(?:[ ]+{_ADDRESS_TOKEN}){{0,3}}"
                                 rf"(?:,[ ]*{_ADDRESS_TOKEN}(?:[ ]+{_ADDRESS_TOKEN}){{0,3}})*)")
# A part of an address is no longer than this; a longer one is the sentence going on.
_MAX_PART_WORDS = 3
_PIN_CODE = re.compile(r"\d{6}")
_SCORE = 0.6


def _arabic_name(words: str) -> str | None:
    """Up to three parts of a name after its title, a joiner taking the word after it with
    it ("أحمد محمود عبد الرحمن"); none if the first word is no one's ("مدير")."""
    tokens, parts = words.split(), []
    while tokens and len(parts) < _ARABIC_NAME_PARTS and tokens[0] not in _ARABIC_NOT_NAMES:
        if tokens[0] in _ARABIC_JOINERS and len(tokens) > 1:
            part, tokens = " ".join(tokens[:2]), tokens[2:]
        else:
            part, tokens = tokens[0], tokens[1:]
        # A third part is a name's only as a joined one or a family name ("العلي").
        if len(parts) == _ARABIC_NAME_PARTS - 1 and " " not in part and not part.startswith("ال"):
            break
        parts.append(part)
    if not parts or parts[0].startswith("ال"):
        return None
    return " ".join(parts) if len(parts) > 1 else None


def _address_parts(place: str) -> str:
    """The address up to the first part too long to be one, or through the part a PIN code
    closes: "लखनऊ 226022" ends it before "आपकी शाखा का खाताधारक"."""
    kept: list[str] = []
    for part in place.split(","):
        if len(part.split()) > _MAX_PART_WORDS:
            break
        kept.append(part)
        if _PIN_CODE.fullmatch(part.split()[-1] if part.split() else ""):
            break
    return ",".join(kept).strip()


class ArabicDevanagariRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON", "LOCATION"],
                         name="ArabicDevanagariRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if not re.search("[\u0600-\u06ff\u0900-\u097f]", text):
            return []
        found: list[tuple[str, int, int]] = []
        if "PERSON" in entities:
            found += [("PERSON", *span) for span in _names(text)]
        if "LOCATION" in entities:
            found += [("LOCATION", *span) for span in _addresses(text)]
        return [RecognizerResult(entity, start, end, _SCORE, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}) for entity, start, end in found]


def _names(text: str) -> list[tuple[int, int]]:
    names = {name for match in _ARABIC_NAMED.finditer(text)
             if (name := _arabic_name(match["words"]))}
    names |= {match["words"] for match in _ARABIC_SIGNED.finditer(text)}
    names |= {match["words"] for pattern in (_DEVANAGARI_NAMED, _DEVANAGARI_SIGNED)
              for match in pattern.finditer(text)}
    # A name found once is a name wherever else it is written, and its first two words are
    # how a letter signs it ("أحمد محمود" under "أحمد محمود عبد الرحمن").
    names |= {" ".join(name.split()[:2]) for name in names if len(name.split()) > 2}
    return [match.span() for name in names for match in re.finditer(re.escape(name), text)]


def _addresses(text: str) -> list[tuple[int, int]]:
    spans = [match.span() for match in _ARABIC_ADDRESS.finditer(text)]
    for match in _DEVANAGARI_ADDRESS.finditer(text):
        place = _address_parts(match["place"])
        spans.append((match.start("place"), match.start("place") + len(place)))
    return spans
