"""Benchmarks 1 and 2: jobs/s through real workers, beside bare Celery and the latency bound."""

from __future__ import annotations

import time
from collections.abc import Callable

import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sluice.jobs import FINAL_STATUSES, create_job
from sluice.models import Job, Tenant
from sluice.pii_policy import PiiPolicyBody, set_pii_policy
from sluice.ratelimits import MAX_PER_MINUTE, put_rule
from sluice.runtime import Runtime
from sluice.submission import JobSubmission
from sluice.tenancy import authenticate, create_key, create_tenant
from tests.benchmarks.environment import BenchEnvironment

JOB = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "benchmark prompt"}]}


def bare_celery_rate(env: BenchEnvironment, tasks: int, concurrency: int) -> float:
    from tests.benchmarks.noop_app import app

    worker = env.start_worker(concurrency, app="tests.benchmarks.noop_app")
    counter = redis.Redis.from_url(env.redis.url)
    counter.delete("bench:noop:done")
    started = time.perf_counter()
    with app.producer_or_acquire() as producer:
        for _ in range(tasks):
            app.send_task("bench.noop", producer=producer)
    while int(counter.get("bench:noop:done") or 0) < tasks:
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    worker.stop()
    return tasks / elapsed


def sluice_rate(env: BenchEnvironment, rt: Runtime, jobs: int, concurrency: int) -> float:
    """PII off, as SPEC section 9 asks, and rate limits lifted: each has its own row."""
    def unthrottled(session: Session, tenant: Tenant) -> None:
        set_pii_policy(session, tenant, PiiPolicyBody(mode="off"), rt.config.pii)
        put_rule(session, tenant, "tenant", None, rpm=MAX_PER_MINUTE, tpm=MAX_PER_MINUTE)

    tenant_slug, ids = queue_jobs(rt, jobs, configure=unthrottled)
    elapsed, _ = run_jobs(env, rt, tenant_slug, ids, concurrency)
    return jobs / elapsed


def queue_jobs(rt: Runtime, jobs: int,
               configure: Callable[[Session, Tenant], None] | None = None) -> tuple[str, list]:
    """A new tenant (set up by `configure`) with `jobs` queued rows, not yet published."""
    with rt.db.session() as session:
        tenant, _ = create_tenant(session, rt.cipher, f"bench-{time.time_ns()}")
        _, secret = create_key(session, tenant, "bench")
        if configure:
            configure(session, tenant)
    with rt.db.session() as session:
        caller = authenticate(session, secret)
        submission = JobSubmission.model_validate(JOB)
        ids = [create_job(session, rt.cipher, caller, submission, {}).id for _ in range(jobs)]
    return caller.tenant_slug, ids


def run_jobs(env: BenchEnvironment, rt: Runtime, tenant_slug: str, ids: list[str],
             concurrency: int) -> tuple[float, list[Job]]:
    """Publish the jobs to a fresh worker; seconds until all succeeded, and the rows."""
    worker = env.start_worker(concurrency)
    time.sleep(rt.settings.queue_refresh_seconds + 1)  # the worker has found the new queue
    started = time.perf_counter()
    rt.publisher.publish((job_id, tenant_slug) for job_id in ids)
    while _count(rt, ids, FINAL_STATUSES) < len(ids):
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    worker.stop()
    failed = len(ids) - _count(rt, ids, {"succeeded"})
    if failed:
        raise RuntimeError(f"{failed} of {len(ids)} benchmark jobs did not succeed")
    with rt.db.session() as session:
        return elapsed, list(session.scalars(select(Job).where(Job.id.in_(ids))))


def _count(rt: Runtime, ids: list[str], statuses) -> int:
    with rt.db.session() as session:
        return session.scalar(select(func.count()).select_from(Job).where(
            Job.id.in_(ids), Job.status.in_(statuses)))
