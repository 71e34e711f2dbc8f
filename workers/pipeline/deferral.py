"""Jobs that must wait (a rate limit, an in-flight budget) go back to `queued` and out
of the worker: no thread sleeps on them, and no Celery ETA task sits in worker memory
(Redis would redeliver those after its visibility timeout anyway).

A sorted set holds each waiting job's due time; workers move due jobs back into
their tenant queues. If Redis is flushed, the sweeper re-publishes them from Postgres.
Each member carries the job's stored traceparent, so its next run joins the same trace.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import update

from sluice.budgets import release
from sluice.metrics import RATE_LIMITED
from sluice.models import Job
from sluice.runtime import Runtime
from workers.pipeline.claim import Claim
from workers.pipeline.limits import admitted_key
from workers.pipeline.outcome import LeaseLost

log = logging.getLogger("sluice.worker")
RELEASE_BATCH = 500
ADMITTED_GRACE_S = 600  # a scheduled turn survives a slow release or a worker restart

# Pops up to ARGV[2] members due by ARGV[1] in one step, so two workers never both
# publish the same job.
_POP_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due
"""


def deferred_key(rt: Runtime) -> str:
    return f"{rt.settings.redis_prefix}deferred"


def defer_job(rt: Runtime, claim: Claim, delay_s: float, reason: str,
              admitted: bool = False) -> None:
    """Back to `queued` under our lease, reservations released, due in `delay_s`;
    `admitted`: its rate limits are already charged for that moment."""
    job = claim.job
    with rt.db.session() as session:
        released = session.execute(
            update(Job).where(Job.id == job.id, Job.lease_token == claim.lease_token,
                              Job.status == "running")
            .values(status="queued", lease_token=None, lease_expires_at=None,
                    attempts=Job.attempts - 1,
                    started_at=None if job.attempts == 1 else job.started_at)
            .execution_options(synchronize_session=False))
        if released.rowcount != 1:
            raise LeaseLost(job.id)
        release(session, job.id)
    due = time.time() + delay_s
    if admitted:
        rt.redis.set(admitted_key(rt, job.id), 1, ex=int(delay_s) + ADMITTED_GRACE_S)
    member = f"{job.id}|{claim.tenant_slug}|{job.traceparent or ''}"
    rt.redis.zadd(deferred_key(rt), {member: due})
    rt.redis.zadd(rt.publisher.marker_key, {job.id: time.time()})
    if reason == "rate limit":
        RATE_LIMITED.labels(claim.tenant_slug).inc()
    log.info("job waits", extra={"job_id": job.id, "tenant": claim.tenant_slug,
                                 "reason": reason, "delay_s": round(delay_s, 3)})


def release_due_jobs(rt: Runtime) -> int:
    """Publish every waiting job whose time has come; returns how many."""
    due = rt.redis.eval(_POP_DUE, 1, deferred_key(rt), time.time(), RELEASE_BATCH)
    jobs = [_waiting_job(member) for member in due]
    if jobs:
        rt.publisher.publish([(job_id, slug) for job_id, slug, _ in jobs],
                             traceparents={job_id: trace for job_id, _, trace in jobs})
    return len(jobs)


def _waiting_job(member: bytes) -> tuple[str, str, str | None]:
    """`job|slug|traceparent`; members written before traces were stored have no third part."""
    job_id, slug, *trace = member.decode().split("|", 2)
    return job_id, slug, (trace[0] if trace else None) or None
