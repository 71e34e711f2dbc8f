"""The job pipeline, top to bottom: one job from its claim to the done notice.

Later stages slot in where the comment marks them; each is a plain function
that takes what it needs and returns a value or raises a typed JobFailure.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from decimal import Decimal

from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from sluice.chat import ChatRequest, ChatResponse
from sluice.errors import JobFailure, JobTimeout, UnroutableRequest
from sluice.job_events import announce_job_done
from sluice.metrics import COST_USD, INPUT_TOKENS, JOBS, OUTPUT_TOKENS
from sluice.pricing import UnknownPrice, price_call
from sluice.runtime import Runtime
from workers.pipeline.calling import call_backends
from workers.pipeline.claim import Claim, LeaseKeeper, claim_job
from workers.pipeline.outcome import LeaseLost, store_failure, store_success
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
    keeper.hold(claim)
    started = time.perf_counter()
    try:
        outcome = _run_claimed(rt, claim)
    except LeaseLost:
        log.warning("lease lost; result discarded", extra={"job_id": job_id})
        return
    finally:
        keeper.release(claim)
    _announce(rt, claim, outcome, time.perf_counter() - started)


def _run_claimed(rt: Runtime, claim: Claim) -> Answer | JobFailure:
    job = claim.job
    try:
        if job.attempts > rt.settings.max_attempts:
            raise JobTimeout(f"the job's worker stopped {job.attempts - 1} times; giving up")
        sealed = rt.cipher.open(job.request_ciphertext)
        request = ChatRequest.model_validate(sealed["request"])
        # Rate limits, budget reservation and PII handling run here, in that order.
        backends = resolve_backends(rt.config, job.model, sealed.get("headers") or {})
        _refuse_unpriced(rt, backends)
        response, backend = call_backends(request, backends)
        cost = price_call(response.model, backend.provider.kind, response.usage.input_tokens,
                          response.usage.output_tokens, rt.config.prices)
    except JobFailure as failure:
        store_failure(rt.db, claim, failure)
        return failure
    store_success(rt.db, rt.cipher, claim, response, backend, cost)
    return Answer(response, backend, cost)


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


def _best_effort(action, *args) -> None:
    """Redis hiccups here cost a little latency, never the job: Postgres already has it."""
    try:
        action(*args)
    except RedisError as exc:
        log.warning("redis unavailable", extra={"action": action.__name__,
                                                "error_class": exc.__class__.__name__})
