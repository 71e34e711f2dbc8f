"""The front door: authenticate, validate, write job rows, publish, answer."""

from __future__ import annotations

from flask import Flask

from api import (
    admin,
    batches,
    controls,
    dialects,
    errors,
    files,
    jobs,
    message_batches,
    ops,
    pii_policies,
    usage,
    webhook_admin,
)
from api.request_log import install_request_log
from api.request_span import install_request_span
from sluice.logs import configure_logging
from sluice.runtime import Runtime, build_runtime
from sluice.settings import Settings
from sluice.tracing import configure_tracing


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    settings = settings or (runtime.settings if runtime else Settings())
    configure_logging(settings.log_level)
    configure_tracing("sluice-api", settings)
    app = Flask("sluice")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False
    app.extensions["sluice"] = runtime or build_runtime(settings)
    errors.register(app)
    install_request_span(app)
    install_request_log(app)
    for blueprint in (jobs.blueprint, admin.blueprint, ops.blueprint, pii_policies.blueprint,
                      controls.blueprint, usage.blueprint, batches.blueprint,
                      message_batches.blueprint, files.blueprint, webhook_admin.blueprint,
                      dialects.blueprint):
        app.register_blueprint(blueprint)
    return app
