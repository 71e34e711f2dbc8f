"""The worker's and beat's side of delivery: announce an ended job, send what is due,
close batches that ended or expired, and drop idempotency keys past their day."""

from __future__ import annotations

import logging

from kombu.exceptions import KombuError
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from sluice.batches import expire_batch, open_batches, overdue_batches
from sluice.delivery_events import (
    batch_ended_if_done,
    job_ended,
    publish_deliveries,
    waiting_for_ended_jobs,
)
from sluice.idempotency import purge_expired_keys
from sluice.models import WebhookDelivery, utcnow
from sluice.runtime import Runtime

log = logging.getLogger("sluice.webhooks")
DUE_PAGE = 1000


def announce_job_delivery(rt: Runtime, job_id: str) -> None:
    """After the outcome is stored. A failure here is retried by beat, never by the job."""
    try:
        with rt.db.session() as session:
            due = job_ended(session, rt.cipher, job_id)
        publish_deliveries(rt.celery, due)
    except (SQLAlchemyError, RedisError, KombuError, OSError) as exc:
        log.warning("delivery left to beat", extra={"job_id": job_id,
                                                    "error_class": exc.__class__.__name__})


def send_due_webhooks(rt: Runtime) -> int:
    now = utcnow()
    with rt.db.session() as session:
        released = waiting_for_ended_jobs(session, rt.cipher, DUE_PAGE)
    with rt.db.session() as session:
        due = list(session.scalars(
            select(WebhookDelivery.id)
            .where(WebhookDelivery.status.in_(("pending", "sending")),
                   WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.next_attempt_at).limit(DUE_PAGE)))
    publish_deliveries(rt.celery, set(due) | set(released))
    return len(set(due) | set(released))


def close_batches(rt: Runtime) -> dict[str, int]:
    with rt.db.session() as session:
        overdue = overdue_batches(session)
    expired_jobs = 0
    for batch_id in overdue:
        with rt.db.session() as session:
            cancelled = expire_batch(session, batch_id)
        expired_jobs += len(cancelled)
        _forget_markers(rt, cancelled)
    with rt.db.session() as session:
        still_open = open_batches(session)
    due: list[str] = []
    for batch_id in still_open:
        with rt.db.session() as session:
            due += batch_ended_if_done(session, rt.cipher, batch_id)
    publish_deliveries(rt.celery, due)
    with rt.db.session() as session:
        purged = purge_expired_keys(session)
    if overdue or purged:
        log.info("batches expired, keys purged", extra={
            "expired_batches": len(overdue), "expired_jobs": expired_jobs, "purged_keys": purged})
    return {"expired_batches": len(overdue), "expired_jobs": expired_jobs, "purged_keys": purged}


def _forget_markers(rt: Runtime, job_ids: list[str]) -> None:
    try:
        for start in range(0, len(job_ids), DUE_PAGE):
            rt.publisher.forget(*job_ids[start:start + DUE_PAGE])
    except RedisError as exc:
        log.warning("markers not removed", extra={"error_class": exc.__class__.__name__})
