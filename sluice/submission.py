"""The native `POST /v1/jobs` body, validated, and turned into the internal request."""

from __future__ import annotations

from fnmatch import fnmatch
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sluice.chat import ChatRequest
from sluice.dialects import anthropic, openai
from sluice.errors import InvalidRequest

Dialect = Literal["anthropic", "openai"]
_OPENAI_ROLES = {"system", "developer", "tool"}
_OPENAI_PARTS = {"image_url", "input_audio", "file"}


class JobSubmission(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    model: str = Field(min_length=1, max_length=200)
    messages: list[dict[str, Any]] = Field(min_length=1)
    system: str | list[dict[str, Any]] | None = None
    max_tokens: int = Field(default=1024, ge=1, le=1_000_000)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    stop: str | list[str] | None = None
    user: str | None = Field(default=None, min_length=1, max_length=200)
    metadata: dict[str, Any] | None = None
    callback_url: str | None = None
    pii: Literal["redact", "pseudonymize", "block", "off"] | None = None
    dialect: Dialect | None = None

    def caller_dialect(self) -> Dialect:
        """Explicit `dialect`, else the message shape, else the model family."""
        if self.dialect:
            return self.dialect
        for message in self.messages:
            if message.get("role") in _OPENAI_ROLES or "tool_calls" in message:
                return "openai"
            content = message.get("content")
            if isinstance(content, list) and any(
                    isinstance(part, dict) and part.get("type") in _OPENAI_PARTS
                    for part in content):
                return "openai"
        if self.system is not None:
            return "anthropic"
        return "anthropic" if fnmatch(self.model, "claude-*") else "openai"

    def to_chat_request(self) -> ChatRequest:
        stop = [self.stop] if isinstance(self.stop, str) else list(self.stop or [])
        if len(stop) > 16:
            raise InvalidRequest("stop: at most 16 sequences")
        if self.caller_dialect() == "openai":
            system, messages = openai.parse_messages(self.messages)
            extra = anthropic.parse_system(self.system)
            system = "\n".join(text for text in (extra, system) if text) or None
        else:
            system = anthropic.parse_system(self.system)
            messages = anthropic.parse_messages(self.messages)
        if not messages:
            raise InvalidRequest("messages: at least one user or assistant message is required")
        return ChatRequest(model=self.model, messages=messages, system=system,
                           max_tokens=self.max_tokens, temperature=self.temperature,
                           top_p=self.top_p, stop=stop)
