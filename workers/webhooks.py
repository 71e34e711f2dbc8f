"""Sending webhooks: claim a due delivery, sign and POST it with no database connection
held, record the attempt, and schedule the next one when the failure can pass."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from sqlalchemy import func, update

from sluice.callback_urls import RefusedCallbackUrl, check_callback_url
from sluice.metrics import WEBHOOK_DELIVERIES
from sluice.models import WebhookAttempt, WebhookDelivery, utcnow
from sluice.runtime import Runtime
from sluice.webhook_deliveries import event_body, retry_delay
from sluice.webhook_secrets import signature_headers, signing_secrets
from workers.pinned_http import post_to_address

log = logging.getLogger("sluice.webhooks")
USER_AGENT = "sluice-webhooks/1"


@dataclass(frozen=True)
class Outbound:
    delivery_id: str
    number: int
    url: str
    body: str
    secrets: list[str]
    first_attempt_at: datetime


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    retry_after: str | None
    error: str | None
    latency_ms: int


def deliver_webhook(rt: Runtime, delivery_id: str) -> str | None:
    """One attempt; how it ended, or None when it is not due or another worker holds it."""
    outbound = _claim(rt, delivery_id)
    if outbound is None:
        return None
    answer = _send(rt, outbound)
    outcome = _record(rt, outbound, answer)
    WEBHOOK_DELIVERIES.labels(outcome).inc()
    log.info("webhook attempt", extra={"delivery_id": delivery_id, "attempt": outbound.number,
                                       "status_code": answer.status_code, "outcome": outcome,
                                       "latency_ms": answer.latency_ms})
    return outcome


def _claim(rt: Runtime, delivery_id: str) -> Outbound | None:
    """Pending and due, or `sending` under a lease its worker let lapse."""
    now = utcnow()
    lease = timedelta(seconds=rt.settings.webhook_timeout_seconds + 30)
    with rt.db.session() as session:
        delivery = session.scalar(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id,
                   WebhookDelivery.status.in_(("pending", "sending")),
                   WebhookDelivery.next_attempt_at <= now)
            .values(status="sending", next_attempt_at=now + lease,
                    attempts=WebhookDelivery.attempts + 1,
                    first_attempt_at=func.coalesce(WebhookDelivery.first_attempt_at, now))
            .returning(WebhookDelivery)
            .execution_options(synchronize_session=False))
        if delivery is None:
            return None
        return Outbound(delivery.id, delivery.attempts, delivery.url,
                        event_body(rt.cipher, delivery),
                        signing_secrets(session, rt.cipher, delivery.tenant_id),
                        delivery.first_attempt_at)


def _send(rt: Runtime, outbound: Outbound) -> Answer:
    """No session is open here: a slow receiver never holds a database connection."""
    started = time.perf_counter()

    def answer(status_code=None, retry_after=None, error=None) -> Answer:
        return Answer(status_code, retry_after, error,
                      round((time.perf_counter() - started) * 1000))

    try:
        address = check_callback_url(outbound.url, rt.config.webhooks.allow_hosts)
    except RefusedCallbackUrl as exc:
        return answer(error=f"refused: {exc.message}"[:300])
    headers = {"content-type": "application/json", "user-agent": USER_AGENT,
               **signature_headers(outbound.secrets, outbound.delivery_id, utcnow(),
                                   outbound.body)}
    try:
        response = post_to_address(outbound.url, address, outbound.body.encode(), headers,
                                   rt.settings.webhook_timeout_seconds)
    except requests.Timeout:
        return answer(error="timeout")
    except requests.RequestException as exc:
        return answer(error=f"connection error: {exc.__class__.__name__}")
    response.close()
    return answer(response.status_code, response.headers.get("retry-after"))


def _outcome(answer: Answer) -> str:
    if answer.status_code is None:
        return "failed" if answer.error.startswith("refused") else "retry"
    if 200 <= answer.status_code < 300:
        return "delivered"
    if answer.status_code == 410:
        return "gone"
    if answer.status_code in (408, 425, 429) or answer.status_code >= 500:
        return "retry"
    return "failed"


def _record(rt: Runtime, outbound: Outbound, answer: Answer) -> str:
    now = utcnow()
    outcome = _outcome(answer)
    values: dict = {"status": outcome, "finished_at": now, "next_attempt_at": None}
    if outcome == "retry":
        next_at = now + retry_delay(outbound.number, rt.settings.webhook_retry_base_seconds,
                                    answer.retry_after)
        # Give up only once the retries have spanned the whole window.
        window = timedelta(hours=rt.settings.webhook_retry_hours)
        if now - outbound.first_attempt_at >= window:
            outcome = "failed"
            values["status"] = outcome
        else:
            values = {"status": "pending", "next_attempt_at": next_at}
    with rt.db.session() as session:
        session.add(WebhookAttempt(delivery_id=outbound.delivery_id, number=outbound.number,
                                   status_code=answer.status_code, latency_ms=answer.latency_ms,
                                   error=answer.error, attempted_at=now))
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == outbound.delivery_id,
                   WebhookDelivery.attempts == outbound.number,
                   WebhookDelivery.status == "sending")
            .values(**values).execution_options(synchronize_session=False))
    return outcome
