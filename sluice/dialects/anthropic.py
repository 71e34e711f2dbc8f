"""Anthropic Messages <-> `sluice.chat`."""

from __future__ import annotations

from typing import Any

from sluice.chat import ChatMessage, ChatRequest, ChatResponse, ImagePart, Part, TextPart, Usage
from sluice.errors import InvalidRequest, ProviderError


def parse_system(system: Any) -> str | None:
    if system is None or isinstance(system, str):
        return system
    if isinstance(system, list):
        parts = [_parse_block(block, f"system.{n}") for n, block in enumerate(system)]
        if all(isinstance(part, TextPart) for part in parts):
            return "".join(part.text for part in parts)  # type: ignore[union-attr]
    raise InvalidRequest("system: expected a string or a list of text blocks")


def parse_messages(messages: list[Any]) -> list[ChatMessage]:
    parsed = []
    for index, message in enumerate(messages):
        where = f"messages.{index}"
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            raise InvalidRequest(f"{where}.role: expected 'user' or 'assistant'")
        content = message.get("content")
        if isinstance(content, str):
            parts: list[Part] = [TextPart(text=content)]
        elif isinstance(content, list):
            parts = [_parse_block(block, f"{where}.content.{n}") for n, block in enumerate(content)]
        else:
            raise InvalidRequest(f"{where}.content: expected a string or a list of blocks")
        parsed.append(ChatMessage(role=message["role"], content=parts))
    return parsed


def _parse_block(block: Any, where: str) -> Part:
    kind = block.get("type") if isinstance(block, dict) else None
    if kind == "text" and isinstance(block.get("text"), str):
        return TextPart(text=block["text"])
    if kind == "image" and isinstance(block.get("source"), dict):
        source = block["source"]
        if source.get("type") == "url":
            return ImagePart(url=source.get("url"))
        if source.get("type") == "base64":
            return ImagePart(media_type=source.get("media_type"), data=source.get("data"))
    if kind == "text" or kind == "image":
        raise InvalidRequest(f"{where}: malformed {kind} block")
    raise InvalidRequest(f"{where}: content block type {kind!r} is not supported")


def render_request(request: ChatRequest, model: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": model,
        "max_tokens": request.max_tokens,
        "messages": [{"role": message.role, "content": [_render_part(part)
                                                         for part in message.content]}
                     for message in request.messages],
    }
    if request.system:
        body["system"] = request.system
    for name in ("temperature", "top_p"):
        if getattr(request, name) is not None:
            body[name] = getattr(request, name)
    if request.stop:
        body["stop_sequences"] = list(request.stop)
    return body


def _render_part(part: Part) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    if part.url:
        return {"type": "image", "source": {"type": "url", "url": part.url}}
    return {"type": "image",
            "source": {"type": "base64", "media_type": part.media_type, "data": part.data}}


def parse_response(body: Any) -> ChatResponse:
    try:
        return ChatResponse(
            id=body["id"], model=body["model"],
            content=[TextPart(text=block["text"]) for block in body["content"]
                     if block.get("type") == "text"],
            stop_reason=body.get("stop_reason"),
            usage=Usage(input_tokens=body["usage"]["input_tokens"],
                        output_tokens=body["usage"]["output_tokens"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ProviderError(f"malformed Anthropic response: {exc.__class__.__name__}") from exc


def render_message(response: ChatResponse) -> dict[str, Any]:
    """The answer as Anthropic's Message object."""
    return {
        "id": response.id,
        "type": "message",
        "role": "assistant",
        "model": response.model,
        "content": [{"type": "text", "text": part.text} for part in response.content
                    if isinstance(part, TextPart)],
        "stop_reason": response.stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": response.usage.input_tokens,
                  "output_tokens": response.usage.output_tokens},
    }
