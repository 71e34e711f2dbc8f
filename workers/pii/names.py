"""Person names the small spaCy model misses ("jenny", "Jan de Vries", "Tunde Bakare").

The NER model leans on capitalisation and English context, so lowercase names, names it has
not seen and Dutch/German/Spanish particle surnames slip through. Census name lists, cue
words and word frequency (a word rare in English beside a cue is likely a name) catch the
first two; a particle pattern catches the third. Measured by `make pii-eval`.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from functools import lru_cache

from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from workers.pii.fields import field_entity
from workers.pii.places import SENTENCE_ENDS, STREET_TYPES, place_names
from workers.pii.words import (
    COMMON_WORD_NAMES,
    FUNCTION_WORDS_ELSEWHERE,
    GREETINGS,
    census_last_names,
    common_english_words,
    common_words_in_any_language,
    every_census_first_name,
    everyday_english_words,
    everyday_words,
    first_names,
    is_first_name,
    recorded_first_names,
    unaccented,
    world_first_names,
)

_CUES_BEFORE = frozenset("""
name named i'm im am call called dear hi hello hey thanks thank from with ask asked tell told
contact met mr mrs ms miss dr prof patient customer client friend colleague wife husband son
daughter mom dad mother father brother sister boss manager cc regards signed sincerely cheers
by for to and or meet emailed texted remind ping loop tenant hire driver nurse employee
""".split())
# Kin, named after a comma too: "Minha mãe, Cláudia", "my sister, Adwoa".
_KIN = frozenset("""
sister brother wife husband son daughter mom mum dad cousin aunt uncle auntie aunty esposo
esposa marido mujer hijo hija hermano hermana fils fille mari femme sohn tochter filho filha
irmão irmã figlio figlia mãe pai mère père mutter vater moeder vader beti dochter zoon broer
zus dziadek babcia córka syn brat siostra żona mąż wnuk wnuczka nonno nonna zio zia opa oma
onkel tante abuelo abuela tío tía avô avó eşim kızım oğlum annem babam roommate flatmate
housemate bestie bff grandson granddaughter grandma grandpa nan nana
""".split())
# Before a capitalised name only: "los niños Emiliano y Regina", not "my sons ssn".
_KIN_GROUPS = frozenset("kids children sons daughters niños hijos hijas filhos filhas enfants "
                        "kinder".split())
# Cues strong enough that the capitalised words after them are a name even if unknown.
STRONG_CUES = frozenset("""
dear hi hello hey thanks mr mrs ms miss dr prof tell ask remind cc colleague customer patient
tenant hire driver husband wife named ping with morning evening ta thx call text message dm
madame monsieur mme mlle señor señora sr sra herr herrn frau signora auntie aunty uncle
tita tito lolo lola kuya ate mzee bibi agent si maître maitre pani pan panie sig srta dona dom
sayın bay bayan encik cik puan tuan kak abang adik pak bapak ibu mbak datuk don doña dra kapitan
pane paní coach chef fisio physio tutor mevrouw meneer dokter dott dottore dottoressa senhor
senhora hanım bey dj sig.ra sig.na sig.a dott.ssa
""".split()) | GREETINGS
# Ranks and religious titles that are other words in lowercase, cues only as written: "PC
# Ashworth", "DS Mensah", "Br Hamza" (not "my pc").
_CASED_TITLES = frozenset("PC DS DI DCI PCSO Sgt Br Fr Sr Sis".split())
# Titles written short with a full stop, which the tokenizer may keep apart: "Sr. Duarte".
_SHORT_TITLES = frozenset("mr mrs ms dr dra sr sra srta prof mme mlle sig br fr sgt".split())
# After these a word that is not common English is someone addressed or someone's kin:
# "ping deepak", "my sister adwoa".
_ADDRESSING = _KIN | GREETINGS | frozenset("""
hi hey hello dear thanks thx morning evening ping ask tell remind call text message dm cc
friend colleague boss manager sorry oga bro sis dude bhai didi passenger neighbour neighbor
partner fiancé fiancée flatmate roommate coworker bel rang ruf llama liga chiama
""".split())
# These, and "call back", "shoutout to" ("call back eftychia", "shoutout to tavita"), name
# someone only with a word that is no everyday word: not "ring doorbell".
_LOOSE_ADDRESSING = frozenset("ring shoutout congrats kudos".split())
_ADDRESSING_LINKS = frozenset(("back", "to"))
# Words no rule makes a name, looked up once per token.
# A court's parties, named by their role: "Plaintiff paid Defendant", "Deponent: ...".
_PARTIES = frozenset("""
plaintiff defendant claimant respondent petitioner appellant appellee deponent complainant
""".split())
_NEVER_NAMES = GREETINGS | FUNCTION_WORDS_ELSEWHERE | _PARTIES
_KIN_AND_GROUPS = _KIN | _KIN_GROUPS
# A word rare in English before one of these is someone doing it: "anneke sent".
_SPEECH_VERBS = frozenset("""
said says asked emailed wrote sent replied called mentioned dice dijo diz disse sagt sagte dit
zegt zei mówi powiedział dey speaking
""".split())
# A capitalised one before these too: "Björg closed the meeting".
_ACTION_VERBS = frozenset("""
closed opened joined left approved signed agreed confirmed promised suggested proposed
explained thinks thought knows phoned visited moved chaired presented booked cancelled
canceled resigned retired arrived takes took covers covered raises raised
""".split())
# What a chat's lowercase subject does: "bríd had to", "musa signed for it".
_DOINGS = _SPEECH_VERBS | _ACTION_VERBS | frozenset("""
had has was is will would can could did does signed called texted rang paid took picked
dropped collected drove left gave wants wanted locked needs needed says showed won hosted
brought made fixed finished lost checks checked got went came helped sorted stayed approves
replied covering waiting
""".split())
# What a first name that is also a word does right after it, or after one of _IN_PASSING,
# to be someone: "bill said", "Faith asked", "jo already cancelled", "Page says".
_NAMED_DOINGS = _SPEECH_VERBS | _ACTION_VERBS | frozenset("""
told texted rang messaged paid pays owes sent replied cancelled canceled
""".split())
_IN_PASSING = frozenset("already just always also never still finally literally had has"
                        .split())
# Either of these after a lowercase English word may make it a name ("bill said").
_DOER_NEXT = _NAMED_DOINGS | _IN_PASSING
_DETERMINERS = frozenset("a an the this that my your our his her their its".split())
# "and" in the languages prompts list names in: "Chloé et Hugo", "Giulia e Tommaso".
CONJUNCTIONS = frozenset("and & et y e und en i og och ve dan".split())
CONJUNCTION = "(?:" + "|".join(sorted(CONJUNCTIONS)) + ")"
# Minutes' actions: "Faith to organise a presentation"; not "Hope to see you there".
_WISHED = frozenset("see hear meet be have get go welcome catch speak talk".split())
# A clause opens after these too: "until aggeliki checks", "and bongi won".
_CLAUSE_OPENERS = frozenset("until unless when before after if because since while also but so "
                            "and".split())
# A dash with spaces around it parts two clauses: "quick one - shaz is off sick".
_DASHES = frozenset(("-", "–", "—"))
# A past tense this long or longer ends in "ed": "smashed", "pulled" (not "bed", "red").
_SHORT_PAST = 4
# Who speaks or is greeted in a chat by role, not name: "[10:02] Cliente:", "Agent:",
# "vendedor:", "alaikum doktor".
_CHAT_ROLES = frozenset("""
agent agente agentin customer cliente client klant klient kunde kundin user usuario usuária
utilisateur utente bot chatbot assistant support soporte suporte operator operador operatore
moderator admin system host guest caller staff dispatcher driver rider courier tech engineer
doktor doctor doc sir madam rep seller buyer vendedor vendedora comprador compradora venditore
acquirente vendeur acheteur verkäufer käufer verkoper koper sprzedawca kupujący prodávající
kupující satıcı
""".split())
# Introductions: "this is declan", "I'm Aoife"; in chat also "its rajkumar", "im wanjiru".
_INTRODUCTIONS = (("this", "is"), ("i", "am"), ("i", "'m"), ("it", "'s"), ("my", "name"),
                  ("name", "is"), ("ich", "bin"), ("ik", "ben"), ("je", "suis"), ("io", "sono"),
                  ("me", "llamo"), ("je", "m'appelle"), ("chamo", "-me"), ("mi", "chiamo"))
# Said at the start of a clause, these introduce the speaker in chat or in other languages:
# "hey, its rajkumar", "Merhaba, ben Elif", "Hola, soy Esperanza", "Olá, sou a Joana".
_CHAT_INTRODUCTIONS = frozenset("its im ben soy sou sono".split())
# Words after which a word of another language is a name: titles, kin and introductions.
_NAMED_AFTER = STRONG_CUES | _KIN | _CHAT_INTRODUCTIONS
# A family by its name: "Familie Brandstätter", "Familia Maldonado Zúniga".
_FAMILY_WORDS = frozenset("familie familia famille famiglia família rodzina".split())
# "check with olamide", "talk to siobhan": someone consulted.
_CONSULTING = frozenset("""
check checked checking sync synced talk talked speak spoke chat chatted meet met confirm
confirmed coordinate follow followed reply replied respond responded
""".split())
# Said after a name: "malhotra ji", "selvi madam", "jiwoo-ssi", "tanaka-san".
_HONORIFICS_AFTER = frozenset("ji sahab saab madam sir san sama kun chan ssi nim sb bhai didi "
                              "hanım hanim bey".split())
# "is rukhsana around?": someone's presence asked after.
_PRESENCE = frozenset("around here there online available free back in out off away busy".split())
# "did kavya merge...": a lowercase first name after these is somebody, not a word.
_AUXILIARIES = frozenset("did does is was has had can could will would should".split())
# Sign-offs: the name follows on the same or the next line ("Best,\nPadraig").
_CLOSINGS = frozenset("best regards cheers thanks thx ta sincerely warmly yours".split())
_SIGNATURE = re.compile(r"(?:^|\s)(?:/|—|–|--?|~)[ \t]?([^\W\d_][^\W\d_'’-]+)[ \t]*['\"’]?"
                        r"[ \t]*$", re.MULTILINE)
_CUES_AFTER = frozenset("""
said says asked wants wanted called emailed wrote lives lived works worked is was has had 's
will would needs needed reported complained mentioned from
""".split())
# Accented words this short are often Vietnamese, whose words no list here holds ("Sáu").
_SHORT_ACCENTED = 3
# Letters from which a lowercase word of everyday English is no nickname.
LONG_WORD = 6
# The commonest US census surnames: past this rank they are mostly rare or ordinary words.
SURNAME_RANK = 5000
_EMAIL_LOCAL = re.compile(r"([A-Za-z][\w.-]*)@[\w-]+\.[\w.-]+")
_PARTICLES = (r"(?:van der|van den|van de|van 't|van ’t|van|von der|von und zu|von|zu|de la|i|"
              r"ul|ud|de los|delos|dela|de|der|den|del|della|di|da|dos|du|le|la|ter|ten|bin|"
              r"binti|bint|ibn|al|el|mac|o'|ap|arap|ferch|verch|Ní|Nic|Mac|Mc|Ó|Ua|Uí|Dela|De la|"
              r"De los|Delos|De)")


def opens_sentence(tokens, index: int) -> bool:
    return index == 0 or tokens[index - 1].text[-1] in SENTENCE_ENDS


@lru_cache(maxsize=1)
def census_surnames() -> frozenset[str]:
    """The SURNAME_RANK commonest US census surnames, minus stop words, common words and
    street types ("Marlowe Street" is a place)."""
    return frozenset(name for name in census_last_names()[:SURNAME_RANK]
                     if name not in STOP_WORDS and name not in COMMON_WORD_NAMES
                     and name not in STREET_TYPES)


def _signatures(text: str) -> list[tuple[int, int, float]]:
    """"Send them today. /Freja" or "— Eitan": a dash or slash, then one word that is not
    common English, ending its line."""
    return [(match.start(1), match.end(1), 0.6) for match in _SIGNATURE.finditer(text)
            if match[1].lower() not in common_english_words()]


# A chat line's head: an optional time, then who speaks by role and first name ("coach
# mike:", "Librarian Tamsin:"), with the name in brackets ("Office (Precious):",
# "support(omar):"), or after a time by a first name alone ("[08:05] dan:").
_CHAT_LINE = re.compile(r"^[ \t]*(?P<time>\[[^\]\n]{1,25}\][ \t]*|\d{1,2}[:.]\d{2}[ \t]+)?"
                        # A title a community chat writes its speakers with: "br. idris:".
                        r"(?:(?i:br|bro|sr|sis|dr|fr|mr|mrs|ms)\.?[ \t]+)?"
                        r"(?P<head>[^\W\d_][^\W\d_'’-]*(?:[ \t]+[^\W\d_][^\W\d_'’-]*)?)"
                        r"(?:[ \t]*\((?P<bracketed>[^\W\d_][^\W\d_'’-]*)\))?[ \t]*:[ \t]+\S",
                        re.MULTILINE)
# Lines a chat must have for its heads to count as people: one alone is a form's field.
MIN_CHAT_LINES = 3


def _chat_speakers(text: str) -> list[tuple[int, int, float]]:
    """First names that speak in a chat of MIN_CHAT_LINES lines or more, perhaps after a
    title ("[08:12] br. idris:"): in brackets after a role ("Office (Precious):"), before a
    role in brackets ("dana (tech):"), after a role ("coach mike:", "chef ade:"), with a
    surname or initial ("lin wei:", "marcus t:"), or alone after a time even where the name
    is a word elsewhere ("[08:05] dan:", Malay for "and"). A role and its name are written
    in one case: "Preferred branch:" and "Dirujuk oleh:" are a form's keys, and "Grace
    Period:" is no one's."""
    lines = list(_CHAT_LINE.finditer(text))
    if len(lines) < MIN_CHAT_LINES:
        return []
    spans = []
    for line in lines:
        words, bracketed = line["head"].split(), line["bracketed"]
        start, end = line.span("head")
        if bracketed and _speaking_name(bracketed):
            start, end = line.span("bracketed")
        elif len(words) == 2 and words[0].istitle() == words[1].istitle() \
                and _speaking_name(words[1]) and not is_first_name(words[0].lower()):
            start = end - len(words[1])
        elif not (len(words) == 2 and words[0].istitle() == words[1].istitle()
                  and _speaking_name(words[0]) and (len(words[1]) == 1 or words[1].lower()
                                                    not in common_english_words())
                  or len(words) == 1 and (line["time"] or bracketed)
                  and _speaking_name(words[0])):
            continue
        spans.append((start, end, 0.6))
    return spans


# An account's handle made of a first name and more, joined by "_" or ".": "sara_karimi",
# "marcus_b_88", "ana.paula.r".
_HANDLE = r"[a-z][a-z0-9]*(?:[._][a-z0-9]+)+"
# Where a handle is someone's: after "@", before the person's name in brackets ("dougie_mcr
# (Douglas Fairclough)"), or under a key that names an account ("Username: marcus_b_88",
# "display_name": "oisin_mgp").
_HANDLE_PLACES = re.compile(
    rf"(?<![\w.-])@(?P<at>{_HANDLE})"
    rf"|(?<![\w.@-])(?P<named>{_HANDLE})[ \t]+\([A-Z][a-z]"
    rf"|(?i:user(?:[ _]?name)?|display[ _]?name|handle|login|seller|buyer|reporter"
    rf"(?:[ _]username)?|screen[ _]name|nick(?:name)?)[\"']?[ \t]*[:=][ \t]*[\"']?"
    rf"(?P<keyed>{_HANDLE})")
# Or speaking at a line's start: after a time ("[16:20] sara_karimi: salam"), or saying
# words on two lines or more, as a config's keys do not ("max_retries: 3").
_HANDLE_SPEAKING = re.compile(rf"^[ \t]*(?P<time>\[[^\]\n]{{1,20}}\][ \t]*)?"
                              rf"(?P<speaker>{_HANDLE}):[ \t]*(?P<said>[^\n]*)", re.MULTILINE)
_MIN_SPOKEN_LINES = 2
_MIN_HANDLE_NAME = 3
# Or a first name and a surname joined by a dot, standing alone in a sentence ("A third user,
# liam.doherty, screenshotted"): neither a file ("mark.txt") nor code ("self.name").
_DOTTED_NAME = re.compile(r"(?<![\w.@/:-])(?P<first>[a-z]{3,})\.(?P<last>[a-z]{3,})(?![\w.@/(-])")
# A profile's address says whose it is: "linkedin.com/in/priya-raghunathan-ml",
# "calendly.com/arjun-menon-talent".
_PROFILE = re.compile(r"(?i:linkedin\.com/in/|calendly\.com/)(?P<slug>[\w%-]+)")
_FILE_SUFFIX = re.compile(r"\.(?:txt|py|js|ts|md|json|csv|log|pdf|docx?|xlsx?|png|jpe?g|ya?ml)$")


# Who said a quoted line, after its dash: '"Food was good." — Mark from Leeds', '— Bill & June'.
_ATTRIBUTION = re.compile(r"[\"”][ \t]*[—–][ \t]*(?P<name>[A-Z][a-z'’-]+)"
                          r"(?:[ \t]*(?:&|and)[ \t]*(?P<other>[A-Z][a-z'’-]+))?")
# Kin named beside the word for them, between commas or in brackets: "her partner, Cash, has",
# "Partner (Ola) works nights".
_KIN_NAMED = re.compile(r"(?<=[^\W\d_])(?:,[ \t]*(?P<comma>[A-Z][a-z'’-]+)(?=,)"
                        r"|[ \t]*\((?P<bracket>[A-Z][a-z'’-]+)\))")
_NAMING_KIN = _KIN | {"partner", "fiancé", "fiancée"}
_LAST_WORD = re.compile(r"([^\W\d_]+)$")
# First names joined mid-sentence, neither an English word nor a place: "di Giulia e Matteo".
_PAIR = re.compile(rf"(?<=[a-z,][ \t])(?P<one>[A-Z][a-z'’-]+)[ \t]+{CONJUNCTION}[ \t]+"
                   r"(?P<two>[A-Z][a-z'’-]+)(?![ \t]*[A-Z])")


def _named_by_their_place(text: str) -> list[tuple[int, int, float]]:
    """First names where the sentence's shape says they are someone's: after a quote's dash,
    beside a word for kin, or two joined in mid-sentence."""
    english, places = common_english_words(), place_names()
    spans = [match.span(group) for match in _ATTRIBUTION.finditer(text)
             for group in ("name", "other") if match[group] and is_first_name(match[group].lower())]
    spans += [match.span(group) for match in _KIN_NAMED.finditer(text)
              for group in ("comma", "bracket") if match[group]
              and is_first_name(match[group].lower())
              and _LAST_WORD.search(text, max(0, match.start() - 20), match.start())[1].lower()
              in _NAMING_KIN]
    spans += [match.span(group) for match in _PAIR.finditer(text)
              if all(is_first_name(match[part].lower()) and match[part].lower() not in english
                     and match[part] not in places for part in ("one", "two"))
              for group in ("one", "two")]
    return [(start, end, 0.6) for start, end in spans]


# Who attended, by initials, in minutes ("Present: AB, KO'D, MJ, R. Fonseca"): after a key
# that lists people, initials standing as items between commas.
_ATTENDANCE = re.compile(r"(?i:\b(?:present|attendees|attendance|in attendance|participants"
                         r"|apologies|absent))[ \t]*:[ \t]*(?P<items>[^\n]+)")
_INITIALS = re.compile(r"[A-Z]{2,3}|[A-Z]{1,2}['’][A-Z]{1,2}")
# Teams and roles also come as capitals in such lists: "Attendees: IT, HR, Finance".
_TEAMS = frozenset("IT HR QA PM PR BD UX UI GM VP CEO CFO CTO COO CIO CMO EA PA ops".split())
_MIN_ATTENDANCE_ITEMS = 2


def _initials_present(text: str) -> list[tuple[int, int, float]]:
    """Initials listed as who attended, and wherever the text writes them again as a word
    ("- AB to send the rota", "KO'D and AB to review"); not teams ("IT, HR")."""
    initials = set()
    for match in _ATTENDANCE.finditer(text):
        items = [item.strip() for item in re.split(r",|\band\b|&", match["items"])]
        if len(items) >= _MIN_ATTENDANCE_ITEMS:
            initials |= {item for item in items
                         if _INITIALS.fullmatch(item) and item not in _TEAMS}
    return [(*match.span(), 0.6) for value in initials for match in
            re.finditer(rf"(?<![\w'’-]){re.escape(value)}(?![\w'’-])", text)]


def _handles(text: str) -> list[tuple[int, int, float]]:
    """Handles whose first part is a first name, where they are someone's, and wherever
    else the text writes them: "sara_karimi" speaks on every line of a chat. Not a file or a
    field's name ("mark.txt", "max_retries"): those stand nowhere a handle does."""
    candidates = {next(group for group in match.groups() if group)
                  for match in _HANDLE_PLACES.finditer(text)}
    spoken: dict[str, int] = {}
    for match in _HANDLE_SPEAKING.finditer(text):
        if match["time"]:
            candidates.add(match["speaker"])
        elif len(match["said"].split()) > 1:
            spoken[match["speaker"]] = spoken.get(match["speaker"], 0) + 1
    candidates |= {handle for handle, lines in spoken.items() if lines >= _MIN_SPOKEN_LINES}
    candidates |= {match[0] for match in _DOTTED_NAME.finditer(text)
                   if match["last"] in census_surnames()}
    handles = {handle for handle in candidates
               if len(first := re.split(r"[._\d]", handle)[0]) >= _MIN_HANDLE_NAME
               and is_first_name(first) and not _FILE_SUFFIX.search(handle)}
    return [(match.start(), match.end(), 0.6) for handle in handles
            for match in re.finditer(rf"(?<![\w.-]){re.escape(handle)}(?![\w@-]|\.\w)", text)
            ] + [(*match.span("slug"), 0.6) for match in _PROFILE.finditer(text)]


def _speaking_name(word: str) -> bool:
    lower = word.lower()
    return is_first_name(lower) and (word.islower() or word.istitle()) \
        and lower not in _CHAT_ROLES and not field_entity(word)


# A code comment's owner: "TODO(Yolany):", "FIXME(okafor)", "TODO(kerry-ann)".
_CODE_OWNER = re.compile(r"\b(?:TODO|FIXME|XXX|HACK|NOTE)\(([^\W\d_]+(?:[-'’.][^\W\d_]+)*)\)")


def _code_owners(text: str) -> list[tuple[int, int, float]]:
    return [(match.start(1), match.end(1), 0.6) for match in _CODE_OWNER.finditer(text)
            if match[1].lower() not in everyday_words() or is_first_name(match[1].lower())]


# "The Okwuosa family", "the Al-Amin family": a family by its name.
_FAMILY = re.compile(r"\b[Tt]he[ \t]+([A-Z][^\W\d_'’]*(?:[-'’][A-Z][^\W\d_]*)?)[ \t]+"
                     r"(?:family|household|twins|kids)\b")


def _families(text: str) -> list[tuple[int, int, float]]:
    """A family named by a word that is no everyday word: "the Okwuosa family", not "the
    Royal family"."""
    return [(match.start(1), match.end(1), 0.6) for match in _FAMILY.finditer(text)
            if match[1].lower() not in everyday_words()]


CALENDAR_WORDS = frozenset(name.lower() for name in (
    *calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr) if name)
# Names this short are often other words too: "Thu", "Ove", "Dag".
_SHORT_NAME = 3
# A maiden name after "née" or "born" in brackets: "(née Coppola)", "(born du Toit)",
# "geb. Schulz".
_MAIDEN_NAME = re.compile(r"(?:\((?i:née|nee|born|geb\.|geborene|z domu)|\b(?:née|geb\.))[ \t]+"
                          rf"((?:{_PARTICLES}[ \t]+)?[^\W\d_a-z][^\W\d_]+(?:[-'’][^\W\d_]+)*)"
                          r"(?![\w'’-])")


def _maiden_names(text: str) -> list[tuple[int, int, float]]:
    """The surname someone was born with, which NER reads as no one after "née"; not the
    month of "(born March 1951)"."""
    return [(match.start(1), match.end(1), 0.6) for match in _MAIDEN_NAME.finditer(text)
            if match[1].lower() not in CALENDAR_WORDS]


# A nickname in quotes between a first name and a surname: 'Huw "Dai" Roberts', "Derek 'Del'
# Holloway", 'Rosalind "Roz" Achebe-Carter', 'Maria "Tess" dela Cruz'.
_NICKNAMED = re.compile(r"(?<![\w'’-])([^\W\d_a-z][^\W\d_]+)[ \t]+[\"“'‘][^\W\d_][^\W\d_ .'’-]*"
                        r"(?:[ .'’-][^\W\d_]+)?[\"”'’][ \t]+"
                        rf"((?:{_PARTICLES}[ \t]+)?(?:Mc|Mac|O['’])?[^\W\d_a-z][^\W\d_]*"
                        r"(?:[-'’][^\W\d_]+)*)(?![\w'’-])")
# A first name and the initial of a surname, as apps show couriers and drivers: "Kwame A.".
_FIRST_NAME_INITIAL = re.compile(r"(?<![\w'’.-])([^\W\d_a-z][^\W\d_A-Z]+)[ \t]+[A-Z]\.(?!\w)")


def _nicknamed(text: str) -> list[tuple[int, int, float]]:
    """A first name, a nickname in quotes and a surname: the whole is one person's name."""
    return [(match.start(), match.end(), 0.6) for match in _NICKNAMED.finditer(text)
            if is_first_name(match[1].lower()) and match[2].lower() not in STRONG_CUES]


def _first_names_with_an_initial(text: str) -> list[tuple[int, int, float]]:
    """A first name that is no English word, then a capital and a full stop: "Kwame A.",
    not "Will B." nor "Plan B."."""
    english = common_english_words()
    return [(match.start(), match.end(), 0.6) for match in _FIRST_NAME_INITIAL.finditer(text)
            if is_first_name(match[1].lower()) and match[1].lower() not in english]


# Two lowercase words, as chat and transcripts write a whole name: "bernadette mcguinness".
_WORD_BEFORE = re.compile(r"([^\W\d_]+)['’]?\w*[ ]$")
_LOWERCASE_PAIR = re.compile(r"(?<![\w@./:#'’-])([^\W\d_A-Z]{3,})[ ]"
                             r"([^\W\d_A-Z]{3,}(?:['’-][^\W\d_]+)?)(?![\w@/'’-]|\.\w)")


def _lowercase_full_names(text: str) -> list[tuple[int, int, float]]:
    """After an everyday English word, a US census first name that no language uses as a
    word, then a word none uses every day or a census surname that is no English word, both
    unaccented: "she's bernadette mcguinness", not "maria said" nor two words of Vietnamese
    or Malay ("tóm tắt", "kali untuk"), whose everyday words the lists of first names hold."""
    english, common = common_english_words(), common_words_in_any_language()
    return [(match.start(), match.end(), 0.6) for match in _LOWERCASE_PAIR.finditer(text)
            if (before := _WORD_BEFORE.search(text, max(0, match.start() - 20), match.start()))
            and before[1].lower() in everyday_english_words()
            and match.group().isascii() and match[1] in every_census_first_name()
            and match[1] not in common and match[2] not in english
            and (match[2] not in common or match[2] in census_surnames())]


# A record's "SURNAME, Given" or "Surname, Given": "HOLLOWAY, Jean", "pt=Ferreira, Tiago",
# "O'Sullivan, Niamh", "RAMIREZ-OCHOA, Luis Alberto", "FERREIRA DA SILVA, Gabriel".
_SURNAME_FIRST = re.compile(r"(?<![\w'’,-])([^\W\d_a-z][^\W\d_]*(?:[-'’][^\W\d_]+)*"
                            r"(?:[ ](?:DA|DE|DO|DOS|DAS|DI|DEL|DELLA|VAN|VON|DER|LE|LA|EL|AL)"
                            r"[ ][^\W\d_a-z][^\W\d_a-z]+)*),[ \t]+"
                            r"([^\W\d_a-z][^\W\d_A-Z]+(?:[ \t][^\W\d_a-z][^\W\d_A-Z]+)?)"
                            r"(?:[ \t][A-Z]\.)?(?![\w'’-])")


# A list's mark opening the line before a name: "1) Beaulieu, Claudette", "- Okafor, Chidi".
_LIST_MARK_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}[.)]|[-*•])[ \t]+$")


def _surnames_first(text: str) -> list[tuple[int, int, float]]:
    """A surname, a comma, then given names, where the pair opens its line, list item, cell or
    field (a comma inside a sentence parts a list: "met Okafor, Jean and Ruth") or the surname
    is in capitals ("prisoner A1234BC NWOSU, Kelechi"). The surname is a census surname or no
    English word, and no place unless in capitals ("Thanks, John" and "Leeds, Sarah" are not;
    "NAKAMURA, Haruto" is); each given name a first name, one that is no English word unless the
    surname is in capitals or the pair fills a quoted cell ("HOLLOWAY, Jean", '"Bakker, Wim"').
    In a quoted cell, any given name that is no English word will do ('"Chen, Yiwen"'): the
    lists of first names miss most of China's."""
    english, places = common_english_words(), place_names()
    spans = []
    for match in _SURNAME_FIRST.finditer(text):
        surname, given = match[1], match[2].split()
        plain = surname.lower().replace("’", "'")
        opening = text[max(0, match.start() - 2):match.start()]
        quoted = opening.endswith('"') and text[match.end():match.end() + 1] == '"'
        marked = surname.isupper() and len(surname) > 2 or quoted
        if not (marked or not opening.strip(" \t") or opening[-1] in "'=:|\n\t("
                or opening.rstrip()[-1:] in "=:|(" or _LIST_MARK_BEFORE.search(
                    text, max(0, match.start() - 8), match.start())):
            continue
        if (plain not in english or plain in census_surnames()) and len(surname) > 1 \
                and (marked or surname.title() not in places) \
                and plain not in STRONG_CUES | GREETINGS \
                and all((is_first_name(name.lower()) or quoted and name.lower() not in english)
                        and (marked or name.lower() not in english) for name in given):
            spans.append((match.start(), match.end(), 0.6))
    return spans


# Three or more capitalised words in a list: "Gábor, Réka and Dániel", "Lotte, Noor, Fenna".
_LISTED = re.compile(r"(?<![\w'’-])[^\W\d_a-z][^\W\d_]+(?:,[ \t]+[^\W\d_a-z][^\W\d_]+)+"
                     rf"(?:,?[ \t]+{CONJUNCTION}[ \t]+[^\W\d_a-z][^\W\d_]+)?(?![\w'’-])")
MIN_LISTED_NAMES = 3


def _listed_first_names(text: str) -> list[tuple[int, int, float]]:
    """Each name of a list of MIN_LISTED_NAMES first names or more, all title case and none
    a word of English: "We removed Gábor, Réka and Dániel" (not "Rose, Lily and Iris")."""
    english, spans = common_english_words(), []
    for listed in _LISTED.finditer(text):
        words = list(re.finditer(r"[^\W\d_]+", listed.group()))
        names = [word for word in words if word[0][0].isupper()]
        if len(names) >= MIN_LISTED_NAMES and all(
                word[0].istitle() and is_first_name(word[0].lower())
                and word[0].lower() not in english for word in names):
            spans += [(listed.start() + word.start(), listed.start() + word.end(), 0.6)
                      for word in names]
    return spans


MIN_RUN_TOGETHER_PART = 3


def _names_echoed_by_email_addresses(text: str) -> list[tuple[int, int, float]]:
    """"ingrid.larsen@..." names the "Ingrid Larsen" (or "ingrid larsen") of the same record,
    even where the tokenizer cannot split it out (CSV rows without spaces). Parts that are
    common words ("support@", "sales.team@") name nobody alone, but the whole name the
    address spells is someone's if a part is a first name or no word ("Bill Stone" of
    "bill.stone@", not "Customer Relations")."""
    emails = list(_EMAIL_LOCAL.finditer(text))
    parts = {part.lower() for email in emails for part in re.split(r"[._-]", email[1])
             if len(part) > 2 and part.isalpha() and part.lower() not in common_english_words()}
    # A whole name the address spells, even with a part that is a word: "Usman Butt" of
    # "usman.butt@", "Bill Stone" of "bill.stone@".
    wholes = {r"[ \t]+".join(map(re.escape, name)) for email in emails
              for name in [[part for part in re.split(r"[._-]", email[1]) if part]]
              if len(name) in (2, 3) and all(part.isalpha() and len(part) > 1 for part in name)
              and any(part.lower() in every_census_first_name()
                      or part.lower() not in common_english_words() for part in name)}
    # A name run together ("willtanner88@" of "will tanner"): split after a first name.
    wholes |= {rf"{re.escape(letters[:cut])}[ \t]+{re.escape(letters[cut:])}"
               for email in emails if (letters := email[1].rstrip("0123456789").lower()).isalpha()
               for cut in range(MIN_RUN_TOGETHER_PART, len(letters) - MIN_RUN_TOGETHER_PART + 1)
               if is_first_name(letters[:cut])}
    if not parts and not wholes:
        return []
    names = re.compile(r"\b(?:" + "|".join([*sorted(wholes, key=len, reverse=True),
                                             *map(re.escape, parts)]) + r")\b", re.IGNORECASE)
    return [(match.start(), match.end(), 0.6) for match in names.finditer(text)
            if not any(email.start() <= match.start() < email.end() for email in emails)]


def _strong_cue(tokens, index: int) -> bool:
    if index > 1 and tokens[index - 1].text == "." and not tokens[index - 2].whitespace_:
        return tokens[index - 2].lower_ in _SHORT_TITLES
    return index > 0 and (tokens[index - 1].lower_.rstrip(".") in STRONG_CUES
                          or tokens[index - 1].text.rstrip(".") in _CASED_TITLES)


def cued_lowercase_words(tokens) -> list[int]:
    """Lowercase words right after a strong cue ("ask priya") and words listed after one
    ("priya and raj"), unless they are common English and nobody's name ("the agent
    wrote"). NER keys on capitals, so the engine shows it these words capitalised: one NER
    pass, where asking again on a window around each cost ~1 ms a window."""
    found: list[int] = []
    english = common_english_words()
    for index, token in enumerate(tokens):
        if token.is_alpha and token.is_lower and token.lower_ not in STOP_WORDS \
                and token.lower_ not in FUNCTION_WORDS_ELSEWHERE \
                and (token.lower_ not in english or is_first_name(token.lower_)) \
                and len(token) > 2 and (_strong_cue(tokens, index) or (
                    index > 1 and tokens[index - 1].lower_ in ("and", "or", ",")
                    and index - 2 in found)):
            found.append(index)
    return found


_CLAUSE_MARKS = frozenset("'\"’()[]-–—/&@#")
# A word of a name: letters, perhaps with an apostrophe inside ("O'Halloran").
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A clock time opening a log line: "23:06 Ravi acks".
_CLOCK_TIME = re.compile(r"\d{1,2}[:.]\d{2}")


def capitalised(token) -> bool:
    """Written like a name: "Moore", "MacAoidh", "O'Halloran"; not "NASA", not "x2"."""
    return token.text[:1].isupper() and not token.is_upper \
        and bool(_NAME_TOKEN.fullmatch(token.text))


def _opens_clause(tokens, index: int) -> bool:
    """At the start of a line or a sentence, or after a comma, a greeting or an emoji: "hey,
    its ...", "hi eilidh", "nice. ruairi can you...", "🙃 tobi can u..."."""
    if index == 0 or "\n" in tokens[index - 1].text or "\n" in tokens[index - 1].whitespace_ \
            or not any(char.isalnum() or char in _CLAUSE_MARKS for char in tokens[index - 1].text):
        return True
    return tokens[index - 1].text in (",", ":") or tokens[index - 1].text[-1] in SENTENCE_ENDS \
        or tokens[index - 1].lower_ in _ADDRESSING


def _previous_word(tokens, index: int) -> int:
    """The index of the nearest earlier word, or -1."""
    while index > 0:
        index -= 1
        if tokens[index].is_alpha:
            return index
    return -1


class CueNameRecognizer(LocalRecognizer):
    """Names by their company: a census first name beside a cue word or capitalised
    mid-sentence; a capitalised word that an email address in the text also spells; words
    right after a strong cue ("Dear Aoife", "ping deepak") or a sign-off ("Best,\nPadraig");
    a chat speaker ("[10:02] layla:"); an unknown capitalised word before a census surname;
    and two capitalised words that are neither English nor places ("Tunde Bakare")."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="CueNameRecognizer")

    def load(self) -> None:
        self.first_names, self.surnames = first_names(), census_surnames()
        self.english, self.places = common_english_words(), place_names()
        self.common, self.everyday = common_words_in_any_language(), everyday_words()
        self.everyday_english = everyday_english_words()

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        if nlp_artifacts is None or not nlp_artifacts.tokens:
            return []
        tokens = nlp_artifacts.tokens
        spans = _names_echoed_by_email_addresses(text) + _signatures(text) \
            + _code_owners(text) + _chat_speakers(text) + _families(text) \
            + _listed_first_names(text) + _surnames_first(text) + _maiden_names(text) \
            + _nicknamed(text) + _first_names_with_an_initial(text) \
            + _lowercase_full_names(text) + _handles(text) + _initials_present(text) \
            + _named_by_their_place(text)
        ends: set[int] = set()
        speakers = _dialogue_speakers(tokens)
        german, foreign = getattr(nlp_artifacts, "other_languages", ((), ()))
        for index, token in enumerate(tokens):
            # Most words are lowercase common English that no rule can make a name.
            if token.is_lower and token.lower_ in self.english \
                    and not self._first_name(token.lower_) \
                    and not (index > 0 and tokens[index - 1].text == "]") \
                    and not (index + 1 < len(tokens)
                             and tokens[index + 1].lower_ in _DOER_NEXT):
                continue
            if (token.is_alpha or _NAME_TOKEN.fullmatch(token.text)) \
                    and token.lower_ not in _NEVER_NAMES \
                    and not self._word_of_its_language(tokens, index, german, foreign, speakers):
                score = self._score(tokens, index, german, foreign) \
                    or self._listed_after(tokens, index, ends) \
                    or (0.6 if index in speakers else 0.0)
                if score:
                    start, end, score = self._with_surname(tokens, index, score)
                    spans.append((start, end, score))
                    ends.add(next(i for i in range(index, len(tokens))
                                  if tokens[i].idx + len(tokens[i].text) == end))
        return [RecognizerResult("PERSON", start, end, score, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}) for start, end, score in spans]

    def _score(self, tokens, index: int, german, foreign) -> float:
        """How sure the company of the word at `index` makes it a name; 0 for not a name."""
        token, cued = tokens[index], self._cued(tokens, index)
        # A long lowercase word English uses every day is no name however far down its list
        # ("acknowledging", "caterers"); short ones are often nicknames ("kev", "nacho").
        rare = token.lower_ not in self.english and len(token) > 2 and not (
            token.is_lower and len(token) >= LONG_WORD and token.lower_ in self.everyday_english
            and not self._first_name(token.lower_))
        # A timestamped chat line's speaker is someone, even "[09:15] rich:" or "grace:".
        if index > 0 and tokens[index - 1].text == "]" and (token.is_lower or token.is_title) \
                and self._speaker(tokens, index):
            return 0.6
        if self._first_name(token.lower_) and (cued or token.is_title and index > 0 or (
                index > 0 and tokens[index - 1].lower_ in _AUXILIARIES)):
            return 0.7 if cued else 0.5
        # A first name that is also a word of another language, capitalised mid-sentence in
        # English or where that language is not written ("Mariusz not in today", "hos Viktor
        # tisdag"); not in German, whose nouns all are, nor a day's or month's name.
        if token.is_title and not opens_sentence(tokens, index) and len(token) > _SHORT_NAME \
                and index not in german and not (index in foreign and token.lower_ in self.common) \
                and is_first_name(token.lower_) and token.lower_ not in self.english \
                and token.lower_ not in CALENDAR_WORDS:
            return 0.5
        if capitalised(token) and (_strong_cue(tokens, index)
                                      or tokens[index - 1].lower_ in _KIN_AND_GROUPS) \
                and (rare or is_first_name(token.lower_)):
            return 0.6
        after = tokens[index + 1].lower_ if index + 1 < len(tokens) else ""
        if (rare or self._first_name(token.lower_)) and (token.is_title or token.is_lower) and (
                self._speaker(tokens, index) or self._clause_subject(tokens, index)):
            return 0.6
        if rare and (token.is_title or token.is_lower) and (
                self._addressed(tokens, index) or self._honoured(tokens, index)
                or self._speaker(tokens, index)
                or self._introduced(tokens, index) or self._vocative(tokens, index)
                or self._consulted(tokens, index) or self._asked_after(tokens, index)
                or self._clause_subject(tokens, index)
                or after in _SPEECH_VERBS and (token.is_title or token.lower_ not in self.everyday
                                               or self._first_name(token.lower_))
                or token.is_title and after in _ACTION_VERBS):
            return 0.6
        if self._timed_subject(tokens, index) or self._in_brackets(tokens, index) \
                or self._from_somewhere(tokens, index) or self._named_doer(tokens, index):
            return 0.6
        if self._before_surname(tokens, index):
            return 0.6 if cued else 0.45
        # Two-letter family names open many names: "Đỗ Quang Huy", "Ng Wei Ming".
        if token.is_title and self._unknown_pair(tokens, index) and (
                rare or len(token) == 2 or is_first_name(token.lower_)):
            return 0.5
        return 0.0

    def _word_of_its_language(self, tokens, index: int, german, foreign, speakers) -> bool:
        """In a German sentence, where every noun is capitalised, a word that is no first
        name or surname ("Westfriedhof"); in another language's, a lowercase word
        or one of its everyday words ("bel hem even op", "Berikut"). Unless a title, kin, an
        introduction or a chat's timestamp comes before it or an honorific after it: "Herr
        Zwicklbauer", "Dziadek Józef", "soy nacho", "[09:14] marta:", "malhotra ji"; and a
        family's name with the word before it, "Familie Brandstätter"."""
        if index not in german and index not in foreign:
            return False
        word = tokens[index].lower_
        before = tokens[index - 1].lower_ if index else ""
        after = tokens[index + 1].lower_ if index + 1 < len(tokens) else ""
        if is_first_name(word) or word in self.surnames or before in _NAMED_AFTER \
                or after in _HONORIFICS_AFTER or index in speakers or before == "]" \
                or word in _FAMILY_WORDS and index + 1 < len(tokens) and tokens[index + 1].is_title:
            return False
        return index in german or tokens[index].is_lower or word in self.common

    def _first_name(self, word: str) -> bool:
        """A first name that is rarely anything else, accented as the lists are not
        ("Pádraig", "Sinéad"); not a short accented word, which is often one of Vietnamese,
        whose words no list here holds ("thứ Sáu", "giờ")."""
        return word in self.first_names or not word.isascii() and len(word) > _SHORT_ACCENTED \
            and word not in self.common and unaccented(word)[0] in self.first_names

    @staticmethod
    def _cued(tokens, index: int) -> bool:
        before = {token.lower_ for token in tokens[max(0, index - 3):index]}
        after = tokens[index + 1].lower_ if index + 1 < len(tokens) else ""
        return bool(before & _CUES_BEFORE) or after in _CUES_AFTER

    def _addressed(self, tokens, index: int) -> bool:
        """"ping deepak", "morning fergal", "call back eftychia", "Minha mãe, Cláudia",
        "Best,\nPadraig", "ta, imogen"."""
        if tokens[index].lower_ in _CHAT_ROLES:
            return False
        if index > 0 and tokens[index - 1].lower_ in _ADDRESSING or index > 1 \
                and tokens[index - 1].text == "," and tokens[index - 2].lower_ in _KIN:
            return True
        if tokens[index].lower_ not in self.everyday and index > 0 and (
                tokens[index - 1].lower_ in _LOOSE_ADDRESSING or index > 1 and (
                    tokens[index - 1].lower_ == "back" and tokens[index - 2].lower_ in _ADDRESSING
                    or tokens[index - 1].lower_ in _ADDRESSING_LINKS
                    and tokens[index - 2].lower_ in _LOOSE_ADDRESSING)):
            return True
        previous = _previous_word(tokens, index)
        return previous >= 0 and tokens[previous].lower_ in _CLOSINGS \
            and index - previous <= 4 and tokens[index - 1].text in (",", "\n", "\n\n")

    @staticmethod
    def _speaker(tokens, index: int) -> bool:
        # A role the chat's tool writes ("[10:41] Visitor:", "[09:02] Recruiter:") is an
        # English word that is no first name.
        word = tokens[index].lower_
        if word in _CHAT_ROLES or word in common_english_words() and not is_first_name(word):
            return False
        if index > 0 and tokens[index - 1].text == "]" and tokens[index].is_title:
            # "[18:20] Anand Iyengar: ..." speaks under their full name.
            colon = next((i for i in range(index + 1, min(index + 4, len(tokens)))
                          if not tokens[i].is_title), None)
            if colon is not None and tokens[colon].text == ":":
                return True
        return CueNameRecognizer._short_speaker(tokens, index)

    @staticmethod
    def _short_speaker(tokens, index: int) -> bool:
        """A chat line's speaker before ":": after its "[10:02]", or alone at the start of a
        line in lowercase (capitalised, that is a heading: "Summary:") with words after it on
        the line. An indented key, a key alone on its line or one that names a field is YAML
        ("  pager: +420...", "alerts:", "requester: ...")."""
        if index + 2 >= len(tokens) or tokens[index + 1].text != ":" \
                or token_whitespace_breaks(tokens[index + 1]) or "\n" in tokens[index + 2].text:
            return False
        if index > 0 and tokens[index - 1].text == "]":
            return True
        if not tokens[index].is_lower or field_entity(tokens[index].text):
            return False
        return _line_start(tokens, index)

    def _introduced(self, tokens, index: int) -> bool:
        """"this is declan"; in chat, "hey, its rajkumar" and "hello, eilidh macpherson here"
        at the start of a line or after a greeting. "It's" and "this is" only before a word
        that is no everyday word, a first name or capitalised and no English word ("this is
        Aman"): not "it's factual"."""
        if index > 1 and (tokens[index - 2].lower_, tokens[index - 1].lower_) in _INTRODUCTIONS:
            word = tokens[index].lower_
            return word not in self.everyday or is_first_name(word) \
                or tokens[index].is_title and word not in self.english
        if index > 0 and tokens[index - 1].lower_ in _CHAT_INTRODUCTIONS:
            return _opens_clause(tokens, index - 1)
        here = index + 2 if index + 2 < len(tokens) and tokens[index + 1].lower_ \
            not in self.english else index + 1
        return here < len(tokens) and tokens[here].lower_ == "here" and _opens_clause(tokens,
                                                                                     index)

    @staticmethod
    def _consulted(tokens, index: int) -> bool:
        return index > 1 and (tokens[index - 1].lower_ in ("with", "to")
                              and tokens[index - 2].lower_ in _CONSULTING
                              or (tokens[index - 2].lower_, tokens[index - 1].lower_)
                              == ("loop", "in"))

    @staticmethod
    def _honoured(tokens, index: int) -> bool:
        """"malhotra ji", "selvi madam", "jiwoo-ssi", "tanaka-san": an honorific after."""
        after = [token.lower_ for token in tokens[index + 1:index + 3]]
        return bool(after) and (after[0] in _HONORIFICS_AFTER
                                or after[0] == "-" and len(after) > 1
                                and after[1] in _HONORIFICS_AFTER)

    @staticmethod
    def _asked_after(tokens, index: int) -> bool:
        return 0 < index < len(tokens) - 1 and tokens[index - 1].lower_ in ("is", "was") \
            and tokens[index + 1].lower_ in _PRESENCE

    @staticmethod
    def _vocative(tokens, index: int) -> bool:
        """"Gerhard, we're slipping...": a capitalised word opening a line, then a comma; in
        chat, "ruairi can you check..." at the start of a clause."""
        if tokens[index].is_lower:
            return index + 2 < len(tokens) and _opens_clause(tokens, index) and (
                tokens[index + 1].lower_ in ("pls", "please") or (
                    tokens[index + 1].lower_ in ("can", "could", "would", "will")
                    and tokens[index + 2].lower_ in ("you", "u")))
        return tokens[index].is_title and index + 1 < len(tokens) \
            and tokens[index + 1].text == "," and (index == 0 or "\n" in tokens[index - 1].text
                                                   or "\n" in tokens[index - 1].whitespace_
                                                   or tokens[index - 1].text in (">", "-"))

    def _clause_subject(self, tokens, index: int) -> bool:
        """In chat, a lowercase word that is no everyday word opening a clause and doing
        something: "bríd had to drive", "musa signed for it", "tadhg and oisín both said",
        "marta and i hosted", "until aggeliki checks", "role – fionnuala smashed it"."""
        token = tokens[index]
        if not token.is_lower or not (_opens_clause(tokens, index) or index > 0 and (
                tokens[index - 1].lower_ in _CLAUSE_OPENERS or index > 1
                and tokens[index - 1].text in _DASHES and tokens[index - 2].whitespace_)) or (
                token.lower_ in self.everyday and not self._first_name(token.lower_)):
            return False
        following = index + 1
        while following < len(tokens) and following - index <= 4 and (
                tokens[following].lower_ in ("and", "&", ",", "both", "also", "just", "still", "i")
                or tokens[following].is_lower and tokens[following].lower_ not in self.everyday):
            following += 1
        if following >= len(tokens):
            return False
        doing = tokens[following].lower_
        return doing in _DOINGS or len(doing) > _SHORT_PAST and doing.endswith("ed") \
            and doing in self.everyday_english and is_first_name(token.lower_)

    def _in_brackets(self, tokens, index: int) -> bool:
        """A first name alone in brackets, or first in a list there: "(Ruud, volgens de
        app)", "Angela Moretti (Luca, Grade 3)", "DRV-22 (Marek)", "2 enfants (Chloé et
        Hugo)". A word that is no first name counts only after a code: "DRV-17 (Gaz)", not
        "(Kubernetes)"."""
        token = tokens[index]
        if not (0 < index < len(tokens) - 1 and tokens[index - 1].text == "("
                and (tokens[index + 1].text in (")", ",")
                     or tokens[index + 1].lower_ in CONJUNCTIONS) and token.is_title) \
                or token.lower_ in self.english or token.text in self.places:
            return False
        return is_first_name(token.lower_) or index > 1 and tokens[index + 1].text == ")" \
            and any(char.isdigit() for char in tokens[index - 2].text) \
            and token.lower_ not in self.everyday

    def _from_somewhere(self, tokens, index: int) -> bool:
        """Someone named by where they work: "Ibrahim from maintenance" (a lowercase word
        before "from" is most often a thing: "a placeholder from the old CRM")."""
        token = tokens[index]
        return index + 2 < len(tokens) and tokens[index + 1].lower_ == "from" \
            and tokens[index + 2].is_lower and token.is_title and is_first_name(token.lower_) \
            and token.lower_ not in self.english and token.text not in self.places

    @staticmethod
    def _named_doer(tokens, index: int) -> bool:
        """A first name that is also a word, saying or doing what people do: "Faith asked
        about the colour", "bill said he'd cover", "jo already cancelled", and in minutes
        "Faith to organise a presentation". Lowercase, only where a clause opens; never after
        a determiner ("the bill", "A Man Called Ove"). A word that Faker's tables alone hold
        as a name ("council") must be no English word."""
        token, word = tokens[index], tokens[index].lower_
        if not (token.is_title or token.is_lower and (_opens_clause(tokens, index) or index > 0
                                                       and tokens[index - 1].lower_
                                                       in _CLAUSE_OPENERS)) \
                or word in STOP_WORDS or word in _CHAT_ROLES \
                or index > 0 and tokens[index - 1].lower_ in _DETERMINERS \
                or not (word in every_census_first_name() or word in recorded_first_names()
                        or word in world_first_names() and word not in common_english_words()):
            return False
        after = index + 1
        if after < len(tokens) and tokens[after].lower_ in _IN_PASSING:
            after += 1
        if after >= len(tokens):
            return False
        if tokens[after].lower_ in _NAMED_DOINGS:
            return True
        return token.is_title and tokens[after].lower_ == "to" and after + 1 < len(tokens) \
            and tokens[after + 1].is_lower and tokens[after + 1].lower_ not in _WISHED \
            and (_line_start(tokens, index) or tokens[index - 1].text in (".", ";"))

    def _timed_subject(self, tokens, index: int) -> bool:
        """A log or timeline line's subject: "23:06 Ravi acks, starts investigating"."""
        token = tokens[index]
        return index > 0 and token.is_title and _CLOCK_TIME.fullmatch(tokens[index - 1].text) \
            and _line_start(tokens, index - 1) and index + 1 < len(tokens) \
            and tokens[index + 1].is_lower and token.lower_ not in self.english \
            and token.text not in self.places \
            and (is_first_name(token.lower_) or token.lower_ not in self.everyday)

    def _listed_after(self, tokens, index: int, ends: set[int]) -> float:
        """"ping gosia and kuba", "tell mikey and dani": a word that is no common English
        listed right after a name."""
        token = tokens[index]
        return 0.6 if index > 1 and tokens[index - 1].lower_ in ("and", "or", "&") \
            and index - 2 in ends and (token.is_lower or token.is_title) and len(token) > 1 \
            and token.lower_ not in self.english else 0.0

    def _before_surname(self, tokens, index: int) -> bool:
        """"Aoife Byrne": an unknown capitalised word mid-sentence before a census surname."""
        token = tokens[index]
        return token.is_title and not opens_sentence(tokens, index) \
            and index + 1 < len(tokens) and tokens[index + 1].is_title \
            and tokens[index + 1].lower_ in self.surnames and token.lower_ not in STOP_WORDS \
            and token.lower_ not in COMMON_WORD_NAMES and token.text not in self.places

    def _unknown_pair(self, tokens, index: int) -> bool:
        """"Venkatesh Subramanian", "Faith Wanjiku": a capitalised word, then one that is
        neither English nor a place. Not from the middle of a run of capitalised words,
        unless the run opens with an English word ("Add Faith Wanjiku to...")."""
        if index + 1 >= len(tokens):
            return False
        if index > 0 and tokens[index - 1].is_title and not opens_sentence(tokens, index) \
                and not (opens_sentence(tokens, index - 1)
                         and tokens[index - 1].lower_ in self.english):
            return False
        after, first = tokens[index + 1], tokens[index].lower_
        # After a first name that is no English word, a surname may be a word of its own
        # language: "Camila Fernández", "Murat Kaya" ("kaya" is Turkish for rock).
        words = self.english if is_first_name(first) and first not in self.english \
            else self.common
        return capitalised(after) and after.lower_ not in words \
            and not token_whitespace_breaks(tokens[index]) \
            and tokens[index].text not in self.places and after.text not in self.places

    def _with_surname(self, tokens, index: int, score: float) -> tuple[int, int, float]:
        """The name plus up to two capitalised words after it ("Aoife O'Rourke"); after a
        lowercase name, up to two lowercase words that are surnames or no everyday word
        ("eilidh macpherson", not "emeka merge")."""
        end, lowercase = index, tokens[index].is_lower
        while end + 1 < len(tokens) and end - index < 2 \
                and (tokens[end + 1].is_alpha or _NAME_TOKEN.fullmatch(tokens[end + 1].text)) \
                and (tokens[end + 1].is_lower and (tokens[end + 1].lower_ not in self.everyday
                                                   or tokens[end + 1].lower_ in self.surnames)
                     if lowercase else capitalised(tokens[end + 1])) \
                and tokens[end + 1].lower_ not in STOP_WORDS \
                and not token_whitespace_breaks(tokens[end]):
            end += 1
        if end > index:
            score = max(score, 0.6)
        return tokens[index].idx, tokens[end].idx + len(tokens[end].text), score


def _dialogue_speakers(tokens) -> set[int]:
    """Capitalised first names heading the lines of a dialogue ("Jörg: Tour 14 fertig",
    "Mehmet: bei mir ..."): two such lines or more. One alone is a form's field ("Hasta: Elif
    Yıldırım", Turkish for patient)."""
    english = common_english_words()
    heads = [index for index in range(len(tokens) - 2)
             if tokens[index + 1].text == ":" and tokens[index].is_title
             and _line_start(tokens, index) and is_first_name(tokens[index].lower_)
             and tokens[index].lower_ not in _CHAT_ROLES and not field_entity(tokens[index].text)]
    # A first name that is also a word speaks if it heads two lines: "Hope: ... Hope: ...".
    lines = Counter(tokens[index].lower_ for index in heads)
    heads = {index for index in heads
             if tokens[index].lower_ not in english or lines[tokens[index].lower_] > 1}
    return heads if len(heads) > 1 else set()


def _line_start(tokens, index: int) -> bool:
    return index == 0 or tokens[index - 1].text.endswith("\n") \
        or tokens[index - 1].whitespace_.endswith("\n")


def token_whitespace_breaks(token) -> bool:
    """A line break after the token: what follows is another line, not more of the name."""
    return "\n" in token.whitespace_


class InitialledNameRecognizer(PatternRecognizer):
    """"J. R. Ekwueme", "A.-M. Lefèvre", "J. de Groot", "Moira T. Fennessy", "K. ASHWORTH":
    initials and a surname, the way minutes, signatures and author lists write people. A
    surname that is common English ("U.S. Army", "Q. Why") is no name."""

    def __init__(self) -> None:
        initials = r"(?:\p{Lu}\.(?:[-‐]\p{Lu}\.)?[ \t]?){1,3}"
        surname = r"\p{Lu}\p{Ll}[\p{L}'’]*(?:[-‐]\p{Lu}\p{Ll}[\p{L}'’]*)?"
        super().__init__(
            supported_entity="PERSON", name="InitialledNameRecognizer", global_regex_flags=0,
            patterns=[Pattern("initials and surname",
                              rf"\b{initials}(?:{_PARTICLES}[ \t])?{surname}\b", 0.6),
                      Pattern("middle initial",
                              rf"\b\p{{Lu}}\p{{Ll}}+[ \t]\p{{Lu}}\.[ \t]{surname}\b", 0.6),
                      Pattern("initial and surname in capitals",
                              r"(?<![\w/.])\p{Lu}\.[ \t]?(?=\p{Lu}*[AEIOUY])\p{Lu}{3,}"
                              r"(?:[-‐'’]\p{Lu}+)?\b", 0.6)])

    def validate_result(self, pattern_text: str) -> bool | None:
        surname = re.split(r"[.\s]", pattern_text)[-1]
        return False if surname.lower() in common_english_words() else None


_GERMAN_ARTICLES = frozenset(("das", "der", "den"))
_LEADING_PARTICLES = frozenset("de da di van von del della dos du le la mac ní nic".split())


class ParticleNameRecognizer(PatternRecognizer):
    """"Jan de Vries", "Ludwig van Beethoven", "María de la Cruz", "Aoife Ní Bhriain":
    capitalised name, particle, capitalised surname (case-sensitive, so "made de facto" never
    matches). A common word of some language opening it must follow a capitalised word (a
    given name or title): a sentence or heading opens "Sou de Portugal", "Tratado de
    Tordesillas", "Facultad de Farmacia"; "Nascimento" of "Thiago Nascimento dos Santos" is a
    surname. Portuguese "das" ("Maria das Graças Albuquerque") and Dutch "der", "den" are
    German's "the" too, so there the first word must be a first name ("Ihnen das Angebot",
    "Antwort der Hausverwaltung" are no one)."""

    def __init__(self) -> None:
        name = r"\p{Lu}\p{Ll}+"
        super().__init__(
            supported_entity="PERSON", name="ParticleNameRecognizer",
            patterns=[Pattern("particle surname",
                              rf"\b{name} {_PARTICLES} {name}(?:[- ]{name})?\b", 0.6),
                      Pattern("das surname", rf"\b{name} das {name}(?:[- ]{name})?\b", 0.6)],
            global_regex_flags=0)

    def validate_result(self, pattern_text: str) -> bool:
        first, particle = pattern_text.split()[:2]
        return particle not in _GERMAN_ARTICLES or is_first_name(first.lower())

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None,
                regex_flags=None) -> list[RecognizerResult]:
        common = common_words_in_any_language()
        results = []
        for result in super().analyze(text, entities, nlp_artifacts, regex_flags):
            first = text[result.start:result.end].split()[0].lower()
            before = text[max(0, result.start - 40):result.start].split()
            # A particle or a surname may open it too: "De la Cruz, Angelica", "married name
            # Ramírez de Soto".
            if first in common and not is_first_name(first) and first not in STRONG_CUES \
                    and first not in _LEADING_PARTICLES \
                    and unaccented(first)[0] not in census_surnames() \
                    and not (before and before[-1].istitle()):
                continue
            results.append(result)
        return results


# The family names most Vietnamese people carry, first in a name written in full.
_VIETNAMESE_FAMILY_NAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Ngô Dương Lý "
                            "Lò Đinh Đoàn Trương Lương Trịnh Lâm Tạ Quách").split()


# Written without accents, the family names are English words too ("Do", "Le", "Ta", "Lam"),
# so there the next syllable must be a middle name most Vietnamese names carry.
_VIETNAMESE_MIDDLE_NAMES = "Van|Thi|Duc|Huu|Quoc|Ngoc|Xuan|Cong|Dinh|Minh|Thanh|Hong|Kim|Gia"


def vietnamese_name_recognizer() -> PatternRecognizer:
    """"Nguyễn Thị Bích Ngọc", "Lò Văn Thắng", "Le Van Hung": a Vietnamese family name, then
    two or three capitalised syllables. The model reads none of them; two syllables after one
    of these names are rarely anything but the rest of a person's name."""
    accented = r"\b(?:" + "|".join(_VIETNAMESE_FAMILY_NAMES) + r")(?: \p{Lu}\p{Ll}*){2,3}\b"
    plain = (r"\b(?:" + "|".join(sorted({unaccented(name)[0]
                                          for name in _VIETNAMESE_FAMILY_NAMES}))
             + rf") (?:{_VIETNAMESE_MIDDLE_NAMES})(?: \p{{Lu}}\p{{Ll}}*){{1,2}}\b")
    return PatternRecognizer(supported_entity="PERSON", name="VietnameseNameRecognizer",
                             patterns=[Pattern("family name first", accented, 0.6),
                                       Pattern("family name first, unaccented", plain, 0.6)],
                             global_regex_flags=0)


# The syllables Korean given names are made of, romanised as people write them, and the
# commonest family names: "Ji-woo Park", "Bae Soo-ah", "seo-yeon".
_KOREAN_SYLLABLES = """
a ae ah bin bo bum byung chae chan chang chul da dae dong eun eon geon geun gi gyeong gyu
ha hae han hee heon ho hoon hun hwa hwan hye hyeok hyeon hyo hyuk hyun hyung il in ja jae
jeong ji jin jong joo joon ju jun jung kang ki kwang kyu kyung mi min mun myung na nam ra rin
sang se seo seok seon seong seung shin sik so sol soo su suk sun sung tae won woo woong wook
ye yeon yeong yeol yong yoo yoon young yu yul yun
""".split()
_KOREAN_FAMILY_NAMES = """
Kim Lee Park Choi Jung Jeong Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo
Hong Jeon Ko Moon Yang Son Bae Baek Heo Nam Noh Ryu Yu Im Jin
""".split()


def korean_name_recognizer() -> PatternRecognizer:
    """A Korean given name of two syllables joined by a hyphen, with its family name before
    or after it if there is one: "Ji-woo Park", "Choi Mi-kyung" (of "Choi Mi-kyung-imnida",
    with its particle), "seo-yeon" in chat. Two different name syllables so joined are rarely
    anything else ("ha-ha" and "Co-op" are not)."""
    syllables = "|".join(sorted(_KOREAN_SYLLABLES, key=len, reverse=True))
    families = "|".join(_KOREAN_FAMILY_NAMES)
    given = rf"(?i:(?P<first>{syllables})-(?!(?P=first)\b)(?:{syllables}))"
    # Looked for only where a short word and a hyphen begin (a quarter of the cost).
    shape = r"(?=(?:[A-Z][a-z]{1,5}[ \t]+)?[A-Za-z]{1,6}-[A-Za-z])"
    regex = (rf"(?<![\w-]){shape}(?:(?:{families})[ \t]+)?{given}"
             rf"(?:[ \t]+(?:{families}))?(?!\w)")
    return PatternRecognizer(supported_entity="PERSON", name="KoreanNameRecognizer",
                             patterns=[Pattern("given name in two syllables", regex, 0.6)],
                             global_regex_flags=0)
