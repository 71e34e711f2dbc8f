"""The pipeline in-process against the simulator over HTTP and the real database."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests
from sqlalchemy import func, select, update

from sluice.errors import ProviderError
from sluice.models import Job, UsageRow
from workers.pipeline import run_job
from workers.pipeline.claim import claim_job
from workers.pipeline.outcome import LeaseLost, store_failure

CLAUDE = [{"model": "claude-*", "backends": [{"provider": "anthropic"}]},
          {"model": "*", "backends": [{"provider": "openai"}]}]


def _job(runtime, job_id):
    with runtime.db.session() as session:
        job = session.get(Job, job_id)
        usage = session.scalar(select(UsageRow).where(UsageRow.job_id == job_id))
        return job, usage


def _sim_requests(sim):
    return requests.get(f"{sim}/_sim/requests", timeout=5).json()["requests"]


def test_a_job_runs_end_to_end_with_cost_and_the_gateways_key(routed, make_job, keeper, sim):
    rt = routed(CLAUDE)
    job_id = make_job(text="hi there", max_tokens=50)
    run_job(rt, keeper, job_id)
    job, usage = _job(rt, job_id)
    assert job.status == "succeeded" and job.attempts == 1
    assert job.provider == "anthropic" and job.lease_token is None
    result = rt.cipher.open(job.result_ciphertext)
    assert result["content"] == "echo: hi there"
    assert result["message"]["type"] == "message"
    assert (usage.input_tokens, usage.output_tokens) == (2, 4)
    assert usage.cost_usd == Decimal("0.000022")
    seen = _sim_requests(sim)
    assert len(seen) == 1 and seen[0]["path"] == "/v1/messages"
    assert seen[0]["headers"]["x-api-key"] == "sk-ant-gw"
    assert seen[0]["body"]["max_tokens"] == 50


def test_openai_route_answers_in_the_callers_dialect(routed, make_job, keeper, sim):
    rt = routed([{"model": "*", "backends": [{"provider": "openai", "model": "gpt-4o-mini"}]}])
    job_id = make_job(model="claude-haiku-4-5", text="cross")
    run_job(rt, keeper, job_id)
    job, usage = _job(rt, job_id)
    assert job.status == "succeeded" and job.provider_model == "gpt-4o-mini"
    assert rt.cipher.open(job.result_ciphertext)["message"]["content"][0]["text"] == "echo: cross"
    assert _sim_requests(sim)[0]["headers"]["authorization"] == "Bearer sk-oai-gw"
    assert usage.model == "gpt-4o-mini"


def test_next_backend_answers_when_the_first_fails(routed, make_job, keeper, sim):
    rt = routed([{"model": "*", "backends": [{"provider": "dead", "timeout_s": 2},
                                             {"provider": "openai"}]}])
    job_id = make_job(model="gpt-4o-mini")
    run_job(rt, keeper, job_id)
    job, usage = _job(rt, job_id)
    assert job.status == "succeeded" and job.provider == "openai"
    assert usage is not None


def test_every_backend_failing_is_provider_error_with_no_charge(routed, make_job, keeper, sim):
    requests.put(f"{sim}/_sim/config", json={"models": {"gpt-4o-mini": {"fail": [500] * 3}}},
                 timeout=5)
    rt = routed([{"model": "*", "backends": [{"provider": "openai"}, {"provider": "dead"}]}])
    job_id = make_job(model="gpt-4o-mini")
    run_job(rt, keeper, job_id)
    job, usage = _job(rt, job_id)
    assert job.status == "failed" and job.error_type == "provider_error"
    assert "openai: HTTP 500" in job.error_message
    assert "dead: connection failed" in job.error_message
    assert usage is None


def test_garbage_from_the_provider_is_a_provider_error(routed, make_job, keeper, sim):
    requests.put(f"{sim}/_sim/config",
                 json={"models": {"claude-haiku-4-5": {"fail": ["garbage"] * 3}}}, timeout=5)
    rt = routed(CLAUDE)
    job_id = make_job()
    run_job(rt, keeper, job_id)
    job, _ = _job(rt, job_id)
    assert (job.status, job.error_type) == ("failed", "provider_error")
    assert "malformed" in job.error_message


def test_a_model_without_a_price_is_refused_before_any_call(routed, make_job, keeper, sim):
    rt = routed(CLAUDE)
    job_id = make_job(model="house-model-7")
    run_job(rt, keeper, job_id)
    job, usage = _job(rt, job_id)
    assert (job.status, job.error_type) == ("failed", "invalid_request")
    assert "prices" in job.error_message and usage is None
    assert _sim_requests(sim) == []
    priced = routed(CLAUDE, prices={"house-model-7": {"input_per_mtok": "1",
                                                      "output_per_mtok": "2"}})
    second = make_job(model="house-model-7", text="abcd")
    run_job(priced, keeper, second)
    assert _job(rt, second)[1].cost_usd == Decimal("0.000007")  # 1 in x $1 + 3 out x $2


def test_duplicate_deliveries_run_the_job_once(routed, make_job, keeper, sim):
    requests.put(f"{sim}/_sim/config", json={"latency_ms": 300}, timeout=5)
    rt = routed(CLAUDE)
    job_id = make_job()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: run_job(rt, keeper, job_id), range(8)))
    job, usage = _job(rt, job_id)
    assert job.status == "succeeded" and job.attempts == 1
    assert len(_sim_requests(sim)) == 1
    with rt.db.session() as session:
        rows = session.scalar(select(func.count()).select_from(UsageRow)
                              .where(UsageRow.job_id == job_id))
    assert rows == 1
    run_job(rt, keeper, job_id)
    assert len(_sim_requests(sim)) == 1


def test_a_stalled_worker_that_lost_its_lease_writes_nothing(routed, make_job, keeper, sim):
    rt = routed(CLAUDE)
    job_id = make_job()
    stale = claim_job(rt.db, job_id, lease_seconds=60)
    with rt.db.session() as session:
        session.execute(update(Job).where(Job.id == job_id).values(status="queued"))
    run_job(rt, keeper, job_id)
    with pytest.raises(LeaseLost):
        store_failure(rt.db, stale, ProviderError("late"))
    job, usage = _job(rt, job_id)
    assert job.status == "succeeded" and job.attempts == 2 and usage is not None


def test_a_job_whose_workers_keep_dying_gives_up(routed, make_job, keeper, sim):
    rt = routed(CLAUDE)
    job_id = make_job()
    with rt.db.session() as session:
        session.execute(update(Job).where(Job.id == job_id)
                        .values(attempts=rt.settings.max_attempts))
    run_job(rt, keeper, job_id)
    job, usage = _job(rt, job_id)
    assert (job.status, job.error_type) == ("failed", "timeout") and usage is None
    assert _sim_requests(sim) == []
