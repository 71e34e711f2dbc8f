"""The circuit breaker across real workers: opens on failures, skips, probes, closes."""

from __future__ import annotations

import time

import openai
import pytest
import requests

from tests.integration.routing.conftest import sim_faults, sim_requests, write_config


@pytest.fixture(scope="module")
def config_path(simulator_url, tmp_path_factory):
    return write_config(tmp_path_factory.mktemp("breaker"), simulator_url,
                        breaker_failures=2, breaker_cooldown_s=2)


def _run(api_url, tenant) -> dict:
    gpt = openai.OpenAI(api_key=tenant["key"], base_url=f"{api_url}/v1", max_retries=0)
    raw = gpt.chat.completions.with_raw_response.create(
        model="breaker", messages=[{"role": "user", "content": "trip"}])
    return requests.get(f"{api_url}/v1/jobs/{raw.headers['sluice-job-id']}",
                        headers=tenant["headers"], timeout=10).json()


def _to_primary(sim) -> int:
    return sum(r["body"]["model"] == "sim-breaker" for r in sim_requests(sim))


def test_a_failing_backend_is_skipped_for_the_cooldown_then_probed(api_url, tenant, worker,
                                                                    sim):
    sim_faults(sim, {"sim-breaker": {"fail": [500, 500]}})
    tripped = _run(api_url, tenant)
    assert [a["outcome"] for a in tripped["provider_attempts"]] == [
        "retryable", "retryable", "skipped", "ok"]
    assert tripped["provider"] == "anthropic"

    skipped = _run(api_url, tenant)
    assert [a["outcome"] for a in skipped["provider_attempts"]] == ["skipped", "ok"]
    assert skipped["provider_attempts"][0]["error"] == "openai: circuit open"
    assert _to_primary(sim) == 2

    time.sleep(2.5)
    probed = _run(api_url, tenant)
    assert probed["provider"] == "openai" and _to_primary(sim) == 3
    assert _run(api_url, tenant)["provider"] == "openai"
