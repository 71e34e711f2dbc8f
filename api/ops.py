"""Liveness, readiness with detail, and Prometheus metrics."""

from __future__ import annotations

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.exceptions import RedisError
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from api.context import runtime
from sluice.metrics import QUEUE_DEPTH
from sluice.models import Job, Tenant
from sluice.pii_status import pii_readiness

blueprint = Blueprint("ops", __name__)


@blueprint.get("/healthz")
def healthz():
    return {"status": "ok"}


@blueprint.get("/readyz")
def readyz():
    rt = runtime()
    detail = {}
    try:
        with rt.db.session() as session:
            session.execute(text("SELECT 1"))
        detail["database"] = {"ok": True, "dialect": rt.db.engine.dialect.name}
    except SQLAlchemyError as exc:
        detail["database"] = {"ok": False, "error": exc.__class__.__name__}
    try:
        rt.redis.ping()
        detail["broker"] = {"ok": True}
    except (RedisError, OSError) as exc:
        detail["broker"] = {"ok": False, "error": exc.__class__.__name__}
    if detail["broker"]["ok"]:
        detail["pii"] = pii_readiness(rt.redis, rt.settings.redis_prefix)
    ready = all(part["ok"] for part in detail.values())
    return {"status": "ready" if ready else "unavailable", "detail": detail}, 200 if ready else 503


@blueprint.get("/metrics")
def metrics():
    with runtime().db.session() as session:
        depth = session.execute(
            select(Tenant.slug, func.count(Job.id))
            .join(Job, (Job.tenant_id == Tenant.id) & (Job.status == "queued"), isouter=True)
            .group_by(Tenant.slug)).all()
    for slug, count in depth:
        QUEUE_DEPTH.labels(tenant=slug).set(count)
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)
