"""Routing decisions that need no provider: weighted splits and the shared breaker."""

from __future__ import annotations

import secrets
import time
from collections import Counter

from sluice.config import FailoverConfig, SluiceConfig
from workers.pipeline.breaker import CircuitBreaker
from workers.pipeline.routing import resolve_backends

CONFIG = SluiceConfig.model_validate({
    "providers": {"a": {"kind": "openai", "base_url": "http://a/v1"},
                  "b": {"kind": "anthropic", "base_url": "http://b"}},
    "routes": [
        {"model": "ab", "backends": [{"provider": "a", "model": "m-a", "weight": 3},
                                     {"provider": "b", "model": "m-b", "weight": 1},
                                     {"provider": "a", "model": "m-fallback"}]},
        {"model": "ordered", "backends": [{"provider": "a"}, {"provider": "b"},
                                          {"provider": "b", "model": "off", "weight": 0}]},
    ]})


def _order(model: str, seed: str) -> list[str]:
    return [backend.model for backend in resolve_backends(CONFIG, model, {}, seed)]


def test_weights_split_traffic_and_unweighted_backends_stay_fallbacks():
    orders = [_order("ab", f"job_{n}") for n in range(400)]
    firsts = Counter(order[0] for order in orders)
    assert 260 <= firsts["m-a"] <= 340 and firsts["m-a"] + firsts["m-b"] == 400
    assert all(order[2] == "m-fallback" for order in orders)


def test_a_job_keeps_its_split_when_it_runs_again():
    assert all(_order("ab", f"job_{n}") == _order("ab", f"job_{n}") for n in range(50))


def test_without_weights_the_listed_order_holds_and_weight_zero_is_out():
    assert _order("ordered", "x") == ["ordered", "ordered"]
    assert [b.name for b in resolve_backends(CONFIG, "ordered", {}, "y")] == ["a", "b"]


def test_the_breaker_opens_then_lets_one_probe_through(runtime):
    policy = FailoverConfig(breaker_failures=3, breaker_window_s=10, breaker_cooldown_s=0.3)
    breaker = CircuitBreaker(runtime.redis, runtime.settings.redis_prefix, policy)
    other = CircuitBreaker(runtime.redis, runtime.settings.redis_prefix, policy)
    backend = f"unit-{secrets.token_hex(3)}/m"
    assert [breaker.failed(backend) for _ in range(3)] == [False, False, True]
    assert not other.allows(backend, 1)
    time.sleep(0.4)
    assert breaker.allows(backend, 1) and not other.allows(backend, 1)
    assert breaker.failed(backend)
    assert not other.allows(backend, 1)
    time.sleep(0.4)
    assert other.allows(backend, 1)
    other.succeeded(backend)
    assert breaker.allows(backend, 1) and other.allows(backend, 1)


def test_without_redis_the_breaker_fails_open():
    from redis import Redis

    unreachable = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    breaker = CircuitBreaker(unreachable, "x:", FailoverConfig())
    assert breaker.allows("a/m", 1) and not breaker.failed("a/m")
    breaker.succeeded("a/m")
