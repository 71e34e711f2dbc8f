"""OpenTelemetry tracing: one provider per process, and the W3C context a job carries.

A job's trace starts at the request that submitted it and reaches the worker twice over:
in the Celery message headers, and stored on the job row, because the sweeper and the
deferred-job release re-publish jobs long after that request's context is gone.

Spans are recorded even when nothing exports them, so every JSON log line written inside
one carries its trace id. Attributes hold ids, names and counts only: never a prompt, an
answer or a key.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from sluice.errors import JobFailure
from sluice.settings import Settings

tracer = trace.get_tracer("sluice")
_lock = threading.Lock()
_configured = False
F = TypeVar("F", bound=Callable[..., Any])


def configure_tracing(service_name: str, settings: Settings) -> None:
    """The first call in a process wins: Flask apps, Celery signals and CLI commands may
    all ask, and OpenTelemetry allows one global provider."""
    global _configured
    with _lock:
        if _configured:
            return
        _configured = True
        provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
        exporter = otlp_exporter(settings)
        if exporter is not None:
            provider.add_span_processor(BatchSpanProcessor(exporter))
        trace.set_tracer_provider(provider)


def otlp_exporter(settings: Settings) -> SpanExporter | None:
    """None without an endpoint: spans still get ids, nothing leaves the process."""
    endpoint = settings.otlp_endpoint
    if not endpoint:
        return None
    if settings.otlp_protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=endpoint)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    # The OTLP spec: the HTTP exporter appends the signal path to the base endpoint.
    return OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces")


def tracing_target(settings: Settings) -> str:
    """One line for banners: where this process's traces go."""
    if not settings.otlp_endpoint:
        return "not exported (OTEL_EXPORTER_OTLP_ENDPOINT unset)"
    return f"OTLP {settings.otlp_protocol} to {settings.otlp_endpoint}"


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the active span, to store with a job; None outside a trace."""
    return trace_headers().get("traceparent")


def trace_headers(traceparent: str | None = None) -> dict[str, str]:
    """W3C headers for a message: a job's stored context when given, else the current one."""
    carrier: dict[str, str] = {}
    if traceparent:
        carrier["traceparent"] = traceparent
    else:
        propagate.inject(carrier)
    return carrier


@contextmanager
def span_from(carrier: Mapping[str, str], name: str, kind: SpanKind,
              attributes: Mapping[str, Any] | None = None) -> Iterator[Span]:
    """A span whose parent is the W3C context in `carrier` (a request's or a message's
    headers), current until the block ends; exceptions mark it failed, message unrecorded."""
    parent = propagate.extract(carrier)
    with tracer.start_as_current_span(name, context=parent, kind=kind, attributes=attributes,
                                      record_exception=False,
                                      set_status_on_exception=False) as span:
        try:
            yield span
        except BaseException as exc:
            mark_failed(span, exc)
            raise


def stage_span(name: str, quiet: tuple[type[BaseException], ...] = ()) -> Callable[[F], F]:
    """Wraps a pipeline stage in a child span. `quiet` exceptions end the stage without
    failing it: a job sent back to wait for its turn is not an error."""

    def decorate(stage: F) -> F:
        @functools.wraps(stage)
        def traced(*args, **kwargs):
            with tracer.start_as_current_span(name, record_exception=False,
                                              set_status_on_exception=False) as span:
                try:
                    return stage(*args, **kwargs)
                except quiet:
                    raise
                except BaseException as exc:
                    mark_failed(span, exc)
                    raise

        return traced  # type: ignore[return-value]

    return decorate


def mark_failed(span: Span, failure: BaseException | str) -> None:
    """ERROR status with `error.type` only: exception messages can quote the prompt."""
    if isinstance(failure, JobFailure):
        error_type = failure.error_type
    elif isinstance(failure, BaseException):
        error_type = failure.__class__.__name__
    else:
        error_type = failure
    span.set_attribute("error.type", error_type)
    span.set_status(Status(StatusCode.ERROR, error_type))
