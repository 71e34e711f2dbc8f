"""Benchmark 5: what the synchronous `/v1/messages` path adds (job row, queue, worker,
result, pub/sub wake-up) beside calling the simulator directly, at 1 and 16 clients."""

from __future__ import annotations

import time

import requests

from tests.benchmarks import submit
from tests.benchmarks.environment import BenchEnvironment

BODY = {"model": "claude-haiku-4-5", "max_tokens": 64,
        "messages": [{"role": "user", "content": "benchmark prompt"}]}
RUNS = ((1, 200), (16, 800))
WORKER_THREADS = 16


def _unlimited_tenant_key(api: str) -> str:
    """A tenant whose rate limit is far above the load, so no request waits for it."""
    admin = {"Authorization": "Bearer bench-admin"}
    slug = requests.post(f"{api}/v1/admin/tenants", headers=admin, timeout=10,
                         json={"name": f"sync-{time.time_ns()}"}).json()["slug"]
    requests.put(f"{api}/v1/admin/tenants/{slug}/rate-limits", headers=admin, timeout=10,
                 json={"scope": "tenant", "rpm": 1_000_000, "tpm": 1_000_000}
                 ).raise_for_status()
    return requests.post(f"{api}/v1/admin/tenants/{slug}/keys", headers=admin, timeout=10,
                         json={"name": "bench"}).json()["key"]


def rows(env: BenchEnvironment, api: str) -> list[tuple[str, str, str, float]]:
    env.simulator_latency(0)
    key = _unlimited_tenant_key(api)
    worker = env.start_worker(WORKER_THREADS)
    time.sleep(1)
    headers = {"x-api-key": key, "anthropic-version": "2023-06-01"}
    table = []
    try:
        for clients, total in RUNS:
            ours = submit.measure("POST", f"{api}/v1/messages", total, clients, json=BODY,
                                  headers=headers)
            direct = submit.measure("POST", f"{env.simulator_url}/v1/messages", total, clients,
                                    json=BODY, headers=headers)
            table.append((
                f"5. sync POST /v1/messages, {clients} client{'s' if clients > 1 else ''}",
                f"p50 {ours.p50_ms:.1f} ms, p99 {ours.p99_ms:.1f} ms "
                f"(+{ours.p50_ms - direct.p50_ms:.1f} ms p50)",
                f"p50 {direct.p50_ms:.1f} ms, p99 {direct.p99_ms:.1f} ms (simulator direct)",
                ours.p50_ms / direct.p50_ms))
    finally:
        worker.stop()
    return table


if __name__ == "__main__":
    bench = BenchEnvironment()
    try:
        for row in rows(bench, bench.start_api()):
            print(row)
    finally:
        bench.close()
