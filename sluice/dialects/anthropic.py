"""Anthropic Messages <-> `sluice.chat`."""

from __future__ import annotations

from typing import Any

from sluice.chat import (
    ChatMessage,
    ChatRequest,
    ChatResponse,
    ImagePart,
    Part,
    TextPart,
    Tool,
    ToolChoice,
    ToolResultPart,
    ToolUsePart,
    Usage,
)
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
    if kind == "tool_use" and isinstance(block.get("input"), dict):
        return _checked(ToolUsePart, block, where, ("id", "name", "input"))
    if kind == "tool_result" and isinstance(block.get("tool_use_id"), str):
        content = block.get("content", [])
        parts = ([TextPart(text=content)] if isinstance(content, str) else
                 [_parse_block(item, f"{where}.content.{n}")
                  for n, item in enumerate(content)] if isinstance(content, list) else None)
        if parts is None or not all(isinstance(p, TextPart | ImagePart) for p in parts):
            raise InvalidRequest(f"{where}.content: expected a string or text and image blocks")
        return ToolResultPart(tool_use_id=block["tool_use_id"], content=parts,
                              is_error=bool(block.get("is_error", False)))
    if kind in ("text", "image", "tool_use", "tool_result"):
        raise InvalidRequest(f"{where}: malformed {kind} block")
    raise InvalidRequest(f"{where}: content block type {kind!r} is not supported")


def _checked(model: type, block: dict[str, Any], where: str, fields: tuple[str, ...]) -> Any:
    unknown = set(block) - {"type", "cache_control", *fields}
    if unknown:
        raise InvalidRequest(f"{where}: {', '.join(sorted(unknown))} not supported")
    try:
        return model(**{name: block.get(name) for name in fields})
    except ValueError:
        raise InvalidRequest(f"{where}: malformed {block.get('type')} block") from None


_REQUEST_FIELDS = {"model", "messages", "system", "max_tokens", "temperature", "top_p",
                   "stop_sequences", "stream", "tools", "tool_choice", "metadata"}


def parse_request(body: dict[str, Any]) -> ChatRequest:
    """A whole Messages API request; a field sluice cannot carry is a 400, never dropped.

    Value checks (types, ranges) are left to ChatRequest's validation error.
    """
    unknown = sorted(set(body) - _REQUEST_FIELDS)
    if unknown:
        raise InvalidRequest(f"{', '.join(unknown)}: not supported by sluice")
    if not isinstance(body.get("messages"), list) or not body["messages"]:
        raise InvalidRequest("messages: a non-empty list is required")
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        raise InvalidRequest("max_tokens: a positive integer is required")
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict) or set(metadata) - {"user_id"}:
        raise InvalidRequest("metadata: only user_id is supported")
    tools = [_parse_tool(tool, f"tools.{n}") for n, tool in enumerate(body.get("tools") or [])]
    return ChatRequest(
        model=body.get("model"), messages=parse_messages(body["messages"]),
        system=parse_system(body.get("system")), max_tokens=body["max_tokens"],
        temperature=body.get("temperature"), top_p=body.get("top_p"),
        stop=body.get("stop_sequences") or [], tools=tools,
        tool_choice=_parse_tool_choice(body.get("tool_choice")),
        parallel_tool_calls=_parallel(body.get("tool_choice")))


def _parse_tool(tool: Any, where: str) -> Tool:
    if not isinstance(tool, dict) or tool.get("type") not in (None, "custom"):
        raise InvalidRequest(f"{where}: only custom (client) tools are supported")
    return _checked(Tool, tool, where, ("name", "description", "input_schema"))


def _parse_tool_choice(choice: Any) -> ToolChoice | None:
    if choice is None:
        return None
    if not isinstance(choice, dict) or set(choice) - {"type", "name",
                                                      "disable_parallel_tool_use"}:
        raise InvalidRequest("tool_choice: expected {type, name?, disable_parallel_tool_use?}")
    try:
        return ToolChoice(type=choice.get("type"), name=choice.get("name"))
    except ValueError:
        raise InvalidRequest("tool_choice.type: expected auto, any, none or tool") from None


def _parallel(choice: Any) -> bool | None:
    if isinstance(choice, dict) and "disable_parallel_tool_use" in choice:
        return not choice["disable_parallel_tool_use"]
    return None


def render_request(request: ChatRequest, model: str) -> dict[str, Any]:
    if request.temperature is not None and request.temperature > 1:
        raise InvalidRequest("temperature: Anthropic models take 0 to 1")
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
    if request.tools:
        body["tools"] = [tool.model_dump(exclude_none=True) for tool in request.tools]
    choice = request.tool_choice.model_dump(exclude_none=True) if request.tool_choice else None
    if request.parallel_tool_calls is False:
        choice = {**(choice or {"type": "auto"}), "disable_parallel_tool_use": True}
    if choice:
        body["tool_choice"] = choice
    return body


def _render_part(part: Part) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    if isinstance(part, ToolUsePart):
        return {"type": "tool_use", "id": part.id, "name": part.name, "input": part.input}
    if isinstance(part, ToolResultPart):
        block = {"type": "tool_result", "tool_use_id": part.tool_use_id,
                 "content": [_render_part(item) for item in part.content]}
        return {**block, "is_error": True} if part.is_error else block
    if part.url:
        return {"type": "image", "source": {"type": "url", "url": part.url}}
    return {"type": "image",
            "source": {"type": "base64", "media_type": part.media_type, "data": part.data}}


def parse_response(body: Any) -> ChatResponse:
    try:
        return ChatResponse(
            id=body["id"], model=body["model"],
            content=[_parse_answer_block(block) for block in body["content"]],
            stop_reason=body.get("stop_reason"), stop_sequence=body.get("stop_sequence"),
            usage=Usage(input_tokens=body["usage"]["input_tokens"],
                        output_tokens=body["usage"]["output_tokens"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProviderError(f"malformed Anthropic response: {exc.__class__.__name__}") from exc


def _parse_answer_block(block: dict[str, Any]) -> Part:
    if block["type"] == "text":
        return TextPart(text=block["text"])
    if block["type"] == "tool_use":
        return ToolUsePart(id=block["id"], name=block["name"], input=block["input"])
    raise ValueError(f"content block {block['type']!r}")


def render_message(response: ChatResponse) -> dict[str, Any]:
    """The answer as Anthropic's Message object."""
    return {
        "id": response.id,
        "type": "message",
        "role": "assistant",
        "model": response.model,
        "content": [_render_part(part) for part in response.content],
        "stop_reason": response.stop_reason,
        "stop_sequence": response.stop_sequence,
        "usage": {"input_tokens": response.usage.input_tokens,
                  "output_tokens": response.usage.output_tokens},
    }
