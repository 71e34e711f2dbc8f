"""Presidio's pattern recognizers, widened where real prompts slip past them.

Emails at internal or reserved domains ("ops@billing.internal") fail Presidio's public-suffix
check; phone numbers in ranges no carrier has assigned yet, or from regions the worker does
not parse, fail phonenumbers' validation; Mastercard's 2-series is missing from its card
pattern. Each is PII all the same.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

PHONE_CONTEXT = ["phone", "mobile", "cell", "tel", "telephone", "call", "contact", "number",
                 "whatsapp", "sms", "text", "reach", "fax", "landline", "callback", "otp"]
# Presidio's card pattern with Mastercard's 2221-2720 range added; Luhn still decides.
_CARD = (r"\b(?!1\d{12}(?!\d))((4\d{3})|(5[0-5]\d{2})|(2[2-7]\d{2})|(6\d{3})|(1\d{3})|(3\d{3}))"
         r"[- ]?(\d{3,4})[- ]?(\d{3,4})[- ]?(\d{3,5})\b")


def any_domain_email_recognizer() -> PatternRecognizer:
    return PatternRecognizer(
        supported_entity="EMAIL_ADDRESS", name="AnyDomainEmailRecognizer",
        patterns=[Pattern("email at any domain",
                          r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b", 1.0)])


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
        digits = sum(char.isdigit() for char in pattern_text)
        return None if 8 <= digits <= 15 else False


def credit_card_recognizer() -> CreditCardRecognizer:
    return CreditCardRecognizer(patterns=[Pattern("All Credit Cards (weak)", _CARD, 0.3)])
