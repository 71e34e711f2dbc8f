"""A circuit breaker per backend, kept in Redis so every worker sees the same state.

`breaker_failures` retryable failures within `breaker_window_s` open the circuit: the
backend is skipped for `breaker_cooldown_s`. Then one worker at a time may probe it; a
probe that answers closes the circuit, one that fails opens it again. Without Redis the
breaker fails open: every backend is tried, as if it had none.
"""

from __future__ import annotations

from redis import Redis
from redis.exceptions import RedisError

from sluice.config import FailoverConfig

# Counts a failure; opens the circuit (and arms the half-open probe) at the threshold.
_FAILED = """
local fails = redis.call('INCR', KEYS[1])
if fails == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if fails >= tonumber(ARGV[2]) or redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('SET', KEYS[3], '1')
  redis.call('DEL', KEYS[1], KEYS[4])
  return 1
end
return 0
"""


class CircuitBreaker:
    def __init__(self, redis: Redis, prefix: str, policy: FailoverConfig) -> None:
        self.redis = redis
        self.prefix = f"{prefix}breaker:"
        self.policy = policy
        self._clean = False

    def _keys(self, backend: str) -> list[str]:
        return [f"{self.prefix}{backend}:{part}" for part in ("fails", "open", "half", "probe")]

    def allows(self, backend: str, timeout_s: float) -> bool:
        """Closed, or half-open and this caller won the one probe slot."""
        fails, opened, half, probe = self._keys(backend)
        try:
            has_fails, is_open, is_half = self.redis.mget(fails, opened, half)
            self._clean = not (has_fails or is_half)
            if is_open:
                return False
            if not is_half:
                return True
            return bool(self.redis.set(probe, "1", nx=True, px=int((timeout_s + 5) * 1000)))
        except RedisError:
            self._clean = True
            return True

    def failed(self, backend: str) -> bool:
        """Count a failure; True when this one opened the circuit."""
        policy = self.policy
        try:
            return bool(self.redis.eval(_FAILED, 4, *self._keys(backend),
                                        int(policy.breaker_window_s * 1000),
                                        policy.breaker_failures,
                                        int(policy.breaker_cooldown_s * 1000)))
        except RedisError:
            return False

    def succeeded(self, backend: str) -> None:
        """Closes the circuit; a healthy backend (no recent failures) costs no round trip."""
        if self._clean:
            return
        fails, _opened, half, probe = self._keys(backend)
        try:
            self.redis.delete(fails, half, probe)
        except RedisError:
            return
