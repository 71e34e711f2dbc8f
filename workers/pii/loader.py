"""The one PII engine of a worker process, its degraded-mode metric and its Redis heartbeat."""

from __future__ import annotations

import logging
import os
import socket
import threading

from redis.exceptions import RedisError

from sluice.metrics import PII_ENGINE_DEGRADED
from sluice.pii_status import STATUS_TTL_SECONDS, publish_engine_mode
from sluice.runtime import Runtime
from workers.pii.engine import PiiEngine, build_local_engine

log = logging.getLogger("sluice.worker")
_lock = threading.Lock()
_engine: PiiEngine | None = None


def build_engine(rt: Runtime) -> PiiEngine:
    settings = rt.settings
    if settings.presidio_analyzer_url and settings.presidio_anonymizer_url:
        from workers.pii.remote import RemotePiiEngine

        return RemotePiiEngine(settings.presidio_analyzer_url, settings.presidio_anonymizer_url,
                               rt.config.pii)
    return build_local_engine(rt.config.pii, settings.pii_model)


def pii_engine(rt: Runtime) -> PiiEngine:
    """Loaded by `start_pii_engine` before the pool starts; built here for in-process runs."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = build_engine(rt)
            PII_ENGINE_DEGRADED.set(1 if _engine.mode == "patterns-only" else 0)
            log.info("PII engine loaded", extra={"mode": _engine.mode})
        return _engine


def start_pii_engine(rt: Runtime) -> PiiEngine:
    """Load and warm the engine, then keep this worker's mode visible to `/readyz`."""
    engine = pii_engine(rt)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    stop = threading.Event()

    def heartbeat() -> None:
        while True:
            try:
                publish_engine_mode(rt.redis, rt.settings.redis_prefix, worker, engine.mode)
            except RedisError as exc:
                log.warning("PII mode not published",
                            extra={"error_class": exc.__class__.__name__})
            if stop.wait(STATUS_TTL_SECONDS / 3):
                return

    threading.Thread(target=heartbeat, name="pii-engine-heartbeat", daemon=True).start()
    return engine
