"""Both APIs, both ways: real request and response examples (from each API's docs) through the
internal types and out in the other dialect, tools included; what has no translation is a 400."""

from __future__ import annotations

import json

import pytest
from anthropic.types import Message
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from sluice.dialects import anthropic, openai
from sluice.errors import InvalidRequest

WEATHER_SCHEMA = {"type": "object", "properties": {
    "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}

OPENAI_TOOL_CONVERSATION = {
    "model": "gpt-4o", "max_tokens": 256, "temperature": 0.7, "top_p": 0.9, "stop": ["\n\n"],
    "tool_choice": "auto", "user": "user-1234",
    "tools": [{"type": "function", "function": {
        "name": "get_current_weather",
        "description": "Get the current weather in a given location",
        "parameters": WEATHER_SCHEMA}}],
    "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What's the weather like in Boston today?"},
        {"role": "assistant", "content": None, "tool_calls": [{
            "id": "call_abc123", "type": "function", "function": {
                "name": "get_current_weather", "arguments": "{\"location\": \"Boston, MA\"}"}}]},
        {"role": "tool", "tool_call_id": "call_abc123", "content": "72F and sunny"},
    ]}

AS_ANTHROPIC = {
    "model": "claude-sonnet-4-5", "max_tokens": 256,
    "messages": [
        {"role": "user", "content": [
            {"type": "text", "text": "What's the weather like in Boston today?"}]},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "call_abc123",
                                           "name": "get_current_weather",
                                           "input": {"location": "Boston, MA"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "call_abc123",
                                      "content": [{"type": "text", "text": "72F and sunny"}]}]}],
    "system": "You are a helpful assistant.", "temperature": 0.7, "top_p": 0.9,
    "stop_sequences": ["\n\n"],
    "tools": [{"name": "get_current_weather",
               "description": "Get the current weather in a given location",
               "input_schema": WEATHER_SCHEMA}],
    "tool_choice": {"type": "auto"}}

ANTHROPIC_TOOL_CONVERSATION = {
    "model": "claude-opus-4-1", "max_tokens": 1024,
    "tools": [{"name": "get_weather", "description": "Get the current weather in a given location",
               "input_schema": WEATHER_SCHEMA}],
    "tool_choice": {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": True},
    "messages": [
        {"role": "user", "content": "What is the weather like in San Francisco?"},
        {"role": "assistant", "content": [
            {"type": "text", "text": "I'll check."},
            {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
             "input": {"location": "San Francisco, CA", "unit": "celsius"}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9",
             "content": "15 degrees"},
            {"type": "text", "text": "Thanks!"}]}]}

AS_OPENAI = {
    "model": "gpt-4o", "max_completion_tokens": 1024, "parallel_tool_calls": False,
    "messages": [
        {"role": "user", "content": "What is the weather like in San Francisco?"},
        {"role": "assistant", "content": "I'll check.", "tool_calls": [{
            "id": "toolu_01A09q90qw90lq917835lq9", "type": "function", "function": {
                "name": "get_weather",
                "arguments": json.dumps({"location": "San Francisco, CA", "unit": "celsius"})}}]},
        {"role": "tool", "tool_call_id": "toolu_01A09q90qw90lq917835lq9",
         "content": "15 degrees"},
        {"role": "user", "content": "Thanks!"}],
    "tools": [{"type": "function", "function": {
        "name": "get_weather", "parameters": WEATHER_SCHEMA,
        "description": "Get the current weather in a given location"}}],
    "tool_choice": {"type": "function", "function": {"name": "get_weather"}}}


@pytest.mark.parametrize(("source", "body", "target", "model", "expected"), [
    (openai, OPENAI_TOOL_CONVERSATION, anthropic, "claude-sonnet-4-5", AS_ANTHROPIC),
    (anthropic, ANTHROPIC_TOOL_CONVERSATION, openai, "gpt-4o", AS_OPENAI),
], ids=["openai-to-anthropic", "anthropic-to-openai"])
def test_requests_translate_both_ways(source, body, target, model, expected):
    assert target.render_request(source.parse_request(body), model) == expected


@pytest.mark.parametrize("dialect, body", [
    (openai, OPENAI_TOOL_CONVERSATION), (anthropic, ANTHROPIC_TOOL_CONVERSATION)])
def test_a_request_survives_a_round_trip_through_its_own_dialect(dialect, body):
    request = dialect.parse_request(body)
    again = dialect.parse_request(dialect.render_request(request, body["model"]))
    assert again == request


ANTHROPIC_TOOL_ANSWER = {
    "id": "msg_01Aq9w938a90dw8q", "type": "message", "role": "assistant",
    "model": "claude-opus-4-1", "stop_reason": "tool_use", "stop_sequence": None,
    "content": [{"type": "text", "text": "I'll check the weather."},
                {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9",
                 "name": "get_weather", "input": {"location": "San Francisco, CA"}}],
    "usage": {"input_tokens": 384, "output_tokens": 92}}

OPENAI_TOOL_ANSWER = {
    "id": "chatcmpl-abc123", "object": "chat.completion", "created": 1699896916,
    "model": "gpt-4o-mini", "choices": [{
        "index": 0, "logprobs": None, "finish_reason": "tool_calls",
        "message": {"role": "assistant", "content": None, "tool_calls": [{
            "id": "call_abc123", "type": "function", "function": {
                "name": "get_current_weather",
                "arguments": "{\n\"location\": \"Boston, MA\"\n}"}}]}}],
    "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99}}

ANTHROPIC_STOP_SEQUENCE = {
    "id": "msg_02", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
    "content": [{"type": "text", "text": "one, two"}], "stop_reason": "stop_sequence",
    "stop_sequence": "three", "usage": {"input_tokens": 10, "output_tokens": 4}}

OPENAI_LENGTH = {
    "id": "chatcmpl-2", "object": "chat.completion", "created": 1, "model": "gpt-4o",
    "choices": [{"index": 0, "logprobs": None, "finish_reason": "length",
                 "message": {"role": "assistant", "content": "a long"}}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}


def test_an_answer_appended_as_is_to_the_next_request_is_accepted():
    answer = openai.render_message(anthropic.parse_response(ANTHROPIC_TOOL_ANSWER))
    request = openai.parse_request({"model": "g", "messages": [
        *USER, answer["choices"][0]["message"],
        {"role": "tool", "tool_call_id": "toolu_01A09q90qw90lq917835lq9", "content": "15C"}]})
    assert [part.type for part in request.messages[1].content] == ["text", "tool_use"]


def test_an_anthropic_tool_use_answer_as_an_openai_completion():
    completion = ChatCompletion.model_validate(
        openai.render_message(anthropic.parse_response(ANTHROPIC_TOOL_ANSWER)))
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content == "I'll check the weather."
    call = choice.message.tool_calls[0]
    assert (call.id, call.function.name) == ("toolu_01A09q90qw90lq917835lq9", "get_weather")
    assert json.loads(call.function.arguments) == {"location": "San Francisco, CA"}
    assert (completion.usage.prompt_tokens, completion.usage.total_tokens) == (384, 476)


def test_an_openai_tool_calls_answer_as_an_anthropic_message():
    message = Message.model_validate(
        anthropic.render_message(openai.parse_response(OPENAI_TOOL_ANSWER)))
    assert message.stop_reason == "tool_use"
    assert [block.type for block in message.content] == ["tool_use"]
    assert message.content[0].input == {"location": "Boston, MA"}
    assert (message.usage.input_tokens, message.usage.output_tokens) == (82, 17)


@pytest.mark.parametrize(("answer", "parse", "finish", "stop_reason"), [
    (ANTHROPIC_STOP_SEQUENCE, anthropic.parse_response, "stop", "stop_sequence"),
    (OPENAI_LENGTH, openai.parse_response, "length", "max_tokens"),
    (ANTHROPIC_TOOL_ANSWER, anthropic.parse_response, "tool_calls", "tool_use"),
])
def test_stop_and_finish_reasons_map_both_ways(answer, parse, finish, stop_reason):
    response = parse(answer)
    assert openai.render_message(response)["choices"][0]["finish_reason"] == finish
    assert anthropic.render_message(response)["stop_reason"] == stop_reason


def test_the_stop_sequence_that_fired_is_kept_for_anthropic_callers():
    rendered = anthropic.render_message(anthropic.parse_response(ANTHROPIC_STOP_SEQUENCE))
    assert Message.model_validate(rendered).stop_sequence == "three"


USER = [{"role": "user", "content": "hi"}]


@pytest.mark.parametrize(("dialect", "body"), [
    (anthropic, {"model": "c", "max_tokens": 5, "messages": USER, "top_k": 5}),
    (anthropic, {"model": "c", "max_tokens": 5, "messages": USER,
                 "thinking": {"type": "enabled", "budget_tokens": 1024}}),
    (anthropic, {"model": "c", "max_tokens": 5, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "text", "data": "x"}}]}]}),
    (anthropic, {"model": "c", "max_tokens": 5, "messages": USER,
                 "tools": [{"type": "web_search_20250305", "name": "web_search"}]}),
    (anthropic, {"model": "c", "max_tokens": 5, "messages": USER,
                 "metadata": {"user_id": "u", "team": "x"}}),
    (anthropic, {"model": "c", "messages": USER}),
    (openai, {"model": "g", "messages": USER, "logprobs": True}),
    (openai, {"model": "g", "messages": USER, "n": 2}),
    (openai, {"model": "g", "messages": USER, "response_format": {"type": "json_object"}}),
    (openai, {"model": "g", "messages": USER, "tools": [{"type": "function", "function": {
        "name": "f", "parameters": {}, "strict": True}}]}),
    (openai, {"model": "g", "messages": [{"role": "user", "content": [
        {"type": "input_audio", "input_audio": {"data": "x", "format": "wav"}}]}]}),
    (openai, {"model": "g", "messages": [{"role": "function", "name": "f", "content": "x"}]}),
    (openai, {"model": "g", "messages": [{"role": "assistant", "content": None, "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{oops"}}]}]}),
    (openai, {"model": "g", "messages": USER, "temperature": 3}),
    (openai, {"model": "g", "messages": [{"role": "user", "name": "ann", "content": "x"}]}),
    (openai, {"model": "g", "messages": [{"role": "assistant", "content": None}]}),
], ids=lambda value: value.__name__.rsplit(".", 1)[-1] if hasattr(value, "__name__") else "")
def test_what_has_no_translation_is_refused(dialect, body):
    with pytest.raises((InvalidRequest, ValidationError)):
        dialect.parse_request(body)


@pytest.mark.parametrize(("target", "body"), [
    (openai, {"model": "c", "max_tokens": 5, "messages": [{"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": "t", "is_error": True, "content": "boom"}]}]}),
    (openai, {"model": "c", "max_tokens": 5, "messages": [{"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": "t", "content": [
            {"type": "image", "source": {"type": "url", "url": "https://x/y.png"}}]}]}]}),
])
def test_what_the_target_provider_cannot_express_is_refused_at_render(target, body):
    with pytest.raises(InvalidRequest):
        target.render_request(anthropic.parse_request(body), "gpt-4o")


def test_temperature_above_anthropics_range_is_refused_for_a_claude_backend():
    request = openai.parse_request({"model": "g", "messages": USER, "temperature": 1.5})
    with pytest.raises(InvalidRequest, match="temperature"):
        anthropic.render_request(request, "claude-haiku-4-5")
