"""PII by the field it sits in: JSON, YAML and key=value records pasted into prompts.

A record gives NER no sentence to read, but its keys say what each value is: the value of
"fullName", "city" or "phone" is PII whatever it looks like.
"""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# Keys compared lowercased with "_", "-" and spaces dropped.
FIELD_ENTITIES = {
    **dict.fromkeys(("name", "fullname", "firstname", "lastname", "surname", "givenname",
                     "familyname", "customer", "customername", "contact", "contactname",
                     "cardholder", "cardholdername", "employee", "employeename", "patient",
                     "patientname", "recipient", "recipientname", "beneficiary", "owner",
                     "displayname", "nextofkin", "emergencycontact"), "PERSON"),
    **dict.fromkeys(("city", "town", "street", "address", "addressline1", "addressline2",
                     "streetaddress", "homeaddress", "office", "county", "country",
                     "birthplace", "placeofbirth", "location"), "LOCATION"),
    **dict.fromkeys(("phone", "phonenumber", "mobile", "cell", "tel", "telephone", "fax"),
                    "PHONE_NUMBER"),
    **dict.fromkeys(("email", "emailaddress", "mail"), "EMAIL_ADDRESS"),
    **dict.fromkeys(("ssn", "socialsecuritynumber"), "US_SSN"),
}
# "key": "value" (JSON), key: value (YAML, one line), key=value (logs, query strings).
_FIELDS = [re.compile(pattern, re.MULTILINE) for pattern in (
    r'"(?P<key>[A-Za-z][\w -]{0,30})"\s*:\s*"(?P<value>[^"\n]{1,120})"',
    r"^[ \t]*(?:- )?(?P<key>[A-Za-z][\w -]{0,30}):[ \t]+(?P<value>[^\s\"'#][^\n#]{0,118}?)"
    r"[ \t]*$",
    r"(?<![\w.])(?P<key>[A-Za-z][\w-]{0,30})=(?P<value>[^\s&;,\"']{1,120})",
)]
# A PERSON or LOCATION value must read as one: capitalised words, not "build-42" or "true".
_NAME_LIKE = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[ '’.-]+[^\W\d_]+){0,5}\.?")


class StructuredFieldRecognizer(LocalRecognizer):
    """The value of a field whose key names a kind of PII."""

    def __init__(self) -> None:
        super().__init__(supported_entities=sorted(set(FIELD_ENTITIES.values())),
                         name="StructuredFieldRecognizer")

    def load(self) -> None:
        """Nothing to load: the keys are above."""

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        found = []
        for pattern in _FIELDS:
            for match in pattern.finditer(text):
                entity = FIELD_ENTITIES.get(re.sub(r"[\s_-]", "", match["key"].lower()))
                value = match["value"].strip()
                if entity not in entities or not value or (
                        entity in ("PERSON", "LOCATION") and "address" not in
                        match["key"].lower() and not (_NAME_LIKE.fullmatch(value)
                                                      and value[0].isupper())):
                    continue
                start = match.start("value") + match["value"].index(value)
                found.append(RecognizerResult(
                    entity, start, start + len(value), 0.6, recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        return found
