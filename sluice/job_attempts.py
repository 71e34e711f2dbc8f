"""The provider calls of one job, as the job view shows them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sluice.models import JobAttempt, iso


def attempts_view(session: Session, job_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(select(JobAttempt).where(JobAttempt.job_id == job_id)
                           .order_by(JobAttempt.id))
    return [{"backend": row.backend, "model": row.model, "outcome": row.outcome,
             "error": row.error, "duration_ms": row.duration_ms,
             "started_at": iso(row.started_at)} for row in rows]
