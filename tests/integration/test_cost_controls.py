"""Cost controls through real thread-pool workers: a budget race, limits that queue
instead of refusing, max wait, and one tenant's flood leaving another's job alone."""

from __future__ import annotations

import time
from decimal import Decimal

import requests
from sqlalchemy import func, select

from sluice.models import Budget, BudgetReservation, BudgetWindow, Job, UsageRow

JOB = {"model": "gpt-4o-mini", "max_tokens": 50,
       "messages": [{"role": "user", "content": "budget probe"}]}


def _submit(client, tenant, count, body=JOB):
    return [client.post("/v1/jobs", headers=tenant["headers"], json=body).json["id"]
            for _ in range(count)]


def _all_final(runtime, job_ids, seconds=120) -> dict[str, Job]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with runtime.db.session() as session:
            jobs = session.scalars(select(Job).where(Job.id.in_(job_ids))).all()
        if all(job.status in ("succeeded", "failed") for job in jobs):
            return {job.id: job for job in jobs}
        time.sleep(0.2)
    raise AssertionError(f"still open: {[(j.id, j.status) for j in jobs]}")


def test_many_threads_racing_one_small_budget_never_overspend(client, tenant, admin_headers,
                                                              runtime, sim, start_worker):
    requests.put(f"{sim}/_sim/config", json={"latency_ms": 100}, timeout=5)
    limit = Decimal("0.0001")
    client.put(f"/v1/admin/tenants/{tenant['slug']}/budgets", headers=admin_headers,
               json={"scope": "tenant", "limit_usd": str(limit), "period": "day"})
    start_worker(concurrency=8)
    jobs = _all_final(runtime, _submit(client, tenant, 40))
    with runtime.db.session() as session:
        spent = session.scalar(select(func.sum(UsageRow.cost_usd))
                               .where(UsageRow.tenant_id == tenant["id"]))
        window = session.scalar(select(BudgetWindow).join(
            Budget, Budget.id == BudgetWindow.budget_id).where(Budget.tenant_id == tenant["id"]))
        leftovers = session.scalar(select(func.count()).select_from(BudgetReservation)
                                   .where(BudgetReservation.job_id.in_(list(jobs))))
    succeeded = [job for job in jobs.values() if job.status == "succeeded"]
    failed = [job for job in jobs.values() if job.status == "failed"]
    assert succeeded and failed, "the budget should admit some jobs and refuse the rest"
    assert {job.error_type for job in failed} == {"budget_exceeded"}
    assert spent <= limit
    assert (window.spent_usd, window.reserved_usd) == (spent, Decimal(0))
    assert leftovers == 0


def test_jobs_over_a_rate_limit_wait_queued_and_all_run(client, tenant, admin_headers,
                                                        runtime, sim, start_worker):
    base = f"/v1/admin/tenants/{tenant['slug']}"
    client.put(f"{base}/pii-policy", headers=admin_headers, json={"mode": "off"})
    client.put(f"{base}/rate-limits", headers=admin_headers,
               json={"scope": "model", "subject": "gpt-4o-mini", "rpm": 60})
    worker = start_worker(concurrency=4)
    jobs = _all_final(runtime, _submit(client, tenant, 70))
    assert {job.status for job in jobs.values()} == {"succeeded"}
    starts = sorted(job.started_at for job in jobs.values())
    # 60 at once, then one a second: the 70th cannot start before 10 s after the first.
    assert (starts[-1] - starts[0]).total_seconds() >= 9.5
    assert '"msg": "job waits"' in worker.output(), "no job went back to wait in its queue"


def test_waiting_past_max_wait_fails_rate_limited(client, tenant, admin_headers, runtime, sim,
                                                  start_worker):
    base = f"/v1/admin/tenants/{tenant['slug']}"
    client.put(f"{base}/rate-limits", headers=admin_headers,
               json={"scope": "tenant", "rpm": 1})
    client.patch(base, headers=admin_headers, json={"max_wait_seconds": 2})
    start_worker()
    jobs = _all_final(runtime, _submit(client, tenant, 2))
    assert sorted((job.status, job.error_type) for job in jobs.values()) == [
        ("failed", "rate_limited"), ("succeeded", None)]


def test_a_flood_from_one_tenant_leaves_anothers_next_job_alone(client, admin_headers, runtime,
                                                                sim, start_worker, tenant):
    requests.put(f"{sim}/_sim/config", json={"latency_ms": 20}, timeout=5)
    flood = _submit(client, tenant, 300)
    start_worker(concurrency=2)
    time.sleep(1)
    other = client.post("/v1/admin/tenants", headers=admin_headers,
                        json={"name": f"quiet-{time.time_ns()}"}).json
    key = client.post(f"/v1/admin/tenants/{other['slug']}/keys", headers=admin_headers,
                      json={"name": "k"}).json["key"]
    time.sleep(1)  # the worker has picked up the new tenant's queue
    quiet_id = client.post("/v1/jobs", headers={"x-api-key": key}, json=JOB).json["id"]
    quiet = _all_final(runtime, [quiet_id])[quiet_id]
    with runtime.db.session() as session:
        overtaken = session.scalar(select(func.count()).select_from(Job).where(
            Job.id.in_(flood), Job.started_at > quiet.created_at,
            Job.started_at < quiet.started_at))
        still_queued = session.scalar(select(func.count()).select_from(Job).where(
            Job.id.in_(flood), Job.status == "queued"))
    assert still_queued > 100, "the flood should still be waiting when the quiet job runs"
    assert overtaken <= 4, f"{overtaken} flood jobs started ahead of the quiet tenant's job"
