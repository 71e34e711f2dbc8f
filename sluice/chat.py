"""The one internal request and response type; dialects translate at the edges only."""

from __future__ import annotations

from typing import Annotated, Any, Literal

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


class ToolUsePart(_Frozen):
    """The model asking for a tool call (Anthropic `tool_use`, OpenAI `tool_calls`)."""

    type: Literal["tool_use"] = "tool_use"
    id: str
    name: str
    input: dict[str, Any]


class ToolResultPart(_Frozen):
    """A tool's answer, sent back by the caller (Anthropic `tool_result`, OpenAI `tool` role)."""

    type: Literal["tool_result"] = "tool_result"
    tool_use_id: str
    content: list[Annotated[TextPart | ImagePart, Field(discriminator="type")]]
    is_error: bool = False


Part = Annotated[TextPart | ImagePart | ToolUsePart | ToolResultPart,
                 Field(discriminator="type")]


class Tool(_Frozen):
    name: str
    description: str | None = None
    input_schema: dict[str, Any]


class ToolChoice(_Frozen):
    """`auto`, `any` (OpenAI `required`), `none`, or one named `tool`."""

    type: Literal["auto", "any", "none", "tool"]
    name: str | None = None


class ChatMessage(_Frozen):
    role: Literal["user", "assistant"]
    content: list[Part]

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.content if isinstance(part, TextPart))


class ChatRequest(_Frozen):
    model: str = Field(min_length=1, max_length=200)
    messages: list[ChatMessage]
    system: str | None = None
    max_tokens: int = Field(default=1024, ge=1)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    stop: list[str] = []
    tools: list[Tool] = []
    tool_choice: ToolChoice | None = None
    parallel_tool_calls: bool | None = None

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
    stop_sequence: str | None = None

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.content if isinstance(part, TextPart))
