"""`python -m tests.benchmarks`: runs the benchmarks and prints one table."""

from __future__ import annotations

from sluice.runtime import build_runtime
from sluice.settings import Settings
from tests.benchmarks import batches, limits, pii, pipeline, submit, sync
from tests.benchmarks.environment import BenchEnvironment

JOBS = 2000
THREADS = 8
SLOW_JOBS, SLOW_THREADS, SLOW_MS = 320, 16, 500
SUBMITS, CLIENTS = 2000, 16


def main() -> None:
    env = BenchEnvironment()
    rows = []
    try:
        rt = build_runtime(Settings())
        base = pipeline.bare_celery_rate(env, JOBS, THREADS)
        ours = pipeline.sluice_rate(env, rt, JOBS, THREADS)
        rows.append((f"1. pipeline throughput, simulator 0 ms, {THREADS} threads",
                     f"{ours:.0f} jobs/s", f"{base:.0f} tasks/s (bare Celery no-op)",
                     ours / base))
        env.simulator_latency(SLOW_MS)
        bound = SLOW_THREADS / (SLOW_MS / 1000)
        slow = pipeline.sluice_rate(env, rt, SLOW_JOBS, SLOW_THREADS)
        rows.append((f"2. throughput, simulator {SLOW_MS} ms, {SLOW_THREADS} threads",
                     f"{slow:.1f} jobs/s", f"{bound:.1f} jobs/s (threads / latency)",
                     slow / bound))
        env.simulator_latency(0)
        api = env.start_api()
        key = submit.tenant_key(api)
        jobs = submit.measure("POST", f"{api}/v1/jobs", SUBMITS, CLIENTS, json=submit.JOB,
                              headers={"Authorization": f"Bearer {key}"})
        health = submit.measure("GET", f"{api}/healthz", SUBMITS, CLIENTS)
        rows.append((f"3. POST /v1/jobs, {CLIENTS} clients",
                     f"{jobs.per_second:.0f} req/s, p50 {jobs.p50_ms:.1f} ms, "
                     f"p99 {jobs.p99_ms:.1f} ms",
                     f"{health.per_second:.0f} req/s, p50 {health.p50_ms:.1f} ms, "
                     f"p99 {health.p99_ms:.1f} ms (GET /healthz)",
                     jobs.per_second / health.per_second))
        submit.cancel_queued(rt)
        rows += limits.rows(env, rt)
        rows += batches.rows(env, rt, api, jobs.per_second, ours, THREADS)
        rows += sync.rows(env, api)
        rows += pii.rows()
        rt.close()
    finally:
        env.close()
    _print_table(rows)


def _print_table(rows: list[tuple[str, str, str, float]]) -> None:
    header = ("benchmark", "sluice", "baseline (same machine, same run)", "ratio")
    table = [header, *[(name, ours, base, f"{ratio:.2f}") for name, ours, base, ratio in rows]]
    widths = [max(len(row[column]) for row in table) for column in range(4)]
    for index, row in enumerate(table):
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths,
                                                                        strict=True)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


if __name__ == "__main__":
    main()
