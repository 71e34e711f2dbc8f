"""Provider adapters behind one interface, `send(request, backend) -> ChatResponse`."""

from __future__ import annotations

from collections.abc import Callable

from sluice.chat import ChatRequest, ChatResponse
from workers.pipeline.routing import Backend
from workers.providers import anthropic, openai

Send = Callable[[ChatRequest, Backend], ChatResponse]

ADAPTERS: dict[str, Send] = {"anthropic": anthropic.send, "openai": openai.send}


def send(request: ChatRequest, backend: Backend) -> ChatResponse:
    return ADAPTERS[backend.provider.kind](request, backend)
