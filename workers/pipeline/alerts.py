"""Budget alerts: each crossing of `alert_at` is announced once per period, as a log
line, a metric and, when the tenant has an `alert_url`, a signed webhook."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from sluice.budgets import Alert
from sluice.crypto import PayloadCipher
from sluice.metrics import BUDGET_ALERTS
from sluice.models import TenantControls, money_text
from sluice.webhook_deliveries import queue_event

log = logging.getLogger("sluice.alerts")


def queue_alert_webhooks(session: Session, cipher: PayloadCipher,
                         alerts: list[Alert]) -> list[str]:
    """In the transaction that crossed the threshold, so an alert is never lost or doubled."""
    deliveries = []
    for alert in alerts:
        controls = session.get(TenantControls, alert.tenant_id)
        if controls is not None and controls.alert_url:
            deliveries.append(queue_event(session, cipher, alert.tenant_id, controls.alert_url,
                                          "budget.alert", alert_data(alert)))
    return deliveries


def log_alerts(tenant_slug: str, alerts: list[Alert]) -> None:
    for alert in alerts:
        BUDGET_ALERTS.labels(tenant_slug, alert.scope, alert.period).inc()
        log.warning("budget alert", extra={"tenant": tenant_slug, **alert_data(alert)})


def alert_data(alert: Alert) -> dict:
    return {"budget_id": alert.budget_id, "scope": alert.scope, "subject": alert.subject,
            "period": alert.period, "limit_usd": money_text(alert.limit_usd),
            "spent_usd": money_text(alert.spent_usd)}
