"""The provider simulator, checked through real HTTP and the official SDKs it stands in for."""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anthropic
import openai
import pytest
import requests
from anthropic.types import Message
from openai.types.chat import ChatCompletion, ChatCompletionChunk

ANTHROPIC_PATH = "/v1/messages"
OPENAI_PATH = "/v1/chat/completions"

# 9 + 11 + 3 + 12 = 35 prompt characters -> 9 tokens; "echo: What is 2+2?" is 18 -> 5.
HISTORY = [
    {"role": "user", "content": "Hello there"},
    {"role": "assistant", "content": "Hi!"},
    {
        "role": "user",
        "content": [{"type": "text", "text": "What is "}, {"type": "text", "text": "2+2?"}],
    },
]


@pytest.fixture(autouse=True)
def reset(simulator_url: str) -> None:
    requests.delete(f"{simulator_url}/_sim/requests", timeout=5).raise_for_status()


@pytest.fixture
def claude(simulator_url: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=simulator_url, api_key="sk-test", max_retries=0)


@pytest.fixture
def gpt(simulator_url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=simulator_url + "/v1", api_key="sk-test", max_retries=0)


def post(url: str, path: str, body: dict[str, Any], **kwargs: Any) -> requests.Response:
    return requests.post(url + path, json=body, timeout=kwargs.pop("timeout", 5), **kwargs)


def chat(model: str = "sim-model", text: str = "hi", **extra: Any) -> dict[str, Any]:
    return {
        "model": model,
        "max_tokens": 50,
        "messages": [{"role": "user", "content": text}],
    } | extra


def configure(url: str, config: dict[str, Any]) -> dict[str, Any]:
    response = requests.put(f"{url}/_sim/config", json=config, timeout=5)
    response.raise_for_status()
    return response.json()


def logged(url: str) -> list[dict[str, Any]]:
    return requests.get(f"{url}/_sim/requests", timeout=5).json()["requests"]


def sse_events(text: str) -> list[tuple[str | None, str]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields.get("event"), fields["data"]))
    return events


# --- answers --------------------------------------------------------------------------------


def test_anthropic_message_echoes_last_user_text_with_char_based_usage(simulator_url: str) -> None:
    system = [{"type": "text", "text": "Be "}, {"type": "text", "text": "brief."}]
    body = {"model": "claude-sim", "max_tokens": 50, "system": system, "messages": HISTORY}
    response = post(simulator_url, ANTHROPIC_PATH, body)
    assert response.status_code == 200
    message = Message.model_validate(response.json())
    assert message.id.startswith("msg_sim_")
    assert message.model == "claude-sim"
    assert message.content[0].text == "echo: What is 2+2?"
    assert message.stop_reason == "end_turn"
    assert (message.usage.input_tokens, message.usage.output_tokens) == (9, 5)


def test_openai_completion_counts_system_messages_as_prompt(simulator_url: str) -> None:
    messages = [{"role": "system", "content": "Be brief."}, *HISTORY]
    response = post(simulator_url, OPENAI_PATH, {"model": "gpt-sim", "messages": messages})
    assert response.status_code == 200
    completion = ChatCompletion.model_validate(response.json())
    assert completion.id.startswith("chatcmpl-sim")
    assert completion.model == "gpt-sim"
    assert completion.choices[0].message.content == "echo: What is 2+2?"
    assert completion.choices[0].finish_reason == "stop"
    usage = completion.usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (9, 5, 14)


def test_anthropic_stream_has_the_real_event_sequence(simulator_url: str) -> None:
    body = chat("claude-sim", "hello streaming world", stream=True)
    response = post(simulator_url, ANTHROPIC_PATH, body)
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    names = [name for name, _ in events]
    deltas = names.count("content_block_delta")
    assert deltas >= 2
    assert names == [
        "message_start",
        "content_block_start",
        "ping",
        *["content_block_delta"] * deltas,
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    payloads = [json.loads(data) for _, data in events]
    assert all(p["type"] == name for p, name in zip(payloads, names, strict=True))
    start = Message.model_validate(payloads[0]["message"])
    assert start.content == [] and start.usage.input_tokens == 6
    text = "".join(p["delta"]["text"] for p in payloads if p["type"] == "content_block_delta")
    assert text == "echo: hello streaming world"
    assert payloads[-2]["delta"]["stop_reason"] == "end_turn"
    assert payloads[-2]["usage"]["output_tokens"] == 7


def test_openai_stream_chunks_end_with_usage_and_done(simulator_url: str) -> None:
    body = chat("gpt-sim", "hello", stream=True, stream_options={"include_usage": True})
    events = sse_events(post(simulator_url, OPENAI_PATH, body).text)
    assert events[-1] == (None, "[DONE]")
    chunks = [ChatCompletionChunk.model_validate_json(data) for _, data in events[:-1]]
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[0].choices[0].delta.content == ""
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert chunks[-1].choices == []
    assert chunks[-1].usage.total_tokens == 2 + 3
    assert "".join(c.choices[0].delta.content or "" for c in chunks[:-1]) == "echo: hello"


def test_anthropic_sdk_create_and_stream(claude: anthropic.Anthropic) -> None:
    message = claude.messages.create(
        model="claude-sim", max_tokens=50, messages=[{"role": "user", "content": "ping"}]
    )
    assert message.content[0].text == "echo: ping"
    assert (message.usage.input_tokens, message.usage.output_tokens) == (1, 3)

    with claude.messages.stream(
        model="claude-sim",
        max_tokens=50,
        system="You are terse.",
        messages=[{"role": "user", "content": "stream me please"}],
    ) as stream:
        streamed = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert streamed == final.content[0].text == "echo: stream me please"
    assert final.stop_reason == "end_turn"
    assert (final.usage.input_tokens, final.usage.output_tokens) == (8, 6)


def test_openai_sdk_create_and_stream(gpt: openai.OpenAI) -> None:
    completion = gpt.chat.completions.create(
        model="gpt-sim", messages=[{"role": "user", "content": "ping"}]
    )
    assert completion.choices[0].message.content == "echo: ping"
    assert completion.usage.prompt_tokens == 1 and completion.usage.completion_tokens == 3

    chunks = list(
        gpt.chat.completions.create(
            model="gpt-sim",
            messages=[
                {"role": "developer", "content": "You are terse."},
                {"role": "user", "content": "stream me please"},
            ],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "echo: stream me please"
    assert chunks[-1].model == "gpt-sim"
    usage = chunks[-1].usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (8, 6, 14)


# --- fault scripts --------------------------------------------------------------------------


def test_fail_script_is_consumed_in_order_with_anthropic_errors(simulator_url: str) -> None:
    config = {"models": {"claude-sim": {"fail": [529, 500, 429, 400], "retry_after": 1}}}
    assert configure(simulator_url, config) == {"latency_ms": 0, **config}
    expected = ["overloaded_error", "api_error", "rate_limit_error", "invalid_request_error"]
    for status, error_type in zip([529, 500, 429, 400], expected, strict=True):
        response = post(simulator_url, ANTHROPIC_PATH, chat("claude-sim"))
        assert response.status_code == status
        assert response.headers["retry-after"] == "1"
        assert response.json()["type"] == "error"
        assert response.json()["error"]["type"] == error_type
    assert post(simulator_url, ANTHROPIC_PATH, chat("claude-sim")).status_code == 200
    remaining = requests.get(f"{simulator_url}/_sim/config", timeout=5).json()
    assert remaining["models"]["claude-sim"]["fail"] == []


def test_openai_errors_use_openai_shape(simulator_url: str, gpt: openai.OpenAI) -> None:
    configure(simulator_url, {"models": {"gpt-sim": {"fail": [503, 429]}}})
    response = post(simulator_url, OPENAI_PATH, chat("gpt-sim"))
    assert response.status_code == 503
    assert "retry-after" not in response.headers
    error = response.json()["error"]
    assert error == {
        "message": error["message"],
        "type": "server_error",
        "param": None,
        "code": None,
    }
    with pytest.raises(openai.RateLimitError) as caught:
        gpt.chat.completions.create(model="gpt-sim", messages=[{"role": "user", "content": "x"}])
    assert caught.value.code == "rate_limit_exceeded"


def test_sdk_sees_529_as_overloaded(simulator_url: str, claude: anthropic.Anthropic) -> None:
    configure(simulator_url, {"models": {"claude-sim": {"fail": [529]}}})
    with pytest.raises(anthropic.OverloadedError) as caught:
        claude.messages.create(model="claude-sim", max_tokens=5, messages=chat()["messages"])
    assert caught.value.status_code == 529
    assert caught.value.type == "overloaded_error"


def test_sdk_retry_honours_retry_after(simulator_url: str) -> None:
    configure(simulator_url, {"models": {"claude-sim": {"fail": [529], "retry_after": 0.2}}})
    client = anthropic.Anthropic(base_url=simulator_url, api_key="sk-test", max_retries=1)
    message = client.messages.create(model="claude-sim", max_tokens=5, messages=chat()["messages"])
    assert message.content[0].text == "echo: hi"
    first, second = logged(simulator_url)
    assert second["received_at"] - first["received_at"] >= 0.2


def test_star_model_is_a_shared_fallback(simulator_url: str) -> None:
    configure(simulator_url, {"models": {"*": {"fail": [503]}, "listed": {}}})
    assert post(simulator_url, ANTHROPIC_PATH, chat("listed")).status_code == 200
    assert post(simulator_url, OPENAI_PATH, chat("other")).status_code == 503
    assert post(simulator_url, ANTHROPIC_PATH, chat("another")).status_code == 200


def test_garbage_is_a_200_that_does_not_parse(simulator_url: str) -> None:
    configure(simulator_url, {"models": {"*": {"fail": ["garbage", "garbage"]}}})
    plain = post(simulator_url, OPENAI_PATH, chat())
    assert plain.status_code == 200
    with pytest.raises(ValueError):
        json.loads(plain.text)
    streamed = post(simulator_url, ANTHROPIC_PATH, chat(stream=True))
    assert streamed.status_code == 200
    with pytest.raises(ValueError):
        json.loads(sse_events(streamed.text)[0][1])


def test_timeout_holds_until_the_client_gives_up(
    simulator_url: str, claude: anthropic.Anthropic
) -> None:
    configure(simulator_url, {"models": {"claude-sim": {"fail": ["timeout"], "hang_s": 3}}})
    started = time.monotonic()
    with pytest.raises(anthropic.APITimeoutError):
        claude.with_options(timeout=0.3).messages.create(
            model="claude-sim", max_tokens=5, messages=chat()["messages"]
        )
    assert time.monotonic() - started < 2
    assert post(simulator_url, ANTHROPIC_PATH, chat("claude-sim")).status_code == 200


def test_timeout_answers_504_after_hang_s(simulator_url: str) -> None:
    configure(simulator_url, {"models": {"*": {"fail": ["timeout", "timeout"], "hang_s": 0.2}}})
    started = time.monotonic()
    response = post(simulator_url, ANTHROPIC_PATH, chat())
    assert time.monotonic() - started >= 0.2
    assert response.status_code == 504
    assert response.json()["error"]["type"] == "timeout_error"
    assert post(simulator_url, OPENAI_PATH, chat()).json()["error"]["type"] == "server_error"


def test_reset_releases_hanging_requests(simulator_url: str) -> None:
    configure(simulator_url, {"models": {"*": {"fail": ["timeout"], "hang_s": 30}}})
    with ThreadPoolExecutor(1) as pool:
        hanging = pool.submit(post, simulator_url, ANTHROPIC_PATH, chat())
        time.sleep(0.2)
        requests.delete(f"{simulator_url}/_sim/requests", timeout=5)
        assert hanging.result(timeout=3).status_code == 504


# --- latency --------------------------------------------------------------------------------


def test_latency_is_global_per_model_and_concurrent(simulator_url: str) -> None:
    configure(simulator_url, {"latency_ms": 300, "models": {"fast": {"latency_ms": 0}}})
    started = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        statuses = list(
            pool.map(lambda _: post(simulator_url, OPENAI_PATH, chat()).status_code, range(10))
        )
    elapsed = time.monotonic() - started
    assert statuses == [200] * 10
    assert 0.3 <= elapsed < 1.5
    started = time.monotonic()
    post(simulator_url, ANTHROPIC_PATH, chat("fast"))
    assert time.monotonic() - started < 0.25


def test_stream_latency_precedes_first_byte_and_chunks_are_paced(simulator_url: str) -> None:
    configure(simulator_url, {"models": {"slow": {"latency_ms": 300, "chunk_delay_ms": 60}}})
    started = time.monotonic()
    response = post(
        simulator_url, ANTHROPIC_PATH, chat("slow", "abcdefghij", stream=True), stream=True
    )
    chunks = response.iter_content(chunk_size=None)
    first = next(chunks)
    assert time.monotonic() - started >= 0.3
    assert first.startswith(b"event: message_start")
    rest = b"".join(chunks)
    assert time.monotonic() - started >= 0.3 + 3 * 0.06
    assert rest.endswith(b'event: message_stop\ndata: {"type": "message_stop"}\n\n')


# --- control API ----------------------------------------------------------------------------


def test_request_log_records_key_headers_and_time(
    simulator_url: str, claude: anthropic.Anthropic, gpt: openai.OpenAI
) -> None:
    before = time.time()
    claude.messages.create(model="claude-sim", max_tokens=5, messages=chat()["messages"])
    gpt.chat.completions.create(model="gpt-sim", messages=chat()["messages"])
    post(simulator_url, ANTHROPIC_PATH, chat("raw"), headers={"x-api-key": "sk-raw"})
    after = time.time()
    first, second, third = logged(simulator_url)
    assert [entry["path"] for entry in (first, second, third)] == [
        ANTHROPIC_PATH,
        OPENAI_PATH,
        ANTHROPIC_PATH,
    ]
    # This anthropic SDK sends its api_key as a bearer token; gateways may send x-api-key.
    sdk_key = first["headers"].get("x-api-key") or first["headers"]["authorization"]
    assert sdk_key in ("sk-test", "Bearer sk-test")
    assert second["headers"]["authorization"] == "Bearer sk-test"
    assert third["headers"]["x-api-key"] == "sk-raw"
    assert first["body"]["model"] == "claude-sim" and second["body"]["model"] == "gpt-sim"
    assert before <= first["received_at"] <= second["received_at"] <= third["received_at"] <= after


def test_bad_json_is_a_400_in_each_dialect(simulator_url: str) -> None:
    bad = {"data": "{not json", "headers": {"content-type": "application/json"}, "timeout": 5}
    claude_error = requests.post(simulator_url + ANTHROPIC_PATH, **bad)
    assert claude_error.status_code == 400
    assert claude_error.json()["error"]["type"] == "invalid_request_error"
    gpt_error = requests.post(simulator_url + OPENAI_PATH, **bad)
    assert gpt_error.status_code == 400
    assert gpt_error.json()["error"]["param"] is None
    assert [entry["body"] for entry in logged(simulator_url)] == [None, None]


def test_invalid_config_is_refused_and_keeps_the_old_one(simulator_url: str) -> None:
    in_force = configure(simulator_url, {"latency_ms": 0, "models": {"m": {"fail": [500]}}})
    for bad in ({"models": {"m": {"fail": ["explode"]}}}, {"latency": 5}, [1]):
        assert requests.put(f"{simulator_url}/_sim/config", json=bad, timeout=5).status_code == 400
    assert requests.get(f"{simulator_url}/_sim/config", timeout=5).json() == in_force


def test_delete_clears_log_and_config(simulator_url: str) -> None:
    configure(simulator_url, {"latency_ms": 50, "models": {"*": {"fail": [500, 500]}}})
    assert post(simulator_url, ANTHROPIC_PATH, chat()).status_code == 500
    requests.delete(f"{simulator_url}/_sim/requests", timeout=5).raise_for_status()
    assert logged(simulator_url) == []
    config = requests.get(f"{simulator_url}/_sim/config", timeout=5).json()
    assert config == {"latency_ms": 0, "models": {}}
    assert post(simulator_url, ANTHROPIC_PATH, chat()).status_code == 200


def test_apps_do_not_share_state() -> None:
    from sluice.simulator import create_simulator_app

    first, second = create_simulator_app().test_client(), create_simulator_app().test_client()
    first.put("/_sim/config", json={"latency_ms": 5})
    assert second.get("/_sim/config").json == {"latency_ms": 0, "models": {}}
