"""The sweeper, on Celery beat: Postgres, not Redis, decides which jobs are still owed a run.

Two kinds of job are re-published: running jobs whose lease lapsed (their
worker died) and queued jobs whose broker message is gone (Redis flushed or
restarted, or a publish that never happened). Each goes out with the trace context stored
on its row, so its next run joins the trace of the request that submitted it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select, update

from sluice.budgets import release
from sluice.models import Job, Tenant, utcnow
from sluice.runtime import Runtime

log = logging.getLogger("sluice.sweeper")
PAGE = 2000
Owed = tuple[str, str, str | None]  # job id, tenant slug, stored traceparent


def sweep(rt: Runtime) -> dict[str, int]:
    revived = _revive_lapsed_leases(rt)
    lost = _find_lost_messages(rt)
    _publish(rt, revived + lost)
    if revived or lost:
        log.info("sweep re-published jobs", extra={"lapsed_leases": len(revived),
                                                  "lost_messages": len(lost)})
    return {"lapsed_leases": len(revived), "lost_messages": len(lost)}


def _revive_lapsed_leases(rt: Runtime) -> list[Owed]:
    """Back to `queued`, so a stalled worker's late write is refused by the lease check."""
    now = utcnow()
    with rt.db.session() as session:
        lapsed = session.execute(
            select(Job.id, Tenant.slug, Job.traceparent).join(Tenant, Tenant.id == Job.tenant_id)
            .where(Job.status == "running", Job.lease_expires_at < now).limit(PAGE)).all()
        revived = []
        for job_id, slug, traceparent in lapsed:
            requeued = session.execute(
                update(Job).where(Job.id == job_id, Job.status == "running",
                                  Job.lease_expires_at < now)
                .values(status="queued", lease_token=None, lease_expires_at=None,
                        enqueued_at=now)
                .execution_options(synchronize_session=False))
            if requeued.rowcount == 1:
                release(session, job_id)
                revived.append((job_id, slug, traceparent))
    return revived


def _find_lost_messages(rt: Runtime) -> list[Owed]:
    """Queued a while and without a live marker: nothing in Redis will ever run them."""
    now = utcnow()
    settled_before = now - timedelta(seconds=rt.settings.requeue_after_seconds)
    stale_before = now.timestamp() - rt.settings.stale_marker_seconds
    lost: list[Owed] = []
    after = ""
    while True:
        with rt.db.session() as session:
            page = session.execute(
                select(Job.id, Tenant.slug, Job.traceparent)
                .join(Tenant, Tenant.id == Job.tenant_id)
                .where(Job.status == "queued", Job.enqueued_at < settled_before, Job.id > after)
                .order_by(Job.id).limit(PAGE)).all()
        if not page:
            break
        markers = rt.publisher.marked_since([job_id for job_id, _, _ in page])
        found = [(job_id, slug, trace) for job_id, slug, trace in page
                 if markers[job_id] is None or markers[job_id] < stale_before]
        if found:
            with rt.db.session() as session:
                session.execute(update(Job).where(Job.id.in_([job_id for job_id, _, _ in found]))
                                .values(enqueued_at=now)
                                .execution_options(synchronize_session=False))
        lost += found
        after = page[-1][0]
    return lost


def _publish(rt: Runtime, jobs: list[Owed]) -> None:
    for start in range(0, len(jobs), PAGE):
        page = jobs[start:start + PAGE]
        rt.publisher.publish([(job_id, slug) for job_id, slug, _ in page],
                             traceparents={job_id: trace for job_id, _, trace in page})
