"""PII by the field it sits in: JSON, YAML, key=value and CSV records pasted into prompts.

A record gives NER no sentence to read, but its keys say what each value is: the value of
"fullName", "city" or "phone" is PII whatever it looks like, and so is each cell under a CSV
header that names one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from workers.pii.words import COMPANY_SUFFIXES, common_english_words, is_first_name

# Postcode keys: a full postcode narrows an address to a street or a few houses.
POSTCODE_KEYS = ("zip", "zipcode", "postcode", "postalcode", "plz", "cep", "codigopostal",
                 "códigopostal", "codepostal", "postnummer", "postinumero", "kodpocztowy",
                 "pincode")
# Keys whose value is an account's handle, which is someone's name only when it is a first
# name, in any case, or an initial and a surname: "user": "priya", username="mkowalski" (not
# "user": "svc-deploy" or "admin").
_HANDLE_KEYS = frozenset("user username login handle".split())
# "jdoe" is three letters too short to tell from a word ("sbox").
_MIN_INITIALLED_HANDLE = 4
# Keys compared lowercased with "_", "-" and spaces dropped.
# Name and address keys of Japanese, Chinese and Korean forms.
_CJK_PERSON_KEYS = ("氏名", "名前", "姓名", "担当者", "患者", "申込者", "联系人", "이름", "성명")
_CJK_ADDRESS_KEYS = ("住所", "所在地", "地址", "주소")
FIELD_ENTITIES = {
    **dict.fromkeys(("name", "fullname", "firstname", "lastname", "surname", "givenname",
                     "familyname", "customer", "customername", "contact", "contactname",
                     "cardholder", "cardholdername", "accountholder", "holder", "employee",
                     "employeename", "patient", "patientname", "recipient", "recipientname",
                     "beneficiary", "owner", "displayname", *_HANDLE_KEYS, "nextofkin",
                     "emergencycontact",
                     "applicant", "applicantname", "guest", "guestname", "passenger",
                     "member", "membername", "insured", "policyholder", "claimant", "tenant",
                     "landlord", "sender", "sendername", "payee", "payer", "student",
                     "guardian", "spouse", "traveler", "traveller", "driver", "signatory",
                     "given", "family", "legalname", "middlename", "preferredname", "nickname",
                     "preferred", "maidenname", "requester", "assignee", "attendee", "doctor",
                     "physician",
                     "kin", "parent", "child", "children", "kids", "dependent", "dependents",
                     "author", "reporter", "first",
                     "last", "nome", "nombre", "apellido", "apellidos", "sobrenome", "prenom",
                     "prénom", "vorname", "nachname", "familienname", "geburtsname", "rufname",
                     "naam", "achternaam", "voornaam",
                     "imie", "imię", "nazwisko", "cognome", "ad", "soyad", "soyadi",
                     "approver", "approvedby", "consultant", "apologies", "attendees", "present",
                     "panel", "reviewer", "reviewers", "reviewedby", "organizer", "organiser",
                     "chair", "host", "interviewer", "interviewers", "candidate", "referee",
                     "witness", "manager", "supervisor", "assignedto", "requestedby", "mentor",
                     "segurado", "segurada", "asegurado", "asegurada", "assure", "assuré",
                     "assurée", "versicherungsnehmer", "titular", "titulaire", "titolare",
                     "intestatario", "inhaber", "karteninhaber", "porteur", "cn", "fn", "n",
                     "consignee", "shipper", "addressee", "destinataire", "expéditeur",
                     "expediteur", "remitente", "destinatario", "empfänger", "empfaenger",
                     "absender", "mittente", "odbiorca", "nadawca", "alıcı", "gönderen",
                     "agente", "callername", "backup", "patron", "borrower",
                     "bearbeiter", "sachbearbeiter", "sachbearbeiterin", "adsoyad", "adısoyadı",
                     "pupil", "guide", "installer", "installers", "technician",
                     "engineer", "caseworker", "coach", "trainer", "teacher", "tutor", "nurse",
                     "carer", "caregiver", "vet", "dentist", "surgeon", "therapist",
                     "counsellor", "counselor", "adviser", "advisor", "instructor", "volunteer",
                     "resident", "occupant", "homeowner", "alumno", "alumna", "aluno", "élève",
                     "schüler", "paciente", "médico", "medico", "técnico", "tecnico",
                     "encargado", "responsable", "responsável", "ansprechpartner", "kontakt",
                     "contacto", "referente", "contatto", "nama", "namalengkap",
                     "namaibukandung", "pangalan", "họtên", "hovaten", "họvàtên",
                     *_CJK_PERSON_KEYS),
                    "PERSON"),
    **dict.fromkeys(("city", "town", "street", "address", "addressline1", "addressline2",
                     "streetaddress", "homeaddress", "office", "county", "country",
                     "birthplace", "placeofbirth", "location", "state", "province", "line",
                     "line1", "line2", "district", "suburb", "neighborhood", "neighbourhood",
                     "village", "municipality", "prefecture", "ward", "hometown",
                     "residence", "worksite", "homecity", "workstate", "homestate", "geo",
                     "cidade", "ciudad", "ville", "stadt", "ort", "città", "citta", "miasto",
                     "woonplaats", "plaats", "sehir", "şehir", "estado", "uf", "st", "provincia",
                     "endereco", "endereço", "direccion", "dirección", "adresse", "indirizzo",
                     "adres", "rue", "calle", "strasse", "straße", "bairro", "barrio",
                     "colonia", "pais", "país", "land", "adr", "anschrift", "addr", "alamat",
                     "kota", "tirahan", "địachỉ", "diachi",
                     *_CJK_ADDRESS_KEYS, *POSTCODE_KEYS),
                    "LOCATION"),
    **dict.fromkeys(("phone", "phonenumber", "mobile", "mobilenumber", "cell", "tel",
                     "telephone", "fax", "contactnumber", "telefone", "telefono", "teléfono",
                     "téléphone", "telefoon", "telefon", "handy", "celular", "movil", "móvil",
                     "whatsapp", "電話", "電話番号", "携帯", "电话", "手机", "전화", "휴대폰"),
                    "PHONE_NUMBER"),
    **dict.fromkeys(("email", "emailaddress", "mail", "correo", "courriel", "eposta", "メール",
                     "邮箱", "이메일"),
                    "EMAIL_ADDRESS"),
    **dict.fromkeys(("ssn", "socialsecuritynumber"), "US_SSN"),
}
# "key": "value" or 'key': 'value' (JSON, Python dicts), key: value (YAML, one line),
# key=value and key="value" (logs, query strings, keyword arguments; a value of capitalised
# words runs to the next key: "resident=ELSIE MAE CARTWRIGHT room=7"), key: "value" (JavaScript),
# <key>value</key> (XML); forms lay several "Key: value" out on a line, three spaces apart.
_FIELDS = [re.compile(pattern, re.MULTILINE) for pattern in (
    r'(?P<q>["\'])(?P<key>[A-Za-z][\w -]{0,30})(?P=q)\s*:\s*(?P<v>["\'])'
    r'(?P<value>(?:(?!(?P=v))[^\n]){1,120})(?P=v)',
    r"(?:^[ \t]*(?:- )?|(?<=[ \t]{3}))(?P<key>[A-Za-z][\w -]{0,30}):[ \t]+"
    r"(?P<value>[^\s\"'#][^\n#]{0,118}?)[ \t]*(?:$|(?=[ \t]{3}[A-Za-z][\w -]{0,30}:))",
    r"(?<![\w.])(?P<key>[A-Za-z][\w-]{0,30})=(?P<value>[^\s&;,\"'=]{1,60}"
    r"(?:[ ](?![\w-]+=)[A-ZÀ-ÖØ-Þ][^\s&;,\"'=]{0,60}){0,4})",
    r"(?<![\w.\"'])(?P<key>[A-Za-z][\w-]{0,30})\s?[=:]\s?(?P<q>[\"'])"
    r"(?P<value>(?:(?!(?P=q))[^\n]){1,120})(?P=q)",
    r"<(?P<key>[A-Za-z][\w-]{0,30})(?:\s[^<>\n]*)?>(?P<value>[^<>\n]{1,120})</(?P=key)>",
    # JSON's numbers need no quotes: "postal_code": 69004.
    r'(?P<q>["\'])(?P<key>[A-Za-z][\w -]{0,30})(?P=q)\s*:\s*(?P<value>\d{4,15})(?=\s*[,}\n])',
    # vCard and iCalendar: "FN:Einar Þórhallsson", "N:Þórhallsson;Einar;;;", "ADR:;;...",
    # "ATTENDEE;CN=Jarosław Pietrzyk;ROLE=...".
    r"^(?P<key>FN|N|ADR)(?:;[^:\n]*)?:(?P<value>[^\n]{1,160})$",
    r"[;:](?P<key>CN)=(?P<value>\"[^\"\n]{1,80}\"|[^;:\n]{1,80})",
    # Keys in Chinese, Japanese or Korean script: "氏名: 佐藤 美咲", "住所：〒154-0004 東京都...".
    r"^[ \t]*(?P<key>[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{1,6})[ \t]*[:：][ \t]*"
    r"(?P<value>[^\s][^\n]{0,119}?)[ \t]*$",
    # Printed forms and receipts: "CARDHOLDER ELODIE DUPUIS".
    r"^[ \t]*(?P<key>[A-Z][A-Z_-]{2,30})[ \t]+(?P<value>[A-Z][A-Z'’.-]*(?: [A-Z][A-Z'’.-]*){1,3})"
    r"[ \t]*$",
)]
# A PERSON or LOCATION value must read as one: capitalised words, not "build-42" or "true".
_NAME_LIKE = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[ '’.-]+[^\W\d_]+){0,5}\.?")
_CSV_SEPARATORS = (",", "\t", "|", ";")
# What may follow a person's name in a field: "Sven, 030 231 8876", "Nong (nickname)".
_NOTE_AFTER_NAME = re.compile(r"\s*(?:,|\(|–|—|\s-\s)")
# A place runs on past commas ("Moss Side, Manchester"), not into a bracket or dash.
_NOTE_AFTER_PLACE = re.compile(r"\s*(?:\(|–|—|\s-\s)")
_NOTES = {"PERSON": _NOTE_AFTER_NAME, "LOCATION": _NOTE_AFTER_PLACE}
_MIN_PHONE_DIGITS = 7
_MAX_TYPED_NAME_WORDS = 3
# Values that say there is none.
_NO_VALUE = frozenset("none null nil n/a na tbd unknown true false".split())
# Around a cell's value in rows of SQL values or quoted CSV.
_CELL_PUNCTUATION = " \t'\"();"
# Keys that end in one of these name that kind of PII too: "billing_city", "home_phone",
# "child_first".
_KEY_ENDINGS = {"contact": "PERSON", "first": "PERSON", "last": "PERSON", "city": "LOCATION",
                "town": "LOCATION", "country": "LOCATION", "street": "LOCATION",
                "address": "LOCATION", "zip": "LOCATION", "postcode": "LOCATION",
                "phone": "PHONE_NUMBER", "mobile": "PHONE_NUMBER",
                "email": "EMAIL_ADDRESS"}
# "passport_name", "legalName", "guardian_name": keys ending in "name" whose start says it is
# a person's (a "company_name" or "host_name" is not).
_PERSON_NAME_PREFIXES = ("passport", "legal", "full", "first", "last", "given", "family",
                         "middle", "maiden", "birth", "contact", "customer", "client", "patient",
                         "employee", "guest", "holder", "owner", "cardholder", "beneficiary",
                         "recipient", "sender", "parent", "guardian", "emergency", "spouse",
                         "kin", "mother", "father", "preferred", "real", "person", "traveller",
                         "traveler", "passenger", "driver", "tenant", "applicant", "member",
                         "student", "doctor", "agent", "signer", "signatory", "account",
                         "shipping", "billing", "delivery", "buyer", "seller", "caller")
# Addresses that are not where anyone lives.
_MACHINE_ADDRESSES = ("ipaddress", "macaddress", "walletaddress", "contractaddress",
                      "serveraddress", "hostaddress", "webaddress", "bindaddress",
                      "listenaddress", "remoteaddress", "localaddress", "ethaddress")
# Keys whose value is a postcode, which must look like one: "30309", "EN1 3QT", "00-514".
_POSTCODE_VALUE = re.compile(r"(?=(?:[^\d\n]*\d){2})[A-Z0-9][A-Z0-9 -]{2,9}")
# Keys whose value must be a known region or a code: "state": "Active" is a status.
_REGION_KEYS = frozenset(("state", "province", "uf", "st"))
# Keys whose value is an address however it is written: digits, commas, units and all.
_ADDRESS_KEYS = frozenset(("address", "addressline1", "addressline2", "streetaddress",
                           "homeaddress", "street", "line", "line1", "line2", "adr",
                           "endereco", "endereço", "direccion", "dirección", "adresse",
                           "indirizzo", "adres", "anschrift", "calle", "rue", "strasse",
                           "straße", *_CJK_ADDRESS_KEYS))
# A field may hold several people: "Moira T. Fennessy; Sandeep K. Dhaliwal", "A + B".
_LIST_SEPARATOR = re.compile(r"\s*(?:[;+/&|]|\s(?:and|und|y|e|et|en|i)\s)\s*")
# An identifier-like key ("billing_city", "homePhone"), not a cell of prose.
_IDENTIFIER_KEY = re.compile(r"[A-Za-z][A-Za-z_.-]*")
_IRISH_OR_ITALIAN = re.compile(r"[A-Za-z]['’]")
_INITIAL = re.compile(r"[A-Z]\.?")


def _normal_key(key: str) -> str:
    """"Billing City" -> "billingcity"; "addr.line1" -> "line1"."""
    return re.sub(r"[\s_-]", "", key.strip().strip("\"'").lower().rsplit(".", 1)[-1])


# "Line 1:" written as words numbers a document's lines (a manifest's goods, a register's
# entries); as a key, "line1" or "addr.line_1", an address's.
_NUMBERED_LINE = re.compile(r"(?i)\s*line\s+\d\s*")


def field_entity(key: str) -> str | None:
    normal = _normal_key(key)
    if _NUMBERED_LINE.fullmatch(key.strip("\"'")):
        return None
    if normal in FIELD_ENTITIES:
        return FIELD_ENTITIES[normal]
    if normal.endswith(("name", "names")) and normal.startswith(_PERSON_NAME_PREFIXES):
        return "PERSON"
    if normal.endswith(_MACHINE_ADDRESSES) \
            or not _IDENTIFIER_KEY.fullmatch(key.strip().strip("\"'")):
        return None
    return next((entity for ending, entity in _KEY_ENDINGS.items()
                 if normal.endswith(ending)), None)


def _list_items(value: str) -> Iterator[tuple[int, str]]:
    """(offset, item) for each item of a list-valued field. Commas part full names ("Xu
    Jiahui, Mateus Falcão"); otherwise what follows the first comma describes the person
    ("Ahu Karaduman, Sales, İzmir office")."""
    offset = 0
    for separator in [*_LIST_SEPARATOR.finditer(value), None]:
        end = separator.start() if separator else len(value)
        parts = value[offset:end].split(",")
        if all(len(part.split()) >= 2 for part in parts):
            for part in parts:
                yield offset, part
                offset += len(part) + 1
        else:
            yield offset, parts[0]
            # "O'BRIEN, PATRICK", "Hollis, Tamara J.": a surname, then the first name.
            given = parts[1].split() if len(parts) == 2 else []
            if given and is_first_name(given[0].lower()) \
                    and (len(given) == 1 or len(given) == 2 and _INITIAL.fullmatch(given[1])):
                yield offset + len(parts[0]) + 1, parts[1]
        offset = separator.end() if separator else len(value)


def _lines(text: str) -> list[tuple[int, str]]:
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


# A cell of a row: double-quoted cells may hold the separator ("The Old Forge, Mill End").
_CELL = {separator: re.compile(rf'(?:"(?:[^"\n]|"")*"|[^"{re.escape(separator)}\n])*')
         for separator in _CSV_SEPARATORS}


def _cells(offset: int, row: str, separator: str) -> list[tuple[int, str]]:
    cells, position = [], 0
    while True:
        cell = _CELL[separator].match(row, position)
        cells.append((offset + position, cell.group()))
        position = cell.end()
        if position >= len(row) or row[position] != separator:
            return cells
        position += 1


def _csv_cells(text: str) -> Iterator[tuple[str, int, str]]:
    """(header key, offset, cell) for each cell under a header row that names a PII field,
    for the rows that follow it with as many cells."""
    lines = _lines(text)
    for index, (_, header) in enumerate(lines):
        separator = max(_CSV_SEPARATORS, key=header.count)
        keys = header.split(separator)
        if len(keys) < 2 or not any(field_entity(key) for key in keys):
            continue
        for offset, row in lines[index + 1:]:
            cells = _cells(offset, row, separator)
            if len(cells) != len(keys):
                break
            for key, (cell_offset, cell) in zip(keys, cells, strict=True):
                yield key, cell_offset, cell


_INSERT = re.compile(r"INSERT\s+INTO\s+[\w.\"`]+\s*\((?P<columns>[^()]{1,400})\)\s*VALUES\s*",
                     re.IGNORECASE)
_ROW = re.compile(r"\s*,?\s*\((?P<row>(?:'(?:[^'\n]|'')*'|[^()'\n])*)\)")
_SQL_VALUE = re.compile(r"'(?P<quoted>(?:[^'\n]|'')*)'|(?P<bare>[^,\s][^,]*?)(?=\s*(?:,|$))")
_JSON_ARRAY = re.compile(r'"(?P<key>[A-Za-z][\w -]{0,30})"\s*:\s*\[(?P<items>[^\[\]\n]{1,300})\]')
_JSON_STRING = re.compile(r'"(?P<value>[^"\n]{1,120})"')


# Health-care messages: HL7 v2 ("PID|...|DUPLANTIS^MARCEL^A||...|118 CYPRESS BEND DR^^TERRE
# HAUTE^IN^47802") and X12 ("NM1*IL*1*CHAUVIN*ROCHELLE*M~N3*77 LAFITTE LN~N4*BECKLEY*WV*").
_HL7_NAME = re.compile(r"(?<=[|^])(?P<family>[A-Z][A-Za-z'-]+)\^(?P<given>[A-Z][A-Za-z'-]+)"
                       r"(?:\^(?P<middle>[A-Z][A-Za-z'-]*))?(?=[|^]|$)", re.MULTILINE)
_HL7_ADDRESS = re.compile(r"(?<=\|)(?P<street>\d+[A-Za-z0-9 .'-]+)\^[^|^\n]*"
                          r"\^(?P<city>[A-Za-z .'-]+)\^(?P<state>[A-Z]{2})\^\d{5}")
_HL7_SEGMENT = re.compile(r"^(?:PID|NK1|PV1|IN1|GT1)\|.*$", re.MULTILINE)
_X12 = re.compile(r"NM1\*\w{2}\*[12]\*(?P<family>[A-Z][A-Z'-]*)\*(?P<given>[A-Z][A-Z'-]*)?"
                  r"(?:\*(?P<middle>[A-Z]))?|N3\*(?P<street>[^*~\n]+)"
                  r"|N4\*(?P<city>[^*~\n]+)\*(?P<state>[A-Z]{2})\*")
_RECORD_PARTS = {"family": "name", "given": "name", "middle": "name", "street": "address",
                 "city": "city", "state": "state"}


def _health_record_fields(text: str) -> Iterator[tuple[str, int, str]]:
    """(key, offset, value) for the names and addresses in HL7 and X12 segments."""
    matches = [match for segment in _HL7_SEGMENT.finditer(text)
               for pattern in (_HL7_NAME, _HL7_ADDRESS)
               for match in pattern.finditer(text, segment.start(), segment.end())]
    for match in [*matches, *_X12.finditer(text)]:
        for group, key in _RECORD_PARTS.items():
            if group in match.re.groupindex and match[group]:
                yield key, match.start(group), match[group]


def _sql_values(text: str) -> Iterator[tuple[str, int, str]]:
    """(column, offset, value) for each value of each row of `INSERT INTO t (a, b) VALUES
    (...), (...)`: the column list names what every row holds."""
    for insert in _INSERT.finditer(text):
        columns = [column.strip(" \t\n\"`") for column in insert["columns"].split(",")]
        position = insert.end()
        while row := _ROW.match(text, position):
            values = list(_SQL_VALUE.finditer(row["row"]))
            if len(values) == len(columns):
                for column, value in zip(columns, values, strict=True):
                    group = "quoted" if value["quoted"] is not None else "bare"
                    yield column, row.start("row") + value.start(group), value[group]
            position = row.end()


# An address given in a sentence: "address: H.No. 221, Gali No. 4, Shastri Nagar, Meerut.",
# "Adres do korespondencji: ul. Kościuszki 14 m. 9, 33-100 Tarnów, tel. ...". The key may
# have words either side ("Current address:", "Địa chỉ gửi hóa đơn:").
_PROSE_ADDRESS = re.compile(
    r"(?<![\w.-])(?P<before>(?:[^\W\d_]+[ \t]+){0,2})"
    r"(?i:address|addr|adres|adresim|adresse|alamat|domicilio|direcci[oó]n|endere[cç]o|morada|"
    r"indirizzo|anschrift|adrasha|đ[iị]a ch[iỉ])(?:[ \t]+[^\W\d_]+){0,3}[ \t]*:[ \t]*"
    r"(?P<value>[^\n]{4,160})")
# A machine's address, not anyone's: "IP address:", "wallet address:".
_MACHINE_WORDS = frozenset("ip mac wallet web server contract bitcoin btc eth email e-mail mail "
                           "url ipv4 ipv6 host".split())
# Where a sentence's address ends: a bracket, a phone or mail word after a comma, or a full
# stop after a word of four letters or more ("Meerut. Account"): "No.", "Jl." and "Mah." are
# the abbreviations addresses are full of.
_PROSE_ADDRESS_END = re.compile(
    r"[()\[\];]|,\s*(?i:tel|phone|mobile|cell|telefon|tlf|telemóvel|telefone|teléfono|hp|wa|"
    r"e-?mail|correo)\b|(?<=[^\W\d_]{4})\.(?:\s|$)")


def _prose_addresses(text: str) -> Iterator[tuple[str, int, str]]:
    """("address", offset, value) for each address written after an address word."""
    for match in _PROSE_ADDRESS.finditer(text):
        if _MACHINE_WORDS.intersection(match["before"].lower().split()):
            continue
        value = match["value"]
        end = _PROSE_ADDRESS_END.search(value)
        value = (value[:end.start()] if end else value).rstrip(" ,.")
        if any(char.isdigit() for char in value) or any(word[:1].isupper()
                                                        for word in value.split()):
            yield "address", match.start("value"), value


def _json_array_items(text: str) -> Iterator[tuple[str, int, str]]:
    """(key, offset, item) for each string of a JSON array: `"given": ["Temitope", "Abike"]`."""
    for array in _JSON_ARRAY.finditer(text):
        for item in _JSON_STRING.finditer(array["items"]):
            yield array["key"], array.start("items") + item.start("value"), item["value"]


def _state_code_cells(text: str, codes: frozenset[str]) -> Iterator[tuple[str, int, str]]:
    """("state", offset, code) for US state codes in a column of rows with no header, where
    at least two rows hold one: "3021\tKeisha Baptiste\t451-90-3362\tMD", or SQL's
    "(5502, 'Corazon Villaflor', 'SC'),"."""
    columns: dict[tuple[str, int, int], list[tuple[int, str]]] = {}
    for offset, row in _lines(text):
        separator = max(_CSV_SEPARATORS, key=row.count)
        if row.count(separator) < 2:
            continue
        for column, (cell_offset, cell) in enumerate(_cells(offset, row, separator)):
            code = cell.strip(_CELL_PUNCTUATION)
            if code in codes:
                columns.setdefault((separator, row.count(separator), column), []).append(
                    (cell_offset + cell.index(code), code))
    for cells in columns.values():
        if len(cells) >= 2:
            for offset, cell in cells:
                yield "state", offset, cell


# A cell that reads as a person's name: "Matteo Ferraro", "Aoife Brennan".
_NAME_CELL = re.compile(r"[A-Z][a-zà-ÿ'’-]+(?: [A-Z][a-zà-ÿ'’-]+){1,2}")

# Or, in rows split by "|", ";" or tabs, surname first, before a first name or after a
# surname in capitals: "Kowalski-Hart, Mark", "ADEBAYO-SMITH, Toluwani".
_NAME_REST = r"(?:[^\W\d_]|['’-](?=[^\W\d_]))+"
_SURNAME_FIRST_CELL = re.compile(rf"(?P<surname>(?:[a-zà-ÿ]{{1,3}} ){{0,2}}[^\W\d_]{_NAME_REST}), "
                                 rf"(?P<given>[^\W\d_]{_NAME_REST}(?: [A-Z]{_NAME_REST})?)")


def _name_cells(text: str) -> Iterator[tuple[str, int, str]]:
    """("name", offset, cell) for cells of rows with no header that read as a person's name:
    a first name, then words that are no common English ("ETS-44121,Matteo Ferraro,...")."""
    from workers.pii.places import place_names

    english = common_english_words()
    for offset, row in _lines(text):
        separator = max(_CSV_SEPARATORS, key=row.count)
        if row.count(separator) < 2:
            continue
        for cell_offset, cell in _cells(offset, row, separator):
            value = cell.strip(_CELL_PUNCTUATION)
            words = value.split()
            if _NAME_CELL.fullmatch(value) and is_first_name(words[0].lower()) \
                    and not english.intersection(word.lower() for word in words[1:]):
                yield "name", cell_offset + cell.index(value), value
            elif separator != "," and (turned := _SURNAME_FIRST_CELL.fullmatch(value)) \
                    and (is_first_name(turned["given"].split()[0].lower())
                         or turned["surname"].isupper() and turned["given"].istitle()) \
                    and turned["surname"].split()[-1].lower() not in english \
                    and not {turned["surname"].title(), turned["given"]} & place_names():
                start = cell_offset + cell.index(value)
                yield "surname", start + turned.start("surname"), turned["surname"]
                yield "firstname", start + turned.start("given"), turned["given"]


class StructuredFieldRecognizer(LocalRecognizer):
    """The value of a field whose key names a kind of PII."""

    def __init__(self) -> None:
        super().__init__(supported_entities=sorted(set(FIELD_ENTITIES.values())),
                         name="StructuredFieldRecognizer")

    def load(self) -> None:
        from workers.pii.places import REGION_CODES, place_names

        self.places, self.state_codes = place_names(), REGION_CODES
        # "KwaZulu-Natal" as people write it, "Kwazulu-Natal" as ISO 3166-2 does.
        self.lowercase_places = frozenset(place.lower() for place in self.places)
        self.english = common_english_words()

    def analyze(self, text: str, entities: list[str],
                nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        fields = [(match["key"], match.start("value"), match["value"])
                  for pattern in _FIELDS for match in pattern.finditer(text)]
        found = []
        for key, offset, raw in [*fields, *_csv_cells(text), *_sql_values(text),
                                 *_json_array_items(text), *_health_record_fields(text),
                                 *_prose_addresses(text), *_name_cells(text),
                                 *_state_code_cells(text, self.state_codes)]:
            entity = field_entity(key)
            if entity not in entities:
                continue
            items = _list_items(raw) if entity == "PERSON" or _normal_key(key) == "adr" \
                else [(0, raw)]
            for item_offset, item in items:
                value = item.strip().strip("\"'")
                note = _NOTES[entity].search(value) if entity in _NOTES else None
                if note and not self._reads_as(entity, key, value):
                    value = value[:note.start()]
                if not value or not self._reads_as(entity, key, value):
                    continue
                start = offset + item_offset + item.index(value)
                found.append(RecognizerResult(entity, start, start + len(value), 0.6,
                                              recognition_metadata={
                                                  RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                  RecognizerResult.RECOGNIZER_IDENTIFIER_KEY:
                                                      self.id}))
        return found

    def _typed(self, value: str) -> bool:
        """A name written all in lowercase: a first name, then up to two more words; alone,
        a first name that is no word of English ("marty", not "will")."""
        words = value.split()
        return value.islower() and len(words) <= _MAX_TYPED_NAME_WORDS \
            and is_first_name(words[0]) and (len(words) > 1 or words[0] not in self.english)

    def _reads_as(self, entity: str, key: str, value: str) -> bool:
        """Names and places must look like them; a state or province must be a known place
        ("state": "Active" is a status); an address may be written any way."""
        normal = _normal_key(key)
        if entity == "EMAIL_ADDRESS":
            return "@" in value
        if entity == "PHONE_NUMBER":
            return sum(char.isdigit() for char in value) >= _MIN_PHONE_DIGITS
        if normal in _HANDLE_KEYS:
            return value.isalpha() and _named_handle(value.lower())
        if entity not in ("PERSON", "LOCATION") or normal in _ADDRESS_KEYS \
                or normal.endswith(("address", "street")):
            return True
        if normal in POSTCODE_KEYS or normal.endswith(("zip", "postcode")):
            return bool(_POSTCODE_VALUE.fullmatch(value))
        if normal in _REGION_KEYS:
            return value in self.state_codes or value.lower() in self.lowercase_places \
                or len(value) == 2 and value.isupper()
        parts = value.split(", ") if entity == "LOCATION" else [value]
        # Capitalised, or in a script without capitals ("佐藤 美咲"), or a name typed in
        # lowercase that opens with a first name ("present: pam rutherford, gus oyelaran"), or
        # a known place typed in lowercase ("city": "seoul").
        if not all(_NAME_LIKE.fullmatch(part) and (
                not part[0].islower() or entity == "PERSON" and self._typed(part)
                or entity == "LOCATION" and part in self.lowercase_places) for part in parts) \
                or value.lower() in _NO_VALUE or value.split()[-1].lower() in COMPANY_SUFFIXES:
            return False
        # "Customer Service Officer" after a name is the person's job, not another person;
        # "O'BRIEN", "D'Angelo" are surnames that English word lists hold too.
        return entity != "PERSON" or not all(
            word.lower() in self.english and not is_first_name(word.lower())
            and not _IRISH_OR_ITALIAN.match(word) for word in value.split())


def _named_handle(handle: str) -> bool:
    from workers.pii.names import census_surnames

    return is_first_name(handle) or len(handle) > _MIN_INITIALLED_HANDLE \
        and handle[1:] in census_surnames()
