"""What a worker process builds once: its runtime, the lease keeper, the metrics endpoint."""

from __future__ import annotations

import logging
import threading

from celery import Celery
from prometheus_client import start_http_server

from sluice.logs import configure_logging
from sluice.runtime import Runtime, build_runtime
from sluice.settings import get_settings
from sluice.tracing import configure_tracing, tracing_target
from workers.pii.loader import start_pii_engine
from workers.pipeline.claim import LeaseKeeper

log = logging.getLogger("sluice.worker")
_lock = threading.Lock()
_runtime: Runtime | None = None
_lease_keeper: LeaseKeeper | None = None


def process_runtime(celery: Celery) -> Runtime:
    """Built on first use, so beat and one-off task calls get one too."""
    global _runtime
    with _lock:
        if _runtime is None:
            _runtime = build_runtime(get_settings(), celery=celery)
        return _runtime


def lease_keeper(runtime: Runtime) -> LeaseKeeper:
    global _lease_keeper
    with _lock:
        if _lease_keeper is None:
            _lease_keeper = LeaseKeeper(runtime.db, runtime.settings.lease_seconds)
            _lease_keeper.start()
        return _lease_keeper


def start_worker_process(celery: Celery) -> None:
    """Before the pool starts: fail fast on bad config, then serve metrics."""
    settings = get_settings()
    configure_logging(settings.log_level)
    configure_tracing("sluice-worker", settings)
    log.info("worker traces", extra={"traces": tracing_target(settings)})
    runtime = process_runtime(celery)
    lease_keeper(runtime)
    start_pii_engine(runtime)
    if settings.worker_metrics_port:
        try:
            start_http_server(settings.worker_metrics_port, addr=settings.worker_metrics_host)
            log.info("worker metrics", extra={
                "url": f"http://{settings.worker_metrics_host}:{settings.worker_metrics_port}/"})
        except OSError as exc:
            log.warning("worker metrics port busy; metrics not served",
                        extra={"port": settings.worker_metrics_port, "error": exc.strerror})
