"""Benchmarks 1 and 2: jobs/s through real workers, beside bare Celery and the latency bound."""

from __future__ import annotations

import time

import redis
from sqlalchemy import func, select

from sluice.jobs import FINAL_STATUSES, create_job
from sluice.models import Job
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
    worker = env.start_worker(concurrency)
    with rt.db.session() as session:
        tenant, _ = create_tenant(session, rt.cipher, f"bench-{time.time_ns()}")
        _, secret = create_key(session, tenant, "bench")
    with rt.db.session() as session:
        caller = authenticate(session, secret)
        submission = JobSubmission.model_validate(JOB)
        ids = [create_job(session, rt.cipher, caller, submission, {}).id for _ in range(jobs)]
    time.sleep(rt.settings.queue_refresh_seconds + 1)  # the worker has found the new queue
    started = time.perf_counter()
    rt.publisher.publish((job_id, caller.tenant_slug) for job_id in ids)
    while _count(rt, caller.tenant_id, FINAL_STATUSES) < jobs:
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    worker.stop()
    failed = jobs - _count(rt, caller.tenant_id, {"succeeded"})
    if failed:
        raise RuntimeError(f"{failed} of {jobs} benchmark jobs did not succeed")
    return jobs / elapsed


def _count(rt: Runtime, tenant_id: str, statuses) -> int:
    with rt.db.session() as session:
        return session.scalar(select(func.count()).select_from(Job).where(
            Job.tenant_id == tenant_id, Job.status.in_(statuses)))
