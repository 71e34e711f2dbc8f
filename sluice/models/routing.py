"""Every provider call a job made: which backend, how it ended, how long it took."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sluice.models.types import Base, UtcDateTime, utcnow


class JobAttempt(Base):
    """One call to one backend. `outcome`: ok, retryable, fatal (a retry cannot fix it),
    refused (the request has no form in that provider's dialect) or skipped (circuit open).
    A job resumed after a long backoff reads these to know which tries it has left."""

    __tablename__ = "job_attempts"
    __table_args__ = (Index("ix_job_attempts_job_id_id", "job_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"))
    backend: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(300))
    duration_ms: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
