"""Both message shapes into the one internal request, and answers back out."""

import pytest
from anthropic.types import Message
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from sluice.chat import ChatResponse, ImagePart, TextPart, Usage
from sluice.dialects import anthropic, openai
from sluice.errors import InvalidRequest, ProviderError
from sluice.submission import JobSubmission

ANSWER = ChatResponse(id="msg_1", model="m", content=[TextPart(text="hello")],
                      stop_reason="max_tokens", usage=Usage(input_tokens=3, output_tokens=2))


def test_anthropic_blocks_and_system_become_the_internal_request():
    request = JobSubmission.model_validate({
        "model": "claude-haiku-4-5", "system": [{"type": "text", "text": "be kind"}],
        "stop": "END", "messages": [
            {"role": "user", "content": [
                {"type": "text", "text": "look: "},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                             "data": "AAAA"}}]},
            {"role": "assistant", "content": "a cat"},
            {"role": "user", "content": "thanks"}]}).to_chat_request()
    assert request.system == "be kind"
    assert request.stop == ["END"]
    assert request.messages[0].content[1] == ImagePart(media_type="image/png", data="AAAA")
    rendered = openai.render_request(request, "gpt-4o-mini")
    assert rendered["messages"][0] == {"role": "system", "content": "be kind"}
    assert rendered["messages"][1]["content"][1] == {
        "type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
    assert rendered["messages"][2] == {"role": "assistant", "content": "a cat"}
    assert rendered["stop"] == ["END"]


def test_openai_system_messages_and_image_urls_round_trip_to_anthropic():
    request = JobSubmission.model_validate({
        "model": "gpt-4o-mini", "temperature": 0.5, "messages": [
            {"role": "system", "content": "one"},
            {"role": "developer", "content": [{"type": "text", "text": "two"}]},
            {"role": "user", "content": [
                {"type": "text", "text": "see"},
                {"type": "image_url", "image_url": {"url": "https://img.example/cat.png"}}]}],
    }).to_chat_request()
    assert request.system == "one\ntwo"
    body = anthropic.render_request(request, "claude-haiku-4-5")
    assert body["system"] == "one\ntwo"
    assert body["temperature"] == 0.5
    assert body["messages"] == [{"role": "user", "content": [
        {"type": "text", "text": "see"},
        {"type": "image", "source": {"type": "url", "url": "https://img.example/cat.png"}}]}]


@pytest.mark.parametrize("messages", [
    [{"role": "user", "content": [{"type": "document", "source": {"type": "text"}}]}],
    [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "x", "content": 3}]}],
    [{"role": "user", "content": [{"type": "image", "source": {"type": "file"}}]}],
    [{"role": "user", "content": 42}],
    ["not an object"],
])
def test_what_cannot_be_translated_is_refused_not_dropped(messages):
    with pytest.raises((InvalidRequest, ValidationError)):
        JobSubmission.model_validate({"model": "claude-x", "messages": messages}
                                     ).to_chat_request()


def test_rendered_answers_parse_with_the_official_sdk_types():
    message = Message.model_validate(anthropic.render_message(ANSWER))
    assert message.content[0].text == "hello" and message.stop_reason == "max_tokens"
    completion = ChatCompletion.model_validate(openai.render_message(ANSWER))
    assert completion.choices[0].message.content == "hello"
    assert completion.choices[0].finish_reason == "length"
    assert completion.usage.total_tokens == 5


def test_malformed_provider_bodies_are_provider_errors():
    with pytest.raises(ProviderError):
        anthropic.parse_response({"id": "x"})
    with pytest.raises(ProviderError):
        openai.parse_response({"choices": []})
