"""Unchanged official SDKs against the api over HTTP, a real worker, and the simulator."""

from __future__ import annotations

import time

import anthropic
import openai
import pytest
import requests

from tests.integration.routing.conftest import sim_faults, sim_requests


@pytest.fixture
def claude(api_url, tenant):
    return anthropic.Anthropic(api_key=tenant["key"], base_url=api_url, max_retries=0)


@pytest.fixture
def gpt(api_url, tenant):
    return openai.OpenAI(api_key=tenant["key"], base_url=f"{api_url}/v1", max_retries=0)


def _job(api_url, tenant, job_id):
    return requests.get(f"{api_url}/v1/jobs/{job_id}", headers=tenant["headers"],
                        timeout=10).json()


def test_anthropic_sdk_gets_a_message_and_the_job_id(claude, api_url, tenant, worker, sim):
    raw = claude.messages.with_raw_response.create(
        model="claude-haiku-4-5", max_tokens=50, system="be brief",
        messages=[{"role": "user", "content": "hi there"}])
    message = raw.parse()
    assert message.content[0].text == "echo: hi there"
    assert message.stop_reason == "end_turn" and message.usage.output_tokens == 4
    job = _job(api_url, tenant, raw.headers["sluice-job-id"])
    assert job["status"] == "succeeded" and job["provider"] == "anthropic"
    assert [a["outcome"] for a in job["provider_attempts"]] == ["ok"]
    seen = sim_requests(sim)
    assert seen[0]["headers"]["x-api-key"] == "sk-ant-gw"
    assert seen[0]["body"]["system"] == "be brief"


def test_openai_sdk_gets_a_chat_completion(gpt, api_url, tenant, worker, sim):
    raw = gpt.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", max_tokens=20, user="alice",
        messages=[{"role": "system", "content": "terse"}, {"role": "user", "content": "yo"}])
    completion = raw.parse()
    assert completion.choices[0].message.content == "echo: yo"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.completion_tokens == 2
    job = _job(api_url, tenant, raw.headers["sluice-job-id"])
    assert job["user"] == "alice" and job["dialect"] == "openai"
    assert sim_requests(sim)[0]["headers"]["authorization"] == "Bearer sk-oai-gw"


def test_an_openai_call_is_served_by_a_claude_route(gpt, worker, sim):
    completion = gpt.chat.completions.create(
        model="gpt-via-claude", stop=["END"], temperature=0.2,
        messages=[{"role": "system", "content": "sys"}, {"role": "user", "content": "cross"}])
    assert completion.choices[0].message.content == "echo: cross"
    assert completion.object == "chat.completion"
    seen = sim_requests(sim)[0]
    assert seen["path"] == "/v1/messages"
    assert seen["body"]["model"] == "claude-haiku-4-5"
    assert seen["body"]["system"] == "sys" and seen["body"]["stop_sequences"] == ["END"]
    assert seen["body"]["temperature"] == 0.2


def test_an_anthropic_call_is_served_by_an_openai_route(claude, worker, sim):
    message = claude.messages.create(
        model="gpt-4o-mini", max_tokens=30, stop_sequences=["Z"], system="sys",
        messages=[{"role": "user", "content": "reverse"}])
    assert message.type == "message" and message.content[0].text == "echo: reverse"
    seen = sim_requests(sim)[0]
    assert seen["path"] == "/v1/chat/completions"
    assert seen["body"]["messages"][0] == {"role": "system", "content": "sys"}
    assert seen["body"]["stop"] == ["Z"] and seen["body"]["max_completion_tokens"] == 30


def test_a_header_match_sends_premium_callers_to_a_bigger_model(claude, worker, sim):
    message = claude.messages.create(
        model="claude-haiku-4-5", max_tokens=20, extra_headers={"x-user-tier": "premium"},
        messages=[{"role": "user", "content": "vip"}])
    assert message.model == "claude-sonnet-4-5"
    claude.messages.create(model="claude-haiku-4-5", max_tokens=20,
                           messages=[{"role": "user", "content": "std"}])
    assert [r["body"]["model"] for r in sim_requests(sim)] == ["claude-sonnet-4-5",
                                                              "claude-haiku-4-5"]


def test_anthropic_streaming_relays_the_event_sequence(claude, worker, sim):
    with claude.messages.stream(model="claude-haiku-4-5", max_tokens=50,
                                messages=[{"role": "user", "content": "stream me please"}]
                                ) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop"
    assert kinds.count("content_block_start") == 1 and "message_delta" in kinds
    assert final.content[0].text == "echo: stream me please"
    assert final.stop_reason == "end_turn" and final.usage.output_tokens == 6
    assert sim_requests(sim)[0]["body"]["stream"] is True


def test_openai_streaming_cross_dialect_with_usage(gpt, worker, sim):
    stream = gpt.chat.completions.create(
        model="gpt-via-claude", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "chunks please"}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "echo: chunks please"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 5
    assert sim_requests(sim)[0]["path"] == "/v1/messages"


def test_anthropic_stream_from_an_openai_backend(claude, worker, sim):
    with claude.messages.stream(model="gpt-4o-mini", max_tokens=50,
                                messages=[{"role": "user", "content": "via openai"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "echo: via openai" and final.usage.output_tokens == 4
    assert final.usage.input_tokens == 3


def test_the_first_token_arrives_before_the_answer_ends(gpt, worker, sim):
    sim_faults(sim, {"gpt-4o-mini": {"chunk_delay_ms": 400}})
    stream = gpt.chat.completions.create(
        model="gpt-4o-mini", stream=True,
        messages=[{"role": "user", "content": "a slow answer of some length"}])
    arrivals = [(time.monotonic(), chunk) for chunk in stream]
    texts = [at for at, chunk in arrivals if chunk.choices and chunk.choices[0].delta.content]
    assert len(texts) == 4
    assert texts[-1] - texts[0] >= 1.0  # three 400 ms gaps: relayed as they came, not at the end


def test_a_stream_whose_backends_all_fail_is_a_plain_http_error(claude, worker, sim):
    sim_faults(sim, {"sim-primary": {"fail": [500] * 3}, "sim-secondary": {"fail": [500] * 3}})
    with pytest.raises(anthropic.APIStatusError) as caught:
        with claude.messages.stream(model="failover", max_tokens=10,
                                    messages=[{"role": "user", "content": "x"}]) as stream:
            list(stream)
    assert caught.value.status_code == 502
    assert caught.value.response.headers["x-should-retry"] == "false"
    assert caught.value.body["error"]["type"] == "api_error"


def test_errors_come_in_each_sdks_shape(claude, gpt, api_url):
    with pytest.raises(anthropic.BadRequestError) as bad:
        claude.messages.create(model="claude-haiku-4-5", max_tokens=10, extra_body={"top_k": 5},
                               messages=[{"role": "user", "content": "x"}])
    assert bad.value.body["error"]["type"] == "invalid_request_error"
    assert "top_k" in bad.value.body["error"]["message"]
    with pytest.raises(openai.BadRequestError) as bad:
        gpt.chat.completions.create(model="gpt-4o-mini", logprobs=True,
                                    messages=[{"role": "user", "content": "x"}])
    assert bad.value.code == "invalid_request" and "logprobs" in bad.value.message
    with pytest.raises(openai.BadRequestError):
        gpt.chat.completions.create(model="gpt-4o-mini", temperature=7,
                                    messages=[{"role": "user", "content": "x"}])
    with pytest.raises(anthropic.AuthenticationError):
        anthropic.Anthropic(api_key="sk-sluice-wrong", base_url=api_url).messages.create(
            model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.AuthenticationError) as denied:
        openai.OpenAI(api_key="nope", base_url=f"{api_url}/v1").models.list()
    assert denied.value.code == "authentication_error"


def test_models_are_listed_in_both_shapes(claude, gpt):
    ids = [model.id for model in gpt.models.list()]
    assert "gpt-via-claude" in ids and "claude-sonnet-4-5" in ids and "failover" in ids
    assert not any("*" in name for name in ids)
    page = claude.models.list()
    assert [model.id for model in page.data] == ids
    assert page.data[0].type == "model"


def test_an_xai_route_is_an_openai_compatible_backend_with_its_own_key(gpt, api_url, tenant,
                                                                       worker, sim):
    raw = gpt.chat.completions.with_raw_response.create(
        model="grok-4", messages=[{"role": "user", "content": "grok"}])
    assert raw.parse().choices[0].message.content == "echo: grok"
    assert _job(api_url, tenant, raw.headers["sluice-job-id"])["provider"] == "xai"
    assert sim_requests(sim)[0]["headers"]["authorization"] == "Bearer xai-gw"


def test_a_stream_that_fails_before_its_first_token_is_retried_cleanly(claude, worker, sim):
    sim_faults(sim, {"claude-haiku-4-5": {"fail": [529, "garbage"]}})
    with claude.messages.stream(model="claude-haiku-4-5", max_tokens=20,
                                messages=[{"role": "user", "content": "again"}]) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()
    assert kinds.count("message_start") == 1 and final.content[0].text == "echo: again"
    assert len(sim_requests(sim)) == 3


def test_idempotency_key_on_a_sync_call_runs_one_job(claude, api_url, tenant, worker, sim):
    headers = {"Idempotency-Key": f"sync-{time.time_ns()}"}
    body = {"model": "claude-haiku-4-5", "max_tokens": 20,
            "messages": [{"role": "user", "content": "once"}]}
    first = claude.messages.create(**body, extra_headers=headers)
    again = claude.messages.with_raw_response.create(**body, extra_headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.parse().id == first.id
    assert len(sim_requests(sim)) == 1
    with pytest.raises(anthropic.UnprocessableEntityError):
        claude.messages.create(**{**body, "max_tokens": 21}, extra_headers=headers)
    with pytest.raises(anthropic.BadRequestError, match="stream"):
        claude.messages.create(**body, stream=True,
                               extra_headers={"Idempotency-Key": f"s-{time.time_ns()}"})
