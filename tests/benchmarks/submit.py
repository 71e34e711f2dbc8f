"""Benchmark 3: `POST /v1/jobs` latency and rate through gunicorn, beside `GET /healthz`."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from sqlalchemy import update

from sluice.models import Job, utcnow
from sluice.runtime import Runtime

JOB = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "benchmark"}]}


@dataclass(frozen=True)
class LoadResult:
    p50_ms: float
    p99_ms: float
    per_second: float


def measure(method: str, url: str, requests_total: int, concurrency: int,
            **options) -> LoadResult:
    local = threading.local()

    def one(_: int) -> float:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        started = time.perf_counter()
        answer = local.session.request(method, url, timeout=30, **options)
        answer.raise_for_status()
        return time.perf_counter() - started

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(concurrency)))  # warm connections and workers
        started = time.perf_counter()
        latencies = sorted(pool.map(one, range(requests_total)))
        elapsed = time.perf_counter() - started
    return LoadResult(p50_ms=statistics.median(latencies) * 1000,
                      p99_ms=latencies[int(len(latencies) * 0.99) - 1] * 1000,
                      per_second=requests_total / elapsed)


def tenant_key(api: str) -> str:
    admin = {"Authorization": "Bearer bench-admin"}
    tenant = requests.post(f"{api}/v1/admin/tenants", headers=admin, timeout=10,
                           json={"name": f"submit-{time.time_ns()}"}).json()
    return requests.post(f"{api}/v1/admin/tenants/{tenant['slug']}/keys", headers=admin,
                         json={"name": "bench"}, timeout=10).json()["key"]


def cancel_queued(rt: Runtime) -> None:
    """Benchmark 3 measures the api alone: its jobs, cancelled, leave later rows' workers to
    the jobs those rows measure."""
    with rt.db.session() as session:
        session.execute(update(Job).where(Job.status == "queued")
                        .values(status="cancelled", finished_at=utcnow()))
