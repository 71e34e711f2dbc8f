"""Claim: a job runs at most once at a time, under a lease that a live worker keeps renewing."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from sluice.db import Database
from sluice.models import Job, Tenant, utcnow

log = logging.getLogger("sluice.worker")


@dataclass(frozen=True)
class Claim:
    """The job as it was when claimed, and the token every later write must present."""

    job: Job
    tenant_slug: str
    lease_token: str


def claim_job(db: Database, job_id: str, lease_seconds: int) -> Claim | None:
    """Take the job if it is queued, or running under a lease that has expired.

    One conditional UPDATE decides: a duplicate delivery, a redelivered message
    or a sweeper re-publish finds the row taken and gets None.
    """
    token = uuid.uuid4().hex
    now = utcnow()
    with db.session() as session:
        taken = session.execute(
            update(Job)
            .where(Job.id == job_id,
                   or_(Job.status == "queued",
                       and_(Job.status == "running", Job.lease_expires_at < now)))
            .values(status="running", lease_token=token,
                    lease_expires_at=now + timedelta(seconds=lease_seconds),
                    attempts=Job.attempts + 1, started_at=func.coalesce(Job.started_at, now))
            .execution_options(synchronize_session=False))
        if taken.rowcount != 1:
            return None
        job = session.get(Job, job_id)
        tenant_slug = session.scalar(select(Tenant.slug).where(Tenant.id == job.tenant_id))
        session.expunge(job)
    return Claim(job=job, tenant_slug=tenant_slug, lease_token=token)


class LeaseKeeper(threading.Thread):
    """Renews the leases of the jobs this process runs, so only a dead worker's lapse."""

    def __init__(self, db: Database, lease_seconds: int) -> None:
        super().__init__(name="sluice-lease-keeper", daemon=True)
        self.db = db
        self.lease_seconds = lease_seconds
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def hold(self, claim: Claim) -> None:
        with self._lock:
            self._held.add(claim.lease_token)

    def release(self, claim: Claim) -> None:
        with self._lock:
            self._held.discard(claim.lease_token)

    def stop(self) -> None:
        self._stopped.set()

    def run(self) -> None:
        while not self._stopped.wait(self.lease_seconds / 3):
            self.renew()

    def renew(self) -> None:
        with self._lock:
            tokens = list(self._held)
        if not tokens:
            return
        try:
            with self.db.session() as session:
                session.execute(
                    update(Job).where(Job.lease_token.in_(tokens), Job.status == "running")
                    .values(lease_expires_at=utcnow() + timedelta(seconds=self.lease_seconds))
                    .execution_options(synchronize_session=False))
        except SQLAlchemyError as exc:
            log.warning("lease renewal failed", extra={"error_class": exc.__class__.__name__})
