"""Which of NER's spans to keep: the small English model calls many things names or places.

It tags code ("customer_id=88127"), lowercase words it never saw capitalised ("migraine"), the
verb that opens an instruction ("Summarise", "Traduce al"), capitalised everyday words
("Chrome", "Settings"), German nouns ("Schadensmeldung"), companies, greetings and relatives
as PERSON or GPE. Measured by `make pii-eval`: dropping these cost no leak on any set.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import top_n_list

from workers.pii.fields import field_entity
from workers.pii.names import (
    LONG_WORD,
    STRONG_CUES,
    capitalised,
    census_surnames,
    opens_sentence,
)
from workers.pii.places import (
    PLACE_LAST_WORDS,
    PLACE_PREPOSITIONS,
    REGION_CODES,
    SENTENCE_ENDS,
    place_names,
    us_state_codes,
)
from workers.pii.words import (
    COMPANY_SUFFIXES,
    GREETINGS,
    common_english_words,
    common_words_in_any_language,
    commonest_words,
    everyday_english_words,
    everyday_words,
    is_first_name,
    written_in_english,
)

# Relatives addressed by their role, not their name: "Hi Mum".
_KIN_WORDS = frozenset("""
mum mom mummy mommy dad daddy grandad granddad grandpa grandma granny nan nana auntie aunty
""".split())
# Not the ones that name particles and street names share ("von der Heydt", "Am Markt").
_GERMAN_FUNCTION_WORDS = frozenset("""
die das und ist nicht mit für auf bitte eine einen einem einer dem unter ihnen ihr ihre sie
wir ich sich wurde werden haben hat bis ein auch noch des im zum zur vom beim kein keine seit
gibt mein meine sehr
""".split())
# A sentence's unknown first word before one of these is an instruction's verb in any
# language: "Summarise this", "Traduce al inglés", "Traduis en anglais", "Übersetze ins",
# "Mark each as done".
_INSTRUCTION_OBJECTS = frozenset("""
this that these those the a an my our your his her their it them me us al el la las los le
les en des du un una une ins die der das den dem ein eine dieses diese diesen diesem esta este
estos estas esse essa isto questo questa quella ce cette ces het deze dit een tę ten tego na
po ni wa ma u each every all any anything everything everyone both
""".split())
_CODE_CHARS = frozenset("_=()[]{}<>/\\@#$%^*|~`0123456789")


# Languages whose commonest words mark a sentence as theirs; Swahili, which wordfreq lacks,
# by its own.
_FOREIGN_LANGUAGES = ("es", "fr", "it", "pt", "nl", "pl", "tr", "id", "ms", "fil", "vi", "ro",
                      "cs", "hu", "sv", "da", "nb", "fi")
_SWAHILI_FUNCTION_WORDS = frozenset("na ya wa kwa ni huu hii katika za la kama lakini pia "
                                    "yangu wake kwenye".split())
_FUNCTION_WORD_RANK = 40
# The most letters of a preposition before a place in other languages ("para", "dari", "naar").
_PREPOSITION_LETTERS = 4
# Words English uses this often are no sign of another language ("a", "in", "de" of names).
_ENGLISH_FUNCTION_RANK = 1000
# A sentence with this many of another language's commonest words, and more of them than of
# English's, is written in it.
MIN_FOREIGN_WORDS = 3
# A passage with this many, and more of them than of English's, is written in it throughout.
MIN_PASSAGE_WORDS = 8


@lru_cache(maxsize=1)
def _foreign_function_words() -> frozenset[str]:
    english = frozenset(top_n_list("en", _ENGLISH_FUNCTION_RANK, wordlist="small"))
    return _SWAHILI_FUNCTION_WORDS.union(*(
        commonest_words(language, _FUNCTION_WORD_RANK) for language in _FOREIGN_LANGUAGES)) \
        - english


def sentences_in_other_languages(tokens) -> tuple[set[int], set[int]]:
    """The indices of tokens in sentences written in German, where every noun is capitalised
    and NER, reading English, takes "Schadensmeldung" or "Niederlassung" for a place; and of
    those in another language, where it takes words for names: "kwa Kiingereza", "Ringkasan
    reservasi", "padala bilang JSON". One pass over the tokens for both."""
    foreign_words, german, foreign, sentence = _foreign_function_words(), set(), set(), []
    sentences = []
    for index, token in enumerate(tokens):
        sentence.append(index)
        if token.text[-1] in SENTENCE_ENDS or index == len(tokens) - 1:
            words = {tokens[i].lower_ for i in sentence}
            counts = (len(words & _GERMAN_FUNCTION_WORDS), len(words & foreign_words),
                      len(words & STOP_WORDS))
            sentences.append((sentence, counts))
            sentence = []
    # A passage mostly in another language is in it throughout, its short lines too:
    # "Berikut aturan kos:", "Objet : Votre cycle de FIV".
    german_total, foreign_total, english_total = (sum(counts[i] for _, counts in sentences)
                                                  for i in range(3))
    german_passage = german_total >= MIN_PASSAGE_WORDS and german_total > english_total
    foreign_passage = foreign_total >= MIN_PASSAGE_WORDS and foreign_total > english_total
    for sentence, (german_count, foreign_count, english_count) in sentences:
        if german_count >= 2 or german_passage and german_count >= english_count:
            german.update(sentence)
        elif foreign_count >= max(MIN_FOREIGN_WORDS, english_count + 1) \
                or foreign_passage and foreign_count >= english_count:
            foreign.update(sentence)
    return german, foreign


def _names_no_one(tokens, start: int, end: int) -> bool:
    """A "person" that is a company ("Benavides Tamales LLC"), a greeting ("Kalispera",
    "Habari") or a relative addressed by role ("Hi Mum"). Eponyms and institutions are
    `identifies_no_one`'s, for every recognizer's findings."""
    words = [token.lower_ for token in tokens[start:end]]
    return bool({*words, *(token.lower_ for token in tokens[end:end + 1])} & COMPANY_SUFFIXES) \
        or words[0] in GREETINGS or (end - start == 1 and words[0] in _KIN_WORDS)


def _acronym(token) -> bool:
    """A word in capitals that English writes as an acronym, which NER takes for a name or
    place: "Convert this to JSON" and "check their DBS" are no one and nowhere."""
    word = token.lower_
    return token.text.isupper() and len(word) > 2 and word.isalpha() \
        and token.text.title() not in place_names() and token.text not in REGION_CODES \
        and written_in_english(word) \
        and not is_first_name(word) and word not in census_surnames()


def plausible_entity(tokens, start: int, end: int, cued: set[int], label: str,
                     german: set[int], foreign: set[int]) -> bool:
    """Whether an NER span over tokens[start:end] can be a name or place. The small model
    tags code ("customer_id=88127"), lowercase words it never saw capitalised ("migraine"),
    the verb that opens an instruction ("Summarise", "Convert") and capitalised everyday
    words ("Chrome", "Settings", "Node") as PERSON or GPE. A lone common English word stays
    only where it can be someone or somewhere: a first name or known place, a surname or a
    word after a cue ("Mr. Black", "ask Baker"), a place after "in" or "from the", a state
    after a town ("St. Louis, MO")."""
    text = "".join(token.text_with_ws for token in tokens[start:end]).strip()
    if _CODE_CHARS.intersection(text):
        return False
    if text.islower() and (cued.isdisjoint(range(start, end)) or all(
            len(token) >= LONG_WORD and token.lower_ in everyday_english_words()
            and not is_first_name(token.lower_) and token.lower_ not in census_surnames()
            for token in tokens[start:end])):
        return False
    if opens_sentence(tokens, start) and start + 1 < len(tokens) \
            and tokens[start + 1].is_lower and tokens[start + 1].lower_ in _INSTRUCTION_OBJECTS:
        return False
    if end < len(tokens) and tokens[end].text == ":" and field_entity(text):
        return False
    if label == "PERSON" and _names_no_one(tokens, start, end):
        return False
    if end - start == 1 and _acronym(tokens[start]) and start not in cued:
        return False
    words = [token for token in tokens[start:end] if token.is_alpha]
    # German's pronouns and articles are no one, whatever else they spell ("rufen Sie mich",
    # "Sollten Sie", "Gebühr von").
    if start in german:
        words = [token for token in words
                 if token.lower_ not in _GERMAN_FUNCTION_WORDS and token.lower_ != "von"]
        if not words:
            return False
    # In another language, no name holds its commonest words: "Ang JSON", "Ang" being a
    # surname too (places do: "Quinta Los Álamos").
    if start in foreign and label == "PERSON" and any(
            token.lower_ in _foreign_function_words() and token.lower_ not in _NAME_PARTICLES
            for token in words):
        return False
    if text in place_names() or any(is_first_name(token.lower_) or token.text in place_names()
                                    for token in words):
        return True
    before = tokens[start - 1].lower_.rstrip(".") if start else ""
    if before in STRONG_CUES:
        return True
    # A lone unknown word opening a paragraph is an instruction's verb in some language far
    # more often than a name: "Traduz", "Terjemahkan", "Tolong", "Metafrase".
    if start == 0 and end == 1:
        return False
    if start in german:
        return any(token.lower_ in census_surnames() for token in words)
    # Elsewhere a lone word is a name only as a census surname, and lowercase words are not
    # inside one ("timu ya M-Pesa"); a lone word is a place only after a short word, as
    # prepositions are, or a comma ("dari Cileungsi", not "Kami dari").
    if start in foreign and (
            label == "PERSON" and (len(words) == 1 and words[0].lower_ not in census_surnames()
                                   or any(token.is_lower and token.lower_ not in _NAME_PARTICLES
                                          for token in tokens[start:end]))
            or label != "PERSON" and len(words) == 1 and not (
                before == "," or start and tokens[start - 1].is_lower
                and len(before) <= _PREPOSITION_LETTERS)):
        return False
    # A lone word that another language uses every day is a place only where places are
    # written: after a comma or "in", or a first name ("het Engels", "Bitte rufen Sie" are
    # not; ", Sénégal" and "Elif Yıldırım" are).
    if label != "PERSON" and len(words) == 1 and words[0].lower_ in common_words_in_any_language() \
            and before not in PLACE_PREPOSITIONS and before != "," \
            and not (start and capitalised(tokens[start - 1]) and is_first_name(before)):
        return False
    # Mid-sentence, a capitalised word of another language is more likely a place than a
    # word: "the Nürnberg meeting".
    vocabulary = everyday_words() if label == "PERSON" or opens_sentence(tokens, start) \
        else common_english_words()
    if any(token.lower_ not in vocabulary for token in words):
        return True
    if start == 0:
        return False
    first = tokens[start]
    if opens_sentence(tokens, start):
        return False
    if label == "PERSON":
        return first.lower_ in census_surnames()
    if before == "the" and start > 1:
        before = tokens[start - 2].lower_
    return before in PLACE_PREPOSITIONS or before == "," and first.text in us_state_codes() \
        and not (first.text in _CREDENTIALS and tokens[start - 2].text not in place_names())


# State codes that are also degrees after a name: "Anjali Ramaswamy, MD" is a doctor.
_CREDENTIALS = frozenset(("MD", "PA", "DC"))
# Labels the small model gives names it reads as a company or a building: "Sami Yusuf Hersi"
# (ORG), "Inês Cardoso Magalhães" (FAC).
_MISREAD_AS_PERSON = frozenset(("ORG", "FAC"))
# The most words a person's name runs to.
_NAME_WORDS = 4
# Labels of the places NER finds, which a surname after a first name is sometimes given.
_PLACE_LABELS = frozenset({"GPE", "LOC"})


def as_person(tokens, start: int, end: int, label: str) -> tuple[int, str]:
    """(start, label) for an NER span: a company or building whose words read as a person's
    name (a first name, then words that are no common English word or place) becomes PERSON; a
    "person" named like a building is one ("Larkspur House", FAC, which Presidio reads as a
    LOCATION), one named like a town and like no person is a town ("Manchester"); a first
    name right before a PERSON span joins it ("Mehmet" of "Mehmet Ali Yıldırım")."""
    words, english = tokens[start:end], common_english_words()
    if label in _MISREAD_AS_PERSON and 1 < end - start <= _NAME_WORDS \
            and all(capitalised(token) and token.lower_ not in english for token in words) \
            and is_first_name(words[0].lower_) and words[0].text not in place_names() \
            and not COMPANY_SUFFIXES.intersection(token.lower_ for token in words) \
            and all(token.text not in place_names() for token in words[1:]):
        label = "PERSON"
    if label == "PERSON" and tokens[end - 1].text in PLACE_LAST_WORDS:
        return start, "FAC"
    text = "".join(token.text_with_ws for token in words).strip()
    if label == "PERSON" and text in place_names() and not any(
            is_first_name(token.lower_) or token.lower_ in census_surnames() for token in words):
        # A town the model reads as a person ("Moss Side, Manchester"): no one is named so.
        return start, "GPE"
    before = tokens[start - 1] if start else None
    if label in _PLACE_LABELS and before and capitalised(before) \
            and is_first_name(before.lower_) and before.lower_ not in english \
            and "\n" not in before.whitespace_ \
            and before.text not in place_names():
        # A surname the model takes for a town, after a first name ("Tomás García").
        return start - 1, "PERSON"
    if label == "PERSON" and before and capitalised(before) and is_first_name(before.lower_) \
            and before.lower_ not in english and not opens_sentence(tokens, start - 1) \
            and "\n" not in before.whitespace_:
        start -= 1
    return start, label


# Lowercase words inside a name: "Jan de Vries", "Muhammad Haziq bin Rosli".
_NAME_PARTICLES = frozenset("""
de da di do dos das du del della der den van von ter ten bin binti bint ibn al el la le y e
zu zum mac ni nic ua ap arap ferch
""".split())


# Whitespace that parts two columns of a form: "City: Saint Paul     State: MN".
_COLUMN_GAP = re.compile(r"[ ]{3}|\t")


def trimmed(tokens, start: int, end: int, cued: set[int]) -> tuple[int, int]:
    """An NER span without the everyday lowercase words it took in at either end ("habla
    Rodrigo" is "Rodrigo"; "Ela já cancelou" is "Ela", which is then no name): the small
    model, reading languages it does not know, runs names into the words around them. Inside
    a span such words stay: "odběr v Kolíně" loses "v" only with "odběr". A span ends at a
    column gap, where the next column's key or value begins ("Saint Paul     State")."""
    everyday = everyday_words()

    def loose(index: int) -> bool:
        token = tokens[index]
        return index not in cued and (token.is_punct or token.is_lower and (
            token.lower_ in everyday and token.lower_ not in _NAME_PARTICLES))

    while start < end and loose(start):
        start += 1
    while end > start and loose(end - 1):
        end -= 1
    for index in range(start + 1, end):
        # spaCy keeps one space as a token's trailing whitespace and makes the rest a token.
        gap = tokens[index - 1].whitespace_ + (tokens[index].text if tokens[index].is_space
                                               else "")
        if _COLUMN_GAP.search(gap):
            return start, index
    return start, end
