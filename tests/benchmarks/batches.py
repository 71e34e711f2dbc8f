"""Issue 5's benchmark: a 10,000-request batch through gunicorn, its ingest time beside
10,000 single submissions at benchmark 3's rate, then jobs/s until the batch ends."""

from __future__ import annotations

import time

import requests

from sluice.pii_policy import PiiPolicyBody, set_pii_policy
from sluice.ratelimits import put_rule
from sluice.runtime import Runtime
from sluice.tenancy import create_key, create_tenant
from tests.benchmarks.environment import BenchEnvironment
from tests.benchmarks.pipeline import JOB

REQUESTS = 10_000


def _generous_tenant(rt: Runtime) -> str:
    """PII off and no rate limit, as for benchmark 1, so the two rates compare."""
    with rt.db.session() as session:
        tenant, _ = create_tenant(session, rt.cipher, f"batch-{time.time_ns()}")
        _, secret = create_key(session, tenant, "bench")
        set_pii_policy(session, tenant, PiiPolicyBody(mode="off"), rt.config.pii)
        for scope, subject in (("tenant", None), ("model", JOB["model"])):
            put_rule(session, tenant, scope, subject, rpm=10**9, tpm=10**9)
    return secret


def ingest_and_run(env: BenchEnvironment, rt: Runtime, api: str,
                   threads: int) -> tuple[float, float]:
    """Seconds to accept the batch, and jobs/s from its submission until it ends."""
    env.simulator_latency(0)
    key = _generous_tenant(rt)
    worker = env.start_worker(threads)
    time.sleep(rt.settings.queue_refresh_seconds + 1)  # the worker has found the new queue
    body = {"requests": [{"custom_id": f"r{n}", "params": {**JOB, "max_tokens": 16}}
                         for n in range(REQUESTS)]}
    headers = {"Authorization": f"Bearer {key}"}
    started = time.perf_counter()
    answer = requests.post(f"{api}/v1/messages/batches", json=body, headers=headers,
                           timeout=300)
    ingest = time.perf_counter() - started
    answer.raise_for_status()
    batch_id = answer.json()["id"]
    while True:
        batch = requests.get(f"{api}/v1/messages/batches/{batch_id}", headers=headers,
                             timeout=30).json()
        if batch["processing_status"] == "ended":
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    worker.stop()
    if batch["request_counts"]["succeeded"] != REQUESTS:
        raise RuntimeError(f"batch ended with {batch['request_counts']}")
    return ingest, REQUESTS / elapsed


def rows(env: BenchEnvironment, rt: Runtime, api: str, submit_rate: float,
         pipeline_rate: float, threads: int) -> list[tuple[str, str, str, float]]:
    ingest, rate = ingest_and_run(env, rt, api, threads)
    singles = REQUESTS / submit_rate
    return [
        (f"8. batch ingest, {REQUESTS:,} requests in one call", f"{ingest:.2f} s",
         f"{singles:.1f} s ({REQUESTS:,} x POST /v1/jobs at benchmark 3's rate)",
         ingest / singles),
        (f"9. batch to completion, {threads} threads", f"{rate:.0f} jobs/s",
         f"{pipeline_rate:.0f} jobs/s (benchmark 1, jobs published one by one)",
         rate / pipeline_rate),
    ]
