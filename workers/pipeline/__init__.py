"""The job pipeline, top to bottom: one job from its claim to the done notice.

Later stages slot in where the comments mark them; each is a plain function
that takes what it needs and returns a value or raises a typed JobFailure.
"""

from __future__ import annotations

import logging
import time

from sluice.chat import ChatRequest
from sluice.errors import JobFailure, JobTimeout, UnroutableRequest
from sluice.job_events import announce_job_done
from sluice.metrics import COST_USD, INPUT_TOKENS, JOBS, OUTPUT_TOKENS
from sluice.pricing import UnknownPrice, price_call
from sluice.runtime import Runtime
from workers.pipeline.calling import call_backends
from workers.pipeline.claim import Claim, LeaseKeeper, claim_job
from workers.pipeline.outcome import LeaseLost, store_failure, store_success
from workers.pipeline.routing import resolve_backends

log = logging.getLogger("sluice.worker")


def run_job(rt: Runtime, keeper: LeaseKeeper, job_id: str) -> None:
    claim = claim_job(rt.db, job_id, rt.settings.lease_seconds)
    if claim is None:
        log.info("job not claimable (taken or ended)", extra={"job_id": job_id})
        return
    rt.publisher.forget(job_id)
    keeper.hold(claim)
    started = time.perf_counter()
    try:
        status = _run_claimed(rt, claim)
    except LeaseLost:
        log.warning("lease lost; result discarded", extra={"job_id": job_id})
        return
    finally:
        keeper.release(claim)
    JOBS.labels(claim.job.tenant_id, status).inc()
    announce_job_done(rt.redis, rt.settings.redis_prefix, job_id, status)
    log.info("job finished", extra={"job_id": job_id, "tenant": claim.job.tenant_id,
                                    "status": status, "model": claim.job.model,
                                    "duration_ms": round((time.perf_counter() - started) * 1000)})


def _run_claimed(rt: Runtime, claim: Claim) -> str:
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
        return "failed"
    store_success(rt.db, rt.cipher, claim, response, backend, cost)
    labels = (job.tenant_id, backend.name, response.model)
    INPUT_TOKENS.labels(*labels).inc(response.usage.input_tokens)
    OUTPUT_TOKENS.labels(*labels).inc(response.usage.output_tokens)
    COST_USD.labels(*labels).inc(float(cost))
    return "succeeded"


def _refuse_unpriced(rt: Runtime, backends) -> None:
    """A call whose cost cannot be known is never made: nothing is free by accident."""
    for backend in backends:
        try:
            price_call(backend.model, backend.provider.kind, 0, 0, rt.config.prices)
        except UnknownPrice as exc:
            raise UnroutableRequest(str(exc)) from None
