"""A server span per request, child of the caller's own W3C `traceparent` when it sends one.

The span is current for the whole request, so the job rows it creates store its context
and the request's log line carries its trace id.
"""

from __future__ import annotations

from flask import Flask, g, request
from opentelemetry import context, propagate, trace
from opentelemetry.trace import SpanKind

from sluice.tracing import mark_failed, tracer


def install_request_span(app: Flask) -> None:
    @app.before_request
    def _start_span() -> None:
        route = request.url_rule.rule if request.url_rule else None
        span = tracer.start_span(
            f"{request.method} {route}" if route else request.method,
            context=propagate.extract(request.headers), kind=SpanKind.SERVER,
            attributes={"http.request.method": request.method, "url.path": request.path,
                        **({"http.route": route} if route else {})})
        g.request_span = span
        g.request_span_token = context.attach(trace.set_span_in_context(span))

    @app.after_request
    def _record_status(response):
        span = g.get("request_span")
        if span is not None:
            span.set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= 500:
                mark_failed(span, str(response.status_code))
            if caller := g.get("caller"):
                span.set_attribute("sluice.tenant", caller.tenant_slug)
        return response

    @app.teardown_request
    def _end_span(_exc: BaseException | None) -> None:
        span, token = g.pop("request_span", None), g.pop("request_span_token", None)
        if span is not None:
            span.end()
        if token is not None:
            context.detach(token)
