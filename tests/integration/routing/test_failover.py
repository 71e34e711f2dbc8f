"""Simulator fault scripts for each failover path, through a real worker."""

from __future__ import annotations

import time
from datetime import datetime

import openai
import pytest
import requests

from tests.integration.routing.conftest import sim_faults, sim_requests


@pytest.fixture
def gpt(api_url, tenant):
    return openai.OpenAI(api_key=tenant["key"], base_url=f"{api_url}/v1", max_retries=0)


def _ask(gpt, model: str = "failover"):
    raw = gpt.chat.completions.with_raw_response.create(
        model=model, messages=[{"role": "user", "content": "fail over"}])
    return raw.parse(), raw.headers["sluice-job-id"]


def _job(api_url, tenant, job_id) -> dict:
    return requests.get(f"{api_url}/v1/jobs/{job_id}", headers=tenant["headers"],
                        timeout=10).json()


def _trail(job: dict) -> list[tuple[str, str]]:
    return [(a["backend"], a["outcome"]) for a in job["provider_attempts"]]


PRIMARY, SECONDARY = "anthropic/sim-primary", "openai/sim-secondary"


@pytest.mark.parametrize("fault", [529, 500, 429, "garbage"])
def test_a_passing_fault_is_retried_on_the_same_backend(gpt, api_url, tenant, worker, sim,
                                                       fault):
    sim_faults(sim, {"sim-primary": {"fail": [fault]}})
    completion, job_id = _ask(gpt)
    assert completion.choices[0].message.content == "echo: fail over"
    job = _job(api_url, tenant, job_id)
    assert job["provider"] == "anthropic"
    assert _trail(job) == [(PRIMARY, "retryable"), (PRIMARY, "ok")]


def test_a_backend_out_of_tries_hands_over_to_the_next(gpt, api_url, tenant, worker, sim):
    sim_faults(sim, {"sim-primary": {"fail": [500, 529, 503]}})
    completion, job_id = _ask(gpt)
    assert completion.model == "sim-secondary"
    job = _job(api_url, tenant, job_id)
    assert job["provider"] == "openai" and job["provider_model"] == "sim-secondary"
    assert _trail(job) == [(PRIMARY, "retryable")] * 3 + [(SECONDARY, "ok")]
    assert job["usage"]["input_tokens"] == 3


def test_timeouts_are_retried_then_failed_over(gpt, api_url, tenant, worker, sim):
    sim_faults(sim, {"sim-primary": {"fail": ["timeout"] * 3}})
    _completion, job_id = _ask(gpt)
    job = _job(api_url, tenant, job_id)
    assert _trail(job) == [(PRIMARY, "retryable")] * 3 + [(SECONDARY, "ok")]
    assert all("timed out after 1s" in a["error"] for a in job["provider_attempts"][:3])


def test_a_client_error_is_not_retried_on_the_same_backend(gpt, api_url, tenant, worker, sim):
    sim_faults(sim, {"sim-primary": {"fail": [400]}})
    _completion, job_id = _ask(gpt)
    assert _trail(_job(api_url, tenant, job_id)) == [(PRIMARY, "fatal"), (SECONDARY, "ok")]


def test_a_long_retry_after_frees_the_worker_and_resumes_later(gpt, api_url, tenant,
                                                               worker, sim):
    """A 3 s retry-after is longer than the 2 s a thread may be held: the job goes back to
    `queued` (no thread sleeps on it) and its next run carries on with the same backend."""
    sim_faults(sim, {"sim-primary": {"fail": [429], "retry_after": 3}})
    answer = requests.post(f"{api_url}/v1/jobs", headers=tenant["headers"], timeout=10,
                           json={"model": "failover", "messages": [
                               {"role": "user", "content": "later"}]}).json()
    statuses = set()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        job = _job(api_url, tenant, answer["id"])
        statuses.add(job["status"])
        if job["status"] == "succeeded":
            break
        time.sleep(0.2)
    assert job["status"] == "succeeded" and "queued" in statuses
    assert _trail(job) == [(PRIMARY, "retryable"), (PRIMARY, "ok")]
    first, second = (datetime.fromisoformat(a["started_at"]) for a in job["provider_attempts"])
    assert (second - first).total_seconds() >= 3
    assert job["attempts"] == 1


def test_when_every_backend_fails_each_last_error_is_listed_and_nothing_charged(
        gpt, api_url, tenant, worker, sim):
    sim_faults(sim, {"sim-primary": {"fail": [500] * 3},
                     "sim-secondary": {"fail": [529] * 3}})
    with pytest.raises(openai.APIStatusError) as caught:
        _ask(gpt, "failover-all")
    error = caught.value
    assert error.status_code == 502 and error.code == "provider_error"
    assert error.response.headers["x-should-retry"] == "false"
    assert "openai: HTTP 500" in error.message
    assert "anthropic: HTTP 529 overloaded_error" in error.message
    assert "dead: connection failed" in error.message
    job = _job(api_url, tenant, error.response.headers["sluice-job-id"])
    assert job["status"] == "failed" and job["usage"] is None
    assert len(job["provider_attempts"]) == 9
    assert len(sim_requests(sim)) == 6


def test_a_request_no_backend_can_express_is_a_400_not_a_provider_error(gpt, api_url, tenant,
                                                                         worker, sim):
    with pytest.raises(openai.BadRequestError) as caught:
        gpt.chat.completions.create(model="gpt-via-claude", temperature=1.5,
                                    messages=[{"role": "user", "content": "hot"}])
    assert caught.value.code == "invalid_request" and "temperature" in caught.value.message
    job = _job(api_url, tenant, caught.value.response.headers["sluice-job-id"])
    assert _trail(job) == [("anthropic/claude-haiku-4-5", "refused")]
    assert sim_requests(sim) == []
