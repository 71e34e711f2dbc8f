"""Route and call: each backend of the route in order until one answers."""

from __future__ import annotations

import logging
import time

from sluice.chat import ChatRequest, ChatResponse
from sluice.errors import ProviderError
from sluice.metrics import GEN_AI_DURATION, GEN_AI_REQUESTS
from workers import providers
from workers.pipeline.routing import Backend

log = logging.getLogger("sluice.worker")


def call_backends(request: ChatRequest, backends: list[Backend]) -> tuple[ChatResponse, Backend]:
    """The first answer wins; when every backend fails, the error lists each one's failure."""
    failures = []
    for backend in backends:
        started = time.perf_counter()
        try:
            response = providers.send(request, backend)
        except ProviderError as exc:
            GEN_AI_REQUESTS.labels(backend.name, backend.model, "error").inc()
            failures.append(exc.message)
            continue
        GEN_AI_DURATION.labels(backend.name, backend.model).observe(time.perf_counter() - started)
        GEN_AI_REQUESTS.labels(backend.name, backend.model, "ok").inc()
        return response, backend
    raise ProviderError("; ".join(failures) or "the route has no backends")
