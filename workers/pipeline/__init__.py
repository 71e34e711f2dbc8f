"""The job pipeline, top to bottom: one job from its claim to the done notice.

Claim, rate limits, route, price check, budget reservation, PII, provider call,
settle (result, usage row, budget spend in one transaction), notify. Each stage
is a plain function that returns a value, raises a typed JobFailure, or raises
JobDeferred to put the job back in its queue until it fits.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from decimal import Decimal

from opentelemetry import trace
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from sluice.chat import ChatRequest, ChatResponse
from sluice.controls import max_wait_seconds
from sluice.delivery_events import publish_deliveries
from sluice.errors import BudgetExceeded, JobFailure, JobTimeout, UnroutableRequest
from sluice.job_events import announce_job_done
from sluice.job_stream import end_job_stream
from sluice.metrics import COST_USD, INPUT_TOKENS, JOBS, OUTPUT_TOKENS
from sluice.models import utcnow
from sluice.pricing import UnknownPrice, price_call
from sluice.runtime import Runtime
from sluice.tracing import mark_failed
from workers.deliveries import announce_job_delivery
from workers.pipeline.alerts import log_alerts
from workers.pipeline.budgets import reserve_budget
from workers.pipeline.calling import RetryLater, call_backends
from workers.pipeline.claim import Claim, LeaseKeeper, claim_job
from workers.pipeline.deferral import defer_job
from workers.pipeline.limits import JobDeferred, admit, correct
from workers.pipeline.outcome import LeaseLost, store_failure, store_success
from workers.pipeline.pii import protect_request
from workers.pipeline.routing import Backend, resolve_backends

log = logging.getLogger("sluice.worker")


@dataclass(frozen=True)
class Answer:
    response: ChatResponse
    backend: Backend
    cost: Decimal


def run_job(rt: Runtime, keeper: LeaseKeeper, job_id: str) -> None:
    try:
        claim = claim_job(rt.db, job_id, rt.settings.lease_seconds)
    except SQLAlchemyError:
        # The database decides what is owed; with it down, leave the job to the sweeper.
        _best_effort(rt.publisher.forget, job_id)
        raise
    if claim is None:
        log.info("job not claimable (taken or ended)", extra={"job_id": job_id})
        return
    _best_effort(rt.publisher.forget, job_id)
    job_span = trace.get_current_span()
    job_span.set_attributes({"sluice.tenant": claim.tenant_slug,
                             "sluice.attempt": claim.job.attempts})
    keeper.hold(claim)
    started = time.perf_counter()
    try:
        outcome = _run_claimed(rt, claim)
    except LeaseLost:
        log.warning("lease lost; result discarded", extra={"job_id": job_id})
        return
    finally:
        keeper.release(claim)
    if isinstance(outcome, JobFailure):
        mark_failed(job_span, outcome)
    if outcome is not None:
        _announce(rt, claim, outcome, time.perf_counter() - started)


def _run_claimed(rt: Runtime, claim: Claim) -> Answer | JobFailure | None:
    """The outcome: an answer, a failure, or None when the job went back to wait."""
    job = claim.job
    try:
        if job.attempts > rt.settings.max_attempts:
            raise JobTimeout(f"the job's worker stopped {job.attempts - 1} times; giving up")
        sealed = rt.cipher.open(job.request_ciphertext)
        request = ChatRequest.model_validate(sealed["request"])
        admission = admit(rt, claim, request)
        backends = resolve_backends(rt.config, job.model, sealed.get("headers") or {}, job.id)
        _refuse_unpriced(rt, backends)
        reserve_budget(rt, claim, request, backends)
        request, pii = protect_request(rt, claim, sealed, request)
        response, backend = call_backends(rt, job.id, request, backends,
                                          stream=bool(sealed.get("stream")),
                                          originals=pii.originals, tenant=claim.tenant_slug)
        response = pii.restore(response)
        cost = price_call(response.model, backend.provider.kind, response.usage.input_tokens,
                          response.usage.output_tokens, rt.config.prices)
    except JobDeferred as wait:
        return _wait_or_give_up(rt, claim, wait)
    except RetryLater as wait:
        defer_job(rt, claim, wait.delay_s, "provider retry")
        return None
    except JobFailure as failure:
        store_failure(rt.db, claim, failure)
        return failure
    _best_effort(correct, rt.redis, admission, response.usage)
    settled = store_success(rt.db, rt.cipher, claim, response, backend, cost)
    log_alerts(claim.tenant_slug, settled.alerts)
    publish_deliveries(rt.celery, settled.alert_deliveries)
    return Answer(response, backend, cost)


def _wait_or_give_up(rt: Runtime, claim: Claim, wait: JobDeferred) -> JobFailure | None:
    """Back to the queue until it fits. A rate-limit turn was checked against the max
    wait when it was given; an in-flight budget is waited for up to the max wait."""
    if wait.admitted:
        defer_job(rt, claim, wait.delay_s, wait.reason, admitted=True)
        return None
    waited = (utcnow() - claim.job.created_at).total_seconds() + wait.delay_s
    if waited <= max_wait_seconds(rt, claim.job.tenant_id):
        defer_job(rt, claim, wait.delay_s, wait.reason)
        return None
    failure = BudgetExceeded(f"waited for {wait.reason} past the tenant's max wait")
    store_failure(rt.db, claim, failure)
    return failure


def _refuse_unpriced(rt: Runtime, backends: list[Backend]) -> None:
    """A call whose cost cannot be known is never made: nothing is free by accident."""
    for backend in backends:
        try:
            price_call(backend.model, backend.provider.kind, 0, 0, rt.config.prices)
        except UnknownPrice as exc:
            raise UnroutableRequest(str(exc)) from None


def _announce(rt: Runtime, claim: Claim, outcome: Answer | JobFailure, seconds: float) -> None:
    """Metrics, the one log line per job outcome, and the notice that wakes long-polls."""
    job = claim.job
    line = {"job_id": job.id, "tenant": claim.tenant_slug, "model": job.model,
            "attempt": job.attempts, "duration_ms": round(seconds * 1000)}
    if isinstance(outcome, Answer):
        status = "succeeded"
        usage, labels = outcome.response.usage, (claim.tenant_slug, outcome.backend.name,
                                                 outcome.response.model)
        INPUT_TOKENS.labels(*labels).inc(usage.input_tokens)
        OUTPUT_TOKENS.labels(*labels).inc(usage.output_tokens)
        COST_USD.labels(*labels).inc(float(outcome.cost))
        line.update(provider=outcome.backend.name, provider_model=outcome.response.model,
                    input_tokens=usage.input_tokens, output_tokens=usage.output_tokens,
                    cost_usd=str(outcome.cost))
    else:
        status = "failed"
        line.update(error_type=outcome.error_type)
    JOBS.labels(claim.tenant_slug, status).inc()
    log.info("job finished", extra={"status": status, **line})
    _best_effort(announce_job_done, rt.redis, rt.settings.redis_prefix, job.id, status)
    announce_job_delivery(rt, job.id)
    _best_effort(end_job_stream, rt.redis, rt.settings.redis_prefix, job.id, status)


def _best_effort(action, *args) -> None:
    """Redis hiccups here cost a little latency, never the job: Postgres already has it."""
    try:
        action(*args)
    except RedisError as exc:
        log.warning("redis unavailable", extra={"action": action.__name__,
                                                "error_class": exc.__class__.__name__})
