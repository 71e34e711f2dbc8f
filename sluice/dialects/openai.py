"""OpenAI Chat Completions <-> `sluice.chat`."""

from __future__ import annotations

import json
import time
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

_FINISH_TO_STOP = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use",
                   "content_filter": "end_turn"}
_STOP_TO_FINISH = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length",
                   "tool_use": "tool_calls", None: "stop"}


def parse_messages(messages: list[Any]) -> tuple[str | None, list[ChatMessage]]:
    """System and developer messages become the one system prompt, in order; consecutive
    `tool` messages become one user message of tool results, as Anthropic expects them."""
    system: list[str] = []
    parsed: list[ChatMessage] = []
    for index, message in enumerate(messages):
        where = f"messages.{index}"
        role = message.get("role") if isinstance(message, dict) else None
        if role not in ("system", "developer", "user", "assistant", "tool"):
            raise InvalidRequest(f"{where}.role: {role!r} is not supported")
        unknown = {key for key, value in message.items()
                   if key not in _MESSAGE_FIELDS[role] and value not in (None, [])}
        if unknown:
            raise InvalidRequest(f"{where}: {', '.join(sorted(unknown))} not supported")
        if role == "tool":
            result = _parse_tool_result(message, where)
            if parsed and parsed[-1].role == "user" and all(
                    isinstance(part, ToolResultPart) for part in parsed[-1].content):
                parsed[-1] = ChatMessage(role="user", content=[*parsed[-1].content, result])
            else:
                parsed.append(ChatMessage(role="user", content=[result]))
            continue
        content = message.get("content")
        parts = [] if content is None and role == "assistant" else _parse_content(content, where)
        if role in ("system", "developer"):
            if not all(isinstance(part, TextPart) for part in parts):
                raise InvalidRequest(f"{where}.content: a system message holds text only")
            system.append("".join(part.text for part in parts))  # type: ignore[union-attr]
            continue
        if role == "assistant":
            parts += [_parse_tool_call(call, f"{where}.tool_calls.{n}")
                      for n, call in enumerate(message.get("tool_calls") or [])]
            if not parts:
                raise InvalidRequest(f"{where}: an assistant message needs content or tool_calls")
        parsed.append(ChatMessage(role=role, content=parts))
    return ("\n".join(system) if system else None), parsed


# Other keys pass only when empty (an SDK echoing back `refusal: null`); a participant
# `name` has no Anthropic form, so it is refused rather than dropped.
_MESSAGE_FIELDS = {"system": {"role", "content"}, "developer": {"role", "content"},
                   "user": {"role", "content"}, "assistant": {"role", "content", "tool_calls"},
                   "tool": {"role", "content", "tool_call_id"}}


def _parse_tool_call(call: Any, where: str) -> ToolUsePart:
    function = call.get("function") if isinstance(call, dict) else None
    if not isinstance(function, dict) or call.get("type", "function") != "function":
        raise InvalidRequest(f"{where}: expected a function call")
    try:
        arguments = json.loads(function.get("arguments") or "{}")
        return ToolUsePart(id=call.get("id"), name=function.get("name"), input=arguments)
    except (TypeError, ValueError):
        raise InvalidRequest(f"{where}: needs id, function.name and JSON object arguments") \
            from None


def _parse_tool_result(message: dict[str, Any], where: str) -> ToolResultPart:
    if not isinstance(message.get("tool_call_id"), str):
        raise InvalidRequest(f"{where}.tool_call_id: a string is required")
    parts = _parse_content(message.get("content"), where)
    if not all(isinstance(part, TextPart) for part in parts):
        raise InvalidRequest(f"{where}.content: a tool message holds text only")
    return ToolResultPart(tool_use_id=message["tool_call_id"], content=parts)


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


_REQUEST_FIELDS = {"model", "messages", "max_tokens", "max_completion_tokens", "temperature",
                   "top_p", "stop", "stream", "stream_options", "tools", "tool_choice",
                   "parallel_tool_calls", "user", "n"}


def parse_request(body: dict[str, Any]) -> ChatRequest:
    """A whole Chat Completions request; a field sluice cannot carry is a 400, never dropped.

    Value checks (types, ranges) are left to ChatRequest's validation error.
    """
    unknown = sorted(set(body) - _REQUEST_FIELDS)
    if unknown:
        raise InvalidRequest(f"{', '.join(unknown)}: not supported by sluice")
    if body.get("n", 1) != 1:
        raise InvalidRequest("n: only one choice per request is supported")
    if not isinstance(body.get("messages"), list) or not body["messages"]:
        raise InvalidRequest("messages: a non-empty list is required")
    system, messages = parse_messages(body["messages"])
    if not messages:
        raise InvalidRequest("messages: at least one user or assistant message is required")
    stop = body.get("stop")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    return ChatRequest(
        model=body.get("model"), messages=messages, system=system,
        max_tokens=1024 if max_tokens is None else max_tokens,
        temperature=body.get("temperature"), top_p=body.get("top_p"),
        stop=[stop] if isinstance(stop, str) else stop or [],
        tools=[_parse_tool(tool, f"tools.{n}") for n, tool in enumerate(body.get("tools") or [])],
        tool_choice=_parse_tool_choice(body.get("tool_choice")),
        parallel_tool_calls=body.get("parallel_tool_calls"))


def _parse_tool(tool: Any, where: str) -> Tool:
    function = tool.get("function") if isinstance(tool, dict) else None
    if not isinstance(function, dict) or tool.get("type") != "function":
        raise InvalidRequest(f"{where}: only function tools are supported")
    if set(function) - {"name", "description", "parameters"} or function.get("strict"):
        raise InvalidRequest(f"{where}.function: only name, description and parameters "
                             "are supported")
    return Tool(name=function.get("name"), description=function.get("description"),
                input_schema=function.get("parameters") or {"type": "object", "properties": {}})


def _parse_tool_choice(choice: Any) -> ToolChoice | None:
    if choice is None:
        return None
    if choice in ("auto", "none", "required"):
        return ToolChoice(type="any" if choice == "required" else choice)
    if (isinstance(choice, dict) and choice.get("type") == "function"
            and isinstance(choice.get("function"), dict)
            and isinstance(choice["function"].get("name"), str)):
        return ToolChoice(type="tool", name=choice["function"]["name"])
    raise InvalidRequest("tool_choice: expected auto, none, required or a named function")


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
        messages += _render_message(message)
    body: dict[str, Any] = {"model": model, "messages": messages,
                            "max_completion_tokens": request.max_tokens}
    for name in ("temperature", "top_p", "parallel_tool_calls"):
        if getattr(request, name) is not None:
            body[name] = getattr(request, name)
    if request.stop:
        body["stop"] = list(request.stop)
    if request.tools:
        body["tools"] = [{"type": "function", "function": {
            "name": tool.name, "parameters": tool.input_schema,
            **({"description": tool.description} if tool.description else {})}}
            for tool in request.tools]
    if request.tool_choice:
        choice = request.tool_choice
        body["tool_choice"] = ({"type": "function", "function": {"name": choice.name}}
                               if choice.type == "tool" else
                               "required" if choice.type == "any" else choice.type)
    return body


def _render_message(message: ChatMessage) -> list[dict[str, Any]]:
    """Tool results leave as `tool` messages; tool uses as the assistant's `tool_calls`."""
    results = [part for part in message.content if isinstance(part, ToolResultPart)]
    calls = [part for part in message.content if isinstance(part, ToolUsePart)]
    rest = [part for part in message.content if isinstance(part, TextPart | ImagePart)]
    rendered = [_render_tool_result(part) for part in results]
    if calls:
        rendered.append({"role": "assistant", "content": message.text or None,
                         "tool_calls": [{"id": call.id, "type": "function", "function": {
                             "name": call.name, "arguments": json.dumps(call.input)}}
                             for call in calls]})
    elif rest or not results:
        if all(isinstance(part, TextPart) for part in rest):
            rendered.append({"role": message.role, "content": message.text})
        else:
            rendered.append({"role": message.role,
                             "content": [_render_part(part) for part in rest]})
    return rendered


def _render_tool_result(part: ToolResultPart) -> dict[str, Any]:
    if part.is_error or not all(isinstance(item, TextPart) for item in part.content):
        raise InvalidRequest("a tool_result with is_error or images has no OpenAI form")
    return {"role": "tool", "tool_call_id": part.tool_use_id,
            "content": "".join(item.text for item in part.content)}  # type: ignore[union-attr]


def _render_part(part: Part) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    url = part.url or f"data:{part.media_type};base64,{part.data}"
    return {"type": "image_url", "image_url": {"url": url}}


def parse_response(body: Any) -> ChatResponse:
    try:
        choice = body["choices"][0]
        text = choice["message"].get("content") or ""
        calls = [ToolUsePart(id=call["id"], name=call["function"]["name"],
                             input=json.loads(call["function"]["arguments"] or "{}"))
                 for call in choice["message"].get("tool_calls") or []]
        return ChatResponse(
            id=body["id"], model=body["model"],
            content=([TextPart(text=text)] if text else []) + calls,
            stop_reason=stop_reason_of(choice.get("finish_reason")),
            usage=Usage(input_tokens=body["usage"]["prompt_tokens"],
                        output_tokens=body["usage"]["completion_tokens"]))
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
        raise ProviderError(f"malformed OpenAI response: {exc.__class__.__name__}") from exc


def render_message(response: ChatResponse) -> dict[str, Any]:
    """The answer as OpenAI's ChatCompletion object."""
    usage = response.usage
    calls = [part for part in response.content if isinstance(part, ToolUsePart)]
    message: dict[str, Any] = {"role": "assistant", "content": response.text or None,
                               "refusal": None}
    if calls:
        message["tool_calls"] = [{"id": call.id, "type": "function", "function": {
            "name": call.name, "arguments": json.dumps(call.input)}} for call in calls]
    elif message["content"] is None:
        message["content"] = ""
    return {
        "id": response.id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": response.model,
        "choices": [{
            "index": 0,
            "message": message,
            "finish_reason": finish_reason(response.stop_reason),
            "logprobs": None,
        }],
        "usage": {"prompt_tokens": usage.input_tokens, "completion_tokens": usage.output_tokens,
                  "total_tokens": usage.input_tokens + usage.output_tokens},
    }


def finish_reason(stop_reason: str | None) -> str:
    return _STOP_TO_FINISH.get(stop_reason, "stop")


def stop_reason_of(finish: str | None) -> str:
    return _FINISH_TO_STOP.get(finish, "end_turn")
