"""Webhook deliveries as rows: registered with their job or batch, released when it ends,
scheduled with backoff, and shown under `callback` on the job.

The due time lives in the row, not in a Celery ETA task: a retry a day away
costs nothing in any worker's memory, and beat sends whatever is due.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sluice.crypto import PayloadCipher
from sluice.ids import new_id
from sluice.models import WebhookAttempt, WebhookDelivery, iso, utcnow

MAX_BACKOFF = timedelta(hours=1)
MAX_RETRY_AFTER = timedelta(hours=6)


def register_callback(session: Session, tenant_id: str, url: str, *, job_id: str | None = None,
                      batch_id: str | None = None) -> WebhookDelivery:
    """A delivery that waits for its job or batch to end."""
    delivery = WebhookDelivery(id=new_id("msg"), tenant_id=tenant_id, url=url, job_id=job_id,
                               batch_id=batch_id, status="waiting", attempts=0)
    session.add(delivery)
    return delivery


def release_delivery(session: Session, cipher: PayloadCipher, event_type: str,
                     data: dict[str, Any], *, job_id: str | None = None,
                     batch_id: str | None = None) -> str | None:
    """Seal the event and make the waiting delivery due now; its id, or None if none waits."""
    column = WebhookDelivery.job_id if job_id else WebhookDelivery.batch_id
    now = utcnow()
    delivery_id = session.scalar(
        update(WebhookDelivery)
        .where(column == (job_id or batch_id), WebhookDelivery.status == "waiting")
        .values(status="pending", next_attempt_at=now,
                payload_ciphertext=_sealed_event(cipher, event_type, data, now))
        .returning(WebhookDelivery.id)
        .execution_options(synchronize_session=False))
    return delivery_id


def queue_event(session: Session, cipher: PayloadCipher, tenant_id: str, url: str,
                event_type: str, data: dict[str, Any]) -> str:
    """A delivery due now that no job or batch waits for, such as a budget alert."""
    now = utcnow()
    delivery = WebhookDelivery(id=new_id("msg"), tenant_id=tenant_id, url=url, status="pending",
                               attempts=0, next_attempt_at=now,
                               payload_ciphertext=_sealed_event(cipher, event_type, data, now))
    session.add(delivery)
    return delivery.id


def _sealed_event(cipher: PayloadCipher, event_type: str, data: dict[str, Any],
                  now: datetime) -> str:
    return cipher.seal({"type": event_type, "timestamp": iso(now), "data": data})


def retry_delay(attempt: int, base_seconds: float, retry_after: str | None) -> timedelta:
    """Exponential with full jitter in its upper half; a `Retry-After` is a floor."""
    ceiling = min(timedelta(seconds=base_seconds * 2 ** (attempt - 1)), MAX_BACKOFF)
    delay = ceiling * random.uniform(0.5, 1.0)
    asked = parse_retry_after(retry_after)
    return max(delay, min(asked, MAX_RETRY_AFTER)) if asked else delay


def parse_retry_after(value: str | None, now: datetime | None = None) -> timedelta | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(moment - (now or utcnow()), timedelta(0))


def callback_view(session: Session, job_id: str) -> dict[str, Any] | None:
    delivery = session.scalar(select(WebhookDelivery).where(WebhookDelivery.job_id == job_id))
    return None if delivery is None else delivery_view(session, delivery)


def delivery_view(session: Session, delivery: WebhookDelivery) -> dict[str, Any]:
    attempts = session.scalars(select(WebhookAttempt)
                               .where(WebhookAttempt.delivery_id == delivery.id)
                               .order_by(WebhookAttempt.number))
    return {
        "url": delivery.url,
        "webhook_id": delivery.id,
        "status": delivery.status,
        "next_attempt_at": iso(delivery.next_attempt_at) if delivery.status == "pending" else None,
        "attempts": [{"number": attempt.number, "status_code": attempt.status_code,
                      "latency_ms": attempt.latency_ms, "error": attempt.error,
                      "at": iso(attempt.attempted_at)} for attempt in attempts],
    }


def event_body(cipher: PayloadCipher, delivery: WebhookDelivery) -> str:
    """The exact bytes that are signed and sent, the same on every retry."""
    return json.dumps(cipher.open(delivery.payload_ciphertext), separators=(",", ":"))
