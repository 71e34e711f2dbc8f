"""When a job or a batch ends: release its waiting webhook and hand it to a worker.

Called by the worker after a job's outcome is stored, by the api after a
cancel, and by beat for anything those missed; the conditional updates make
each event fire once whoever gets there first.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import Celery
from kombu.exceptions import KombuError
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.orm import Session

from sluice.batch_views import batch_view
from sluice.batches import batch_of_job, end_batch_if_done
from sluice.broker import DELIVER_WEBHOOK_TASK
from sluice.crypto import PayloadCipher
from sluice.jobs import FINAL_STATUSES, job_view
from sluice.models import Batch, Job, WebhookDelivery
from sluice.webhook_deliveries import release_delivery

log = logging.getLogger("sluice.webhooks")


def job_ended(session: Session, cipher: PayloadCipher, job_id: str) -> list[str]:
    """Deliveries now due: the job's own, and its batch's if this was the batch's last job."""
    due = []
    if session.scalar(select(WebhookDelivery.id).where(WebhookDelivery.job_id == job_id,
                                                       WebhookDelivery.status == "waiting")):
        job = session.get(Job, job_id)
        data = job_view(session, cipher, job)
        data.pop("callback", None)
        due.append(release_delivery(session, cipher, f"job.{job.status}", data, job_id=job_id))
    batch_id = batch_of_job(session, job_id)
    if batch_id is not None:
        due += batch_ended_if_done(session, cipher, batch_id)
    return [delivery_id for delivery_id in due if delivery_id]


def batch_ended_if_done(session: Session, cipher: PayloadCipher, batch_id: str) -> list[str]:
    if not end_batch_if_done(session, batch_id):
        return []
    batch = session.get(Batch, batch_id)
    session.refresh(batch)
    delivery_id = release_delivery(session, cipher, "batch.ended", batch_view(session, batch, ""),
                                   batch_id=batch_id)
    return [delivery_id] if delivery_id else []


def waiting_for_ended_jobs(session: Session, cipher: PayloadCipher, limit: int) -> list[str]:
    """Job callbacks whose job ended without the worker releasing them (a cancel, a crash)."""
    job_ids = session.scalars(
        select(Job.id).join(WebhookDelivery, WebhookDelivery.job_id == Job.id)
        .where(WebhookDelivery.status == "waiting", Job.status.in_(FINAL_STATUSES))
        .limit(limit)).all()
    return [delivery_id for job_id in job_ids
            for delivery_id in job_ended(session, cipher, job_id)]


def publish_deliveries(celery: Celery, delivery_ids: Iterable[str]) -> None:
    """After commit. A broker outage loses nothing: beat sends every due delivery."""
    delivery_ids = list(delivery_ids)
    if not delivery_ids:
        return
    try:
        with celery.producer_or_acquire() as producer:
            for delivery_id in delivery_ids:
                celery.send_task(DELIVER_WEBHOOK_TASK, args=[delivery_id], producer=producer)
    except (RedisError, KombuError, OSError) as exc:
        log.warning("webhook publish deferred to beat",
                    extra={"deliveries": len(delivery_ids),
                           "error_class": exc.__class__.__name__})
