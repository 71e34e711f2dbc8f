"""Store the outcome: result, usage row and status in one transaction, under the lease."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import update

from sluice.budgets import Alert, release, settle
from sluice.chat import ChatResponse
from sluice.crypto import PayloadCipher
from sluice.db import Database
from sluice.dialects import DIALECTS
from sluice.errors import JobFailure
from sluice.models import Job, UsageRow, utcnow
from workers.pipeline.alerts import queue_alert_webhooks
from workers.pipeline.claim import Claim
from workers.pipeline.routing import Backend


class LeaseLost(Exception):
    """Another run owns the job now (this worker stalled past its lease): write nothing."""


def _finish(session, claim: Claim, **values) -> None:
    ended = session.execute(
        update(Job)
        .where(Job.id == claim.job.id, Job.lease_token == claim.lease_token,
               Job.status == "running")
        .values(finished_at=utcnow(), lease_token=None, lease_expires_at=None, **values)
        .execution_options(synchronize_session=False))
    if ended.rowcount != 1:
        raise LeaseLost(claim.job.id)


@dataclass(frozen=True)
class Settled:
    """Budget alerts this job's spend crossed, and the alert webhooks queued for them."""

    alerts: list[Alert]
    alert_deliveries: list[str]


def store_success(db: Database, cipher: PayloadCipher, claim: Claim, response: ChatResponse,
                  backend: Backend, cost: Decimal) -> Settled:
    """Also turns the job's budget reservations into spend and queues any alert it owes."""
    job = claim.job
    result = {"content": response.text, "stop_reason": response.stop_reason,
              "message": DIALECTS[job.dialect].render_message(response)}
    with db.session() as session:
        _finish(session, claim, status="succeeded", result_ciphertext=cipher.seal(result),
                provider=backend.name, provider_model=response.model)
        session.add(UsageRow(
            job_id=job.id, tenant_id=job.tenant_id, key_id=job.key_id, user=job.user,
            team=job.team, provider=backend.name, model=response.model,
            input_tokens=response.usage.input_tokens, output_tokens=response.usage.output_tokens,
            cost_usd=cost))
        alerts = settle(session, job.id, cost)
        return Settled(alerts, queue_alert_webhooks(session, cipher, alerts))


def store_failure(db: Database, claim: Claim, failure: JobFailure) -> None:
    with db.session() as session:
        _finish(session, claim, status="failed", error_type=failure.error_type,
                error_message=failure.message[:2000])
        release(session, claim.job.id)
