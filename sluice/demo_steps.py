"""The seven steps of `make demo`, each one feature of the README shown over real HTTP.

A step prints what it sends and gets, raises `StepFailed` when the feature does not
behave as documented, and returns the one line printed after `[ok]`.
"""

from __future__ import annotations

import json
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sluice.demo_gateway import Gateway, check, say
from sluice.settings import Settings
from sluice.simulator.echo import content_text
from sluice.tracing import tracing_target

CLAUDE = "claude-haiku-4-5"
GPT = "gpt-4o-mini"
PII_PROMPT = ("My name is Jane Cooper, my SSN is 536-22-8841 and my email is "
              "jane.cooper@example.com. Please confirm you have my details.")
PII_VALUES = ("Jane Cooper", "536-22-8841", "jane.cooper@example.com")
PLACEHOLDERS = ("<PERSON_1>", "<US_SSN_1>", "<EMAIL_ADDRESS_1>")
BURST_RPM = 30
BURST_JOBS = 32
BUDGET_USD = "0.001"
FAILURES = [529, 529]
MOVED_SERIES = ("sluice_jobs_total", "sluice_gen_ai_requests_total", "sluice_rate_limited_total",
                "sluice_budget_rejections_total", "sluice_pii_entities_total",
                "sluice_cost_usd_total")


@dataclass
class Demo:
    """What the steps share: the stack, the tenant and keys of step 1, the jobs that cost."""

    gateway: Gateway
    flower: str
    log_dir: Path
    worker_metrics_before: dict[str, float]
    tenant: str = ""
    team_key: str = ""
    user_key: str = ""
    charged_jobs: list[dict] = field(default_factory=list)
    failover_job: str = ""

    @property
    def admin_base(self) -> str:
        return f"/v1/admin/tenants/{self.tenant}"


def job_body(prompt: str, model: str = GPT, **fields: object) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": prompt}], **fields}


def show_keys(demo: Demo) -> str:
    gateway = demo.gateway
    tenant = gateway.admin("POST", "/v1/admin/tenants",
                           {"name": f"demo-{secrets.token_hex(3)}"}, expect=201)
    demo.tenant = tenant["slug"]
    team_key = gateway.admin("POST", f"{demo.admin_base}/keys",
                             {"name": "data-pipeline", "team": "data"}, expect=201)
    gateway.admin("PUT", f"{demo.admin_base}/users/alice", {"team": "research"})
    user_key = gateway.admin("POST", f"{demo.admin_base}/keys",
                             {"name": "alice-laptop", "user": "alice"}, expect=201)
    demo.team_key, demo.user_key = team_key["key"], user_key["key"]
    listed = gateway.admin("GET", f"{demo.admin_base}/keys")["data"]
    check(len(listed) == 2 and all("key" not in row for row in listed),
          "listing keys should show both keys and neither secret")
    refused = gateway.call("POST", "/v1/jobs", body=job_body("hello"))
    check(refused.status_code == 401
          and refused.json()["error"]["type"] == "authentication_error",
          f"a call without a key answered {refused.status_code}")
    return (f"tenant {demo.tenant}, a team key (data) and a user key (alice, team research); "
            "secrets shown once; no key -> 401 authentication_error")


def show_pii(demo: Demo) -> str:
    gateway = demo.gateway
    gateway.admin("PUT", f"{demo.admin_base}/pii-policy", {"mode": "pseudonymize"})
    job_id = gateway.submit(demo.user_key, job_body(PII_PROMPT, CLAUDE))
    job = gateway.wait_job(demo.user_key, job_id)
    check(job["status"] == "succeeded", f"the PII job ended {job['status']}: {job['error']}")
    prompts = [content_text(body["messages"][-1]["content"])
               for body in gateway.provider_requests()]
    received = next((text for text in prompts if "<US_SSN" in text), "")
    say(f"the provider received: {received}")
    say(f"the caller got:        {job['result']['content']}")
    check(not any(value in text for text in prompts for value in PII_VALUES),
          "a raw name, SSN or email reached the provider")
    check(all(placeholder in received for placeholder in PLACEHOLDERS),
          f"the provider should have seen {', '.join(PLACEHOLDERS)}")
    check(job["result"]["content"] == "echo: " + PII_PROMPT,
          "the caller's answer should carry the originals back")
    demo.charged_jobs.append(job)
    return "the provider saw only placeholders; the caller's answer has the originals back"


def show_rate_limit(demo: Demo) -> str:
    gateway = demo.gateway
    loader = gateway.admin("POST", f"{demo.admin_base}/keys",
                           {"name": "nightly-batch", "team": "batch"}, expect=201)
    say(f"sluice.yaml limits.per_key: {{rpm: {BURST_RPM}}}: a burst of up to {BURST_RPM} "
        f"jobs, then one every {60 / BURST_RPM:g} s")
    say(f"POST /v1/jobs x {BURST_JOBS} at once with the new key")
    ids = [gateway.submit(loader["key"], job_body(f"row {number}"), show=False)
           for number in range(BURST_JOBS)]
    time.sleep(1)
    listed = gateway.call("GET", "/v1/jobs?limit=100", key=loader["key"], show=False).json()
    states = Counter(job["status"] for job in listed["data"] if job["id"] in ids)
    say(f"1 s later: {dict(states)} (waiting jobs stay queued; no worker thread holds them)")
    jobs = [gateway.wait_job(loader["key"], job_id) for job_id in ids]
    check({job["status"] for job in jobs} == {"succeeded"},
          f"every job should succeed after waiting: {Counter(j['status'] for j in jobs)}")
    starts = {job["id"]: datetime.fromisoformat(job["started_at"]) for job in jobs}
    first = min(starts.values())
    waits = [entry for entry in _worker_log(demo, "job waits") if entry["job_id"] in starts]
    for entry in waits:
        say(f"  {entry['job_id']} (#{ids.index(entry['job_id']) + 1}) waited for its turn "
            f"({entry['delay_s']:.1f} s), started at "
            f"+{(starts[entry['job_id']] - first).total_seconds():.1f} s")
    span = (max(starts.values()) - first).total_seconds()
    least = (BURST_JOBS - BURST_RPM) * 60 / BURST_RPM
    say(f"all {BURST_JOBS} succeeded; the first start to the last: {span:.1f} s "
        f"(the limit allows no less than {least:g} s)")
    check(bool(waits), "no job waited for its turn")
    check(span >= 0.9 * least, f"{BURST_JOBS} jobs ran within {span:.1f} s, past the limit")
    demo.charged_jobs.extend(jobs)
    return (f"{len(waits)} of {BURST_JOBS} jobs waited queued for their turn, then all "
            "succeeded; none was refused")


def show_budget(demo: Demo) -> str:
    gateway = demo.gateway
    gateway.admin("PUT", f"{demo.admin_base}/budgets", {
        "scope": "user", "subject": "carol", "limit_usd": BUDGET_USD, "period": "total"})
    small = gateway.wait_job(demo.team_key, gateway.submit(demo.team_key, job_body(
        "a short answer, please", CLAUDE, user="carol", max_tokens=50)))
    say(f"max_tokens 50: {small['status']}, cost_usd {(small['usage'] or {}).get('cost_usd')}")
    check(small["status"] == "succeeded", f"a job inside the budget ended {small['status']}")
    large = gateway.wait_job(demo.team_key, gateway.submit(demo.team_key, job_body(
        "a long essay, please", CLAUDE, user="carol", max_tokens=1024)))
    say(f"max_tokens 1024: {large['status']}, error {large['error']}, usage {large['usage']}")
    check(large["status"] == "failed" and large["error"]["type"] == "budget_exceeded"
          and large["usage"] is None, "a job whose worst case passes the budget should fail "
          "budget_exceeded and cost nothing")
    sync = gateway.call("POST", "/v1/chat/completions", key=demo.team_key, body=job_body(
        "a long essay, please", CLAUDE, user="carol", max_tokens=1024))
    say(f"synchronous: {sync.status_code}, error code {sync.json()['error'].get('code')}")
    check(sync.status_code == 402 and sync.json()["error"]["code"] == "budget_exceeded",
          f"the synchronous call should answer 402 budget_exceeded, not {sync.status_code}")
    budget = gateway.admin("GET", f"{demo.admin_base}/budgets")["data"][0]
    check(Decimal(budget["spent_usd"]) == Decimal(small["usage"]["cost_usd"])
          and Decimal(budget["reserved_usd"]) == 0, "the budget should hold only the small job")
    demo.charged_jobs.append(small)
    return (f"${BUDGET_USD} for carol: the worst case of max_tokens 1024 is refused "
            "budget_exceeded (402 when synchronous) and costs nothing")


def show_chargeback(demo: Demo) -> str:
    expected = sum(Decimal(job["usage"]["cost_usd"]) for job in demo.charged_jobs)
    for group in ("user", "team"):
        report = demo.gateway.call("GET", f"/v1/usage/chargeback?group_by={group}",
                                   key=demo.team_key, show=False).json()
        say(f"GET /v1/usage/chargeback?group_by={group}")
        for row in [*report["rows"], {"key": "TOTAL", **report["total"]}]:
            say(f"  {str(row['key'] or '(none)'):<10} {row['requests']:>4} requests "
                f"{row['input_tokens']:>5} in {row['output_tokens']:>5} out  ${row['cost_usd']}")
        rows_sum = sum(Decimal(row["cost_usd"]) for row in report["rows"])
        total = Decimal(report["total"]["cost_usd"])
        check(rows_sum == total, f"by {group}: rows add up to {rows_sum}, the total is {total}")
        check(total == expected and report["total"]["requests"] == len(demo.charged_jobs),
              f"by {group}: the total {total} should be the {len(demo.charged_jobs)} jobs' "
              f"{expected}")
    return (f"by user and by team the rows add up to ${expected} exactly, the sum of the "
            f"{len(demo.charged_jobs)} jobs' costs")


def show_failover(demo: Demo) -> str:
    gateway = demo.gateway
    gateway.script_simulator({"models": {CLAUDE: {"fail": FAILURES}}})
    say(f"simulator: the next {len(FAILURES)} requests for {CLAUDE} answer 529 overloaded")
    job = gateway.wait_job(demo.team_key, gateway.submit(demo.team_key, job_body(
        "hello from the fallback", CLAUDE)))
    for attempt in job["provider_attempts"]:
        say(f"  {attempt['backend']:<28} {attempt['outcome']:<10} "
            f"{attempt['error'] or '':<22} {attempt['duration_ms']} ms")
    outcomes = [attempt["outcome"] for attempt in job["provider_attempts"]]
    demo.failover_job = job["id"]
    check(job["status"] == "succeeded" and job["provider"] == "openai",
          f"the job should succeed on the second backend: {job['status']} {job['provider']}")
    check(outcomes == ["retryable"] * len(FAILURES) + ["ok"],
          f"provider_attempts should be retries then ok: {outcomes}")
    return (f"{CLAUDE} failed {len(FAILURES)} times on anthropic; the job succeeded on "
            f"openai/{job['provider_model']}")


def show_observability(demo: Demo) -> str:
    gateway = demo.gateway
    after = gateway.scrape(gateway.worker_metrics)
    moved = {series: value for series, value in after.items()
             if value != demo.worker_metrics_before.get(series, 0)
             and ("tenant=" not in series or f'tenant="{demo.tenant}"' in series)}
    say(f"worker {gateway.worker_metrics}, series that moved:")
    for series, value in sorted(moved.items()):
        say(f"  {series} {value:g}")
    missing = [name for name in MOVED_SERIES if not any(s.startswith(name) for s in moved)]
    check(not missing, f"these worker series did not move: {', '.join(missing)}")
    depth = next((f"{series} {value:g}" for series, value
                  in gateway.scrape(f"{gateway.api}/metrics").items()
                  if series.startswith("sluice_queue_depth")
                  and f'tenant="{demo.tenant}"' in series), None)
    say(f"api {gateway.api}/metrics: {depth}")
    check(depth is not None, "the api's sluice_queue_depth has no series for the tenant")
    flower = gateway.http.get(demo.flower, timeout=10).status_code
    say(f"Flower {demo.flower} -> {flower}")
    check(flower == 200, f"Flower answered {flower}")
    trace_id = next((entry.get("trace_id") for entry in _worker_log(demo, "job finished")
                     if entry.get("job_id") == demo.failover_job), None)
    say(f"trace of the failover job {demo.failover_job}: {trace_id or 'none logged'}; "
        f"traces {tracing_target(Settings())}")
    return f"{len(moved)} worker series moved; queue depth on the api; Flower answering"


def _worker_log(demo: Demo, message: str) -> list[dict]:
    """The worker's JSON log lines with this `msg`: what it did, seen from outside."""
    lines = (demo.log_dir / "worker.log").read_text(errors="replace").splitlines()
    entries = (json.loads(line) for line in lines if line.startswith("{"))
    return [entry for entry in entries if entry.get("msg") == message]


STEPS: tuple[tuple[str, Callable[[Demo], str]], ...] = (
    ("keys", show_keys), ("PII", show_pii), ("rate limit", show_rate_limit),
    ("budget", show_budget), ("chargeback", show_chargeback),
    ("multi-provider failover", show_failover), ("observability", show_observability))
