"""sluice's own recognizers, each on the kind of prompt it exists for, beside the near miss it
must leave alone."""

import re

import pytest

from sluice.config import PiiConfig
from tests.pii_eval.baseline import MODEL
from workers.pii.engine import build_local_engine
from workers.pii.placeholders import non_overlapping
from workers.pii.places import LandmarkRecognizer

ALL = tuple(PiiConfig().entities)


@pytest.fixture(scope="module")
def engine():
    return build_local_engine(PiiConfig(), MODEL)


def _found(engine, text):
    return {(f.entity, text[f.start:f.end]) for f in engine.analyze(text, ALL, 0.4)}


def _values(engine, text, entity=None):
    return {value for found, value in _found(engine, text) if entity in (None, found)}


def _missed(engine, text, parts, entity=None):
    """The parts of `text` not wholly inside findings (of `entity`, if given)."""
    covered = {index for f in engine.analyze(text, ALL, 0.4) if entity in (None, f.entity)
               for index in range(f.start, f.end)}
    return [part for part in parts for start in [text.index(part)]
            if not set(range(start, start + len(part))) <= covered]


def test_record_fields_are_pii_by_their_keys(engine):
    text = ('{"fullName": "Sipho Ndlovu", "city": "Swansea", "status": "Active"}\n'
            "contacts:\n  - name: Oisín Mac Giolla\n    office: Waterford\n"
            "user=ana.rua@corp.internal plan=Team")
    found = _found(engine, text)
    assert {("PERSON", "Sipho Ndlovu"), ("LOCATION", "Swansea"),
            ("PERSON", "Oisín Mac Giolla"), ("LOCATION", "Waterford"),
            ("EMAIL_ADDRESS", "ana.rua@corp.internal")} <= found
    assert not {value for _, value in found} & {"Active", "Team"}


def test_cities_in_csv_fields_and_addresses_written_either_way_round(engine):
    found = _found(engine, "Sid Rao,(312) 847-2293,Pittsburgh\n"
                           "Send it to Calle de Colón 41, Valencia or 22 Rue des Lilas, Lyon.")
    locations = {value for entity, value in found if entity == "LOCATION"}
    assert "Pittsburgh" in locations
    assert any(value.startswith("Calle de Colón 41") for value in locations)
    assert any(value.startswith("22 Rue des Lilas") for value in locations)
    assert not any("3 more" in value for value in _found(engine, "Give it 3 more Days please."))


def test_phone_shaped_numbers_need_a_phone_word(engine):
    assert ("PHONE_NUMBER", "07700 900461") in _found(engine, "Contact: 07700 900461 today.")
    assert not any(entity == "PHONE_NUMBER"
                   for entity, _ in _found(engine, "Ticket 20240611 0042 was reopened."))


def test_cards_in_mastercards_2_series_still_need_luhn(engine):
    assert ("CREDIT_CARD", "2223 0048 1975 5264") in _found(engine, "Charge 2223 0048 1975 5264")
    assert not any(entity == "CREDIT_CARD"
                   for entity, _ in _found(engine, "Charge 2223 0048 1975 5265"))


def test_names_known_by_their_company(engine):
    text = ("ping deepak about it. I think anneke sent the contract.\n"
            "[10:02] layla: did it go through?\nBest,\nPadraig\n"
            "The package for Tunde Bakare was late.")
    persons = {value for entity, value in _found(engine, text) if entity == "PERSON"}
    assert {"deepak", "anneke", "layla", "Padraig", "Tunde Bakare"} <= persons


def test_code_and_instruction_verbs_are_not_names(engine):
    found = _found(engine, "Convert this to YAML. Why does customer_id=88127 fail with "
                           "shared_buffers=4GB set?")
    assert not any(entity == "PERSON" for entity, _ in found), found
    opening = _found(engine, "London is where Jane lives. Chicago next.")
    assert {("LOCATION", "London"), ("LOCATION", "Chicago")} <= opening, "places still open"


def test_csv_cells_under_a_header_that_names_pii(engine):
    text = "emp_id,name,ssn,state,status\n1041,Rafael Moreira,148592730,New Jersey,Active"
    found = _found(engine, text)
    assert {("PERSON", "Rafael Moreira"), ("US_SSN", "148592730"),
            ("LOCATION", "New Jersey")} <= found
    assert not {value for _, value in found} & {"1041", "Active"}


def test_lowercase_places_that_are_no_common_word_and_signatures(engine):
    found = _found(engine, "send money to my sister adwoa in kumasi. Ok?\nSend them today. /Freja\n"
                           "any update from the rawalpindi team?")
    assert {("PERSON", "adwoa"), ("LOCATION", "kumasi"), ("PERSON", "Freja"),
            ("LOCATION", "rawalpindi")} <= found
    assert not _found(engine, "I was in reading mode. Mind the gap.")


def test_phone_numbers_in_national_formats_need_no_phone_word(engine):
    found = _found(engine, "Driver list: Arjun 0803 116 4421. Hanne ringte fra 912 44 871.\n"
                           "Gift card 7731 0048 2219 5563 has no balance.")
    phones = {value for entity, value in found if entity == "PHONE_NUMBER"}
    assert phones == {"0803 116 4421", "912 44 871"}


def test_numbers_that_name_a_record_are_neither_ssns_nor_phones(engine):
    assert not _found(engine, "Refund order 512-44-9021, merge case number 415-882-6031 into "
                              "quote Q-312-555-7781 and part 212-555-0139-X.")
    assert _found(engine, "Her SSN is 512-44-9021.") == {("US_SSN", "512-44-9021")}


def test_xml_keyword_and_dict_fields(engine):
    found = _found(engine, "<row><name>Wiktoria Zielińska</name><city>Kraków</city></row>\n"
                           "User(name='Obiageli Nwosu') customer=\"Teodor Ilie\"\n"
                           "{'given': 'Saoirse', 'family': 'Brennan'}")
    assert {("PERSON", "Wiktoria Zielińska"), ("LOCATION", "Kraków"),
            ("PERSON", "Obiageli Nwosu"), ("PERSON", "Teodor Ilie"), ("PERSON", "Saoirse"),
            ("PERSON", "Brennan")} <= found


def test_state_codes_in_a_column_of_a_table_without_header(engine):
    found = _found(engine, "1\tAmos Kell\tTX\n2\tRuth Arno\tNM\nstatus\tOK")
    assert {("LOCATION", "TX"), ("LOCATION", "NM")} <= found
    assert not any(value == "OK" for _, value in found)


def test_street_forms_from_around_the_world(engine):
    text = ("Ship to Atatürk Caddesi 88, or 17 Jalan Ampang, or Calle 72 # 10-34, Bogotá, or "
            "2-5-1 Marunouchi, Chiyoda-ku, or Los Aromos 455, Temuco.")
    locations = {value for entity, value in _found(engine, text) if entity == "LOCATION"}
    for street in ("Atatürk Caddesi 88", "17 Jalan Ampang", "Calle 72 # 10-34",
                   "2-5-1 Marunouchi", "Los Aromos 455"):
        assert any(street in value for value in locations), street
    assert not _found(engine, "We run Windows 11, please advise. Dry Run 2 passed.")


def test_names_in_chat_and_from_the_worlds_name_lists(engine):
    text = ("can u check with folake? is thandeka around? hey, its bongani\n"
            "hello, siobhan gallagher here\ndid emeka merge it? Ingibjörg closed the meeting.\n"
            "Forward the deck to Chiamaka. Add Aoife Nic Aodha and Marit van 't Veld.")
    persons = {value for entity, value in _found(engine, text) if entity == "PERSON"}
    assert {"folake", "thandeka", "bongani", "siobhan gallagher", "emeka", "Ingibjörg",
            "Aoife Nic Aodha", "Marit van 't Veld"} <= persons
    assert any("Chiamaka" in value for _, value in _found(engine, text))
    assert not _found(engine, "can u check with legal? is everyone around?")


def test_everyday_capitalised_words_are_not_names(engine):
    found = _found(engine, "Open Chrome and the Settings page; our Node service is slow.\n"
                           "Summarise this email. Traduce al inglés, por favor.\n"
                           "Dear Mr. Black, hi.")
    assert found == {("PERSON", "Black")}


def test_capitalised_german_nouns_are_not_places_or_names(engine):
    found = _found(engine, "Bitte eine Eingangsbestätigung für die Schadensmeldung schreiben, "
                           "Herr Brandl wartet.")
    assert found == {("PERSON", "Herr Brandl")} or found == {("PERSON", "Brandl")}


def test_chat_speakers_lowercase_places_and_places_after_places(engine):
    found = _found(engine, "[09:12] Ravindra Kulkarni: parcel never came\n"
                           "nice. tomasz can you check? we ship from toledo ohio; the bursa team\n"
                           "morning. tadhg and oisín both said the van was late.")
    assert {("PERSON", "Ravindra Kulkarni"), ("PERSON", "tomasz"), ("LOCATION", "toledo"),
            ("LOCATION", "ohio"), ("LOCATION", "bursa"), ("PERSON", "tadhg"),
            ("PERSON", "oisín")} <= found


def test_time_zones_dates_and_placeholders_are_not_pii(engine):
    assert not _found(engine, "TIME_ZONE = 'America/Chicago'. The sms log shows 2025-05-02 "
                              "11:03 for OTP numbers; phone_number = '000-000-0000'; the OTP "
                              "numbers run 318-27-5540 upwards.")


def test_numbers_beside_cjk_text_and_mobiles_of_india_brazil_and_china(engine):
    found = _found(engine, "注文したカードは4111 1111 1111 1111です。携帯 139 1608 2275, "
                           "Ludhiana 98142 70315, zap (21) 98834-1172")
    assert {("CREDIT_CARD", "4111 1111 1111 1111"), ("PHONE_NUMBER", "139 1608 2275"),
            ("PHONE_NUMBER", "98142 70315"), ("PHONE_NUMBER", "(21) 98834-1172")} <= found


def test_printed_forms_semicolon_rows_and_more_address_forms(engine):
    found = _found(engine, "CARDHOLDER MARGUERITE OYELARAN\n"
                           "Heike Vogt;Kastanienallee 9;10435;Leipzig;0341 2256 118\n"
                           "We met in Cluj-Napoca. Loss at 1450 N 7th Avenue, Bozeman. "
                           "Giao tới Quận 3, TP. Hồ Chí Minh.")
    assert {("PERSON", "MARGUERITE OYELARAN"), ("LOCATION", "Leipzig"),
            ("LOCATION", "Cluj-Napoca"), ("LOCATION", "Quận 3")} <= found
    locations = {value for entity, value in found if entity == "LOCATION"}
    assert any(value.startswith("1450 N 7th Avenue") for value in locations)
    assert any("Hồ Chí Minh" in value for value in locations)


def test_names_complete_across_hyphens_and_come_back_later(engine):
    text = ("Panel: Margarethe Lindqvist-Haas (chair), Tobiah Wren\n\n"
            "Lindqvist-Haas said the case study was strong. Wren disagreed.")
    covered = {i for f in engine.analyze(text, ALL, 0.4) if f.entity == "PERSON"
               for i in range(f.start, f.end)}
    for name in ("Margarethe Lindqvist-Haas", "Tobiah Wren", "Lindqvist-Haas said", "Wren dis"):
        start = text.index(name)
        assert set(range(start, start + len(name.split()[0]))) <= covered, name
    street = _found(engine, "Ship to Adeola Odeku Street. The Street team will sign.")
    assert not any(entity == "PERSON" and value == "Street" for entity, value in street)


def test_initials_and_surnames(engine):
    found = _found(engine, "Signed: R. MacAoidh / K. O. Bondarenko. Reviewed by Moira T. "
                           "Fennessy. Read the U.S. Army report.")
    persons = {value for entity, value in found if entity == "PERSON"}
    assert {"R. MacAoidh", "K. O. Bondarenko", "Moira T. Fennessy"} <= persons
    assert not any("Army" in value for value in persons)


def test_lists_of_people_vcards_calendars_and_key_endings(engine):
    found = _found(engine, "Reviewers: Xu Jiahui, Mateus Falcão\n"
                           "Claimant: Ahu Karaduman, Sales, İzmir office\n"
                           "billing_city=\"Herzliya\" ip_address=\"10.0.0.1\"\n"
                           "BEGIN:VCARD\nN:Þórhallsson;Einar;;;\nEND:VCARD\n"
                           "ATTENDEE;CN=Jarosław Pietrzyk;ROLE=REQ-PARTICIPANT:mailto:j@x.pl")
    assert {("PERSON", "Xu Jiahui"), ("PERSON", "Mateus Falcão"), ("PERSON", "Ahu Karaduman"),
            ("LOCATION", "Herzliya"), ("PERSON", "Þórhallsson"), ("PERSON", "Einar"),
            ("PERSON", "Jarosław Pietrzyk")} <= found
    assert not {value for _, value in found} & {"Sales", "10.0.0.1"}


def test_units_plots_regions_before_postcodes_and_post_office_boxes(engine):
    text = ("Flat 2, 9 Wentworth Street, Portree. Plot 1124 Adeola Odeku Street. "
            "Rua Padre Chagas 215, apto 802, Porto Alegre. ul. Zwycięstwa 44/7, Gliwice.\n"
            "Cairns North QLD 4870; Vancouver, BC V5V 3C8; decatur ga 30034; P.O. Box 52119")
    locations = {value for entity, value in _found(engine, text) if entity == "LOCATION"}
    for place in ("Flat 2, 9 Wentworth Street", "Plot 1124 Adeola Odeku Street",
                  "Rua Padre Chagas 215, apto 802", "ul. Zwycięstwa 44/7", "QLD", "BC", "ga",
                  "P.O. Box 52119"):
        assert any(value.startswith(place) for value in locations), place


def test_cities_by_their_names_in_other_languages(engine):
    found = _found(engine, "Hotel in Antwerpen, then Napoli. Timeline (UTC, 14 May).")
    assert {("LOCATION", "Antwerpen"), ("LOCATION", "Napoli")} <= found
    assert not any(value == "UTC" for _, value in found)


def test_cards_of_19_digits_or_dotted_and_phones_without_phonenumbers(engine):
    found = _found(engine, "Maestro 6759 6498 2643 8453 060 and VISA 4532.8814.2290.6174; "
                           "call 05 56 44 21 07 or (415) 555-0132 or +44 20 7946 0958 or "
                           "1-888-ROOF-PRO")
    assert {("CREDIT_CARD", "6759 6498 2643 8453 060"), ("CREDIT_CARD", "4532.8814.2290.6174"),
            ("PHONE_NUMBER", "05 56 44 21 07"), ("PHONE_NUMBER", "(415) 555-0132"),
            ("PHONE_NUMBER", "+44 20 7946 0958"), ("PHONE_NUMBER", "1-888-ROOF-PRO")} <= found


def test_subdivisions_and_region_codes_after_towns(engine):
    found = _found(engine, "Governing law: Queensland. Ship to Karnataka or Aberdeenshire. I moved "
                           "from Pawtucket, RI to Sherbrooke (QC). Employee ID 20417.")
    assert {("LOCATION", "Queensland"), ("LOCATION", "Karnataka"), ("LOCATION", "Aberdeenshire"),
            ("LOCATION", "RI"), ("LOCATION", "QC")} <= found
    assert not any(value.startswith("ID") for _, value in found)


def test_relatives_eponyms_job_titles_and_empty_values_are_not_people(engine):
    found = _found(engine, "Hi Mum its me. Explain Murphy's law and a Venn diagram.\n"
                           "Name: Zainab Lawal, Customer Service Officer\ncountry=None")
    assert found == {("PERSON", "Zainab Lawal")}


def test_introductions_in_other_languages_and_first_names_doing_things(engine):
    found = _found(engine, "Merhaba, ben Elif Karataş. UPDATE: ken locked himself out again.")
    assert {("PERSON", "Elif Karataş"), ("PERSON", "ken")} <= found


def test_place_names_inside_hostnames_and_weekdays_are_not_pii(engine):
    assert not _found(engine, "The nightly job died on tromso-etl-02 and paris.internal. "
                              "Slots: Tue 14:30, Thu 09:00.")


def test_sql_rows_json_arrays_and_health_care_messages(engine):
    found = _found(engine, "INSERT INTO students (id, first_name, last_name, town) VALUES\n"
                           " (3301, 'Clementine', 'Tessier-Ouellette', 'Montpelier'),\n"
                           " (3302, 'Ansel', 'Brignac', 'Houma');\n"
                           '{"name": [{"family": "Oyelowo", "given": ["Temitope", "Abike"]}]}\n'
                           "PID|1||000884213^^^BCHN^MR||DUPLANTIS^MARCEL^A||19670418|M|||"
                           "118 CYPRESS BEND DR^^TERRE HAUTE^IN^47802\n"
                           "NM1*IL*1*CHAUVIN*ROCHELLE*M~N3*77 LAFITTE LN~N4*BECKLEY*WV*25801~")
    assert {("PERSON", "Clementine"), ("PERSON", "Tessier-Ouellette"), ("PERSON", "Brignac"),
            ("LOCATION", "Houma"), ("PERSON", "Temitope"), ("PERSON", "Abike"),
            ("PERSON", "DUPLANTIS"), ("PERSON", "MARCEL"), ("LOCATION", "118 CYPRESS BEND DR"),
            ("LOCATION", "TERRE HAUTE"), ("PERSON", "CHAUVIN"), ("PERSON", "ROCHELLE"),
            ("LOCATION", "77 LAFITTE LN"), ("LOCATION", "BECKLEY"), ("LOCATION", "WV")} <= found
    assert not any(value == "3301" for _, value in found)


def test_floors_doors_and_postcodes_of_many_countries(engine):
    text = ("Rue de la Loi 155, 4e étage, Bruxelles. Via Cernaia 14, scala C, interno 9, Asti. "
            "Str. Republicii nr. 18, bl. A2, sc. 1, ap. 9, Brașov. Masarykova 31, 586 01 Jihlava. "
            "Koestraat 9-bis, 3000 Leuven. 1201 Hwy 62 E, Harrison.")
    locations = {value for entity, value in _found(engine, text) if entity == "LOCATION"}
    for street in ("Rue de la Loi 155, 4e étage", "Via Cernaia 14, scala C, interno 9",
                   "Str. Republicii nr. 18, bl. A2, sc. 1, ap. 9", "Masarykova 31",
                   "Koestraat 9-bis", "1201 Hwy 62 E"):
        assert any(value.startswith(street) for value in locations), street


def test_more_phone_shapes_and_numbers_inside_ibans(engine):
    found = _found(engine, "Call 0049 (0)89 4471 2200 or +33 (0)6 71 22 48 94 or 667 21 48 90 "
                           "or 0733.402.117. Pay NL27 RABO 0318 4429 17. NHS number 638 441 2207.")
    phones = {value for entity, value in found if entity == "PHONE_NUMBER"}
    assert phones == {"0049 (0)89 4471 2200", "+33 (0)6 71 22 48 94", "667 21 48 90",
                      "0733.402.117"}


def test_greetings_schools_diseases_and_drug_codes_are_not_pii(engine):
    assert not _found(engine, "Kalispera. Schools: Lincoln Elementary, Roosevelt Middle.\n"
                              "Is Addison's disease coded E27.1? Recall NDC 0024-5915-02 and "
                              "test case 0093-5058-98. The second agent wrote in French.")


def test_countries_in_other_languages_and_places_with_a_case_ending(engine):
    found = _found(engine, "Pracuje w Niemczech, wcześniej Niemcy. Resident in Changwon, Korea. "
                           "Bilecik'te yaşıyorum, sonra Trabzon'dan taşındım.")
    locations = {value for entity, value in found if entity == "LOCATION"}
    assert {"Niemcy", "Korea", "Bilecik", "Trabzon"} <= locations
    assert not any(value.startswith("Island") for value in locations), "English word, no place"
    assert not _found(engine, "Paris's museums are free on Sundays.") & {("LOCATION", "Paris's")}


def test_named_buildings_streets_without_numbers_and_addresses_in_a_sentence(engine):
    text = ("Current address: Flat 12, Larkspur House, 8 Cantelowes Road, Camden Town. "
            "She lives on Hawthorn Close in Bracknell; post to The Old Rectory, Church Lane, "
            "Great Bardfield. Depot: Unit 3B, Ballybrit Business Park, Galway. Domicilio: "
            "Av. Colón 2241, piso 6 B, Mar del Plata, tel. +54 223 481 2290")
    assert not _missed(engine, text, ("Flat 12, Larkspur House, 8 Cantelowes Road",
                                      "Hawthorn Close", "The Old Rectory, Church Lane",
                                      "Unit 3B, Ballybrit Business Park",
                                      "Av. Colón 2241, piso 6 B, Mar del Plata"), "LOCATION")
    assert ("LOCATION", "+54 223 481 2290") not in _found(engine, text)
    merged = non_overlapping(engine.analyze(text, ALL, 0.4))
    assert {f.entity for f in merged if f.start <= text.index("Larkspur") < f.end} == \
        {"LOCATION"}, "a name like a building's, inside an address, is the address"
    quiet = "Upload it to Google Drive before Market Close. IP address: 10.2.0.14 is down."
    assert not {entity for entity, _ in _found(engine, quiet)} & {"LOCATION"}


def test_names_and_places_written_in_capitals(engine):
    statement = ('2025-06-02,"FPS IN BRIGID OGUNDIPE REF RENT JUNE",925.00\n'
                 '2025-06-06,"FPS OUT M KOVALENKO, 20-44-91",41.18\n'
                 "SALE OF LAND CAPE COAST\n"
                 "1.KOWALCZYK/AGNIESZKA MRS   2.KOWALCZYK/TYMON MSTR\n"
                 "ERROR KAFKA CONSUMER LAG, READ/WRITE AND/OR TCP/IP")
    found = _found(engine, statement)
    assert {("PERSON", "BRIGID OGUNDIPE"), ("PERSON", "M KOVALENKO"),
            ("LOCATION", "CAPE COAST"), ("PERSON", "KOWALCZYK/AGNIESZKA"),
            ("PERSON", "KOWALCZYK/TYMON")} <= found
    assert not any(value in ("READ/WRITE", "AND/OR", "TCP/IP", "KAFKA CONSUMER")
                   for _, value in found)


def test_names_the_model_reads_as_companies_are_people(engine):
    found = _found(engine, "mentor Lucy Tracey (civil engineer) - mentee Sami Yusuf Hersi "
                           "(17, wants to study engineering). Unser Leiharbeitnehmer Mehmet Ali "
                           "Yıldırım ist seit dem 02.10. bei uns.")
    names = {value for entity, value in found if entity == "PERSON"}
    assert "Sami Yusuf Hersi" in names
    assert "Mehmet Ali Yıldırım" in names
    assert not _found(engine, "We moved payroll to Sage Business Cloud Ltd last year.") & {
        ("PERSON", "Sage Business Cloud Ltd")}


def test_chat_names_after_call_back_and_clause_openers_kin_and_code_owners(engine):
    chat = ("can someone call back eftychia tonight? dont refund anything until aggeliki "
            "checks the voucher, and bongi won the speed-build. shoutout to tavita for modding.")
    names = {value for entity, value in _found(engine, chat) if entity == "PERSON"}
    assert {"eftychia", "aggeliki", "bongi", "tavita"} <= names
    found = _found(engine, "Kayden's mum Jade was informed. Los niños Emiliano y Regina. "
                           "# TODO(Yolany): quitar estos datos. Escribe a J. de Groot. "
                           "GET /lookup?email=tomasz.lewandowicz%40wp.pl HTTP/1.1")
    assert {("PERSON", "Jade"), ("PERSON", "Emiliano"), ("PERSON", "Yolany"),
            ("PERSON", "J. de Groot"),
            ("EMAIL_ADDRESS", "tomasz.lewandowicz%40wp.pl")} <= found
    quiet = "ring doorbell no answer; my sons ssn is on file; # TODO(cleanup): drop table"
    assert not {entity for entity, _ in _found(engine, quiet)} & {"PERSON"}


def test_inflected_slavic_places_lowercase_towns_and_more_chat_subjects(engine):
    found = _found(engine, "Firma ma magazyn w Tychach i biuro w Rzeszowie. Bydlím v Kopřivnici. "
                           "il magazzino di brescia. benji, bea and tendai stayed til 11pm")
    assert {("LOCATION", "Tychach"), ("LOCATION", "Rzeszowie"), ("LOCATION", "Kopřivnici"),
            ("LOCATION", "brescia"), ("PERSON", "tendai")} <= found
    assert not _found(engine, "Pracuję w Google od roku.")


def test_chat_speakers_iberian_floors_region_codes_and_cards_before_an_expiry(engine):
    chat = "[09:15] rich: yeah he says fine\n[09:16] Agent: noted\n[09:17] grace: ok"
    names = {value for entity, value in _found(engine, chat) if entity == "PERSON"}
    assert {"rich", "grace"} <= names and "Agent" not in names
    roles = "vendedor: hola, ¿llegó?\ncomprador: sí\nPrescriber: Anjali Ramaswamy, MD"
    assert not _values(engine, roles) & {"vendedor", "comprador", "MD"}
    text = ("vivo en Calle de Embajadores 41, 3º izq., Madrid. Client: C/ Sant Antoni 27, 1º 2ª, "
            "08015 Barcelona. Chegou na Rua Augusta, 1508 - apto 72, Consolação, São Paulo - SP. "
            "Flat 302, Sai Krupa Apartments, 4th Cross, Indiranagar. Dami | Leeds, UK | +44. "
            "Pay off 4929 0012 7714 3382 08/26 please.")
    assert not _missed(engine, text, ("Calle de Embajadores 41, 3º izq.",
                                      "C/ Sant Antoni 27, 1º 2ª", "Rua Augusta, 1508 - apto 72",
                                      "SP", "4th Cross", "UK"), "LOCATION")
    assert ("CREDIT_CARD", "4929 0012 7714 3382") in _found(engine, text)


def test_named_houses_streets_named_type_first_korean_numbers_and_region_columns(engine):
    text = ("Joyce – Ivy Cottage, Pannal – leave with neighbour. All'incrocio tra Via Toledo e "
            "Via Chiaia. The car's on boulevard Laurier in Québec. Mail: 302-1104, 55 Seongbuk-ro, "
            "Seongbuk-gu, Seoul.\n| id | suburb | state |\n| 1 | Frankston | VIC |\n"
            "| 2 | Footscray | VIC |")
    assert not _missed(engine, text, ("Ivy Cottage", "Via Toledo", "boulevard Laurier",
                                      "55 Seongbuk-ro", "VIC"), "LOCATION")
    assert not _found(engine, "Send it via Slack or Via Email, whichever is quicker.")


def test_an_unknown_word_opening_a_paragraph_is_no_name(engine):
    for prompt in ("Traduz para inglês e classifica o pedido.",
                   "Tolong buatkan balasan resmi untuk pelanggan ini.",
                   "Metafrase sta agglika kai grapse mia apantisi."):
        assert not {entity for entity, _ in _found(engine, prompt)} & {"PERSON", "LOCATION"}, \
            prompt
    assert ("PERSON", "Mamadou Ndiaye") in _found(engine, "Mamadou Ndiaye will be flying to "
                                                          "Geneva for the audit.")


def test_pronouns_of_languages_without_word_lists_are_no_names(engine):
    found = _found(engine, "Salam, nama saya Muhammad Haziq bin Rosli. Sawatdee khrap, phom chue "
                           "Thanakrit. Chào anh/chị, tôi là Nguyễn Thị Bích Ngọc.")
    assert not {value for _, value in found} & {"saya", "phom", "tôi"}
    assert ("PERSON", "Muhammad Haziq bin Rosli") in found


def test_names_in_rows_of_a_table_without_header(engine):
    rows = ('ETS-44121,Matteo Ferraro,"Via Garibaldi 9, Torino",+39 347 118 2054\n'
            "ETS-44124,Aoife Brennan,Galway,+353 87 118 2290\n"
            "SKU-1,Blue Widget,In Stock,12.50")
    found = _found(engine, rows)
    assert {("PERSON", "Matteo Ferraro"), ("PERSON", "Aoife Brennan")} <= found
    assert not {value for _, value in found} & {"Blue Widget", "In Stock"}


def test_chat_speakers_named_again_lowercase_and_titles_written_short(engine):
    chat = "front desk: ok bex #1, jonno #2\nbex: can u add me to the waitlist\njonno: me too!!"
    assert _missed(engine, chat, ["bex", "jonno"], "PERSON") == []
    text = ('Olá Sr. Duarte, falta a fatura. Firma: Dra. Ortiz. El encargado, don Rubén, no '
            "viene. Patient encik razak pengsan.")
    assert _missed(engine, text, ["Duarte", "Ortiz", "Rubén", "razak"], "PERSON") == []
    # A lowercase word some rule took for a name spreads only if it heads a chat line.
    swahili = "Tafsiri kwa Kiingereza kwa timu ya usafirishaji: mimi ni kwa"
    assert not any(value == "kwa" for _, value in _found(engine, swahili))



def test_a_town_right_after_a_first_name_is_a_surname(engine):
    text = "Hasta: Elif Yıldırım, 34 yaş\nAdres: Bağdat Cad. No: 318 D: 9"
    assert ("PERSON", "Elif Yıldırım") in _found(engine, text)


def test_role_fields_dialogue_speakers_timelines_and_titles_in_capitals(engine):
    form = "Pupil: Tomiwa, JSS 2\nManager: Nong (nickname)\nInstallers: Tane & Hamish"
    assert _missed(engine, form, ["Tomiwa", "Nong", "Tane", "Hamish"], "PERSON") == []
    chat = "Jörg: Tour 14 fertig\nMehmet: bei mir Zufahrt gesperrt"
    assert _missed(engine, chat, ["Mehmet"], "PERSON") == []
    # One first name heading one line is a form's field, not a dialogue.
    assert ("PERSON", "Hasta") not in _found(engine, "Hasta: Elif Yıldırım, 34 yaş")
    timeline = "23:04 PagerDuty fires\n23:06 Ravi acks, starts investigating"
    assert _missed(engine, timeline, ["Ravi"], "PERSON") == []
    assert ("PERSON", "PagerDuty") not in _found(engine, timeline)
    note = "Customer MR KEITH ARMSTRONG called re lost card.\nFPI GRANT MCLEISH  REF KITCHEN"
    assert _missed(engine, note, ["KEITH ARMSTRONG", "GRANT MCLEISH"], "PERSON") == []
    assert not any(value.startswith("SIM") for _, value in
                   _found(engine, "a SIM PUK reset flow and a fallback"))


def test_units_and_house_numbers_around_a_found_place_go_with_it(engine):
    text = ("Il habite Rue des Tanneurs 41, boîte 3, 1000 Bruxelles.\n"
            "Office: 8F, 235 Pangyoyeok-ro, Bundang-gu, Seongnam-si\n"
            "residing at C-302, Green Meadows, Baner Road, Baner, Pune 411045")
    assert _missed(engine, text, ["Rue des Tanneurs 41, boîte 3", "8F, 235 Pangyoyeok-ro",
                                  "C-302, Green Meadows, Baner Road"], "LOCATION") == []
    # A number another finding holds stays that finding's; a count before a place is no unit.
    found = _found(engine, "Call 0161 496 0734, Salford office. Out of 14,200 Mount Korrin kills")
    assert ("PHONE_NUMBER", "0161 496 0734") in found
    assert not any(value.startswith(("14", "200")) for _, value in found)


def test_a_first_name_right_before_a_found_name_joins_it(engine):
    text = ('"guests": ["Ray Hollis", "Denise"]\nla paciente Lucía Fernández Ortega: cita\n'
            "WITNESS STATEMENT OF MARGARET ELLEN FOXLEY")
    assert _missed(engine, text, ["Ray Hollis", "Lucía Fernández Ortega",
                                  "MARGARET ELLEN FOXLEY"], "PERSON") == []
    assert ("PERSON", "Saya") not in _found(engine, "Bapak di Cikarang. Saya Dewi Kartikasari.")


def test_agents_introducing_themselves(engine):
    text = ("Agent: thank you for calling QuickCredit, this is Aman. How may I help you?\n"
            "Agent: You're through to claims, Shaz speaking.")
    assert _missed(engine, text, ["Aman", "Shaz"], "PERSON") == []
    assert not any(value == "Python" for _, value in _found(engine, "So this is Python code."))


def test_vietnamese_names_bracketed_first_names_and_people_from_a_team(engine):
    text = ("Chào anh/chị, tôi là Nguyễn Thị Bích Ngọc. Tôi đã đặt tour.\n"
            "- Angela Moretti (Luca, Grade 3) – after 4:30\n09:15 DRV-22 (Marek) FAILED\n"
            "desk: Ibrahim from maintenance is on his way")
    assert _missed(engine, text, ["Nguyễn Thị Bích Ngọc", "Luca", "Marek", "Ibrahim"],
                   "PERSON") == []
    found = _found(engine, "Is that a placeholder from the old CRM? Use it (Optional, default 3).")
    assert not any(entity == "PERSON" for entity, _ in found)


def test_villages_count_unless_named_like_a_word_or_a_person(engine):
    found = _found(engine, "Trip: client workshops in Thurso, then home to Skerries.")
    assert {("LOCATION", "Thurso"), ("LOCATION", "Skerries")} <= found
    comment = "Comments:\nPage Morrow: repro'd on staging. Add a Snowflake masking policy."
    assert _missed(engine, comment, ["Page Morrow"], "PERSON") == []
    assert not any(value == "Snowflake" for _, value in _found(engine, comment))


def test_lowercase_streets_in_chat(engine):
    chat = ("[18:41] mikey: just dropped on kentish town rd\n[18:41] dispatch: drop is flat 9, "
            "31 arlington road, buzzer broken\nkofi: tree down on maple drive again")
    assert _missed(engine, chat, ["kentish town rd", "flat 9, 31 arlington road",
                                  "maple drive"], "LOCATION") == []
    found = _found(engine, "- 18:20 short harbour walk, then back on the main road at 3 the "
                           "lane closes")
    assert not any(entity == "LOCATION" for entity, _ in found)


def test_phones_with_a_two_digit_area_code_and_greek_mobiles(engine):
    text = "Mi cel es 11 5832-9047. Questions to 33 3647 8120 lub 81 532 19 46, Eleni 697 118 4402"
    assert _missed(engine, text, ["11 5832-9047", "33 3647 8120", "81 532 19 46",
                                  "697 118 4402"], "PHONE_NUMBER") == []
    assert not any(entity == "PHONE_NUMBER" for entity, _ in
                   _found(engine, "Invoice 2024 0611 0042 covers 12 items."))


def test_a_lone_everyday_word_of_another_language_is_no_place(engine):
    found = _found(engine, "Vertaal naar het Engels voor ons team. Bitte rufen Sie mich an.")
    assert not any(entity == "LOCATION" for entity, _ in found)
    address = "Villa n° 41, Cité Malick Sy, Thiès, Sénégal. Contact sa Palo is kapitan Dado."
    assert _missed(engine, address, ["Sénégal"], "LOCATION") == []
    assert _missed(engine, address, ["Dado"], "PERSON") == []


def test_chat_speakers_by_role_bracket_or_time(engine):
    chat = ("[07:33] Office (Precious): calling the council now\n[08:05] dan: not me, in leeds\n"
            "[08:06] coach mike: training cancelled\nchef ade: whoever's on sat, the fish")
    assert _missed(engine, chat, ["Precious", "dan", "mike", "ade"], "PERSON") == []
    form = ("Dirujuk oleh: Dr. Ravindran\nPreferred branch: Central\nGuarantor: Olena Bondarenko"
            "\nGrace Period: 30 days")
    assert not _values(engine, form) & {"oleh", "branch", "Guarantor",
                                                               "Grace Period"}
    named = "[15:20] lin wei: hi\n[15:21] marcus t: ok\n[10:02] dana (tech): done"
    assert _missed(engine, named, ["lin wei", "marcus t", "dana"], "PERSON") == []


def test_form_fields_laid_out_in_columns_and_javascript_keys(engine):
    text = 'City: Saint Paul     State: MN     ZIP: 55104\naddress = {\n  state: "IL",\n}'
    found = _found(engine, text)
    assert {("LOCATION", "MN"), ("LOCATION", "IL")} <= found
    assert not any("State" in value for _, value in found)


def test_units_floors_and_street_types_of_more_countries(engine):
    text = ("Osoite: Mannerheimintie 12 B 7, 00100 Helsinki. Faktura: Nørrebrogade 34, 3. sal. "
            "Loja: Rua Garrett 45, 3º andar, Lisboa. Iroda: 1114 Budapest, Bartók Béla út 52. "
            "From: Unit 4 Tannery Yard, Kendal; 3 Mill Cottages, Sonning; 5 Pembroke Villas, "
            "Cheltenham.")
    assert _missed(engine, text, ["Mannerheimintie 12 B 7", "Nørrebrogade 34, 3. sal",
                                  "Rua Garrett 45, 3º andar", "Bartók Béla út 52",
                                  "Unit 4 Tannery Yard", "3 Mill Cottages", "5 Pembroke Villas"],
                   "LOCATION") == []
    assert not any(entity == "LOCATION" for entity, _ in
                   _found(engine, "Run the suite 12 B 7 times on 3 of the holiday Cottages."))


def test_more_person_keys_and_values_that_run_to_the_next_key(engine):
    text = ('MAR given resident=ELSIE MAE CARTWRIGHT room=7 drug=Donepezil\n'
            '  backup: "Pauline O\'Hare"\nBearbeiter: Reto Zürcher\nAD SOYAD: AYŞE NUR KAPLAN\n'
            "CUSTOMER: O'BRIEN, PATRICK & SIOBHAN\nVážený pane Dvořáku, Gentile Sig. Whitmore,")
    assert _missed(engine, text, ["ELSIE MAE CARTWRIGHT", "Pauline O'Hare", "Reto Zürcher",
                                  "AYŞE NUR KAPLAN", "O'BRIEN", "PATRICK", "Dvořáku", "Whitmore"],
                   "PERSON") == []
    found = _found(engine, "status=OK Ready now\nCUSTOMER: Sales Team, Support")
    assert not any(entity == "PERSON" for entity, _ in found)


def test_addresses_on_lines_in_capitals_and_tables_of_given_names(engine):
    label = "RECEIVER: HAUWA ABDULLAHI, PLOT 77, AHMADU BELLO WAY, KADUNA\nDESTINATION: DUBLIN 6"
    assert _missed(engine, label, ["PLOT 77, AHMADU BELLO WAY", "KADUNA", "DUBLIN"],
                   "LOCATION") == []
    assert not any(entity == "LOCATION" for entity, _ in
                   _found(engine, "TERMS AND CONDITIONS APPLY\nREAD 3 NEW STORY POINTS"))
    table = "| # | Surname | Given names |\n|---|---|---|\n| 1 | OKONKWO | CHIAMAKA |"
    assert _missed(engine, table, ["OKONKWO", "CHIAMAKA"], "PERSON") == []


def test_first_names_that_are_words_when_they_say_or_do_something(engine):
    text = ("ok so bill said he'd cover it. also faith asked about the rota, jo already "
            "cancelled the hotel.\n6. AOB. Hope proposed a sponsored walk.\nFaith to organise "
            "the presentation.")
    assert _missed(engine, text, ["bill", "faith", "jo", "Hope", "Faith"], "PERSON") == []
    words = ("The bill said nothing of fees. Hope to see you there! The council says no. "
             "Read 'A Man Called Ove'.")
    assert not any(entity == "PERSON" for entity, _ in _found(engine, words))


def test_what_someone_goes_by_in_brackets_after_their_name(engine):
    text = ('Booked for Pornpimol Srisawat (Ploy); Babajide Okoro ("BJ"); Sunil Patel (goes by '
            "Sunny); Mr Halloran (Seán).")
    assert _missed(engine, text, ["Ploy", "BJ", "Sunny", "Seán"], "PERSON") == []
    found = _found(engine, "Maria Lopez (CEO), Tom Hardy (UK) and Ann Li (Manager) joined.")
    assert not {value for _, value in found} & {"CEO", "UK", "Manager"}


def test_a_whole_name_spelled_by_an_email_address(engine):
    text = "Usman Butt,usman.butt@ptcl.net.pk,Lahore\nFrom: Sales Team <sales.team@acme.com>"
    assert _missed(engine, text, ["Usman Butt"], "PERSON") == []
    assert not any(value == "Sales Team" for _, value in _found(engine, text))


def test_businesses_named_by_their_kind_are_no_one(engine):
    text = ("Ciao, Francesco (Trattoria da Nino). Book Camping Les Pins, then call Clearview "
            "Opticians or Little Acorns Nursery; he was taken to the Royal Infirmary by Sepp "
            "Aigner.")
    found = _found(engine, text)
    assert not {value for _, value in found} & {"Trattoria da Nino", "Camping Les Pins",
                                                "Clearview Opticians", "Little Acorns Nursery",
                                                "Royal Infirmary"}
    assert _missed(engine, text, ["Francesco", "Sepp Aigner"], "PERSON") == []


def test_sign_offs_of_other_languages_are_nobody(engine):
    text = "Soita 040 123 4567.\nTerveisin,\nJussi\n\nMit freundlichen Grüßen, Dörte Vahlenkamp"
    found = _found(engine, text)
    assert not {value for _, value in found} & {"Terveisin", "Grüßen"}
    assert _missed(engine, text, ["Jussi", "Dörte Vahlenkamp"], "PERSON") == []


def test_actions_in_minutes_and_phone_words_of_italian_and_greek(engine):
    text = ("Inspection this term; Hope to update the folder. Rich had sent a note. "
            "Per qualsiasi cosa chiamami al 333 123 4567. Για αλλαγές καλέστε στο 210 123 4567.")
    assert _missed(engine, text, ["Hope", "Rich"], "PERSON") == []
    assert _missed(engine, text, ["333 123 4567", "210 123 4567"], "PHONE_NUMBER") == []
    assert not any(entity == "PHONE_NUMBER" for entity, _ in
                   _found(engine, "Ordine 333 123 4567 spedito."))


def test_quoted_csv_cells_holding_commas_and_keys_ending_in_first_or_last(engine):
    text = ("customer_id,full_name,supply_address,town\n"
            'C-1,Tomasz Wierzbicki,"Flat 3B, Kingfisher Court",Luton\n'
            'C-2,Mark Ellery,"The Old Forge, Mill End",Ware\n'
            "child_first,child_last,dob\nTheo,Brandt-Walsh,2023-01-19")
    assert _missed(engine, text, ["Flat 3B, Kingfisher Court", "The Old Forge, Mill End", "Ware"],
                   "LOCATION") == []
    assert _missed(engine, text, ["Mark Ellery", "Theo", "Brandt-Walsh"], "PERSON") == []


def test_first_names_listed_in_brackets(engine):
    text = "Deux adultes et 2 enfants (Chloé et Hugo). Family: the twins (Rei and Sora, 4)."
    assert _missed(engine, text, ["Chloé", "Hugo", "Rei"], "PERSON") == []
    assert not any(value == "Kubernetes" for _, value in
                   _found(engine, "Use the API (Kubernetes and Docker) for this."))


def test_a_name_after_a_coach_chef_or_physio(engine):
    text = "Cita con el fisio Álvaro. Hemi – coach Sunny – 021 447 902. Dinner by chef Aurelio."
    assert _missed(engine, text, ["Álvaro", "Sunny", "Aurelio"], "PERSON") == []
    assert not any(entity == "PERSON" for entity, _ in
                   _found(engine, "Book a coach trip and ask the chef about the menu."))


def test_undashed_ssns_in_a_text_that_speaks_of_ssns(engine):
    text = "TIN: 611524098 (his SSN).\nKhadija Barrow-Sesay,291047736,SSN,5600.00"
    assert _missed(engine, text, ["611524098", "291047736"], "US_SSN") == []
    assert not any(entity == "US_SSN" for entity, _ in
                   _found(engine, "Order 611524098 shipped; the SSN field is 000123456 or "
                                  "666123456 in tests."))


def test_german_numbers_with_a_slash_after_the_area_code(engine):
    text = "Rückfragen unter 0231 / 52 88 41. Termine 01/05 bis 03/06, Saison 2024 / 25."
    assert _missed(engine, text, ["0231 / 52 88 41"], "PHONE_NUMBER") == []
    assert [value for entity, value in _found(engine, text) if entity == "PHONE_NUMBER"] \
        == ["0231 / 52 88 41"]


def test_korean_given_names_in_two_syllables(engine):
    text = ("Ji-woo Park moves from the Seoul office; tell seo-yeon. Bae Soo-ah,042-862-7713. "
            "jeoneun Choi Mi-kyung-imnida.")
    assert _missed(engine, text, ["Ji-woo Park", "seo-yeon", "Bae Soo-ah", "Choi Mi-kyung"],
                   "PERSON") == []
    assert not any(entity == "PERSON" for entity, _ in
                   _found(engine, "haha ha-ha, the co-op and a follow-up check-in, so-so."))


def test_a_surname_that_is_a_word_of_its_own_language_after_a_first_name(engine):
    text = "Resumen de este CV:\n\nCamila Fernández Catrileo\nPasaje Los Aromos 1142, Temuco"
    assert _missed(engine, text, ["Camila Fernández Catrileo"], "PERSON") == []
    assert not any(entity == "PERSON" for entity, _ in
                   _found(engine, "The Grand Canyon and the Royal Mail were late again."))


def test_numbered_sectors_puroks_and_barangays(engine):
    text = "Mera order B-42, Sector 15, Indira Nagar. Taga-Lipa po ako, Purok 5, Brgy. Sabang."
    assert _missed(engine, text, ["B-42, Sector 15", "Purok 5, Brgy. Sabang"], "LOCATION") == []
    assert not any(entity == "LOCATION" for entity, _ in
                   _found(engine, "Sector 7 of the plan grew 15% in the energy sector."))


def test_postcodes_around_towns_and_in_postcode_fields(engine):
    text = ("moved to 27 Blackwell Lane, Bromsgrove B60 1QP, so update it. Send to: 88 Hillcrest "
            "Drive, Ridgewood, NJ 07450. Rental at 33 Hartington Road, Chorlton, M21 8UZ. "
            "Address: 2-14-7 Jiyugaoka, Meguro-ku, Tokyo 152-0035.\n"
            'Keizersgracht 410-III, 1016 GC Amsterdam; {"city": "12059 Berlin", "zip": "30309"}\n'
            "POSTCODE: EN1 3QT\nTenant: Flat 1, 56 Preston Drove, Brighton BN1 6LA\n"
            "Moda Caddesi No: 47 Daire 5; UL. MARSZAŁKOWSKA 84/92 M. 117, 00-514 WARSZAWA")
    assert not _missed(engine, text, [
        "27 Blackwell Lane, Bromsgrove B60 1QP", "88 Hillcrest Drive, Ridgewood, NJ 07450",
        "33 Hartington Road, Chorlton, M21 8UZ", "Tokyo 152-0035", "Keizersgracht 410-III",
        "1016 GC Amsterdam", "12059 Berlin", "30309", "EN1 3QT",
        "Flat 1, 56 Preston Drove, Brighton BN1 6LA", "Moda Caddesi No: 47 Daire 5",
        "UL. MARSZAŁKOWSKA 84/92 M. 117, 00-514 WARSZAWA"], "LOCATION")
    near_misses = ('In 2019 Berlin was cold. {"zip": "none", "status": "Active"} '
                   "Order 2024 London 2012 Olympics.")
    assert not _values(engine, near_misses) & {
        "2019 Berlin", "none", "Active", "2024 London", "London 2012"}


def test_names_in_lists_families_capitals_code_owners_and_kin_of_other_languages(engine):
    text = ("We removed Gábor, Réka and Dániel last month. Riders: Lotte, Noor, Fenna van Dijk.\n"
            "- Giulia e Tommaso Esposito. The Okwuosa family and the Al-Amin family.\n"
            "I, BRIDGET MARY CUNNINGHAM, leave it to my friend EILEEN WALSH and to NOREEN and "
            "FINBAR HEGARTY.\n# TODO(kerry-ann): remove real addresses\n"
            "Onze dochter Fleur slaapt. Dziadek Józef grał. My roommate Summer will be there.")
    assert not _missed(engine, text, [
        "Gábor", "Réka", "Dániel", "Lotte", "Noor", "Giulia", "Okwuosa", "Al-Amin",
        "BRIDGET MARY CUNNINGHAM", "EILEEN WALSH", "NOREEN", "kerry-ann", "Fleur", "Józef",
        "Summer"], "PERSON")
    dialogue = ("Hope: hi is this Kowalski Plumbing?\nKowalski Plumbing: Yes, this is Stan.\n"
                "Hope: 2210 N Halsted St\nKowalski Plumbing: ok")
    assert not _missed(engine, dialogue, ["Hope"], "PERSON")
    near_misses = ("We saw the Modern family wave. Rose, Lily and Ivy are cake tiers. "
                   "JOHN WILL CALL YOU. Roses, Lilies and Tulips. "
                   "It failed in May and Akello Grace fixed it.")
    assert not _values(engine, near_misses) & {
        "Modern", "Ivy", "WILL CALL", "JOHN WILL CALL", "Roses", "May"}


def test_bengaluru_blocks_mexican_colonias_and_initials_before_a_surname_in_capitals(engine):
    text = ("pickup at Jayanagar 4th Block, near the complex. Av. Chapultepec Sur 284, int. 5, "
            "Col. Americana, 44160 Guadalajara. Obregón 182, Col. Roma Norte, CDMX\n"
            "HANDLER: K. ASHWORTH")
    assert not _missed(engine, text, ["Jayanagar 4th Block", "Col. Americana", "CDMX"],
                       "LOCATION")
    assert not _missed(engine, text, ["K. ASHWORTH"], "PERSON")
    near_misses = ("The 2nd Stage of the 3rd Phase. Fares apply to BKG CLS K/L/T. TKT 176. "
                   "U.S. ARMY. Recording at 17:00 CDMX time.")
    assert not _values(engine, near_misses) & {
        "The 2nd Stage", "T. TKT", "S. ARMY", "CDMX"}


def test_surnames_before_given_names_passenger_lists_and_welsh_and_vietnamese_names(engine):
    text = ("JOB-88213 pt=HOLLOWAY, Jean item=crown\nprisoner A1234BC NWOSU, Kelechi threw it\n"
            'T-5513,"O\'Sullivan, Niamh",B302\nInmate: RAMIREZ-OCHOA, Luis Alberto | DOC#\n'
            "014 HUSSAIN/AMINA MS          HUSSAIN/AMINA BIBI        12A\n"
            "034 GARCIA LOPEZ/CARMEN MS    GARCÍA LÓPEZ/CARMEN       21E\n"
            "waiting list: Rhys ap Owain. Mzee Kiprono arap Sang. from Le Van Hung, 2 pax")
    assert not _missed(engine, text, [
        "HOLLOWAY, Jean", "NWOSU, Kelechi", "O'Sullivan, Niamh", "RAMIREZ-OCHOA, Luis Alberto",
        "HUSSAIN/AMINA BIBI", "GARCIA LOPEZ/CARMEN", "GARCÍA LÓPEZ/CARMEN", "Rhys ap Owain",
        "Kiprono arap Sang", "Le Van Hung"], "PERSON")
    near_misses = ("Thanks, John said so. Leeds, Sarah and Tom met. PAX SMITH/JOHN AND/OR. "
                   "Do Not Reply. Convert this manifest to JSON and check their DBS.")
    assert not _values(engine, near_misses) & {
        "Thanks, John", "Leeds, Sarah", "PAX SMITH/JOHN", "SMITH/JOHN", "Do Not Reply", "JSON",
        "DBS"}


def test_landmarks_neighbourhoods_and_addresses_by_their_postcode(engine):
    text = ("Burial at Creagh Cemetery, janazah at Central Mosque, meet at Brockwell Park, then "
            "Dublin Airport. Lives alone (Bryn Eithin, LL48 6HP). Na Výsluní 148, 664 61 "
            "Rajhrad. Rua Dr. Cassiano 1215, casa 2, bairro Eldorado, CEP 32310-450. Atatürk "
            "Mahallesi, Çiçek Sokak No:8 Daire:5. os. Widzew Wschód, blok 12, klatka C. 128/7 "
            "Lê Văn Sỹ, Quận Phú Nhuận. Rákóczi út 42. III/7, 1072 Budapest. 2 Station "
            "Approach, Amersham. Post to 31 Westferry Circus, Flat 1802. Beijing 100022.")
    assert not _missed(engine, text, [
        "Creagh Cemetery", "Central Mosque", "Brockwell Park", "Dublin Airport", "LL48 6HP",
        "Na Výsluní 148, 664 61 Rajhrad", "Rua Dr. Cassiano 1215, casa 2", "bairro Eldorado",
        "32310-450", "Atatürk Mahallesi", "Çiçek Sokak No:8 Daire:5",
        "os. Widzew Wschód, blok 12, klatka C", "128/7 Lê Văn Sỹ", "Rákóczi út 42. III/7",
        "2 Station Approach", "31 Westferry Circus, Flat 1802", "Beijing 100022"], "LOCATION")
    near_misses = ("Meet at the Methodist Chapel. Share code W8K 2PQ 7LM. "
                   "Windows 11, 2019 Edition.")
    assert not _values(engine, near_misses) & {
        "Methodist Chapel", "W8K 2PQ", "Windows 11, 2019 Edition"}
    # NER alone calls some of these places; the landmark rule must not.
    landmarks = LandmarkRecognizer()
    parks = "the Business Park, the Car Park, Our Park, the Catholic Cemetery, Brockwell Park"
    assert [parks[r.start:r.end] for r in landmarks.analyze(parks, ["LOCATION"])] == \
        ["Brockwell Park"]


def test_words_of_other_languages_are_no_names_but_their_people_and_places_are(engine):
    text = ("Tafsiri ujumbe huu kwa Kiingereza na uainishe tatizo kwa timu ya M-Pesa reversals.\n"
            "Tolong terjemahkan ke bahasa Inggris dan buat ringkasan reservasi. Saya tinggal "
            "di Cileungsi dengan suami saya, Wayan Darmawan.\n"
            "Geachte mevrouw Vandamme, uw afspraak bij dokter Goossens is bevestigd.")
    text += ("\nAng JSON ay dapat may mga field na sender. Ang tatanggap ay ang nanay ko, "
             "Lourdes Dimaculangan.\n\nTerima kasih,\nDewi")
    found = _values(engine, text)
    assert not found & {"Kiingereza", "timu ya M-Pesa", "Inggris", "Ang", "Ang JSON",
                        "Terima kasih"}
    assert not _missed(engine, text, ["Lourdes Dimaculangan", "Dewi"], "PERSON")
    assert not _missed(engine, text, ["Wayan Darmawan", "Vandamme", "Goossens"], "PERSON")
    assert not _missed(engine, text, ["Cileungsi"], "LOCATION")


def test_chat_speakers_after_a_title_roles_and_places_in_location_fields(engine):
    chat = ("[08:12] br. idris: salaam all\n[08:14] br. idris: janazah after dhuhr\n"
            "[08:15] sr. ayaan: his wife is sister Hawa\n[10:41] Visitor: hi, i left my ipad\n"
            "[10:42] Agent: Can I take your name?\n")
    assert not _missed(engine, chat, ["idris", "ayaan"], "PERSON")
    assert "Visitor" not in _values(engine, chat)
    form = "Location: Moss Side, Manchester (originally from Enugu)"
    assert not _missed(engine, form, ["Moss Side, Manchester"], "LOCATION")


def test_everyday_english_in_lowercase_and_instructions_are_nobody(engine):
    text = ("Summarise this pharmacy call transcript for the patient record. Draft a reply from "
            "the home manager acknowledging the complaint, and add the conditions as free text "
            "quoting the will. Mark each as collected or outstanding.\n"
            "[09:44] customer: mrs mcallister i think\n[09:45] agent: thanks\n"
            "[09:46] kev: rude\n")
    found = _values(engine, text)
    assert not found & {"transcript", "acknowledging", "quoting", "Mark"}
    assert not _missed(engine, text, ["mcallister", "kev"], "PERSON")


def test_couples_before_an_ampersand_and_surnames_in_capitals_coming_back(engine):
    text = ("12/05,Mark & Dawn Sheldon,Edna Sheldon\nShirin's parents Parviz & Mahnaz Farahani "
            "at table 1.\nprisoner A1234BC NWOSU, Kelechi threw a tray. Nwosu stated he was "
            "provoked.")
    assert not _missed(engine, text, ["Mark", "Parviz", "Nwosu"], "PERSON")
    near_misses = ("Best,\nDewi Santoso\nSambal & Co Catering\nSigned: MRS EILEEN COURIER\n"
                   "The courier was late.")
    assert not _missed(engine, near_misses, ["EILEEN COURIER"], "PERSON")
    assert not _values(engine, near_misses) & {"Sambal", "courier"}


def test_phone_extensions_hyphenated_first_names_and_portuguese_das(engine):
    text = ("Offender manager: Gemma Pritchard, 0300 047 1234 ext 5521. My direct line is (815) "
            "555-0192 ext. 207.\nParent/guardian: Pieter-Jan Van den Bossche & Lies De Smedt\n"
            "tá no nome da minha mãe, Maria das Graças Albuquerque")
    assert not _missed(engine, text, ["0300 047 1234 ext 5521", "(815) 555-0192 ext. 207"],
                       "PHONE_NUMBER")
    assert not _missed(engine, text, ["Pieter-Jan Van den Bossche",
                                      "Maria das Graças Albuquerque"], "PERSON")
    near_misses = "Wie besprochen sende ich Ihnen das Angebot für 40 Lizenzen."
    assert not _found(engine, near_misses)


def test_german_nouns_articles_and_rooms_are_no_names_or_streets(engine):
    text = ("Bitte keine Schuldzuweisung an den Hausmeister. Schlage eine Antwort der "
            "Hausverwaltung vor.\nBetreff: Schimmel im Zimmer 3.14\nich wohne seit Oktober im "
            "Studentenwohnheim. Mein Mitbewohner Lukas Oberhauser hat Asthma. Sie wohnt Am "
            "Markt 5. Jan van der Berg kommt.")
    found = _values(engine, text)
    assert not found & {"Schuldzuweisung", "Hausmeister", "Antwort der Hausverwaltung",
                        "im Zimmer 3", "Studentenwohnheim"}
    assert not _missed(engine, text, ["Lukas Oberhauser", "Jan van der Berg"], "PERSON")
    assert not _missed(engine, text, ["Am Markt 5"], "LOCATION")


def test_numbers_named_as_codes_and_german_pronouns_are_no_one(engine):
    text = ("Class codes 301-44-1290. S/N 412-55-0901. IMEI 35 209911 004417 3. site IDs "
            "44-201-7730. Accession numbers 1987.221.4. Supply number: 13 1600 0087 431.\n"
            "Es ist nichts passiert. Bitte rufen Sie mich unter 0176 2894 5530 an.")
    found = _values(engine, text)
    assert not found & {"301-44-1290", "412-55-0901", "35 209911 004417 3", "44-201-7730",
                        "1987.221.4", "13 1600 0087 431", "Sie"}
    assert ("PHONE_NUMBER", "0176 2894 5530") in _found(engine, text)


def test_preferred_names_djs_and_prisons(engine):
    text = ('Legal name: Tsegaye Alemayehu Bekele   Preferred: "Tse"\nDJ Sunny will set up at 6.'
            "\nCurrent location: HMP Birmingham, due for release 03/07.")
    assert not _missed(engine, text, ["Tse", "Sunny"], "PERSON")
    assert not _missed(engine, text, ["HMP Birmingham"], "LOCATION")
    assert "Email" not in _values(engine, "Preferred: Email")


def test_maiden_names_eircodes_canadian_postcodes_and_local_street_forms(engine):
    text = ("Name: Giuseppina Ferrante (née Coppola), his wife (born du Toit).\n"
            "Ballincollig, Co. Cork, P31 X8K2. Montréal (Québec) H2J 2L3.\n"
            "Klinik, Jl. Kaliurang Km 5,6 No. 12, Sleman. Kos – Jl. Kaliurang Gg. Sitisonya No. "
            "4, Sleman\nailenin Bostanlı Mah. 1815 Sok. No:7, Karşıyaka/İzmir adresine\n"
            "Teslimat adresi: Organize Sanayi Bölgesi 3. Cadde No: 14, Çorlu/Tekirdağ.\n"
            "Carrer de Sueca 56, pta. 9, 46006 València. de kamer aan de Nieuwe Ebbingestraat "
            "73-B in Groningen")
    assert not _missed(engine, text, ["Coppola", "du Toit"], "PERSON")
    assert not _missed(engine, text, [
        "P31 X8K2", "H2J 2L3", "Jl. Kaliurang Km 5,6 No. 12", "Jl. Kaliurang Gg. Sitisonya No. 4",
        "Bostanlı Mah. 1815 Sok. No:7", "Organize Sanayi Bölgesi 3. Cadde No: 14",
        "Carrer de Sueca 56, pta. 9", "Ebbingestraat 73-B"], "LOCATION")
    near_misses = ("Kim Ng (born March 1951) sent the D15 FREE voucher and the B2B 2025 plan.")
    assert not _values(engine, near_misses) & {"March", "D15 FREE", "B2B 2025"}


def test_ssn_shaped_numbers_in_a_series_are_record_ids_unless_called_ssns(engine):
    ids = ("match_id,date\n512-33-8891,2024-06-01\n512-33-8892,2024-06-01\n"
           "WHERE order_id IN ('381-22-4410', '381-22-4411')")
    assert not {entity for entity, _ in _found(engine, ids)} & {"US_SSN"}
    family = "Employee: Mateus Silva, SSN 812-40-3356\nSpouse: Larissa Silva, SSN 812-40-3365"
    assert not _missed(engine, family, ["812-40-3356", "812-40-3365"], "US_SSN")


def test_hamlets_after_a_preposition_accented_first_names_and_towns_in_capitals(engine):
    text = ("The wedding is at Schloss Wiligrad bei Lübstorf. Hämtad från Vaxholm lördag. "
            "House 14, Ballymote, Co. Sligo. Farm is off the B4391 past Llangynog.\n"
            "First aid given by Sinéad (site first aider); my da Pádraig will drop it in.\n"
            "HI THIS IS DWAYNE RE THE FORKLIFT JOB IN MANCHESTER. CAN DO TUES.")
    assert not _missed(engine, text, ["Lübstorf", "Vaxholm", "Ballymote", "Llangynog",
                                      "MANCHESTER"], "LOCATION")
    assert not _missed(engine, text, ["Sinéad", "Pádraig"], "PERSON")
    near_misses = ("Vaxholm Analytics won the bid. Orla Feeney, Account Manager, Vaxholm "
                   "Analytics. Delivered on thứ Sáu. MANCHESTER UNITED WON.")
    assert not _values(engine, near_misses) & {"Vaxholm", "Sáu", "MANCHESTER"}


def test_short_lines_of_a_passage_in_another_language_are_in_it_too(engine):
    text = ("Halo Dinda, selamat datang! Berikut aturan kos:\n1. Jam malam pukul 22.00. Tamu "
            "laki-laki hanya boleh di ruang tamu sampai 21.00.\n2. Sewa Rp 1.250.000/bulan, "
            "bayar paling lambat tanggal 5 ke rekening Ibu Sumarni.\n3. Listrik token sendiri, "
            "air sudah termasuk.\n4. Kalau ada kerusakan, hubungi Pak Darto (penjaga kos) di "
            "0813-2845-7710.\nTeman sekamarmu di lantai 2 adalah Ayu Pratiwi dari Makassar.")
    found = _values(engine, text)
    assert not found & {"Berikut", "Listrik", "Kalau ada kerusakan"}
    assert not _missed(engine, text, ["Dinda", "Sumarni", "Darto", "Ayu Pratiwi"], "PERSON")


def test_words_of_other_languages_beside_names_and_everyday_words_echoed_in_lowercase(engine):
    text = ("Sehr geehrter Herr Ferdinand Zwicklbauer,\n\ndas Nutzungsrecht an der Grabstätte "
            "Nr. 17 (Westfriedhof) für Ihre verstorbene Mutter endet am 30.06.2024. Eine "
            "Verlängerung ist gegen eine Gebühr von 1.240,00 € möglich.\n\nSollten Sie keine "
            "Verlängerung wünschen, wird die Grabstätte abgeräumt.\n\n"
            "Sehr geehrte Familie Brandstätter, beim Ausparken in der Gohliser Straße ist es "
            "passiert.\n\nDe sleuteloverdracht doet mijn broer Ruben, bel hem even op 06 18 44 "
            "29 71. Leuk dat je de kamer aan de Nieuwe Ebbingestraat 73-B wilt huren. Het is "
            "een mooie kamer en je kunt er op 1 mei in.\n\n"
            "Hola, soy nacho, la bici estática la tengo. Départ du port de La Trinité-sur-Mer.\n"
            "12:55 exercise closed; debrief at Upton-upon-Severn fire station.")
    found = _values(engine, text)
    assert not found & {"Westfriedhof", "Gebühr von", "Sollten Sie", "hem"}
    assert not _missed(engine, text, ["Ferdinand Zwicklbauer", "Brandstätter", "Ruben", "nacho",
                                      "Gohliser Straße", "Nieuwe Ebbingestraat 73-B",
                                      "La Trinité-sur-Mer", "Upton-upon-Severn"])
    charter = ("CHARTERER\nName: Callum Fitzgerald\nThe charterer's card is held; 1. Callum "
               "Fitzgerald – skipper\nLine 1: Stainless steel sinks, qty 120\n"
               "[21:04] Jonas: out thurs\n[21:05] lukas: ok then jonas subs in")
    found = _values(engine, charter)
    assert not found & {"charterer", "Stainless steel sinks, qty 120"}
    assert not _missed(engine, charter, ["Callum Fitzgerald", "jonas subs"[:5]])


def test_first_names_that_are_words_elsewhere_mid_sentence_and_chat_subjects_after_a_dash(engine):
    text = ("Pick-up from Sven at the workshop. Today Mariusz is not in, his wife called. "
            "Tack för ditt mejl. Vi bokar in dig hos Viktor tisdag 14 maj kl. 12:00.\n"
            "raj: update on the role – fionnuala smashed the tech test\n"
            "kate: hey all, quick one - shaz is off sick so can someone cover")
    assert not _missed(engine, text, ["Sven", "Mariusz", "Viktor", "fionnuala", "shaz"],
                       "PERSON")
    near_misses = ("Shifts: Tue 18-21, Thu 18-21, Sat 10-14. Pick-up from the workshop - "
                   "build passed, tests failed.")
    assert not _values(engine, near_misses) & {"Thu", "build", "tests"}


def test_irish_surnames_after_a_first_name_surname_first_fields_and_companies(engine):
    text = ("CREW LIST\n1. Callum Fitzgerald – skipper\n4. Aoife O'Rourke – crew\n"
            "19 Mar – Patrick, s. of John Flaherty & Catherine O'Brien, of Ardrahan.\n"
            "PLACEMENT: Summit Temp Staffing\nName: Hollis, Tamara J.\nSSN: 298-44-7120")
    assert not _missed(engine, text, ["Aoife O'Rourke", "Catherine O'Brien", "Hollis", "Tamara J"])
    companies = ("Mit freundlichen Grüßen\nSabine Wolter\nPersonalberatung Nordlicht GmbH\n"
                 "Squad for Saturday v. Westhoughton CC, away. Vendor: Kestrel Signage Ltd")
    assert not _values(engine, companies) & {"Personalberatung Nordlicht GmbH",
                                             "Westhoughton CC", "Kestrel Signage Ltd"}
    assert not _missed(engine, companies, ["Sabine Wolter"], "PERSON")


def test_places_and_names_opening_an_institutions_name_are_no_one(engine):
    text = ("Thomas Whitmore, nurse at Leeds Teaching Hospitals. Shelter: Karachi Animal Rescue. "
            "Importer of record: Westbrook Home Goods Inc. (IOR).\n"
            "Applicant: Liam O'Sullivan\nCo-applicant: Mei Ling Tan\n"
            "Best regards,\nChen Jiahui\nHuaxin Trading Co., Ltd.")
    assert not _values(engine, text) & {"Leeds", "Karachi", "Westbrook"}
    assert not _missed(engine, text, ["Thomas Whitmore", "Liam O'Sullivan", "Mei Ling Tan",
                                      "Chen Jiahui"], "PERSON")


def test_fields_keyed_in_japanese_chinese_or_korean_script(engine):
    text = ("生徒情報 (Student information)\n氏名: 佐藤 美咲 (Sato Misaki)\n"
            "住所: 〒154-0004 東京都世田谷区太子堂3-15-8 サンハイツ202\n"
            "邮箱：ouyang.mingzhe@126.com\n地址：上海市静安区愚园路168号\n求职意向：供应链分析师")
    assert not _missed(engine, text, ["佐藤 美咲"], "PERSON")
    assert not _missed(engine, text, ["〒154-0004 東京都世田谷区太子堂3-15-8 サンハイツ202",
                                      "上海市静安区愚园路168号"], "LOCATION")
    assert "供应链分析师" not in _values(engine, text)


def test_the_parts_of_an_address_chain_beside_a_place_found(engine):
    text = ("Home: House 22, Road 9, Block D, Uttara 7, Dhaka 1230\n"
            "Ako po si Liza, nakatira sa Blk 3 Lot 14, Phase 1, Vista Verde, Brgy. Santo Niño, "
            "Marikina.\nPickup: Cottage 4, Gortnamona, Claremorris, Co. Mayo\n"
            "Until Monday I'm staying at Premier Inn, Wellington Street, Leeds LS1 4DL.\n"
            "Domicile : 14 impasse des Lilas, Bât. C, 69003 Lyon\n"
            "Trip: Leeds, 12 March 2025, £89.00, Taxi 03/04\n"
            "SKU-2291,Leeds,2025-05-02,389.40\nOrder 5521, Personalnr. 20418, Berlin\n"
            "Crecí en Lima, Perú. Vivo en Carrera 12 # 4-56, apto 301, Bogotá.\n"
            "I, Meena, residing at Old No. 8 / New No. 15, Ramanujam Street, Chennai 600017")
    assert not _missed(engine, text, [
        "House 22, Road 9, Block D, Uttara 7, Dhaka 1230",
        "Blk 3 Lot 14, Phase 1, Vista Verde, Brgy. Santo Niño", "Cottage 4, Gortnamona",
        "Premier Inn", "Bât. C", "Carrera 12 # 4-56, apto 301",
        "Old No. 8 / New No. 15"], "LOCATION")
    values = _values(engine, text)
    assert not {"12 March 2025", "£89.00", "Taxi 03/04", "2025-05-02", "389.40",
                "Order 5521", "Personalnr. 20418"} & values


def test_nicknames_in_quotes_first_names_with_an_initial_and_names_run_together(engine):
    text = ('Coach: Gwyn "Taff" Pritchard. Plaque for Maureen \'Mo\' Kilbride.\n'
            "Rider 0912 (Emeka O.) is on the way. Plan B. is fine; Hepatitis B. too.\n"
            "MEM-7,rhys penhallow,rhyspenhallow77@gmail.com,active")
    assert not _missed(engine, text, ['Gwyn "Taff" Pritchard', "Maureen 'Mo' Kilbride",
                                      "Emeka O.", "rhys penhallow"], "PERSON")
    assert not {"Plan B.", "Hepatitis B.", "B."} & _values(engine, text)


def test_phone_numbers_said_in_words_irish_landlines_and_unbroken_mobiles(engine):
    text = ("Voicemail: ring me on oh eight six, double four one, two nine three seven.\n"
            "Enquiries to the parish office, 021 46622; or 094 93 271. WhatsApp 08123456789.\n"
            "Count one, two, three, four, five, six, seven, eight, nine, ten. Born 01 02 2024.")
    assert not _missed(engine, text, ["oh eight six, double four one, two nine three seven",
                                      "021 46622", "094 93 271", "08123456789"], "PHONE_NUMBER")
    values = _values(engine, text)
    assert not any("three, four" in value or "02 2024" in value for value in values)


def test_first_names_as_handles_lowercase_full_names_and_surnames_first_with_particles(engine):
    text = ('[{"user": "fatima", "text": "booked"}, {"user": "svc-deploy", "text": "done"}]\n'
            "Voicemail: hi it's about my dad, he's wilfred fennimore, ward six.\n"
            'Passport: MOREIRA DOS SANTOS, Beatriz\nViola,"Zhao, Xinyue",\nNotes,"Smith, Quite",')
    assert not _missed(engine, text, ["fatima", "wilfred fennimore",
                                      "MOREIRA DOS SANTOS, Beatriz", "Zhao, Xinyue"], "PERSON")
    assert not {"svc-deploy", "Smith, Quite", "Quite"} & _values(engine, text)


def test_the_lines_of_an_address_block_under_a_name(engine):
    text = ("Scan this letter.\n\nSTRICTLY PRIVATE\nMS ROWENA TREGASKIS\nFLAT 3\n"
            "HARBOUR LIGHTS HOUSE\n12 QUAY STREET\nFALMOUTH\nTR11 3HH\n\n"
            "Shopping:\nMilk 2\nEggs 12\nLeeds\nBread 1")
    assert not _missed(engine, text, ["FLAT 3", "HARBOUR LIGHTS HOUSE", "FALMOUTH"],
                       "LOCATION")
    assert not {"Milk 2", "Eggs 12", "STRICTLY PRIVATE"} & _values(engine, text)


def test_names_and_addresses_in_chinese_japanese_and_korean_script(engine):
    text = ("收件人：王小明，电话：138 1234 5678，"
            "地址：上海市浦东新区张杨路1500号12栋803室，备注：放快递柜\n"
            "张伟：小刘，明天的客户到了吗？赵总的团队三个人。\n"
            "刘洋：对，马上到，老师说小时候来过。\n"
            "配送先は東京都世田谷区三軒茶屋2-14-7 サンハイツ302です。山田 花子と申します。\n"
            "出席者：佐藤部長、鈴木 一郎、高橋、Maria Santos（マニラ拠点）。"
            "お客様へはExcel、Wordで。\n"
            "배송지는 서울특별시 마포구 월드컵북로 396, 101동 1203호입니다. "
            "아내 이서연(010-9931-0426), 김민준 씨")
    assert not _missed(engine, text, ["王小明", "张伟", "小刘", "赵", "刘洋", "山田 花子", "佐藤",
                                      "鈴木 一郎", "高橋", "Maria Santos", "이서연", "김민준"],
                       "PERSON")
    assert not _missed(engine, text, ["上海市浦东新区张杨路1500号12栋803室",
                                      "東京都世田谷区三軒茶屋2-14-7 サンハイツ302",
                                      "서울특별시 마포구 월드컵북로 396, 101동 1203호"], "LOCATION")
    assert not _missed(engine, "张伟：收到\n刘洋：好的", ["张伟", "刘洋"], "PERSON")
    values = _values(engine, text)
    assert not {"马上", "老师", "小时", "客", "Excel", "Word"} & values
    assert not _found(engine, "小时候我们在老师家吃饭，马上就到周末了。お客様各位、Excel、Wordで。")


def test_more_links_of_an_address_and_streets_named_after_on(engine):
    text = ("PID|1||OKONKWO^CHIDI||19900512|M|||4417 N Clark St^Apt 3R^Chicago^IL^60640||\n"
            "Customer: Flat 1804, Landmark West Tower, 22 Marsh Wall, London E14 9AH\n"
            "Adress: Götgatan 48 lgh 1102, 118 26 Stockholm\n"
            "é o prédio azul, Rua Voluntários da Pátria 190, bloco B, Botafogo. vou descer\n"
            "Last seen near Maple St & 3rd Ave, Duluth MN 55802 on Sunday.\n"
            "I'm very interested in the 2BR on Fulton St. Here's my SSN.\n"
            "Tempat lahir: Denpasar, 4 Agustus 1993. Meet on the way home.")
    assert not _missed(engine, text, [
        "4417 N Clark St", "Apt 3R", "60640", "22 Marsh Wall", "Götgatan 48 lgh 1102",
        "bloco B", "Maple St & 3rd Ave", "Fulton St"])
    assert not any(entity == "LOCATION" and ("Agustus" in value or "way" in value)
                   for entity, value in _found(engine, text))


def test_phones_in_a_call_log_abroad_after_a_record_word_and_emails_with_an_apostrophe(engine):
    text = ("02/05 09:12 0345 300 0000 00:03:02 £0.00\n02/09 21:03 +351 912 448 301 00:25:10\n"
            "Contact for confirmation: +234 809 221 4470\n"
            "Liguei 5 vezes para o 22 093 4410 e ninguém sabe.\nMail o'connor.liam@tcd.ie today.\n"
            "Gift card 4417 0345 300 0000. Confirmation: 412 555 0199")
    found = _found(engine, text)
    assert {("PHONE_NUMBER", "0345 300 0000"), ("PHONE_NUMBER", "+351 912 448 301"),
            ("PHONE_NUMBER", "+234 809 221 4470"), ("PHONE_NUMBER", "22 093 4410"),
            ("EMAIL_ADDRESS", "o'connor.liam@tcd.ie")} <= found
    values = _values(engine, text)
    assert not any("00:" in value or "4417" in value or "0199" in value for value in values)


def test_particles_list_items_lowercase_attendees_and_more_name_keys(engine):
    text = ('Travellers: Jose Miguel dela Cruz, Maria Theresa "Tess" dela Cruz\n'
            "1) Beaulieu, Claudette DOB 04/02/1948\n- Paris, France\n2. Leeds, Sarah\n"
            "present: pam rutherford (pres), gus oyelaran (treas), deb o'malley\n"
            "Nama lengkap: I Made Wirawan Putra\nNama ibu kandung: Ni Ketut Sariasih\n"
            "Shipping name: K. Bond\nname: ruby\nowner: platform team")
    assert not _missed(engine, text, [
        "Jose Miguel dela Cruz", 'Maria Theresa "Tess" dela Cruz', "Beaulieu, Claudette",
        "pam rutherford", "gus oyelaran", "deb o'malley", "I Made Wirawan Putra",
        "Ni Ketut Sariasih", "K. Bond"], "PERSON")
    found = _found(engine, text)
    assert not {("PERSON", "Paris, France"), ("PERSON", "Leeds, Sarah"), ("PERSON", "ruby"),
                ("PERSON", "platform team")} & found


def test_words_of_other_languages_before_a_particle_or_after_swahili_ya(engine):
    text = ("Reescribe esto más formal. ¿En qué año se firmó el Tratado de "
            "Tordesillas? VIAJE – Facultad de Farmacia.\n"
            "Alikuwa amevaa sare ya shule ya rangi ya bluu.\n"
            "Mrs van der Merwe replied. SSA shows her married name Ramírez de Soto. "
            "Cliente: Thiago Nascimento dos Santos")
    persons = {value for entity, value in _found(engine, text) if entity == "PERSON"}
    assert not {"Tratado de Tordesillas", "Facultad de Farmacia", "shule",
                "rangi", "bluu"} & persons
    assert not _missed(engine, text, ["van der Merwe", "Ramírez de Soto",
                                      "Thiago Nascimento dos Santos"], "PERSON")


def test_towns_named_as_english_words_after_a_place_preposition(engine):
    text = ("Enzo recently moved to Providence. Her family lives in Reading, and she stays out "
            "of the city of Mesa.\nReading the report, we saw Mobile and Desktop figures. Have a "
            "Nice day; see the Deal terms in March.")
    found = _found(engine, text)
    assert {("LOCATION", "Providence"), ("LOCATION", "Mesa")} <= found
    assert ("LOCATION", "Reading") in found
    assert not {"Mobile", "Desktop", "Nice", "Deal", "March"} & _values(engine, text)


def test_handles_made_of_a_first_name_where_they_are_someones(engine):
    text = ("Reporter username: hannah_k (Hannah Kowalczyk, 29)\n"
            '"display_name": "oisin_mgp",\nSeller: dougie_mcr (Douglas Fairclough)\n'
            "[16:20] sara_karimi: salam\n[16:21] support: Salam\n[16:22] sara_karimi: size 38\n"
            "ping @tom.hughes about it\n"
            "config: max_retries: 3\nopen mark.txt and set grace_period = 5; mail "
            "sara_karimi@corp.example\nmax_retries: 3\ngrace_period: 5\nmax_retries: 4")
    assert not _missed(engine, text, ["hannah_k", "oisin_mgp", "dougie_mcr", "tom.hughes"],
                       "PERSON")
    speaking = {f.start for f in engine.analyze(text, ALL, 0.4)
                if f.entity == "PERSON" and text[f.start:f.end] == "sara_karimi"}
    assert len(speaking) == 2
    values = _values(engine, text)
    assert not {"max_retries", "mark.txt", "grace_period", "mark"} & values
    assert "sara_karimi@corp.example" in values


def test_given_names_that_are_words_come_back_where_a_sentence_goes_on_after_them(engine):
    text = ("Attendees: Summer Haddad, Chase Oyelaran, Joy Nakamura-Price\n"
            "- Summer walked through the flow.\n- Joy will chase legal. (Chase the copy, not "
            "Chase, he's on leave.)\nEmployee: William Hartley (\"Will\")\nWill denies this; "
            "Will's account stands. Will the committee agree?\nTheme: Summer Garden. See you "
            "this Summer.\nGuests: Villa Thalassa. Villa: sea view. Con Rosa Elena Quintero. "
            "¿Con quién hablo?")
    spans = {(f.start, text[f.start:f.end]) for f in engine.analyze(text, ALL, 0.4)
             if f.entity == "PERSON"}
    for word, where in [("Summer", "Summer walked"), ("Joy", "Joy will"), ("Chase", "Chase, he"),
                        ("Will", "Will denies"), ("Will", "Will's account")]:
        assert (text.index(where), word) in spans, where
    for word, where in [("Chase", "Chase the"), ("Will", "Will the"), ("Summer", "Summer Garden"),
                        ("Summer", "Summer."), ("Villa", "Villa:"), ("Con", "Con quién")]:
        assert (text.index(where), word) not in spans, where


def test_profile_slugs_dotted_names_initialled_usernames_and_initials_present(engine):
    text = ("His LinkedIn is linkedin.com/in/cathaloceallaigh; book calendly.com/arjun-menon.\n"
            'return User(username="mkowalski", is_staff=True)\nusername: sbox\n'
            "A third user, liam.doherty, screenshotted it. Open mark.txt, call self.name.\n"
            "Weekly ops. Present: AB, KO'D, MJ, R. Fonseca\nAttendees: IT, HR, Finance\n"
            "- AB to send the rota. KO'D and MJ to review the ABI figures.")
    assert not _missed(engine, text, ["cathaloceallaigh", "arjun-menon", "mkowalski",
                                      "liam.doherty"], "PERSON")
    persons = {(f.start, text[f.start:f.end]) for f in engine.analyze(text, ALL, 0.4)
               if f.entity == "PERSON"}
    assert {(match.start(), match[0]) for match in re.finditer(r"\bAB\b|KO'D", text)} <= persons
    values = _values(engine, text)
    assert not {"sbox", "mark.txt", "self.name", "IT", "HR", "ABI"} & values


def test_chinese_roles_korean_job_titles_and_the_japanese_postal_mark(engine):
    text = ("上门师傅李强说需要返厂，客户的妻子陈静也打过电话。直属上级黄建国。师傅说明天来。\n"
            "추천인: 박서연 팀장 (전 직장 상사). 기사님(최 기사) 연락이 되지 않음.\n"
            "팀장 회의는 월요일.\n"
            "【お届け先】\n〒150-0002\n東京都渋谷区渋谷2丁目21-1")
    persons = {value for entity, value in _found(engine, text) if entity == "PERSON"}
    assert {"李强", "陈静", "黄建国", "박서연", "최"} <= persons
    assert not {"师傅说", "说明天", "팀장"} & persons
    assert not _missed(engine, text, ["〒150-0002"], "LOCATION")


def test_scandinavian_streets_and_times_scores_and_dates_beside_places(engine):
    text = ("3. Ingrid Solberg\n   Thorvald Meyers gate 58\n   0552 Oslo\n"
            "At 700 AM CDT the storm was near Matagorda. Seit Version 48.6.4632 am Montag "
            "druckt er nicht. Admitted: 28/05/2024 via ED.\nNPS by country: UK +36, Germany +29.")
    assert not _missed(engine, text, ["Thorvald Meyers gate 58"], "LOCATION")
    values = _values(engine, text)
    assert not {"700 AM CDT", "4632 am Montag", "28/05/2024 via ED", "36, Germany"} & values


def test_surname_first_cells_in_rows_split_by_bars(engine):
    text = ("ADEBAYO-SMITH, Toluwani | Ferrari Financial Services | she/her\n"
            "Kowalski-Hart, Mark | Johnson Controls | he/him\n"
            "Sales, Marketing | Q3 | done\nHOUSTON, Texas | office | open")
    assert not _missed(engine, text, ["ADEBAYO-SMITH", "Toluwani", "Kowalski-Hart"], "PERSON")
    persons = {value for entity, value in _found(engine, text) if entity == "PERSON"}
    assert not {"Sales", "Marketing", "HOUSTON", "Texas"} & persons


def test_postcodes_floors_and_boxes_that_finish_an_address(engine):
    text = ("she is moving in to 4/27 Campbell Parade, Bondi Beach NSW 2026 on the 1st\n"
            "a former legislator in Ogun State (PEP).\n"
            "con domicilio en calle de Alcalá 118, 4.º izquierda, 28009 Madrid, en adelante\n"
            "Achieng Odhiambo\nP.O. Box 40123-00100\nNairobi\n"
            '{"city": "seoul", "postal_code": 69004, "id": 123456, "status": "open"}')
    assert not _missed(engine, text, ["NSW 2026", "Ogun State", "4.º izquierda",
                                      "40123-00100", "seoul", "69004"], "LOCATION")
    assert "123456" not in _values(engine, text)


def test_ranks_religious_titles_and_italian_forms_of_address(engine):
    text = ("He's sending the footage to PC Ashworth at the station. Speak to Br. Hamza after "
            "Jumu'ah.\nGentile sig.ra Bianchi, per completare la dichiarazione.\n"
            "Bring your pc to the desk; the DC Power supply failed.")
    assert not _missed(engine, text, ["Ashworth", "Hamza", "Bianchi"], "PERSON")
    assert not {"Power", "DC Power"} & _values(engine, text)


def test_words_of_indonesian_malay_and_tagalog_are_no_lowercase_towns(engine):
    text = ("Agent: Good afternoon po, salamat sa pag-contact. Lift barang tidak dapat digunakan "
            "selama pemeliharaan; kolom yang masih kosong.\nThe multan customer called again.")
    values = _values(engine, text)
    assert not {"salamat", "selama", "kosong"} & values
    assert "multan" in values


def test_names_placed_by_a_quotes_dash_a_word_for_kin_or_a_joined_pair(engine):
    text = ('Reports that her partner, Cash, has been drinking. Partner (Ola) works nights.\n'
            '"Food was good though." — Mark from Leeds\n"Too loud." — Bill & June\n'
            "Familienname: Oberhuber\n"
            "mi servono le spese mediche di Giulia e Matteo, la certificazione.\n"
            "We flew between Paris and Rome on Monday and Tuesday. My partner (Deloitte) said "
            "so; the trade-off — Speed and Cost — matters.")
    assert not _missed(engine, text, ["Cash", "Ola", "Mark", "Bill", "June", "Oberhuber",
                                      "Giulia", "Matteo"], "PERSON")
    persons = {value for entity, value in _found(engine, text) if entity == "PERSON"}
    assert not {"Paris", "Rome", "Monday", "Tuesday", "Deloitte", "Speed", "Cost"} & persons


def test_a_labels_address_block_runs_on_through_its_town_to_the_country(engine):
    text = ("Label:\nAchieng Odhiambo\nP.O. Box 40123-00100\nNairobi\nKENYA\n"
            "Mob: +254 722 553 019\n\nShopping:\nMilk 2\nEggs 12\nLeeds\nKENYA")
    assert not _missed(engine, text, ["P.O. Box 40123-00100\nNairobi\nKENYA"], "LOCATION")
    assert "Eggs 12" not in " ".join(_values(engine, text))


def test_cjk_names_in_brackets_keys_that_say_the_script_and_addresses_under_their_key(engine):
    text = ('"My name is Liu Yang (刘洋), you can call me Yang.\n籍贯：湖南省长沙市\n'
            "氏名（カタカナ）：グエン・ティ・ラン\n或告知是否需要速遞至府上地址：\n"
            "香港九龍旺角彌敦道688號旺角中心一期18樓B室\n如有查詢，請致電。")
    assert not _missed(engine, text, ["刘洋", "グエン・ティ・ラン"], "PERSON")
    assert not _missed(engine, text, ["湖南省长沙市", "香港九龍旺角彌敦道688號旺角中心一期18樓B室"],
                       "LOCATION")
    assert "如有查詢" not in " ".join(_values(engine, text))


def test_a_courts_parties_are_named_by_their_role_not_as_people(engine):
    text = ("Plaintiff: Consuelo Ibarra-Vance, 3122 Ocean View Blvd\nBasis: Plaintiff paid "
            "Defendant a $6,400 deposit. Plaintiff sent a demand letter; Respondent replied.")
    assert not _missed(engine, text, ["Consuelo Ibarra-Vance"], "PERSON")
    persons = {value for entity, value in _found(engine, text) if entity == "PERSON"}
    assert not {"Plaintiff", "Defendant", "Respondent"} & persons


def test_cyrillic_addresses_by_their_abbreviations_and_children_listed_under_their_key(engine):
    text = ("Проживаю по адресу: г. Новосибирск, ул. Красный проспект, д. 157, кв. 48. Прошу "
            "вернуть деньги.\nАдрес: вул. Хрещатик, 22, кв. 15, Київ 01001\n"
            "- Children: Máire (1875), Tomás (1877, d. infancy), Peig (1880).\n"
            "- Peig emigrated 1898 to Springfield.")
    assert not _missed(engine, text, ["г. Новосибирск, ул. Красный проспект, д. 157, кв. 48",
                                      "вул. Хрещатик, 22, кв. 15"], "LOCATION")
    persons = {(f.start, text[f.start:f.end]) for f in engine.analyze(text, ALL, 0.4)
               if f.entity == "PERSON"}
    assert {(match.start(), "Peig") for match in re.finditer("Peig", text)} <= persons


def test_arabic_names_after_a_title_a_role_or_a_closing_and_where_they_come_back(engine):
    text = ("السيد/ مدير الموارد البشرية المحترم،\n"
            "أنا الموظف أحمد محمود عبد الرحمن، الرقم الوظيفي 20418.\n"
            "السيد محمد العلي المحترم،\nوسيتولى الزميل كريم سامي مهامي خلال فترة غيابي. "
            "التواصل مع الوسيط خالد بن سعيد على الرقم.\nوتفضلوا بقبول فائق الاحترام،\nأحمد محمود")
    persons = {value for entity, value in _found(engine, text) if entity == "PERSON"}
    assert {"أحمد محمود عبد الرحمن", "محمد العلي", "كريم سامي", "خالد بن سعيد",
            "أحمد محمود"} <= persons
    assert not {"مدير الموارد", "مدير الموارد البشرية", "كريم سامي مهامي"} & persons


def test_arabic_street_addresses_end_where_the_sentence_goes_on(engine):
    text = ("عنواني خلال الإجازة: 15 شارع الجمهورية، حي توريل، المنصورة، الدقهلية، ورقم "
            "هاتفي +20 100 482 7719.\nللشقة الكائنة في شارع الوصل، مبنى 14، شقة 302، جميرا 1، "
            "دبي قد تأجل إلى يوم الأحد.\nهبوب رياح على الطريق السريع بين الرياض ومكة.")
    places = {value for entity, value in _found(engine, text) if entity == "LOCATION"}
    assert {"15 شارع الجمهورية، حي توريل، المنصورة، الدقهلية",
            "شارع الوصل، مبنى 14، شقة 302، جميرا 1، دبي"} <= places
    assert not any("السريع" in place for place in places)


def test_hindi_self_introductions_residences_and_signatures(engine):
    text = ("महोदय,\nमैं रमेश कुमार शर्मा, निवासी मकान नं. 112, सेक्टर 4, विकास नगर, लखनऊ "
            "226022, आपकी शाखा का खाताधारक हूँ। कृपया जाँच करके राशि वापस करें।\nभवदीय,\n"
            "रमेश कुमार शर्मा")
    found = _found(engine, text)
    assert ("PERSON", "रमेश कुमार शर्मा") in found
    assert ("LOCATION", "मकान नं. 112, सेक्टर 4, विकास नगर, लखनऊ 226022") in found
    assert not any("राशि" in value or "खाताधारक" in value for _, value in found)


def test_sentences_of_these_scripts_with_no_one_in_them(engine):
    text = ("السعر: 650 درهماً إماراتياً\nأعلنت الحكومة اليوم عن خطة جديدة للنقل العام.\n"
            "कृपया इस पत्र का अनुवाद करें और मुख्य माँग लिखें।")
    assert not {value for entity, value in _found(engine, text)
                if entity in ("PERSON", "LOCATION")}


def test_arabic_names_under_a_thanks_or_after_my_name_is(engine):
    text = "اسمي ليلى حداد وأعمل في قسم المبيعات.\nشكراً،\nسارة يوسف"
    assert {"ليلى حداد", "سارة يوسف"} <= _values(engine, text, "PERSON")


def test_arabic_closing_over_a_department_is_no_name(engine):
    text = "يرجى مراجعة الطلب.\nمع التحية،\nقسم الموارد البشرية"
    assert not _values(engine, text, "PERSON")


def test_a_title_before_a_job_is_no_name(engine):
    assert not _values(engine, "السيد/ مدير الموارد البشرية المحترم،\nتحية طيبة وبعد،",
                       "PERSON")


def test_i_am_before_what_one_is_not_who(engine):
    text = "أنا سعيد جداً بهذا الخبر. أنا متأكد أن الاجتماع غداً. أنا طالب جامعي في القاهرة."
    assert not _values(engine, text, "PERSON")


def test_arabic_streets_by_their_number_or_building_and_the_town_named_again(engine):
    text = ("المكتب في 12 شارع الملك عبد العزيز، حي الملز، الرياض. "
            "والفرع الثاني: ش. النيل، عمارة 5، الطابق الثالث، القاهرة. "
            "سأسافر إلى الرياض غداً.")
    places = _values(engine, text, "LOCATION")
    assert {"12 شارع الملك عبد العزيز، حي الملز، الرياض",
            "ش. النيل، عمارة 5، الطابق الثالث، القاهرة"} <= places
    assert text.count("الرياض") == sum(value == "الرياض" for value in places) + 1


def test_a_way_or_a_street_in_a_sentence_is_no_address(engine):
    text = ("أرسل لي الملف عن طريق البريد الإلكتروني من فضلك.\n"
            "في طريق العودة إلى المنزل توقفنا عند المقهى.\nمشيت في شارع طويل مع أصدقائي.")
    assert not _values(engine, text, "LOCATION")


def test_hindi_names_after_a_title_my_name_is_or_thanks(engine):
    text = ("श्रीमती सुनीता देवी ने शिकायत दर्ज की। मेरा नाम अमित वर्मा है।\n"
            "पता: 45, गांधी रोड, जयपुर 302001\nधन्यवाद,\nप्रिया सिंह")
    found = _found(engine, text)
    assert {("PERSON", "सुनीता देवी"), ("PERSON", "अमित वर्मा"), ("PERSON", "प्रिया सिंह"),
            ("LOCATION", "45, गांधी रोड, जयपुर 302001")} <= found


def test_hindi_sentences_with_no_one_in_them(engine):
    text = ("मैं बहुत खुश हूँ, धन्यवाद। मैं आज दफ़्तर नहीं आ सकता, क्योंकि मैं बीमार हूँ।\n"
            "श्री गणेश की पूजा हुई। मैं दिल्ली का निवासी हूँ।")
    assert not {value for entity, value in _found(engine, text)
                if entity in ("PERSON", "LOCATION")}


def test_product_and_news_text_in_arabic_holds_no_one(engine):
    text = ("اسم المنتج: عود الملوك\nالسعر: 650 درهماً إماراتياً\n"
            "أعلنت الحكومة اليوم عن خطة جديدة للنقل العام في المدن الكبرى.")
    assert not {value for entity, value in _found(engine, text)
                if entity in ("PERSON", "LOCATION")}
