"""Neutral stream events rendered as each dialect's SSE, tool calls included."""

from __future__ import annotations

import json

from api.dialect_streams import AnthropicStream, OpenAIStream

EVENTS = [
    {"type": "start", "id": "msg_1", "model": "m", "input_tokens": 7},
    {"type": "text", "text": "Let me "}, {"type": "text", "text": "check."},
    {"type": "tool", "id": "toolu_1", "name": "get_weather"},
    {"type": "tool_args", "json": "{\"city\": "}, {"type": "tool_args", "json": "\"Paris\"}"},
    {"type": "stop", "stop_reason": "tool_use", "stop_sequence": None, "input_tokens": 7,
     "output_tokens": 12},
]


def _frames(text: str) -> list[dict]:
    return [json.loads(line[6:]) for line in text.splitlines()
            if line.startswith("data: ") and line != "data: [DONE]"]


def test_anthropic_sequence_opens_and_closes_one_block_per_part():
    stream = AnthropicStream("m")
    frames = _frames("".join(stream.render(event) for event in EVENTS) + stream.finish())
    assert [f["type"] for f in frames] == [
        "message_start", "ping", "content_block_start", "content_block_delta",
        "content_block_delta", "content_block_stop", "content_block_start",
        "content_block_delta", "content_block_delta", "content_block_stop", "message_delta",
        "message_stop"]
    assert frames[6]["content_block"] == {"type": "tool_use", "id": "toolu_1",
                                          "name": "get_weather", "input": {}}
    assert frames[7]["index"] == 1 and frames[7]["delta"]["type"] == "input_json_delta"
    assert frames[10]["delta"]["stop_reason"] == "tool_use"
    assert frames[10]["usage"] == {"output_tokens": 12, "input_tokens": 7}


def test_openai_chunks_carry_tool_call_deltas_and_a_usage_chunk():
    stream = OpenAIStream("m", include_usage=True)
    text = "".join(stream.render(event) for event in EVENTS) + stream.finish()
    frames = _frames(text)
    assert text.endswith("data: [DONE]\n\n")
    assert frames[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    calls = [f["choices"][0]["delta"]["tool_calls"][0] for f in frames
             if f["choices"] and "tool_calls" in f["choices"][0]["delta"]]
    assert calls[0]["id"] == "toolu_1" and calls[0]["function"]["name"] == "get_weather"
    assert "".join(c["function"]["arguments"] for c in calls) == "{\"city\": \"Paris\"}"
    assert frames[-2]["choices"][0]["finish_reason"] == "tool_calls"
    assert frames[-1]["choices"] == [] and frames[-1]["usage"]["total_tokens"] == 19


def test_a_second_run_appearing_mid_stream_ends_the_stream_with_an_error(client, tenant,
                                                                         runtime):
    """A worker that died part-way leaves a half answer; the re-run must not be spliced in."""
    from concurrent.futures import ThreadPoolExecutor

    from sluice.job_stream import append_job_events

    def call():
        response = client.post("/v1/chat/completions", headers=tenant["headers"],
                               json={"model": "gpt-4o-mini", "stream": True,
                                     "messages": [{"role": "user", "content": "x"}]})
        return response, response.get_data(as_text=True)

    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(call)
        job_id = None
        while job_id is None:
            listed = client.get("/v1/jobs", headers=tenant["headers"]).json["data"]
            job_id = listed[0]["id"] if listed else None
        start = {"type": "start", "id": "chatcmpl-1", "model": "gpt-4o-mini", "input_tokens": 1}
        append_job_events(runtime.redis, runtime.settings.redis_prefix, job_id,
                          [start, {"type": "text", "text": "half"}, start])
        response, text = answer.result(timeout=30)
    frames = _frames(text)
    assert response.headers["sluice-job-id"] == job_id
    assert frames[1]["choices"][0]["delta"]["content"] == "half"
    assert frames[-1]["error"]["type"] == "server_error" and "runs again" in text
    assert "[DONE]" not in text


def test_the_default_config_lists_the_priced_models_its_globs_route(client, tenant):
    listed = client.get("/v1/models", headers=tenant["headers"]).json
    ids = [model["id"] for model in listed["data"]]
    assert "gpt-4o-mini" in ids and "claude-haiku-4-5" in ids
    assert not any(char in name for name in ids for char in "*?[")
    assert len(ids) == len(set(ids))
