"""The one internal request and response type; dialects translate at the edges only."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

StopReason = Literal["end_turn", "max_tokens", "stop_sequence", "tool_use"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TextPart(_Frozen):
    type: Literal["text"] = "text"
    text: str


class ImagePart(_Frozen):
    """An image by URL, or inline as base64 `data` with its `media_type`."""

    type: Literal["image"] = "image"
    url: str | None = None
    media_type: str | None = None
    data: str | None = None


Part = Annotated[TextPart | ImagePart, Field(discriminator="type")]


class ChatMessage(_Frozen):
    role: Literal["user", "assistant"]
    content: list[Part]

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.content if isinstance(part, TextPart))


class ChatRequest(_Frozen):
    model: str
    messages: list[ChatMessage]
    system: str | None = None
    max_tokens: int = 1024
    temperature: float | None = None
    top_p: float | None = None
    stop: list[str] = []

    def all_text(self) -> str:
        return (self.system or "") + "".join(message.text for message in self.messages)


class Usage(_Frozen):
    input_tokens: int = Field(ge=0)
    output_tokens: int = Field(ge=0)


class ChatResponse(_Frozen):
    id: str
    model: str
    content: list[Part]
    stop_reason: StopReason | None
    usage: Usage

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.content if isinstance(part, TextPart))
