"""Presidio's pattern recognizers, widened where real prompts slip past them.

Emails at internal or reserved domains ("ops@billing.internal") fail Presidio's public-suffix
check, and one in a URL has its "@" written "%40"; phone numbers in ranges no carrier has
assigned yet, or in other countries' formats, fail phonenumbers' validation; Mastercard's
2-series and 19-digit cards are missing from its card pattern. Each is PII all the same. And
some numbers shaped like PII identify no one.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

# Lookarounds in place of \b, which fails between a number and CJK text ("カードは3566...").
_NOT_AFTER_CODE = r"(?<![A-Za-z0-9_.+-])"
_NOT_BEFORE_CODE = r"(?![A-Za-z0-9_-]|[.:]\d)"
# Not a group of a longer run of groups ("4417 0345 300 0000"), unless what comes before is a
# time, as in a call log ("02/05 09:12 0345 300 0000 00:03:02").
_NOT_IN_GROUPS = r"(?:(?<!\d[ -])|(?<=:\d\d[ ]))"
# Matched as substrings of the words around a number: "tel" also finds "telefon", "teléfono".
PHONE_CONTEXT = ["phone", "mobile", "cell", "tel", "call", "contact", "number", "whatsapp",
                 "sms", "text", "reach", "fax", "landline", "callback", "otp", "mobil", "handy",
                 "tlf", "ringte", "ringde", "ringer", "número", "numéro", "nummer", "numer",
                 "celular", "móvil", "movil", "llam", "appel", "anruf", "rückruf", "zadzwo",
                 "ligu", "ligar",
                 "tilef", "thlef", "ctcm", "kontakt", "chiam", "llám", "καλέσ", "τηλ"]
# Presidio's card pattern with Mastercard's 2221-2720 range and Turkey's Troy (9792) added,
# dots between the groups ("4532.8814.2290.6174") and a fifth group for 18- and 19-digit
# cards (not an expiry after it: "... 3382 08/26"); Luhn still decides.
_CARD = (r"(?<![A-Za-z0-9])(?!1\d{12}(?!\d))((4\d{3})|(5[0-5]\d{2})|(2[2-7]\d{2})|(6\d{3})|"
         r"(1\d{3})|(3\d{3})|(9792))[-. ]?(\d{3,4})[-. ]?(\d{3,4})[-. ]?(\d{3,5})"
         r"(?:[-. ]?\d{2,3}(?![/\d]))?(?![A-Za-z0-9])")


def any_domain_email_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity="EMAIL_ADDRESS", name="AnyDomainEmailRecognizer",
        patterns=[Pattern("email at any domain",
                          r"\b[\w.+-]+(?:'[\w.+-]+)*(?:@|%40)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b",
                          1.0)])


class PhoneShapedRecognizer(PatternRecognizer):
    """Eight to fifteen digits in phone-number grouping. Too weak alone (0.3, under the
    default threshold): a phone word in the five words before lifts it (Presidio's context
    enhancement), so "Contact: 07700 900461" is redacted and "SKU 604-555-0183" is not."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER", name="PhoneShapedRecognizer",
            context=PHONE_CONTEXT,
            patterns=[Pattern("phone-shaped", r"(?<![\w.+-])\+?\(?\d[\d ().-]{6,18}\d(?![\w-])",
                              0.3)])

    def validate_result(self, pattern_text: str) -> bool | None:
        """Not a date and time ("2025-05-02 11"), nor the SSN's 3-2-4 grouping no phone plan
        uses ("318-27-5540" is an order number or an SSN, which has its own recognizer)."""
        digits = sum(char.isdigit() for char in pattern_text)
        if _DATE.match(pattern_text) or _SSN_GROUPING.fullmatch(pattern_text):
            return False
        return None if 8 <= digits <= 15 else False


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The US National Drug Code's usual 4-4-2 form ("0024-5915-02"), which no phone plan uses.
_DRUG_CODE = re.compile(r"\d{4}-\d{4}-\d{2}")
_SHORT_LANDLINE = re.compile(r"0\d{2} (?:\d{5}|\d{2} \d{3})")
_SSN_GROUPING = re.compile(r"\d{3}[- ]\d{2}[- ]\d{4}")


class WrittenPhoneRecognizer(PatternRecognizer):
    """Phone numbers in the shapes people write them, no phone word needed: a trunk "0" and
    spaced or dashed groups ("0171 5532 908", "05 56 44 21 07", "0231 / 52 88 41"), North
    American ones ("(415) 555-0132"), international ones ("+44 20 7946 0958"), and a few
    national mobile plans. In place of Presidio's phonenumbers recognizer, which parsed one
    region per pass and cost a millisecond a 1 KB prompt for the US alone, and validated
    numbers against the ranges carriers had assigned, which invented test numbers fall
    outside. Order and tracking numbers rarely open with a zero or fit these groupings, dates
    have too few digits, and a group inside a longer run of groups (a gift card code) is
    skipped; the record identifiers that do fit are dropped by their context
    (`identifies_no_one`)."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER", name="WrittenPhoneRecognizer",
            context=PHONE_CONTEXT,
            patterns=[
                Pattern("trunk-prefixed groups",
                        rf"{_NOT_AFTER_CODE}{_NOT_IN_GROUPS}\(?0\d{{1,4}}\)?"
                        rf"(?:(?:[ .-]\d{{2,4}}){{2,4}}|[ /-]\d{{6,8}}"
                        rf"|[ ]?/[ ]?\d{{2,4}}(?:[ .-]\d{{2,4}}){{1,3}}){_NOT_BEFORE_CODE}", 0.45),
                Pattern("north american",
                        rf"{_NOT_AFTER_CODE}(?:\+?1[ .-]?)?\(?[2-9]\d{{2}}\)?[ .-]?[2-9]\d{{2}}"
                        rf"[ .-]\d{{4}}{_NOT_BEFORE_CODE}", 0.45),
                Pattern("international",
                        rf"(?<![\w+]){_NOT_IN_GROUPS}(?:\+|00)[1-9]\d{{0,2}}[ .-]?(?:\(0\)[ ]?)?"
                        rf"\(?\d{{1,4}}\)?"
                        rf"(?:[ .-]?\d{{2,5}}){{1,4}}{_NOT_BEFORE_CODE}", 0.45),
                # India's mobiles in 5 + 5 ("98142 70315"), Brazil's with the area code in
                # brackets ("(21) 98834-1172"), China's in 3 + 4 + 4 ("139 1608 2275"),
                # Poland's and Spain's in 3 + 3 + 3 or 3 + 2 + 2 + 2 ("601 447 318"), and
                # with a two-digit area code, Mexico's and Argentina's in 2 + 4 + 4 ("33 3647
                # 8120", "11 5832-9047") and Poland's landlines ("81 532 19 46"); Greece's
                # mobiles in 3 + 3 + 4 ("697 118 4402"); Nigeria's and Britain's mobiles unbroken
                # ("08034117290", "07700900461").
                Pattern("national mobile", rf"{_NOT_AFTER_CODE}(?:[6-9]\d{{4}}[ -]\d{{5}}|"
                                           rf"0(?:7\d|[89][01])\d{{8}}|"
                                           rf"[5-9]\d{{2}} \d{{3}} \d{{3}}|"
                                           rf"[6-9]\d{{2}}(?: \d{{2}}){{3}}|"
                                           rf"[1-9]\d [1-9]\d{{3}}[ -]\d{{4}}|"
                                           rf"[1-9]\d [1-9]\d{{2}} \d{{2}} \d{{2}}|"
                                           rf"69\d \d{{3}} \d{{4}}|"
                                           rf"\(\d{{2}}\)[ ]?9?\d{{4}}-\d{{4}}|"
                                           rf"1[3-9]\d[ -]\d{{4}}[ -]\d{{4}}){_NOT_BEFORE_CODE}",
                        0.45),
                # Ireland's landlines with a three-digit area code and five or six digits:
                # "026 45211", "093 24 118".
                Pattern("short landline",
                        rf"{_NOT_AFTER_CODE}{_SHORT_LANDLINE.pattern}{_NOT_BEFORE_CODE}", 0.45),
                # North American toll-free numbers spelled out: "1-888-ROOF-PRO".
                Pattern("vanity", r"\b1-8(?:00|88|77|66|55|44|33)-[A-Z0-9]{3,4}-[A-Z0-9]{3,4}\b",
                        0.6)])

    def validate_result(self, pattern_text: str) -> bool | None:
        if _DRUG_CODE.fullmatch(pattern_text):
            return False
        digits = sum(char.isdigit() for char in pattern_text)
        return None if 9 <= digits <= 15 or pattern_text.startswith("1-8") \
            or _SHORT_LANDLINE.fullmatch(pattern_text) else False


# A digit said aloud, as voicemail transcripts and dictation write phone numbers: "oh eight
# seven, two two four, nine one five three".
_SPOKEN_DIGIT = (r"(?:zero|nought|oh|one|two|three|four|five|six|seven|eight|nine"
                 r"|(?:double|triple)[ ](?:zero|oh|one|two|three|four|five|six|seven|eight|nine))")
_REPEATS = {"double": 2, "triple": 3}
MIN_SPOKEN_DIGITS = 8


class SpokenPhoneRecognizer(PatternRecognizer):
    """Phone numbers said in words. Eight digits or more in a row, each a word, is a phone
    number or a card read out; counting ("one, two, three...") is no one's."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="PHONE_NUMBER", name="SpokenPhoneRecognizer",
            patterns=[Pattern("spoken digits",
                              rf"(?i)\b{_SPOKEN_DIGIT}(?:[ ,-]{{1,3}}{_SPOKEN_DIGIT})"
                              rf"{{{MIN_SPOKEN_DIGITS - 2},}}\b", 0.6)])

    def validate_result(self, pattern_text: str) -> bool:
        words = re.findall(r"[a-z]+", pattern_text.lower())
        digits = sum(_REPEATS.get(word, 1) for word in words) - sum(
            1 for word in words if word in _REPEATS)
        return digits >= MIN_SPOKEN_DIGITS and not " ".join(words).startswith("one two three")


# A text that speaks of SSNs, where nine digits in a row are one too ("TIN: 611524098 (his
# SSN)", "the no-dash form (087445129)").
_SPEAKS_OF_SSNS = re.compile(r"\b(?:SSNs?|ITIN|TIN|social security)\b", re.IGNORECASE)


class UndashedSsnRecognizer(PatternRecognizer):
    """Nine digits that the Social Security Administration could have issued (no 000, 666
    or 9xx area, no 00 group, no 0000 serial), in a text that speaks of SSNs. Presidio's own
    undashed pattern needs "SSN" among the five words before it, which a CSV column or a
    test list puts elsewhere."""

    def __init__(self) -> None:
        super().__init__(supported_entity="US_SSN", name="UndashedSsnRecognizer",
                         patterns=[Pattern("nine digits",
                                           r"(?<![\w.+-])(?!000|666|9)\d{3}(?!00)\d{2}"
                                           r"(?!0000)\d{4}(?![\w-]|[.]\d)", 0.5)])

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None,
                regex_flags=None) -> list:
        return super().analyze(text, entities, nlp_artifacts, regex_flags) \
            if _SPEAKS_OF_SSNS.search(text) else []


def credit_card_recognizer() -> CreditCardRecognizer:
    return CreditCardRecognizer(patterns=[Pattern("All Credit Cards (weak)", _CARD, 0.3)],
                                replacement_pairs=[("-", ""), (" ", ""), (".", "")])


# A number right after one of these names a record, whatever its shape: "order 731-52-0846",
# "Case number 312-884-2291", "SKU 604-555-0183", "S/N 412-55-0901", "IMEI 35 209911 004417 3",
# "site IDs 44-201-7730".
_IDENTIFIED_BEFORE = re.compile(
    r"\b(?:order|invoice|inv|po|sku|rma|ticket|case|run|job|build|batch|ref|reference|tracking|"
    r"quote|promo|part|serial|confirmation|booking|receipt|shipment|parcel|claim|voucher|"
    r"coupon|transaction|txn|account|acct|nhs|vat|company|ndc|code|codes|route|s/n|sn|lot|"
    r"asset|supply|resi|accession|kit|tag|imei|awb|meter|mpan|mprn|model|item|class|site|"
    r"kundennummer|personalnr|matrikelnummer|iban)"
    r"(?:[ \t]*(?:number|numbers|no\.?|num|#|ids?|codes?|format))?"
    r"[ \t]*[:#]?[ \t]*$", re.IGNORECASE)
# Or it is one part of a longer code: "Q-312-555-7781", "212-555-0139-X".
_CODE_PREFIX = re.compile(r"[A-Za-z0-9]-$")
_CODE_SUFFIX = re.compile(r"-[A-Za-z0-9]")
IDENTIFIER_SHAPED = frozenset(("US_SSN", "PHONE_NUMBER"))
# SSN-shaped numbers a few apart are a series of record ids ("512-33-8891", "512-33-8892"),
# unless each is called an SSN: test data gives a family neighbouring numbers.
_SSN_SHAPED = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
MAX_SERIES_GAP = 10
# A number inside an IBAN ("NL27 RABO 0318 4429 17") is part of an account.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
# "Addison's disease", "Bell's palsy", "a Venn diagram": a name in a disease, a law or a
# diagram is nobody's; "Lincoln Elementary" or "Magnolia Family Medicine" is an
# institution's, nobody's and nowhere anyone lives.
_EPONYM_AFTER = re.compile(r"(?:'s|’s)?[ \t]+(?:disease|syndrome|palsy|law|laws|theorem|"
                           r"principle|paradox|diagram|chart|equation|constant|effect|"
                           r"algorithm|test|scale|razor|curve|distribution|rule|sign)\b")
_INSTITUTION = re.compile(r"(?:Elementary|Middle|High|School|Academy|College|University|"
                          r"Hospital|Clinic|Medicine|Medical|Center|Centre|Hall|Church|Library|"
                          r"Foundation|Institute|Surgery|Pharmacy|Infirmary|Nursery|Gallery|"
                          r"Studio|Studios|Opticians|Funeral|Plumbing|Rovers|Wanderers|FC|CC|"
                          r"Camping|Hiihtokoulu|GmbH|Ltd|LLC|Inc|PLC|Pty|BV|B\.V\.|Sp|Esports|"
                          r"Hospitals|Rescue|Pantry|Association|Society|Club|Co|Company|Group|"
                          r"Trust|Services|Partners|Associates)\b")
# A place or name opening an institution's name a few words later: "Leeds Teaching Hospitals",
# "Karachi Animal Rescue", "Westbrook Home Goods Inc.".
_INSTITUTION_LATER = re.compile(r"(?:[ \t]+[A-Z][\w'’-]*){1,2}[ \t]+")
# Businesses named by their kind first: "Trattoria da Nino", "Camping Les Pins", "Skischule
# Hahnenkamm", "Ufficio Ormeggi".
_INSTITUTION_FIRST = re.compile(r"(?:Camping|Trattoria|Ristorante|Pizzeria|Skischule|Ufficio|"
                                r"Gasthaus|Gasthof|Taverna|Hostal|Kanzlei|Apotheke)\b")
# A town's name before "'s disease" is the eponym too ("Addison").
_POSSESSIVE_EPONYM = re.compile(r"(?:'s|’s)[ \t]+(?:disease|syndrome|palsy|law|theorem|razor)\b")
# "America/Chicago" in a config is a time zone, not where anyone is.
_TIME_ZONE = re.compile(r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|"
                        r"Pacific|Etc)/[A-Za-z_]+(?:/[A-Za-z_]+)?")


def _in_series(text: str, number: str) -> bool:
    own = int("".join(char for char in number if char.isdigit()))
    return any(0 < abs(int(match[0].replace("-", "")) - own) <= MAX_SERIES_GAP
               for match in _SSN_SHAPED.finditer(text))


def identifies_no_one(text: str, start: int, end: int, entity: str) -> bool:
    """Whether a finding is shaped like PII but says nothing about a person: an SSN- or
    phone-shaped number that is a record's identifier, one of a series or part of an IBAN, a
    number of one repeated digit or opening with "000" ("000-000-0000"), a time zone's city.
    Presidio's context words can only raise a score; this is the context that lowers it."""
    if entity in IDENTIFIER_SHAPED:
        # A phone said in words ("oh eight seven...") has no digit to repeat.
        digits = {char for char in text[start:end] if char.isdigit()}
        spoken = not digits and entity == "PHONE_NUMBER"
        return not spoken and len(digits) <= 1 or text.startswith("000", start) or bool(
            # A number dialled from abroad is no record's ("confirmation: +234 809...").
            _IDENTIFIED_BEFORE.search(text, max(0, start - 40), start)
            and not text.startswith("+", start)
            or _CODE_PREFIX.search(text, max(0, start - 2), start)
            or _CODE_SUFFIX.match(text, end)
            or entity == "US_SSN" and _in_series(text, text[start:end])
            and not _SPEAKS_OF_SSNS.search(text, max(0, start - 40), start)
            or any(iban.start() <= start and end <= iban.end()
                   for iban in _IBAN.finditer(text, max(0, start - 40), end + 10)))
    if entity == "PERSON" and _EPONYM_AFTER.match(text, end) or entity in (
            "PERSON", "LOCATION") and _POSSESSIVE_EPONYM.match(text, end):
        return True
    if entity in ("PERSON", "LOCATION") and not any(char.isdigit() for char in text[start:end]):
        # NER runs a name on to the next line ("Liam O'Sullivan\nCo-applicant"), whose words
        # say nothing of it.
        line_end = text.find("\n", start, end)
        name_end = line_end if line_end > start else end
        words = text[start:name_end].split()
        # A recognizer's empty or blank span is nobody.
        if not words:
            return True
        last = words[-1]
        later = _INSTITUTION_LATER.match(text, name_end)
        if _INSTITUTION.fullmatch(last) or _INSTITUTION.match(text, name_end + 1) \
                and text[name_end:name_end + 1] == " " or _INSTITUTION_FIRST.match(text, start) \
                or later and _INSTITUTION.match(text, later.end()):
            return True
    return any(zone.start() <= start and end <= zone.end()
               for zone in _TIME_ZONE.finditer(text, max(0, start - 40), end + 40))
