"""Issue 3's benchmark: what the distributed limiter costs per job, and whether the rate
it lets through is the rate configured."""

from __future__ import annotations

import time

from sluice.chat import ChatRequest
from sluice.ratelimits import put_rule
from sluice.runtime import Runtime
from tests.benchmarks.environment import BenchEnvironment
from tests.benchmarks.pipeline import JOB, queue_jobs, run_jobs
from workers.pipeline.claim import claim_job
from workers.pipeline.limits import admit

CHECKS = 2000
RPM, BURST_JOBS, STEADY_JOBS = 600, 600, 400


def limiter_overhead_us(rt: Runtime) -> tuple[float, float]:
    """One job's admission against four limits (tenant and model, rpm and tpm), beside one
    Redis round trip."""
    def generous(session, tenant):
        for scope, subject in (("tenant", None), ("model", JOB["model"])):
            put_rule(session, tenant, scope, subject, rpm=10**9, tpm=10**9)

    _, [job_id] = queue_jobs(rt, 1, configure=generous)
    claim = claim_job(rt.db, job_id, lease_seconds=600)
    request = ChatRequest.model_validate(
        {"model": JOB["model"], "messages": [{"role": "user", "content": [
            {"type": "text", "text": JOB["messages"][0]["content"]}]}]})
    admit(rt, claim, request)
    started = time.perf_counter()
    for _ in range(CHECKS):
        admit(rt, claim, request)
    per_check = (time.perf_counter() - started) / CHECKS
    started = time.perf_counter()
    for _ in range(CHECKS):
        rt.redis.ping()
    return per_check * 1e6, (time.perf_counter() - started) / CHECKS * 1e6


def achieved_rate(env: BenchEnvironment, rt: Runtime) -> float:
    """Jobs/s over the last STEADY_JOBS / 4 starts. The burst runs at pipeline speed and
    the bucket refills meanwhile, so the jobs right after it still start early; the slower
    the pipeline, the longer that tail."""
    slug, ids = queue_jobs(rt, BURST_JOBS + STEADY_JOBS,
                           configure=lambda session, tenant: put_rule(
                               session, tenant, "tenant", None, rpm=RPM, tpm=None))
    _, jobs = run_jobs(env, rt, slug, ids, concurrency=8)
    starts = sorted(job.started_at for job in jobs)[-(STEADY_JOBS // 4):]
    return (len(starts) - 1) / (starts[-1] - starts[0]).total_seconds()


def rows(env: BenchEnvironment, rt: Runtime) -> list[tuple[str, str, str, float]]:
    ours, ping = limiter_overhead_us(rt)
    rate = achieved_rate(env, rt)
    return [
        ("6. rate-limit admission, 4 limits", f"{ours:.0f} us/job",
         f"{ping:.0f} us (one Redis PING)", ours / ping),
        (f"7. limited rate past the burst, rpm {RPM}", f"{rate:.2f} jobs/s",
         f"{RPM / 60:.2f} jobs/s (configured)", rate / (RPM / 60)),
    ]
