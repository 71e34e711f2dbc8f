"""Provider streams as one neutral event sequence, and the answer those events add up to.

Events (plain dicts, relayed to the api through Redis as they arrive):
`start` {id, model, input_tokens}, `text` {text}, `tool` {id, name} opening a tool call,
`tool_args` {json} (a piece of the latest tool call's JSON input), and `stop`
{stop_reason, stop_sequence, input_tokens, output_tokens}.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sluice.chat import ChatResponse, Part, TextPart, ToolUsePart, Usage
from sluice.errors import ProviderError

Emit = Callable[[dict[str, Any]], None]


class StreamAssembler:
    """Feeds every event to `emit` and keeps what is needed to build the final answer."""

    def __init__(self, emit: Emit, provider: str) -> None:
        self.emit = emit
        self.provider = provider
        self.start: dict[str, Any] | None = None
        self.stop: dict[str, Any] | None = None
        self.parts: list[dict[str, Any]] = []

    def feed(self, event: dict[str, Any]) -> None:
        kind = event["type"]
        if kind == "start":
            self.start = event
        elif kind == "text":
            if not self.parts or self.parts[-1]["type"] != "text":
                self.parts.append({"type": "text", "text": ""})
            self.parts[-1]["text"] += event["text"]
        elif kind == "tool":
            self.parts.append({"type": "tool", "id": event["id"], "name": event["name"],
                               "json": ""})
        elif kind == "tool_args":
            self.parts[-1]["json"] += event["json"]
        elif kind == "stop":
            self.stop = event
        self.emit(event)

    def response(self) -> ChatResponse:
        if self.start is None or self.stop is None:
            raise ProviderError(f"{self.provider}: the stream ended before the answer did")
        try:
            content: list[Part] = [
                TextPart(text=part["text"]) if part["type"] == "text" else
                ToolUsePart(id=part["id"], name=part["name"], input=json.loads(part["json"] or
                                                                               "{}"))
                for part in self.parts]
        except ValueError:
            raise ProviderError(f"{self.provider}: a streamed tool call had bad JSON") from None
        return ChatResponse(
            id=self.start["id"], model=self.start["model"], content=content,
            stop_reason=self.stop["stop_reason"], stop_sequence=self.stop.get("stop_sequence"),
            usage=Usage(input_tokens=self.stop["input_tokens"],
                        output_tokens=self.stop["output_tokens"]))
