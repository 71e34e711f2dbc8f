"""Provider adapters behind one interface: `send(request, backend) -> ChatResponse`, and
`stream(request, backend, emit) -> ChatResponse`, which emits neutral events as they arrive."""

from __future__ import annotations

from sluice.chat import ChatRequest, ChatResponse
from sluice.errors import InvalidRequest
from workers.pipeline.routing import Backend
from workers.providers import anthropic, openai
from workers.providers.http import BackendFailure
from workers.providers.streaming import Emit

ADAPTERS = {"anthropic": anthropic, "openai": openai}


def send(request: ChatRequest, backend: Backend, emit: Emit | None = None) -> ChatResponse:
    """One call; a request this provider's dialect cannot express fails for this backend only."""
    adapter = ADAPTERS[backend.provider.kind]
    try:
        if emit is None:
            return adapter.send(request, backend)
        return adapter.stream(request, backend, emit)
    except InvalidRequest as exc:
        raise BackendFailure(f"{backend.name}: cannot translate the request ({exc.message})",
                             retryable=False, untranslatable=True) from None
