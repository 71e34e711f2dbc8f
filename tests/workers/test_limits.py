"""GCRA limits on the real Redis: bursts to the limit, then a steady refill, all or none."""

import dataclasses

import pytest

from sluice.chat import ChatMessage, ChatRequest, TextPart, Usage
from sluice.config import LimitsConfig, RateLimit
from sluice.ratelimits import Subject, effective_limits
from workers.pipeline.claim import claim_job
from workers.pipeline.limits import (
    PERIOD_S,
    JobDeferred,
    RateLimited,
    admit,
    admitted_key,
    correct,
    estimate_tokens,
    limit_key,
)


def _request(text="hello", max_tokens=10):
    return ChatRequest(model="claude-haiku-4-5", max_tokens=max_tokens,
                       messages=[ChatMessage(role="user", content=[TextPart(text=text)])])


@pytest.fixture
def limited(runtime):
    def with_limits(**limits):
        config = runtime.config.model_copy(update={"limits": LimitsConfig(**limits)})
        return dataclasses.replace(runtime, config=config)
    return with_limits


def _claim(rt, make_job):
    return claim_job(rt.db, make_job(), lease_seconds=60)


def test_a_burst_up_to_the_limit_then_a_wait_of_one_interval(limited, make_job):
    rt = limited(default=RateLimit(rpm=5))
    for _ in range(5):
        admit(rt, _claim(rt, make_job), _request())
    with pytest.raises(JobDeferred) as wait:
        admit(rt, _claim(rt, make_job), _request())
    assert 0 < wait.value.delay_s <= PERIOD_S / 5 + 0.5


def test_waiting_jobs_get_turns_one_interval_apart(limited, make_job, runtime):
    rt = limited(default=RateLimit(rpm=6))
    for _ in range(6):
        admit(rt, _claim(rt, make_job), _request())
    turns = []
    for _ in range(3):
        claim = _claim(rt, make_job)
        with pytest.raises(JobDeferred) as wait:
            admit(rt, claim, _request())
        assert wait.value.admitted
        turns.append(wait.value.delay_s)
    assert turns[0] == pytest.approx(10, abs=0.5)
    assert turns[1] - turns[0] == pytest.approx(10, abs=0.5)
    assert turns[2] - turns[1] == pytest.approx(10, abs=0.5)


def test_a_job_given_a_turn_passes_its_limits_once_without_a_second_charge(limited,
                                                                           make_job, runtime):
    rt = limited(default=RateLimit(rpm=1))
    admit(rt, _claim(rt, make_job), _request())
    claim = _claim(rt, make_job)
    with pytest.raises(JobDeferred):
        admit(rt, claim, _request())
    runtime.redis.set(admitted_key(rt, claim.job.id), 1)
    admit(rt, claim, _request())
    with pytest.raises(JobDeferred):
        admit(rt, claim, _request())


def test_a_turn_past_the_max_wait_is_refused_and_charges_nothing(limited, make_job,
                                                                  runtime):
    rt = limited(default=RateLimit(rpm=100, tpm=30), max_wait_s=5)
    claim = _claim(rt, make_job)
    admit(rt, claim, _request(max_tokens=20))
    key = limit_key(rt, claim.job.tenant_id, Subject("tenant", claim.tenant_slug), "rpm")
    tat = float(runtime.redis.get(key))
    with pytest.raises(RateLimited, match="max wait"):
        admit(rt, _claim(rt, make_job), _request(max_tokens=20))
    assert float(runtime.redis.get(key)) == tat, "the refused job took a request"


def test_real_usage_corrects_the_token_estimate(limited, make_job, runtime):
    rt = limited(default=RateLimit(tpm=100), max_wait_s=5)
    request = _request(max_tokens=60)
    admission = admit(rt, _claim(rt, make_job), request)
    assert admission.estimated_tokens == estimate_tokens(request) == 62
    with pytest.raises(RateLimited):
        admit(rt, _claim(rt, make_job), request)
    correct(runtime.redis, admission, Usage(input_tokens=2, output_tokens=3))
    admit(rt, _claim(rt, make_job), request)


def test_a_request_bigger_than_its_limit_fails_at_once(limited, make_job):
    rt = limited(default=RateLimit(tpm=50))
    with pytest.raises(RateLimited, match="more than its 50 per minute"):
        admit(rt, _claim(rt, make_job), _request(max_tokens=100))


def test_database_rules_win_over_config_defaults():
    defaults = LimitsConfig(default=RateLimit(rpm=10), per_team=RateLimit(rpm=5),
                            models={"claude-*": RateLimit(tpm=900)})
    subjects = [Subject("tenant", "acme"), Subject("team", "data"), Subject("user", "u1"),
                Subject("model", "claude-haiku-4-5")]
    rules = {Subject("team", "data"): RateLimit(rpm=2)}
    assert effective_limits(rules, defaults, subjects) == {
        Subject("tenant", "acme"): RateLimit(rpm=10),
        Subject("team", "data"): RateLimit(rpm=2),
        Subject("model", "claude-haiku-4-5"): RateLimit(tpm=900)}
