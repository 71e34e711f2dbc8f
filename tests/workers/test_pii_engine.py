"""The PII engine on its own: config recognizers, fallback, fail-closed, remote, restoration."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sluice.chat import ChatRequest, ChatResponse
from sluice.config import PiiConfig
from sluice.errors import PiiBlocked
from sluice.pii_policy import EffectivePolicy
from tests.pii_eval.baseline import MODEL
from workers.pii.engine import Finding, build_local_engine
from workers.pii.ner_input import ner_input
from workers.pii.placeholders import (
    Protection,
    non_overlapping,
    protect_text,
    protect_tree,
    restore_tree,
)
from workers.pii.remote import RemotePiiEngine
from workers.pipeline.pii import PiiOutcome, redact_request

CUSTOM = PiiConfig(entities=["PERSON", "ACCOUNT_NUMBER", "PATIENT_ID"], recognizers=[
    {"entity": "ACCOUNT_NUMBER", "patterns": [{"regex": r"\bACC-\d{8}\b", "score": 0.9}]},
    {"entity": "PATIENT_ID", "patterns": [{"regex": r"\b\d{6}\b", "score": 0.2}],
     "context": ["patient", "mrn"]},
    {"entity": "PATIENT_ID", "deny_list": ["Ward 7 Project"]}])
TEXT = ("Patient MRN 482913 (account ACC-12345678) was seen by Jan de Vries; "
        "order 773311 shipped. jenny from billing will call.")


@pytest.fixture(scope="module")
def engine():
    return build_local_engine(CUSTOM, MODEL)


def _found(engine, text, entities=tuple(CUSTOM.entities)):
    return {(f.entity, text[f.start:f.end]) for f in engine.analyze(text, entities, 0.4)}


def test_config_recognizers_use_patterns_context_words_and_deny_lists(engine):
    found = _found(engine, TEXT + " Ward 7 project notes attached.")
    assert ("ACCOUNT_NUMBER", "ACC-12345678") in found
    assert ("PATIENT_ID", "482913") in found, "a weak pattern passes with its context word"
    assert ("PATIENT_ID", "773311") not in found, "the same pattern without context does not"
    assert ("PATIENT_ID", "Ward 7 project") in found


def test_names_the_small_model_misses_are_found(engine):
    found = _found(engine, TEXT)
    assert ("PERSON", "Jan de Vries") in found
    assert ("PERSON", "jenny") in found


def test_ner_reads_only_the_stretches_near_a_possible_name(engine):
    nlp = engine.analyzer.nlp_engine.nlp["en"]
    far = " ".join(["the batch ran fine and nothing else was wrong with it"] * 3)
    text = f"Please ask Wanjiru about it. {far} then call priya back"
    tokens = list(nlp.make_doc(text))
    cued = {next(i for i, token in enumerate(tokens) if token.text == "priya")}
    shown, positions = ner_input(nlp.vocab, tokens, cued)
    assert "Wanjiru" in shown.text and "Priya" in shown.text, "cued words are capitalised"
    assert "nothing else was wrong" not in shown.text, "far from any capital, NER is skipped"
    for token, position in zip(shown, positions, strict=True):
        assert position == -1 or token.text.lower() == tokens[position].text.lower()
    assert _found(engine, text, ("PERSON",)) == {("PERSON", "Wanjiru"), ("PERSON", "priya")}


def test_without_the_model_pattern_recognizers_still_run():
    fallback = build_local_engine(PiiConfig(), "no_such_spacy_model")
    assert fallback.mode == "patterns-only"
    text = "SSN 536-22-8145, mail jan@example.com, card 4111 1111 1111 1111"
    found = _found(fallback, text, ("US_SSN", "EMAIL_ADDRESS", "CREDIT_CARD"))
    assert found == {("US_SSN", "536-22-8145"), ("EMAIL_ADDRESS", "jan@example.com"),
                     ("CREDIT_CARD", "4111 1111 1111 1111")}


def test_an_analyzer_error_fails_closed():
    unreachable = RemotePiiEngine("http://127.0.0.1:9", "http://127.0.0.1:9", PiiConfig())
    request = ChatRequest(model="m", messages=[{"role": "user", "content": [
        {"type": "text", "text": "SSN 536-22-8145"}]}])
    policy = EffectivePolicy("redact", ("US_SSN",), 0.4, False)
    with pytest.raises(PiiBlocked) as failed:
        redact_request(unreachable, request, policy)
    assert "536-22-8145" not in failed.value.message


def test_placeholders_are_restored_in_every_string_of_an_answer():
    originals = {"PERSON_1": "Jan de Vries", "EMAIL_ADDRESS_1": "jan@example.com"}
    answer = {"content": [
        {"type": "text", "text": 'Done: {"to": "<EMAIL_ADDRESS_1>", "name": "<PERSON_1>"}'},
        {"type": "tool_use", "id": "tu_1", "name": "send_mail",
         "input": {"recipient": {"<PERSON_1>": ["<EMAIL_ADDRESS_1>", "<PERSON_9>"]}}}]}
    restored = restore_tree(answer, originals)
    assert json.loads(restored["content"][0]["text"].removeprefix("Done: ")) == {
        "to": "jan@example.com", "name": "Jan de Vries"}
    assert restored["content"][1]["input"] == {
        "recipient": {"Jan de Vries": ["jan@example.com", "<PERSON_9>"]}}


def test_a_response_is_restored_through_the_outcome():
    response = ChatResponse(id="r", model="m", stop_reason="end_turn",
                            usage={"input_tokens": 1, "output_tokens": 1},
                            content=[{"type": "text", "text": "Hi <PERSON_1>!"}])
    assert PiiOutcome({"PERSON_1": "jenny"}).restore(response).text == "Hi jenny!"


def _presidio_rest_server(engine):
    """Presidio's own REST contract (POST /analyze, POST /anonymize) around the local engine."""
    from presidio_analyzer.analyzer_request import AnalyzerRequest
    from presidio_anonymizer.services.app_entities_convertor import AppEntitiesConvertor

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if self.path == "/analyze":
                req = AnalyzerRequest(body)
                results = engine.analyzer.analyze(
                    text=req.text, language=req.language, entities=req.entities,
                    score_threshold=req.score_threshold,
                    ad_hoc_recognizers=req.ad_hoc_recognizers)
                answer = [result.to_dict() for result in results]
            else:
                answer = json.loads(engine.anonymizer.anonymize(
                    text=body["text"],
                    analyzer_results=AppEntitiesConvertor.analyzer_results_from_json(
                        body["analyzer_results"]),
                    operators=AppEntitiesConvertor.operators_config_from_json(
                        body["anonymizers"])).to_json())
            payload = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_remote_mode_behaves_like_the_local_engine(engine):
    server = _presidio_rest_server(build_local_engine(PiiConfig(), MODEL))
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        remote = RemotePiiEngine(url, url, CUSTOM)
        entities = ("PERSON", "EMAIL_ADDRESS", "US_SSN", "ACCOUNT_NUMBER")
        text = "Mail Maria Lopez at maria@example.org about ACC-12345678, SSN 536-22-8145."
        for pseudonymize in (False, True):
            ours, theirs = Protection(), Protection()
            local_text = protect_text(engine, text, entities, 0.4, pseudonymize, ours)
            remote_text = protect_text(remote, text, entities, 0.4, pseudonymize, theirs)
            assert remote_text == local_text
            assert ours.originals == theirs.originals
            assert "ACC-12345678" not in remote_text, "config recognizers travel as ad-hoc ones"
            assert "maria@example.org" not in remote_text and "536-22-8145" not in remote_text
    finally:
        server.shutdown()


def test_a_bad_recognizer_regex_stops_the_config_at_load(tmp_path):
    from sluice.config import ConfigError, load_config_file

    path = tmp_path / "sluice.yaml"
    path.write_text("providers: {p: {kind: openai, base_url: 'http://x'}}\n"
                    "routes: [{model: '*', backends: [{provider: p}]}]\n"
                    "pii: {recognizers: [{entity: ACCOUNT_NUMBER,\n"
                    "                     patterns: [{regex: '([0-9'}]}]}\n")
    with pytest.raises(ConfigError) as failed:
        load_config_file(path)
    assert "pii.recognizers.0.patterns.0" in failed.value.key
    assert "regex does not compile" in failed.value.reason


def test_tool_blocks_are_protected_without_touching_their_identifiers(engine):
    protection = Protection()
    content = [
        {"type": "tool_use", "id": "toolu_1", "name": "lookup_customer",
         "input": {"name": "Jan de Vries", "email": "jan@example.com"}},
        {"type": "tool_result", "tool_use_id": "toolu_1",
         "content": [{"type": "text", "text": "Found Jan de Vries, SSN 536-22-8145."}]}]

    def protect(text):
        return protect_text(engine, text, ("PERSON", "EMAIL_ADDRESS", "US_SSN"), 0.4, True,
                            protection)

    protected = protect_tree(content, protect)
    assert protected[0]["name"] == "lookup_customer" and protected[0]["id"] == "toolu_1"
    assert protected[0]["input"] == {"name": "<PERSON_1>", "email": "<EMAIL_ADDRESS_1>"}
    assert protected[1]["content"][0]["text"] == "Found <PERSON_1>, SSN <US_SSN_1>."
    assert restore_tree(protected, protection.originals) == content


def test_overlapping_findings_take_the_widest_findings_entity():
    address = Finding(0, 40, "LOCATION", 0.6)
    name_inside = Finding(9, 23, "PERSON", 0.85)
    assert non_overlapping([name_inside, address]) == [Finding(0, 40, "LOCATION", 0.85)]
    same_width = [Finding(0, 10, "LOCATION", 0.5), Finding(0, 10, "PERSON", 0.85)]
    assert non_overlapping(same_width) == [Finding(0, 10, "PERSON", 0.85)]


def test_the_name_table_is_read_whole_across_block_boundaries(tmp_path, monkeypatch):
    from workers.pii import words

    table = {f"name{'x' * (index % 5)}{chr(97 + index % 26)}": [index, index * 3, 0.5, 3]
             for index in range(60)}
    path = tmp_path / "name_data.json"
    path.write_text(json.dumps(table))
    monkeypatch.setattr(words, "_TABLE_BLOCK", 7)
    read = {match[1].decode(): [int(match[2]), int(match[3])]
            for match in words._name_records(path)}
    assert read == {name: row[:2] for name, row in table.items()}
