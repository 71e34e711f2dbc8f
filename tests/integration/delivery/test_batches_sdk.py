"""Batches driven by the official SDKs against the live api, with a real worker."""

from __future__ import annotations

import io
import json
import time

import anthropic
import openai
import pytest
import requests

ASK = "What is two plus two?"


def _until(read, done, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = read()
        if done(value):
            return value
        time.sleep(0.3)
    raise AssertionError(f"never done: {value}")


@pytest.fixture
def claude(live_api, live_tenant) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=live_api, api_key=live_tenant["key"], max_retries=0)


@pytest.fixture
def gpt(live_api, live_tenant) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live_api}/v1", api_key=live_tenant["key"], max_retries=0)


def _anthropic_request(custom_id: str, text: str, **params) -> dict:
    return {"custom_id": custom_id, "params": {
        "model": "claude-haiku-4-5", "max_tokens": 64,
        "messages": [{"role": "user", "content": text}], **params}}


def test_anthropic_sdk_creates_polls_and_reads_results(claude, loopback_worker, sim):
    batch = claude.messages.batches.create(requests=[
        _anthropic_request("a", ASK),
        _anthropic_request("b", "second", system="be brief"),
        _anthropic_request("bad", "x", max_tokens=0),
        _anthropic_request("tools", "x", tools=[]),
    ])
    assert batch.id.startswith("batch_")
    assert batch.processing_status == "in_progress"
    ended = _until(lambda: claude.messages.batches.retrieve(batch.id),
                   lambda b: b.processing_status == "ended")
    assert ended.request_counts.succeeded == 2
    assert ended.request_counts.errored == 2
    assert ended.results_url
    results = {item.custom_id: item.result for item in claude.messages.batches.results(batch.id)}
    assert list(results) == ["a", "b", "bad", "tools"]
    assert results["a"].type == "succeeded"
    assert results["a"].message.content[0].text == f"echo: {ASK}"
    assert results["bad"].type == "errored"
    assert "max_tokens" in results["bad"].error.error.message
    assert "tools" in results["tools"].error.error.message
    assert batch.id in [item.id for item in claude.messages.batches.list(limit=5)]


def test_openai_sdk_uploads_a_file_and_reads_output_and_error_files(gpt, loopback_worker, sim):
    lines = [{"custom_id": f"r{n}", "method": "POST", "url": "/v1/chat/completions",
              "body": {"model": "gpt-4o-mini",
                       "messages": [{"role": "user", "content": f"line {n}"}]}}
             for n in range(3)]
    lines.append({"custom_id": "wrong-url", "method": "POST", "url": "/v1/embeddings",
                  "body": {"model": "gpt-4o-mini", "input": "x"}})
    payload = "\n".join(json.dumps(line) for line in lines).encode()
    uploaded = gpt.files.create(file=("in.jsonl", io.BytesIO(payload)), purpose="batch")
    assert gpt.files.content(uploaded.id).content == payload
    batch = gpt.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions",
                               completion_window="24h")
    assert batch.request_counts.total == 4
    ended = _until(lambda: gpt.batches.retrieve(batch.id), lambda b: b.status == "completed")
    assert (ended.request_counts.completed, ended.request_counts.failed) == (3, 1)
    output = [json.loads(line) for line in
              gpt.files.content(ended.output_file_id).text.splitlines()]
    assert [line["custom_id"] for line in output] == ["r0", "r1", "r2"]
    completion = openai.types.chat.ChatCompletion.model_validate(output[0]["response"]["body"])
    assert completion.choices[0].message.content == "echo: line 0"
    errors = [json.loads(line) for line in gpt.files.content(ended.error_file_id).text.splitlines()]
    assert [line["custom_id"] for line in errors] == ["wrong-url"]
    assert errors[0]["response"]["status_code"] == 400
    assert batch.id in [item.id for item in gpt.batches.list(limit=5).data]


def test_cancel_stops_queued_jobs_at_once(claude, gpt, live_api, live_tenant, sim):
    batch = claude.messages.batches.create(
        requests=[_anthropic_request(f"q{n}", "never runs") for n in range(5)])
    cancelled = claude.messages.batches.cancel(batch.id)
    assert cancelled.processing_status == "ended"
    assert cancelled.request_counts.canceled == 5
    assert {item.result.type for item in claude.messages.batches.results(batch.id)} == {
        "canceled"}
    assert gpt.batches.retrieve(batch.id).status == "cancelled"
    listed = requests.get(f"{live_api}/v1/jobs", params={"batch_id": batch.id, "limit": 100},
                          headers=live_tenant["headers"], timeout=10).json()["data"]
    assert len(listed) == 5 and {job["status"] for job in listed} == {"cancelled"}


def test_a_batch_callback_fires_once_when_it_ends(claude, live_api, live_tenant, receiver,
                                                  loopback_worker, beat, sim):
    answer = requests.post(f"{live_api}/v1/messages/batches", headers=live_tenant["headers"],
                           timeout=10, json={"callback_url": receiver.url, "requests": [
                               _anthropic_request(f"c{n}", f"n{n}") for n in range(4)]})
    assert answer.status_code == 200, answer.text
    receiver.wait_for(1)
    time.sleep(3)
    events = receiver.events()
    assert len(events) == 1
    assert events[0]["type"] == "batch.ended"
    assert events[0]["data"]["id"] == answer.json()["id"]
    assert events[0]["data"]["request_counts"]["succeeded"] == 4


def test_idempotent_batch_creation_returns_the_same_batch(claude):
    requests_list = [_anthropic_request("only", "once")]
    first = claude.messages.batches.create(requests=requests_list,
                                           extra_headers={"Idempotency-Key": "batch-1"})
    again = claude.messages.batches.create(requests=requests_list,
                                           extra_headers={"Idempotency-Key": "batch-1"})
    assert again.id == first.id
    with pytest.raises(anthropic.UnprocessableEntityError):
        claude.messages.batches.create(requests=[_anthropic_request("other", "body")],
                                       extra_headers={"Idempotency-Key": "batch-1"})
