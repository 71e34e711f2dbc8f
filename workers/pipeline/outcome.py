"""Store the outcome: result, usage row and status in one transaction, under the lease."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import update

from sluice.chat import ChatResponse
from sluice.crypto import PayloadCipher
from sluice.db import Database
from sluice.dialects import DIALECTS
from sluice.errors import JobFailure
from sluice.models import Job, UsageRow, utcnow
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


def store_success(db: Database, cipher: PayloadCipher, claim: Claim, response: ChatResponse,
                  backend: Backend, cost: Decimal) -> None:
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


def store_failure(db: Database, claim: Claim, failure: JobFailure) -> None:
    with db.session() as session:
        _finish(session, claim, status="failed", error_type=failure.error_type,
                error_message=failure.message[:2000])
