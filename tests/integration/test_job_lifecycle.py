"""One job from submission to answer through real workers, beat, Postgres and Redis,
including the unhappy paths: a worker killed mid-job and a flushed broker."""

from __future__ import annotations

import time

import requests
from sqlalchemy import func, select

from sluice.models import Job, UsageRow

CLAUDE = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "hello"}]}


def _wait_status(runtime, job_id: str, wanted: str, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with runtime.db.session() as session:
            job = session.get(Job, job_id)
        if job.status == wanted:
            return job
        time.sleep(0.1)
    raise AssertionError(f"{job_id} stayed {job.status}, never {wanted}")


def _usage_rows(runtime, job_id: str) -> int:
    with runtime.db.session() as session:
        return session.scalar(select(func.count()).select_from(UsageRow)
                              .where(UsageRow.job_id == job_id))


def test_jobs_in_both_dialects_complete_and_long_poll_wakes(client, tenant, sim, start_worker):
    start_worker()
    claude = client.post("/v1/jobs", headers=tenant["headers"], json=CLAUDE).json["id"]
    gpt = client.post("/v1/jobs", headers=tenant["headers"], json={
        "model": "gpt-4o-mini", "messages": [{"role": "system", "content": "terse"},
                                             {"role": "user", "content": "ping"}]}).json["id"]
    first = client.get(f"/v1/jobs/{claude}?wait=30", headers=tenant["headers"]).json
    assert first["status"] == "succeeded", first
    assert first["result"]["content"] == "echo: hello"
    assert first["result"]["message"]["content"][0]["text"] == "echo: hello"
    assert first["usage"] == {"input_tokens": 2, "output_tokens": 3, "cost_usd": "0.0000170000"}
    assert first["provider"] == "anthropic" and first["attempts"] == 1
    second = client.get(f"/v1/jobs/{gpt}?wait=30", headers=tenant["headers"]).json
    assert second["status"] == "succeeded"
    assert second["result"]["message"]["choices"][0]["message"]["content"] == "echo: ping"
    assert second["usage"]["input_tokens"] == 3


def test_a_tenant_created_after_the_worker_started_is_served(client, admin_headers, sim,
                                                             start_worker):
    start_worker()
    late = client.post("/v1/admin/tenants", headers=admin_headers,
                       json={"name": f"late-{time.time_ns()}"}).json
    key = client.post(f"/v1/admin/tenants/{late['slug']}/keys", headers=admin_headers,
                      json={"name": "k"}).json["key"]
    job_id = client.post("/v1/jobs", headers={"x-api-key": key}, json=CLAUDE).json["id"]
    answer = client.get(f"/v1/jobs/{job_id}?wait=30", headers={"x-api-key": key}).json
    assert answer["status"] == "succeeded"


def test_a_worker_killed_mid_job_is_rerun_once_by_the_sweeper(client, tenant, sim, runtime,
                                                              start_worker, beat):
    requests.put(f"{sim}/_sim/config", timeout=5,
                 json={"models": {"claude-haiku-4-5": {"latency_ms": 4000}}})
    doomed = start_worker()
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json=CLAUDE).json["id"]
    _wait_status(runtime, job_id, "running")
    doomed.kill()
    start_worker()
    job = _wait_status(runtime, job_id, "succeeded", seconds=90)
    assert job.attempts == 2
    assert _usage_rows(runtime, job_id) == 1
    answer = client.get(f"/v1/jobs/{job_id}", headers=tenant["headers"]).json
    assert answer["result"]["content"] == "echo: hello"


def test_jobs_survive_a_flushed_broker(client, tenant, sim, runtime, start_worker, beat):
    job_ids = [client.post("/v1/jobs", headers=tenant["headers"], json=CLAUDE).json["id"]
               for _ in range(5)]
    runtime.redis.flushdb()
    start_worker()
    for job_id in job_ids:
        _wait_status(runtime, job_id, "succeeded", seconds=90)
        assert _usage_rows(runtime, job_id) == 1


def test_jobs_submitted_after_a_flush_under_a_running_worker_complete(client, tenant, sim,
                                                                       runtime, start_worker,
                                                                       beat):
    start_worker()
    warm = client.post("/v1/jobs", headers=tenant["headers"], json=CLAUDE).json["id"]
    _wait_status(runtime, warm, "succeeded")
    runtime.redis.flushdb()
    job_ids = [client.post("/v1/jobs", headers=tenant["headers"], json=CLAUDE).json["id"]
               for _ in range(3)]
    for job_id in job_ids:
        _wait_status(runtime, job_id, "succeeded", seconds=90)
