"""One JSON line per request: who, what, how long; never the body or a key."""

from __future__ import annotations

import logging
import time

from flask import Flask, g, request

log = logging.getLogger("sluice.request")


def install_request_log(app: Flask) -> None:
    @app.before_request
    def _start_clock() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        caller = g.get("caller")
        log.info("request", extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter()))
                                 * 1000, 2),
            "tenant": caller.tenant_slug if caller else None,
            "job_id": response.headers.get("sluice-job-id"),
        })
        return response
