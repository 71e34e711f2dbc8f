"""Jobs as callers see them: creation, lookup within a tenant, listing, cancel, the view."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sluice.chat import ChatRequest
from sluice.crypto import PayloadCipher
from sluice.errors import Conflict, InvalidRequest, NotFound
from sluice.ids import new_id
from sluice.job_attempts import attempts_view
from sluice.models import BatchEntry, Job, UsageRow, iso, money_text, utcnow
from sluice.submission import JobSubmission
from sluice.tenancy import Caller, team_of_user
from sluice.tracing import current_traceparent
from sluice.webhook_deliveries import callback_view, register_callback

FINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled"})
STATUSES = frozenset({"queued", "running"}) | FINAL_STATUSES


def create_job(session: Session, cipher: PayloadCipher, caller: Caller,
               submission: JobSubmission, route_headers: dict[str, str]) -> Job:
    """The job row, prompt sealed; the caller publishes it only after this commits."""
    job = build_job(session, cipher, caller, submission, route_headers)
    session.add(job)
    session.flush()
    if submission.callback_url:
        register_callback(session, caller.tenant_id, submission.callback_url, job_id=job.id)
    return job


def build_job(session: Session, cipher: PayloadCipher, caller: Caller,
              submission: JobSubmission, route_headers: dict[str, str]) -> Job:
    """The row, not yet added: a batch adds thousands in one flush."""
    chat_request = submission.to_chat_request()
    user = caller.user or submission.user
    team = caller.team or (team_of_user(session, caller.tenant_id, user) if user else None)
    now = utcnow()
    return Job(
        id=new_id("job"), tenant_id=caller.tenant_id, key_id=caller.key_id, user=user, team=team,
        model=submission.model, dialect=submission.caller_dialect(), status="queued",
        request_ciphertext=cipher.seal({"request": chat_request.model_dump(mode="json"),
                                        "metadata": submission.metadata,
                                        "headers": route_headers, "pii": submission.pii}),
        created_at=now, enqueued_at=now, traceparent=current_traceparent())


def create_chat_job(session: Session, cipher: PayloadCipher, caller: Caller,
                    request: ChatRequest, dialect: str, *, user: str | None,
                    route_headers: dict[str, str], stream: bool) -> Job:
    """A job from a synchronous dialect endpoint, whose body is already translated."""
    user = caller.user or user
    team = caller.team or (team_of_user(session, caller.tenant_id, user) if user else None)
    now = utcnow()
    job = Job(
        id=new_id("job"), tenant_id=caller.tenant_id, key_id=caller.key_id, user=user, team=team,
        model=request.model, dialect=dialect, status="queued",
        request_ciphertext=cipher.seal({"request": request.model_dump(mode="json"),
                                        "metadata": None, "headers": route_headers,
                                        "pii": None, "stream": stream}),
        created_at=now, enqueued_at=now, traceparent=current_traceparent())
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, caller: Caller, job_id: str) -> Job:
    """Another tenant's job is indistinguishable from a missing one."""
    job = session.get(Job, job_id)
    if job is None or job.tenant_id != caller.tenant_id:
        raise NotFound(f"no job {job_id!r}")
    return job


def list_jobs(session: Session, caller: Caller, status: str | None, limit: int,
              after: str | None, batch_id: str | None = None) -> tuple[list[Job], bool]:
    if status is not None and status not in STATUSES:
        raise InvalidRequest(f"status: expected one of {', '.join(sorted(STATUSES))}")
    query = select(Job).where(Job.tenant_id == caller.tenant_id)
    if batch_id:
        query = query.join(BatchEntry, BatchEntry.job_id == Job.id).where(
            BatchEntry.batch_id == batch_id)
    if status:
        query = query.where(Job.status == status)
    if after:
        query = query.where(Job.id < after)
    rows = list(session.scalars(query.order_by(Job.id.desc()).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


def cancel_job(session: Session, caller: Caller, job_id: str) -> Job:
    """Only a queued job can be cancelled; a running one is left to finish."""
    job = get_job(session, caller, job_id)
    cancelled = session.execute(
        update(Job).where(Job.id == job.id, Job.status == "queued")
        .values(status="cancelled", finished_at=utcnow(), lease_token=None)
        .execution_options(synchronize_session=False))
    if cancelled.rowcount != 1:
        session.refresh(job)
        raise Conflict(f"job {job_id} is {job.status} and cannot be cancelled")
    session.refresh(job)
    return job


def job_view(session: Session, cipher: PayloadCipher, job: Job) -> dict[str, Any]:
    usage = session.scalar(select(UsageRow).where(UsageRow.job_id == job.id))
    sealed = cipher.open(job.request_ciphertext)
    result = cipher.open(job.result_ciphertext) if job.result_ciphertext else None
    return {
        "id": job.id,
        "object": "job",
        "status": job.status,
        "model": job.model,
        "dialect": job.dialect,
        "provider": job.provider,
        "provider_model": job.provider_model,
        "user": job.user,
        "team": job.team,
        "metadata": sealed.get("metadata"),
        "result": result,
        "usage": None if usage is None else {
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cost_usd": money_text(usage.cost_usd),
        },
        "error": {"type": job.error_type, "message": job.error_message} if job.error_type else None,
        "attempts": job.attempts,
        "provider_attempts": attempts_view(session, job.id),
        "callback": callback_view(session, job.id),
        "created_at": iso(job.created_at),
        "started_at": iso(job.started_at),
        "finished_at": iso(job.finished_at),
    }

