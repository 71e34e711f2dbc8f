"""Rate limits held across every worker and host: one GCRA per limited subject, in Redis.

GCRA gives a burst up to the limit and then a steady refill, with no double burst at
a window edge. One script checks every limit of a job at once: either all take the
job or none does, so a job refused on tokens does not spend a request.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from redis import Redis

from sluice.chat import ChatRequest, Usage
from sluice.errors import JobFailure
from sluice.ratelimits import Subject, effective_limits, job_subjects, tenant_rules
from sluice.runtime import Runtime
from workers.pipeline.claim import Claim

PERIOD_S = 60.0
RULE_CACHE_S = 5.0

# KEYS: one per limit. ARGV: cost per key, limit per key. Redis' own clock, so every
# host agrees. Returns 0 when admitted, else the seconds until the job would fit.
_ADMIT = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1e6
local period = tonumber(ARGV[1])
local wait, tats = 0, {}
for i, key in ipairs(KEYS) do
  local cost, limit = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local tat = math.max(tonumber(redis.call('GET', key) or now), now)
  tats[i] = tat + cost * period / limit
  wait = math.max(wait, tats[i] - period - now)
end
if wait > 0 then return tostring(wait) end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, tostring(tats[i]), 'PX', math.ceil((tats[i] - now) * 1000) + 1)
end
return '0'
"""

# KEYS[1], ARGV: token difference, limit. Moves the arrival time by the difference
# between the estimate and the real count, never into the past.
_CORRECT = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1e6
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
tat = math.max(tat + tonumber(ARGV[1]) * tonumber(ARGV[3]) / tonumber(ARGV[2]), now)
if tat > now then
  redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil((tat - now) * 1000) + 1)
end
return 1
"""


class RateLimited(JobFailure):
    error_type = "rate_limited"


class JobDeferred(Exception):
    """Not now: the job goes back to its queue and runs when it fits."""

    def __init__(self, delay_s: float, reason: str) -> None:
        super().__init__(reason)
        self.delay_s = delay_s
        self.reason = reason


@dataclass(frozen=True)
class Admission:
    token_keys: list[tuple[str, int]]
    estimated_tokens: int


def estimate_input_tokens(request: ChatRequest) -> int:
    """Three characters a token: cautious for English, so reservations do not fall short."""
    return math.ceil(len(request.all_text()) / 3)


def estimate_tokens(request: ChatRequest) -> int:
    """What a limit is charged before the call: the input estimate plus all allowed output."""
    return estimate_input_tokens(request) + request.max_tokens


class RuleCache:
    """Per-process cache of each tenant's rules, so a job costs no extra query."""

    def __init__(self) -> None:
        self._rules: dict[str, tuple[float, dict]] = {}
        self._lock = threading.Lock()

    def get(self, rt: Runtime, tenant_id: str) -> dict:
        with self._lock:
            cached = self._rules.get(tenant_id)
        if cached and time.monotonic() - cached[0] < RULE_CACHE_S:
            return cached[1]
        with rt.db.session() as session:
            rules = tenant_rules(session, tenant_id)
        with self._lock:
            self._rules[tenant_id] = (time.monotonic(), rules)
        return rules


_rule_cache = RuleCache()


def admit(rt: Runtime, claim: Claim, request: ChatRequest) -> Admission:
    """Take one request and the estimated tokens from every limit, or say how long to wait."""
    job = claim.job
    subjects = job_subjects(claim.tenant_slug, job.team, job.user, job.key_id, job.model)
    limits = effective_limits(_rule_cache.get(rt, job.tenant_id), rt.config.limits, subjects)
    tokens = estimate_tokens(request)
    keys, argv, token_keys = [], [PERIOD_S], []
    for subject, limit in limits.items():
        for unit, allowed, cost in (("rpm", limit.rpm, 1), ("tpm", limit.tpm, tokens)):
            if not allowed:
                continue
            if cost > allowed:
                raise RateLimited(f"{subject.scope} {subject.subject!r}: this request needs "
                                  f"{cost} tokens, more than its {allowed} per minute")
            key = limit_key(rt, job.tenant_id, subject, unit)
            keys.append(key)
            argv += [cost, allowed]
            if unit == "tpm":
                token_keys.append((key, allowed))
    wait = float(rt.redis.eval(_ADMIT, len(keys), *keys, *argv)) if keys else 0.0
    if wait > 0:
        raise JobDeferred(wait, "rate limit")
    return Admission(token_keys=token_keys, estimated_tokens=tokens)


def correct(redis: Redis, admission: Admission, usage: Usage) -> None:
    """After the call: charge the real token count instead of the estimate."""
    difference = usage.input_tokens + usage.output_tokens - admission.estimated_tokens
    for key, allowed in admission.token_keys:
        redis.eval(_CORRECT, 1, key, difference, allowed, PERIOD_S)


def limit_key(rt: Runtime, tenant_id: str, subject: Subject, unit: str) -> str:
    return f"{rt.settings.redis_prefix}rl:{tenant_id}:{subject.scope}:{subject.subject}:{unit}"
