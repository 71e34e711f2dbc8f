"""OpenAI Chat Completions <-> `sluice.chat`."""

from __future__ import annotations

import time
from typing import Any

from sluice.chat import ChatMessage, ChatRequest, ChatResponse, ImagePart, Part, TextPart, Usage
from sluice.errors import InvalidRequest, ProviderError

_FINISH_TO_STOP = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use",
                   "content_filter": "end_turn"}
_STOP_TO_FINISH = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length",
                   "tool_use": "tool_calls", None: "stop"}


def parse_messages(messages: list[Any]) -> tuple[str | None, list[ChatMessage]]:
    """System and developer messages become the one system prompt, in order."""
    system: list[str] = []
    parsed = []
    for index, message in enumerate(messages):
        where = f"messages.{index}"
        role = message.get("role") if isinstance(message, dict) else None
        if role not in ("system", "developer", "user", "assistant"):
            raise InvalidRequest(f"{where}.role: {role!r} is not supported")
        parts = _parse_content(message.get("content"), where)
        if role in ("system", "developer"):
            if not all(isinstance(part, TextPart) for part in parts):
                raise InvalidRequest(f"{where}.content: a system message holds text only")
            system.append("".join(part.text for part in parts))  # type: ignore[union-attr]
            continue
        parsed.append(ChatMessage(role=role, content=parts))
    return ("\n".join(system) if system else None), parsed


def _parse_content(content: Any, where: str) -> list[Part]:
    if isinstance(content, str):
        return [TextPart(text=content)]
    if not isinstance(content, list):
        raise InvalidRequest(f"{where}.content: expected a string or a list of parts")
    parts: list[Part] = []
    for n, block in enumerate(content):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "text" and isinstance(block.get("text"), str):
            parts.append(TextPart(text=block["text"]))
        elif kind == "image_url" and isinstance(block.get("image_url"), dict):
            parts.append(_parse_image_url(block["image_url"].get("url"), f"{where}.content.{n}"))
        else:
            raise InvalidRequest(f"{where}.content.{n}: part type {kind!r} is not supported")
    return parts


def _parse_image_url(url: Any, where: str) -> ImagePart:
    if not isinstance(url, str):
        raise InvalidRequest(f"{where}.image_url.url: expected a string")
    if url.startswith("data:") and ";base64," in url:
        header, data = url[len("data:"):].split(";base64,", 1)
        return ImagePart(media_type=header, data=data)
    return ImagePart(url=url)


def render_request(request: ChatRequest, model: str) -> dict[str, Any]:
    messages: list[dict[str, Any]] = []
    if request.system:
        messages.append({"role": "system", "content": request.system})
    for message in request.messages:
        if all(isinstance(part, TextPart) for part in message.content):
            messages.append({"role": message.role, "content": message.text})
        else:
            messages.append({"role": message.role,
                             "content": [_render_part(part) for part in message.content]})
    body: dict[str, Any] = {"model": model, "messages": messages,
                            "max_completion_tokens": request.max_tokens}
    for name in ("temperature", "top_p"):
        if getattr(request, name) is not None:
            body[name] = getattr(request, name)
    if request.stop:
        body["stop"] = list(request.stop)
    return body


def _render_part(part: Part) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    url = part.url or f"data:{part.media_type};base64,{part.data}"
    return {"type": "image_url", "image_url": {"url": url}}


def parse_response(body: Any) -> ChatResponse:
    try:
        choice = body["choices"][0]
        text = choice["message"].get("content") or ""
        return ChatResponse(
            id=body["id"], model=body["model"],
            content=[TextPart(text=text)] if text else [],
            stop_reason=_FINISH_TO_STOP.get(choice.get("finish_reason"), "end_turn"),
            usage=Usage(input_tokens=body["usage"]["prompt_tokens"],
                        output_tokens=body["usage"]["completion_tokens"]))
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
        raise ProviderError(f"malformed OpenAI response: {exc.__class__.__name__}") from exc


def render_message(response: ChatResponse) -> dict[str, Any]:
    """The answer as OpenAI's ChatCompletion object."""
    usage = response.usage
    return {
        "id": response.id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": response.model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": response.text, "refusal": None},
            "finish_reason": _STOP_TO_FINISH.get(response.stop_reason, "stop"),
            "logprobs": None,
        }],
        "usage": {"prompt_tokens": usage.input_tokens, "completion_tokens": usage.output_tokens,
                  "total_tokens": usage.input_tokens + usage.output_tokens},
    }
