"""Neutral stream events (see workers/providers/streaming.py) as each dialect's SSE.

Anthropic: message_start, content_block_start/delta/stop per block, message_delta,
message_stop. OpenAI: chat.completion.chunk objects, a usage chunk when asked, `[DONE]`.
A job that fails after the stream began ends with the dialect's error event.
"""

from __future__ import annotations

import json
import time
from typing import Any

from api.dialect_errors import anthropic_error, openai_error
from sluice.dialects.openai import finish_reason


def _sse(data: Any, event: str | None = None) -> str:
    line = f"data: {json.dumps(data)}\n\n"
    return f"event: {event}\n{line}" if event else line


class AnthropicStream:
    def __init__(self, model: str) -> None:
        self.model = model
        self.index = -1
        self.open_block: str | None = None
        self.input_tokens = 0

    def render(self, event: dict[str, Any]) -> str:
        kind = event["type"]
        if kind == "start":
            self.input_tokens = event["input_tokens"]
            message = {"id": event["id"], "type": "message", "role": "assistant",
                       "model": event["model"], "content": [], "stop_reason": None,
                       "stop_sequence": None,
                       "usage": {"input_tokens": event["input_tokens"], "output_tokens": 0}}
            return (_sse({"type": "message_start", "message": message}, "message_start")
                    + _sse({"type": "ping"}, "ping"))
        if kind == "text":
            head = self._open("text", {"type": "text", "text": ""})
            return head + self._delta({"type": "text_delta", "text": event["text"]})
        if kind == "tool":
            return self._open("tool_use", {"type": "tool_use", "id": event["id"],
                                           "name": event["name"], "input": {}})
        if kind == "tool_args":
            return self._delta({"type": "input_json_delta", "partial_json": event["json"]})
        if kind == "stop":
            usage = {"output_tokens": event["output_tokens"],
                     "input_tokens": event["input_tokens"] or self.input_tokens}
            return self._close() + _sse({
                "type": "message_delta", "usage": usage,
                "delta": {"stop_reason": event["stop_reason"],
                          "stop_sequence": event.get("stop_sequence")}}, "message_delta")
        return ""

    def _open(self, kind: str, block: dict[str, Any]) -> str:
        if self.open_block == kind and kind == "text":
            return ""
        head = self._close()
        self.index += 1
        self.open_block = kind
        return head + _sse({"type": "content_block_start", "index": self.index,
                            "content_block": block}, "content_block_start")

    def _delta(self, delta: dict[str, Any]) -> str:
        return _sse({"type": "content_block_delta", "index": self.index, "delta": delta},
                    "content_block_delta")

    def _close(self) -> str:
        if self.index < 0 or self.open_block == "closed":
            return ""
        self.open_block = "closed"
        return _sse({"type": "content_block_stop", "index": self.index}, "content_block_stop")

    def finish(self) -> str:
        return _sse({"type": "message_stop"}, "message_stop")

    def error(self, status: int, error_type: str, message: str) -> str:
        return _sse(anthropic_error(status, error_type, message), "error")


class OpenAIStream:
    def __init__(self, model: str, include_usage: bool) -> None:
        self.head = {"id": "", "object": "chat.completion.chunk", "created": int(time.time()),
                     "model": model}
        self.include_usage = include_usage
        self.tools = -1

    def _chunk(self, delta: dict[str, Any], finish: str | None = None) -> str:
        extra = {"usage": None} if self.include_usage else {}
        return _sse({**self.head, "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                               "finish_reason": finish}], **extra})

    def render(self, event: dict[str, Any]) -> str:
        kind = event["type"]
        if kind == "start":
            self.head.update(id=event["id"], model=event["model"])
            return self._chunk({"role": "assistant", "content": ""})
        if kind == "text":
            return self._chunk({"content": event["text"]})
        if kind == "tool":
            self.tools += 1
            return self._chunk({"tool_calls": [{
                "index": self.tools, "id": event["id"], "type": "function",
                "function": {"name": event["name"], "arguments": ""}}]})
        if kind == "tool_args":
            return self._chunk({"tool_calls": [{"index": self.tools,
                                                "function": {"arguments": event["json"]}}]})
        if kind == "stop":
            tail = self._chunk({}, finish_reason(event["stop_reason"]))
            if self.include_usage:
                usage = {"prompt_tokens": event["input_tokens"],
                         "completion_tokens": event["output_tokens"],
                         "total_tokens": event["input_tokens"] + event["output_tokens"]}
                tail += _sse({**self.head, "choices": [], "usage": usage})
            return tail
        return ""

    def finish(self) -> str:
        return "data: [DONE]\n\n"

    def error(self, status: int, error_type: str, message: str) -> str:
        return _sse(openai_error(status, error_type, message))
