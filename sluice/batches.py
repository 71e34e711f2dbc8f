"""Batches: many jobs created in one transaction and published with one producer; counts,
cancel, expiry and the end of a batch all read and write the jobs themselves."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from sluice.crypto import PayloadCipher
from sluice.errors import InvalidRequest, NotFound
from sluice.ids import new_id
from sluice.jobs import build_job
from sluice.models import Batch, BatchEntry, Job, utcnow
from sluice.submission import JobSubmission
from sluice.tenancy import Caller
from sluice.webhook_deliveries import register_callback

OPEN_JOB_STATUSES = ("queued", "running")
TAIL_LINES = 200
EXPIRED = "expired"


@dataclass(frozen=True)
class BatchRequest:
    """One input line: a valid submission, or why it is not one."""

    line: int
    custom_id: str
    submission: JobSubmission | None = None
    error: str | None = None


@dataclass(frozen=True)
class BatchSpec:
    shape: str
    endpoint: str
    completion_window: str
    window: timedelta
    input_file_id: str | None = None
    metadata: dict[str, Any] | None = None
    callback_url: str | None = None


@dataclass
class Counts:
    processing: int = 0
    succeeded: int = 0
    errored: int = 0
    canceled: int = 0
    expired: int = 0


def check_custom_ids(requests: list[BatchRequest]) -> None:
    seen: dict[str, int] = {}
    for request in requests:
        if request.custom_id in seen:
            raise InvalidRequest(f"line {request.line + 1}: custom_id {request.custom_id!r} "
                                 f"repeats line {seen[request.custom_id] + 1}")
        seen[request.custom_id] = request.line


def create_batch(session: Session, cipher: PayloadCipher, caller: Caller,
                 requests: list[BatchRequest], spec: BatchSpec) -> tuple[Batch, list[str]]:
    """The batch, its entries and jobs, flushed together; the caller publishes after commit."""
    if not requests:
        raise InvalidRequest("a batch needs at least one request")
    check_custom_ids(requests)
    now = utcnow()
    batch = Batch(id=new_id("batch"), tenant_id=caller.tenant_id, key_id=caller.key_id,
                  shape=spec.shape, status="in_progress", endpoint=spec.endpoint,
                  completion_window=spec.completion_window, input_file_id=spec.input_file_id,
                  output_file_id=new_id("file"), error_file_id=new_id("file"),
                  metadata_json=json.dumps(spec.metadata) if spec.metadata else None,
                  total=len(requests), created_at=now, expires_at=now + spec.window)
    session.add(batch)
    entries, jobs, callbacks = [], [], []
    for request in requests:
        entry = {"batch_id": batch.id, "line": request.line, "custom_id": request.custom_id,
                 "job_id": None, "error_type": None, "error_message": request.error}
        if request.submission is not None:
            try:
                job = build_job(session, cipher, caller, request.submission, {})
            except InvalidRequest as exc:
                entry["error_message"] = exc.message
            else:
                jobs.append(job)
                entry["job_id"] = job.id
                if request.submission.callback_url:
                    callbacks.append((job.id, request.submission.callback_url))
        if entry["job_id"] is None:
            entry["error_type"] = "invalid_request"
        entries.append(entry)
    session.add_all(jobs)
    session.flush()
    session.execute(insert(BatchEntry), entries)
    for job_id, url in callbacks:
        register_callback(session, caller.tenant_id, url, job_id=job_id)
    if spec.callback_url:
        register_callback(session, caller.tenant_id, spec.callback_url, batch_id=batch.id)
    session.flush()
    return batch, [job.id for job in jobs]


def get_batch(session: Session, caller: Caller, batch_id: str) -> Batch:
    batch = session.get(Batch, batch_id)
    if batch is None or batch.tenant_id != caller.tenant_id:
        raise NotFound(f"no batch {batch_id!r}")
    return batch


def list_batches(session: Session, caller: Caller, limit: int,
                 after: str | None) -> tuple[list[Batch], bool]:
    query = select(Batch).where(Batch.tenant_id == caller.tenant_id)
    if after:
        query = query.where(Batch.id < after)
    rows = list(session.scalars(query.order_by(Batch.id.desc()).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


def batch_counts(session: Session, batch_id: str) -> Counts:
    rows = session.execute(
        select(Job.status, Job.error_type, func.count())
        .select_from(BatchEntry).outerjoin(Job, Job.id == BatchEntry.job_id)
        .where(BatchEntry.batch_id == batch_id).group_by(Job.status, Job.error_type))
    counts = Counts()
    for status, error_type, number in rows:
        if status in OPEN_JOB_STATUSES:
            counts.processing += number
        elif status == "succeeded":
            counts.succeeded += number
        elif status == "cancelled":
            if error_type == EXPIRED:
                counts.expired += number
            else:
                counts.canceled += number
        else:
            counts.errored += number
    return counts


def _cancel_queued(session: Session, batch_id: str, **values) -> list[str]:
    now = utcnow()
    return list(session.scalars(
        update(Job).where(Job.id.in_(_entry_jobs(batch_id)), Job.status == "queued")
        .values(status="cancelled", finished_at=now, lease_token=None, **values)
        .returning(Job.id).execution_options(synchronize_session=False)))


def cancel_batch(session: Session, caller: Caller, batch_id: str) -> list[str]:
    """Queued jobs stop now; running ones finish. Returns the jobs it cancelled."""
    batch = get_batch(session, caller, batch_id)
    if batch.status == "ended":
        return []
    session.execute(update(Batch).where(Batch.id == batch.id, Batch.status == "in_progress")
                    .values(status="canceling", cancel_requested_at=utcnow())
                    .execution_options(synchronize_session=False))
    cancelled = _cancel_queued(session, batch.id)
    session.flush()
    return cancelled


def expire_batch(session: Session, batch_id: str) -> list[str]:
    session.execute(update(Batch).where(Batch.id == batch_id, Batch.expired_at.is_(None))
                    .values(expired_at=utcnow()).execution_options(synchronize_session=False))
    return _cancel_queued(session, batch_id, error_type=EXPIRED,
                          error_message="the batch expired before this request ran")


def overdue_batches(session: Session) -> list[str]:
    return list(session.scalars(select(Batch.id).where(
        Batch.status != "ended", Batch.expires_at < utcnow(), Batch.expired_at.is_(None))))


def open_batches(session: Session) -> list[str]:
    return list(session.scalars(select(Batch.id).where(Batch.status != "ended")))


def end_batch_if_done(session: Session, batch_id: str) -> bool:
    """True exactly once: for the caller whose check found the last job final.

    Runs after every job of a batch, so it must stay cheap: jobs run roughly in
    line order, so the last lines' jobs are nearly always still open, and one
    backwards index scan over them answers; the whole batch is read only when
    they have all ended. A final status never reverts, so "none open" holds.
    """
    if _any_open(session, _entry_jobs(batch_id).order_by(BatchEntry.line.desc())
                 .limit(TAIL_LINES)) or _any_open(session, _entry_jobs(batch_id)):
        return False
    ended = session.execute(
        update(Batch).where(Batch.id == batch_id, Batch.status != "ended")
        .values(status="ended", ended_at=utcnow()).execution_options(synchronize_session=False))
    return ended.rowcount == 1


def _entry_jobs(batch_id: str):
    return select(BatchEntry.job_id).where(BatchEntry.batch_id == batch_id,
                                           BatchEntry.job_id.is_not(None))


def _any_open(session: Session, job_ids) -> bool:
    return session.scalar(select(Job.id).where(
        Job.id.in_(job_ids.scalar_subquery()), Job.status.in_(OPEN_JOB_STATUSES)).limit(1)
    ) is not None


def batch_of_job(session: Session, job_id: str) -> str | None:
    return session.scalar(select(BatchEntry.batch_id).where(BatchEntry.job_id == job_id))
