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


def test_a_refused_job_spends_nothing_on_its_other_limits(limited, make_job, runtime):
    rt = limited(default=RateLimit(rpm=100, tpm=30))
    claim = _claim(rt, make_job)
    admit(rt, claim, _request(max_tokens=20))
    with pytest.raises(JobDeferred):
        admit(rt, _claim(rt, make_job), _request(max_tokens=20))
    key = limit_key(rt, claim.job.tenant_id, Subject("tenant", claim.tenant_slug), "rpm")
    tat = float(runtime.redis.get(key))
    with pytest.raises(JobDeferred):
        admit(rt, _claim(rt, make_job), _request(max_tokens=20))
    assert float(runtime.redis.get(key)) == tat, "the refused job took a request"


def test_real_usage_corrects_the_token_estimate(limited, make_job, runtime):
    rt = limited(default=RateLimit(tpm=100))
    request = _request(max_tokens=60)
    admission = admit(rt, _claim(rt, make_job), request)
    assert admission.estimated_tokens == estimate_tokens(request) == 62
    with pytest.raises(JobDeferred):
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
