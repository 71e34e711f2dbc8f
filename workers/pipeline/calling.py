"""Route and call: each backend in order, with retries, backoff and a shared circuit breaker.

A retryable failure (429, 5xx, 529, timeout, malformed body) is tried again on the same
backend after an exponential backoff with jitter, never sooner than the provider's
`retry-after`; after `max_tries`, or at once for a failure a retry cannot fix, the next
backend. A wait longer than `hold_thread_max_s` is not slept: `RetryLater` sends the job
back to its queue and the attempt log lets the next run carry on where this one stopped.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from sluice.chat import ChatRequest, ChatResponse
from sluice.config import FailoverConfig
from sluice.errors import JobFailure, ProviderError, UnroutableRequest
from sluice.job_stream import append_job_events
from sluice.metrics import GEN_AI_DURATION, GEN_AI_REQUESTS
from sluice.runtime import Runtime
from workers.pii.placeholders import StreamRestorer
from workers.pipeline.attempts import AttemptLog
from workers.pipeline.breaker import CircuitBreaker
from workers.pipeline.provider_span import send_traced
from workers.pipeline.routing import Backend
from workers.providers.http import BackendFailure

log = logging.getLogger("sluice.worker")


class RetryLater(Exception):
    """The next try is due in `delay_s`: too long to hold a worker thread for."""

    def __init__(self, delay_s: float) -> None:
        super().__init__(f"provider retry in {delay_s:.1f}s")
        self.delay_s = delay_s


class StreamRelay:
    """Appends neutral events to the job's Redis stream. The opening event is held back
    until content arrives, so a backend that fails before answering leaves no trace and
    the next try or backend can still answer cleanly. Pseudonyms are restored in the
    pieces as they pass, so the caller never sees a placeholder."""

    def __init__(self, rt: Runtime, job_id: str, originals: dict[str, str]) -> None:
        self.rt, self.job_id = rt, job_id
        self.held: list[dict[str, Any]] = []
        self.started = False
        self.text = StreamRestorer(originals) if originals else None
        self.tool_json = StreamRestorer(originals, json_text=True) if originals else None

    def __call__(self, event: dict[str, Any]) -> None:
        if event["type"] == "start" and not self.started:
            self.held = [event]
            return
        self.started = True
        events, self.held = [*self.held, *self._restored(event)], []
        append_job_events(self.rt.redis, self.rt.settings.redis_prefix, self.job_id, events)

    def _restored(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        if self.text is None or self.tool_json is None:
            return [event]
        if event["type"] == "text":
            text = self.text.feed(event["text"])
            return [{**event, "text": text}] if text else []
        if event["type"] == "tool_args":
            piece = self.tool_json.feed(event["json"])
            return [{**event, "json": piece}] if piece else []
        tails = []  # a held-back tail belongs to the block this event ends
        if text := self.text.flush():
            tails.append({"type": "text", "text": text})
        if piece := self.tool_json.flush():
            tails.append({"type": "tool_args", "json": piece})
        return [*tails, event]


def call_backends(rt: Runtime, job_id: str, request: ChatRequest, backends: list[Backend],
                  stream: bool = False, originals: dict[str, str] | None = None, *,
                  tenant: str) -> tuple[ChatResponse, Backend]:
    """The first answer wins; when every backend fails, the error lists each one's last."""
    policy = rt.config.failover
    breaker = CircuitBreaker(rt.redis, rt.settings.redis_prefix, policy)
    attempts = AttemptLog(rt.db, job_id)
    relay = StreamRelay(rt, job_id, originals or {}) if stream else None
    send = partial(send_traced, job_id=job_id, tenant=tenant)
    try:
        for backend in backends:
            answer = _try_backend(request, backend, policy, breaker, attempts, relay, send)
            if answer is not None:
                return answer, backend
        raise _all_failed(attempts, backends)
    finally:
        attempts.save()


def _try_backend(request: ChatRequest, backend: Backend, policy: FailoverConfig,
                 breaker: CircuitBreaker, attempts: AttemptLog, relay: StreamRelay | None,
                 send: Callable[..., ChatResponse]) -> ChatResponse | None:
    while not attempts.done_with(backend.key, policy.max_tries):
        if not breaker.allows(backend.key, backend.timeout_s):
            attempts.record(backend.key, backend.model, "skipped",
                            f"{backend.name}: circuit open", 0)
            return None
        started = time.perf_counter()
        try:
            response = send(request, backend, relay)
        except ProviderError as exc:
            seconds = time.perf_counter() - started
            failure = exc if isinstance(exc, BackendFailure) else BackendFailure(
                exc.message, retryable=True)
            _failed(backend, failure, seconds, breaker, attempts)
            if relay is not None and relay.started:
                raise ProviderError(f"{failure.message}; the stream had begun, so it was "
                                    "not retried") from None
            if not failure.retryable:
                return None
            if not attempts.done_with(backend.key, policy.max_tries):
                _back_off(_wait_s(attempts.tries(backend.key), policy, failure.retry_after),
                          policy)
            continue
        seconds = time.perf_counter() - started
        attempts.record(backend.key, backend.model, "ok", None, seconds)
        breaker.succeeded(backend.key)
        GEN_AI_DURATION.labels(backend.name, backend.model).observe(seconds)
        GEN_AI_REQUESTS.labels(backend.name, backend.model, "ok").inc()
        return response
    return None


def _failed(backend: Backend, failure: BackendFailure, seconds: float,
            breaker: CircuitBreaker, attempts: AttemptLog) -> None:
    outcome = ("refused" if failure.untranslatable else
               "retryable" if failure.retryable else "fatal")
    attempts.record(backend.key, backend.model, outcome, failure.message, seconds)
    GEN_AI_REQUESTS.labels(backend.name, backend.model, "error").inc()
    if failure.retryable and breaker.failed(backend.key):
        log.warning("circuit opened", extra={"backend": backend.key})


def _wait_s(tries: int, policy: FailoverConfig, retry_after: float | None) -> float:
    """Exponential backoff with equal jitter, and never before the provider's retry-after."""
    ceiling = min(policy.backoff_max_s, policy.backoff_base_s * 2 ** (tries - 1))
    return max(ceiling * random.uniform(0.5, 1.0), retry_after or 0.0)


def _back_off(wait_s: float, policy: FailoverConfig) -> None:
    if wait_s > policy.hold_thread_max_s:
        raise RetryLater(wait_s)
    time.sleep(wait_s)


def _all_failed(attempts: AttemptLog, backends: list[Backend]) -> JobFailure:
    """`invalid_request` when no backend could even be asked; else `provider_error`."""
    errors = attempts.last_errors()
    keys = [backend.key for backend in backends]
    message = "; ".join(errors[key] for key in keys if key in errors)
    refused = {name for name, outcome, _ in attempts.entries if outcome == "refused"}
    if keys and refused >= set(keys):
        return UnroutableRequest(message)
    return ProviderError(message or "the route has no backends")
