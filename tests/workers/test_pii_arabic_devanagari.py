"""Names and addresses in Arabic and Devanagari script, which NER reads as nothing, beside
sentences of those scripts that hold neither."""

import pytest

from sluice.config import PiiConfig
from tests.pii_eval.baseline import MODEL
from workers.pii.engine import build_local_engine

ALL = tuple(PiiConfig().entities)


@pytest.fixture(scope="module")
def engine():
    return build_local_engine(PiiConfig(), MODEL)


def _found(engine, text):
    return {(f.entity, text[f.start:f.end]) for f in engine.analyze(text, ALL, 0.4)}


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
