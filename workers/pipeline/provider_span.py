"""One CLIENT span per provider call, with the OpenTelemetry GenAI attributes.

Only names, models and token counts go on it: the prompt, the answer and the key never do.
"""

from __future__ import annotations

from opentelemetry.trace import SpanKind, Status, StatusCode

from sluice.chat import ChatRequest, ChatResponse
from sluice.errors import ProviderError
from sluice.tracing import mark_failed, tracer
from workers import providers
from workers.pipeline.routing import Backend
from workers.providers.http import BackendFailure
from workers.providers.streaming import Emit


def send_traced(request: ChatRequest, backend: Backend, emit: Emit | None, *, job_id: str,
                tenant: str) -> ChatResponse:
    """`providers.send` inside a span named as the GenAI conventions say: `chat <model>`."""
    attributes = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": backend.name,
        "gen_ai.request.model": backend.model,
        "gen_ai.request.max_tokens": request.max_tokens,
        "sluice.job_id": job_id,
        "sluice.tenant": tenant,
        "sluice.stream": emit is not None,
    }
    with tracer.start_as_current_span(f"chat {backend.model}", kind=SpanKind.CLIENT,
                                      attributes=attributes, record_exception=False,
                                      set_status_on_exception=False) as span:
        try:
            response = providers.send(request, backend, emit)
        except ProviderError as failure:
            # The message names the provider, the HTTP status and its error type, no input.
            span.set_attribute("error.type", _failure_kind(failure))
            span.set_status(Status(StatusCode.ERROR, failure.message))
            raise
        except BaseException as exc:
            mark_failed(span, exc)
            raise
        span.set_attributes({
            "gen_ai.response.model": response.model,
            "gen_ai.usage.input_tokens": response.usage.input_tokens,
            "gen_ai.usage.output_tokens": response.usage.output_tokens,
            "gen_ai.response.finish_reasons": [response.stop_reason or "unknown"],
        })
        return response


def _failure_kind(failure: ProviderError) -> str:
    """As the attempt log says it; a bare ProviderError (a broken stream) is retried."""
    if not isinstance(failure, BackendFailure):
        return "retryable"
    if failure.untranslatable:
        return "untranslatable"
    return "retryable" if failure.retryable else "fatal"
