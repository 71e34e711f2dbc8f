"""Retry scheduling, run in-process against a receiver that is not there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select, update

from sluice.models import WebhookDelivery, utcnow
from sluice.webhook_deliveries import parse_retry_after, release_delivery, retry_delay
from workers.pinned_http import post_to_address
from workers.webhooks import deliver_webhook

JOB = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "x"}]}


def _due_delivery(live_api, live_tenant, live_runtime, receiver) -> str:
    dead = receiver.url.rsplit(":", 1)[0] + ":9/hook"
    job_id = requests.post(f"{live_api}/v1/jobs", headers=live_tenant["headers"], timeout=10,
                           json={**JOB, "callback_url": dead}).json()["id"]
    with live_runtime.db.session() as session:
        return release_delivery(session, live_runtime.cipher, "job.succeeded", {"id": job_id},
                                job_id=job_id)


def test_a_failed_attempt_is_scheduled_with_backoff(live_api, live_tenant, live_runtime,
                                                    receiver):
    delivery_id = _due_delivery(live_api, live_tenant, live_runtime, receiver)
    assert deliver_webhook(live_runtime, delivery_id) == "retry"
    assert deliver_webhook(live_runtime, delivery_id) is None  # not due yet: nothing sent
    with live_runtime.db.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        assert delivery.status == "pending" and delivery.attempts == 1
        wait = delivery.next_attempt_at - utcnow()
    base = live_runtime.settings.webhook_retry_base_seconds
    assert timedelta(0) < wait <= timedelta(seconds=base)


def test_retries_stop_once_they_have_spanned_the_window(live_api, live_tenant, live_runtime,
                                                        receiver):
    delivery_id = _due_delivery(live_api, live_tenant, live_runtime, receiver)
    window = timedelta(hours=live_runtime.settings.webhook_retry_hours)
    with live_runtime.db.session() as session:
        session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id)
                        .values(first_attempt_at=utcnow() - window, attempts=30))
    assert deliver_webhook(live_runtime, delivery_id) == "failed"
    with live_runtime.db.session() as session:
        delivery = session.scalar(select(WebhookDelivery).where(WebhookDelivery.id == delivery_id))
        assert delivery.status == "failed" and delivery.next_attempt_at is None


@pytest.mark.parametrize("attempt, ceiling", [(1, 10), (4, 80), (30, 3600)])
def test_backoff_doubles_with_jitter_up_to_an_hour(attempt, ceiling):
    delays = [retry_delay(attempt, 10, None).total_seconds() for _ in range(50)]
    assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
    assert len(set(delays)) > 1


def test_retry_after_is_a_floor_in_seconds_or_as_a_date():
    assert retry_delay(1, 10, "120") >= timedelta(seconds=120)
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert parse_retry_after("Fri, 27 Nov 2026 12:01:00 GMT", now) == timedelta(minutes=1)
    assert parse_retry_after("soon", now) is None


def test_the_post_goes_to_the_checked_address_under_the_url_host_name(receiver):
    port = receiver.url.rsplit(":", 1)[1].split("/")[0]
    answer = post_to_address(f"http://hooks.example.invalid:{port}/hook", "127.0.0.1", b"{}",
                             {"content-type": "application/json"}, timeout=5)
    assert answer.status_code == 200
    assert receiver.received[0]["headers"]["Host"] == f"hooks.example.invalid:{port}"


def test_https_is_pinned_too_and_keeps_the_name_for_tls(receiver):
    port = receiver.url.rsplit(":", 1)[1].split("/")[0]
    with pytest.raises(requests.exceptions.SSLError):  # reached 127.0.0.1, which speaks no TLS
        post_to_address(f"https://hooks.example.invalid:{port}/hook", "127.0.0.1", b"{}", {},
                        timeout=5)
