"""Street addresses as LOCATION: spaCy's small model tags cities, rarely "48 Elm Road"."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_STREET_TYPES = ("Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|"
                 "Place|Pl|Terrace|Close|Square|Sq|Parkway|Pkwy|Highway|Hwy|Crescent|Row")


def street_recognizer() -> PatternRecognizer:
    """A house number, one to three capitalised words and a street type (case-sensitive, so
    "3 more days" never matches)."""
    regex = (rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][a-zà-ÿ]+\s+){{1,3}}(?:{_STREET_TYPES})\b\.?"
             r"(?:,?\s+(?:Apt|Suite|Unit|Flat)\.?\s*\w+)?")
    return PatternRecognizer(supported_entity="LOCATION", name="StreetAddressRecognizer",
                             patterns=[Pattern("street address", regex, 0.7)],
                             global_regex_flags=0)
