"""Leases, their renewal, and the sweeper's two recoveries, on Postgres and Redis."""

import base64
import json
import secrets
import time
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import update

from sluice.budgets import budget_view, put_budget, reserve
from sluice.models import Budget, Job, utcnow
from sluice.tenancy import get_tenant
from workers.pipeline.claim import claim_job
from workers.pipeline.deferral import defer_job, release_due_jobs
from workers.sweeper import sweep


def _status(runtime, job_id):
    with runtime.db.session() as session:
        return session.get(Job, job_id)


def _age(runtime, job_id, **values):
    with runtime.db.session() as session:
        session.execute(update(Job).where(Job.id == job_id).values(**values))


def test_a_claim_is_exclusive_until_its_lease_lapses(runtime, make_job):
    job_id = make_job()
    first = claim_job(runtime.db, job_id, lease_seconds=60)
    assert first is not None and first.job.status == "running"
    assert claim_job(runtime.db, job_id, lease_seconds=60) is None
    _age(runtime, job_id, lease_expires_at=utcnow() - timedelta(seconds=1))
    second = claim_job(runtime.db, job_id, lease_seconds=60)
    assert second is not None and second.lease_token != first.lease_token
    assert second.job.attempts == 2


def test_the_keeper_renews_the_leases_it_holds(runtime, make_job, keeper):
    job_id = make_job()
    claim = claim_job(runtime.db, job_id, lease_seconds=1)
    keeper.hold(claim)
    time.sleep(1.5)
    keeper.renew()
    assert _status(runtime, job_id).lease_expires_at > utcnow()
    assert claim_job(runtime.db, job_id, lease_seconds=1) is None
    keeper.release(claim)


def test_sweeper_requeues_and_republishes_a_dead_workers_job(runtime, make_job):
    job_id = make_job()
    claim_job(runtime.db, job_id, lease_seconds=60)
    _age(runtime, job_id, lease_expires_at=utcnow() - timedelta(seconds=1))
    runtime.publisher.forget(job_id)
    counts = sweep(runtime)
    assert counts["lapsed_leases"] >= 1
    job = _status(runtime, job_id)
    assert job.status == "queued" and job.lease_token is None
    assert runtime.publisher.marked_since([job_id])[job_id] is not None


def test_sweeper_republishes_queued_jobs_whose_marker_is_gone(runtime, make_job):
    lost, fine, fresh = make_job(), make_job(), make_job()
    long_ago = utcnow() - timedelta(minutes=5)
    for job_id in (lost, fine):
        _age(runtime, job_id, enqueued_at=long_ago)
    runtime.redis.zadd(runtime.publisher.marker_key, {fine: time.time()})
    sweep(runtime)
    markers = runtime.publisher.marked_since([lost, fine, fresh])
    assert markers[lost] is not None, "the lost job was not re-published"
    assert _status(runtime, lost).enqueued_at > long_ago
    assert _status(runtime, fine).enqueued_at == long_ago, "a job with a live marker was resent"
    assert markers[fresh] is None, "a just-submitted job was resent before its grace period"


def test_sweeper_resends_when_a_marker_is_stale(runtime, make_job):
    job_id = make_job()
    _age(runtime, job_id, enqueued_at=utcnow() - timedelta(hours=1))
    stale = time.time() - runtime.settings.stale_marker_seconds - 60
    runtime.redis.zadd(runtime.publisher.marker_key, {job_id: stale})
    sweep(runtime)
    assert runtime.publisher.marked_since([job_id])[job_id] > stale


def test_sweeper_releases_a_dead_workers_budget_reservation(runtime, make_job, tenant):
    with runtime.db.session() as session:
        budget_id = put_budget(session, get_tenant(session, tenant["slug"]), "tenant", None,
                               "day", Decimal("1"), None).id
    job_id = make_job()
    claim = claim_job(runtime.db, job_id, lease_seconds=60)
    with runtime.db.session() as session:
        reserve(session, claim.job, tenant["slug"], Decimal("0.4"))
    _age(runtime, job_id, lease_expires_at=utcnow() - timedelta(seconds=1))
    sweep(runtime)
    with runtime.db.session() as session:
        view = budget_view(session, session.get(Budget, budget_id))
    assert view["reserved_usd"] == "0.0000000000"


def _message_traceparents(runtime, tenant_slug: str) -> dict[str, str | None]:
    """What each job message waiting in the tenant's queue carries, by job id."""
    messages = [json.loads(raw) for raw in runtime.redis.lrange(f"tenant.{tenant_slug}", 0, -1)]
    return {json.loads(base64.b64decode(message["body"]))[0][0]:
            message["headers"].get("traceparent") for message in messages}


def test_sweeper_republishes_a_job_inside_the_trace_that_submitted_it(runtime, make_job,
                                                                      tenant):
    job_id = make_job()
    stored = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"
    _age(runtime, job_id, traceparent=stored, enqueued_at=utcnow() - timedelta(minutes=5))
    sweep(runtime)
    assert _message_traceparents(runtime, tenant["slug"])[job_id] == stored


def test_a_waiting_job_goes_back_to_its_queue_inside_its_trace(runtime, make_job, tenant):
    job_id = make_job()
    stored = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"
    _age(runtime, job_id, traceparent=stored)
    defer_job(runtime, claim_job(runtime.db, job_id, lease_seconds=60), 0, "rate limit")
    assert release_due_jobs(runtime) >= 1
    assert _message_traceparents(runtime, tenant["slug"])[job_id] == stored
