"""Which PII engine mode each worker runs, shared through Redis so `/readyz` (in the api, which
cannot see a worker's model) shows a degraded worker. Entries expire if a worker dies."""

from __future__ import annotations

from redis import Redis

STATUS_TTL_SECONDS = 60


def _key(prefix: str, worker: str) -> str:
    return f"{prefix}pii-engine:{worker}"


def publish_engine_mode(redis: Redis, prefix: str, worker: str, mode: str) -> None:
    redis.set(_key(prefix, worker), mode, ex=STATUS_TTL_SECONDS)


def engine_modes(redis: Redis, prefix: str) -> dict[str, str]:
    """Worker name -> mode, for every worker seen in the last STATUS_TTL_SECONDS."""
    keys = list(redis.scan_iter(match=_key(prefix, "*"), count=500))
    modes = redis.mget(keys) if keys else []
    start = len(_key(prefix, ""))
    return {key.decode()[start:]: mode.decode() for key, mode in zip(keys, modes, strict=True)
            if mode is not None}


def pii_readiness(redis: Redis, prefix: str) -> dict:
    """Degraded is not down: pattern recognizers still run, so readiness stays ok."""
    modes = engine_modes(redis, prefix)
    return {"ok": True, "workers": modes,
            "degraded": any(mode == "patterns-only" for mode in modes.values())}
