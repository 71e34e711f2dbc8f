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
from sluice.controls import max_wait_seconds
from sluice.errors import JobFailure
from sluice.models import utcnow
from sluice.ratelimits import Subject, effective_limits, job_subjects, tenant_rules
from sluice.runtime import Runtime
from sluice.tracing import stage_span
from workers.pipeline.claim import Claim

PERIOD_S = 60.0
RULE_CACHE_S = 5.0

# KEYS: the job's admitted marker, then one per limit. ARGV: the period, the longest
# delay the job may still wait, then cost and limit per limit key. Redis' own clock, so
# every host agrees. A job whose turn was already given passes; one that fits now is
# charged now; one that fits within its allowed delay is charged at its future turn, so
# waiting jobs queue up one interval apart instead of all retrying at the same moment;
# one that would wait longer is refused and charged nothing.
_ADMIT = """
if redis.call('DEL', KEYS[1]) == 1 then return {'admitted', '0'} end
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1e6
local period, max_delay = tonumber(ARGV[1]), tonumber(ARGV[2])
local wait, tats = 0, {}
for i = 2, #KEYS do
  local cost, limit = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  tats[i] = math.max(tonumber(redis.call('GET', KEYS[i]) or now), now)
  wait = math.max(wait, tats[i] + cost * period / limit - period - now)
end
if wait > max_delay then return {'refused', tostring(wait)} end
local turn = now + wait
for i = 2, #KEYS do
  local cost, limit = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local tat = math.max(tats[i], turn) + cost * period / limit
  redis.call('SET', KEYS[i], tostring(tat), 'PX', math.ceil((tat - now) * 1000) + 1)
end
if wait > 0 then return {'scheduled', tostring(wait)} end
return {'admitted', '0'}
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
    """Not now: the job goes back to its queue and runs when it fits.

    `admitted` means its limits are already charged for that moment, so its next run
    passes them without a second check.
    """

    def __init__(self, delay_s: float, reason: str, admitted: bool = False) -> None:
        super().__init__(reason)
        self.delay_s = delay_s
        self.reason = reason
        self.admitted = admitted


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
    """Per-process cache of each tenant's rules and max wait, so a job costs no query."""

    def __init__(self) -> None:
        self._rules: dict[str, tuple[float, dict, int]] = {}
        self._lock = threading.Lock()

    def get(self, rt: Runtime, tenant_id: str) -> tuple[dict, int]:
        with self._lock:
            cached = self._rules.get(tenant_id)
        if cached and time.monotonic() - cached[0] < RULE_CACHE_S:
            return cached[1], cached[2]
        with rt.db.session() as session:
            rules = tenant_rules(session, tenant_id)
        max_wait = max_wait_seconds(rt, tenant_id)
        with self._lock:
            self._rules[tenant_id] = (time.monotonic(), rules, max_wait)
        return rules, max_wait


_rule_cache = RuleCache()


@stage_span("sluice.rate_limit", quiet=(JobDeferred,))
def admit(rt: Runtime, claim: Claim, request: ChatRequest) -> Admission:
    """Charge one request and the estimated tokens to every limit: now, at the job's turn
    (JobDeferred), or never, when its turn would come after the tenant's max wait."""
    job = claim.job
    subjects = job_subjects(claim.tenant_slug, job.team, job.user, job.key_id, job.model)
    rules, max_wait = _rule_cache.get(rt, job.tenant_id)
    limits = effective_limits(rules, rt.config.limits, subjects)
    tokens = estimate_tokens(request)
    keys, argv, token_keys = [], [], []
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
    admission = Admission(token_keys=token_keys, estimated_tokens=tokens)
    if not keys:
        return admission
    age = (utcnow() - job.created_at).total_seconds()
    outcome, wait = rt.redis.eval(_ADMIT, len(keys) + 1, admitted_key(rt, job.id), *keys,
                                  PERIOD_S, max(max_wait - age, 0), *argv)
    if outcome == b"refused":
        raise RateLimited(f"its turn under the rate limit is {float(wait):.0f}s away, past "
                          f"the tenant's max wait of {max_wait}s")
    if outcome == b"scheduled":
        raise JobDeferred(float(wait), "rate limit", admitted=True)
    return admission


def admitted_key(rt: Runtime, job_id: str) -> str:
    """Set while a job waits for a turn its limits have already been charged for."""
    return f"{rt.settings.redis_prefix}rl-admitted:{job_id}"


def correct(redis: Redis, admission: Admission, usage: Usage) -> None:
    """After the call: charge the real token count instead of the estimate."""
    difference = usage.input_tokens + usage.output_tokens - admission.estimated_tokens
    for key, allowed in admission.token_keys:
        redis.eval(_CORRECT, 1, key, difference, allowed, PERIOD_S)


def limit_key(rt: Runtime, tenant_id: str, subject: Subject, unit: str) -> str:
    return f"{rt.settings.redis_prefix}rl:{tenant_id}:{subject.scope}:{subject.subject}:{unit}"
