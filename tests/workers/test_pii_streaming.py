"""Pseudonyms restored in a stream as it passes, even when a placeholder is split."""

import json

from sluice.job_stream import end_job_stream, open_job_stream, read_job_stream
from workers.pii.placeholders import StreamRestorer
from workers.pipeline.calling import StreamRelay

ORIGINALS = {"PERSON_1": 'Jan "JD" de Vries', "EMAIL_ADDRESS_1": "jan@example.com"}


def test_a_placeholder_split_across_pieces_is_restored_whole():
    restorer = StreamRestorer(ORIGINALS)
    pieces = ["echo: hi <PER", "SON_", "1>, mail <EMAIL_ADDRESS_1", "> and 3 < 4", " <OTHER_9>"]
    out = "".join(restorer.feed(piece) for piece in pieces) + restorer.flush()
    assert out == 'echo: hi Jan "JD" de Vries, mail jan@example.com and 3 < 4 <OTHER_9>'


def test_tool_json_gets_the_original_json_escaped():
    restorer = StreamRestorer(ORIGINALS, json_text=True)
    out = restorer.feed('{"who": "<PERSON') + restorer.feed('_1>"}') + restorer.flush()
    assert json.loads(out) == {"who": 'Jan "JD" de Vries'}


def test_the_relay_sends_no_placeholder_to_the_caller(runtime):
    job_id = "job_stream_probe"
    prefix = runtime.settings.redis_prefix
    open_job_stream(runtime.redis, prefix, job_id, 60)
    relay = StreamRelay(runtime, job_id, ORIGINALS)
    for event in ({"type": "start", "id": "m", "model": "x", "input_tokens": 3},
                  {"type": "text", "text": "hello <PERS"},
                  {"type": "text", "text": "ON_1> bye <EMAIL"},
                  {"type": "stop", "stop_reason": "end_turn", "input_tokens": 3,
                   "output_tokens": 2}):
        relay(event)
    end_job_stream(runtime.redis, prefix, job_id, "succeeded")
    events = list(read_job_stream(runtime.redis, prefix, job_id, timeout_s=5))
    text = "".join(event.get("text", "") for event in events if event["type"] == "text")
    assert text == 'hello Jan "JD" de Vries bye <EMAIL'  # an unclosed tail is flushed as is
    assert [event["type"] for event in events][:1] == ["start"]
