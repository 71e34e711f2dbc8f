"""The attempt log of one job: what earlier runs tried, and what this run adds.

A job that waits out a long backoff leaves its worker and runs again later; the log
in Postgres tells that later run which tries each backend has left.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select, text

from sluice.db import Database
from sluice.models import JobAttempt, utcnow


class AttemptLog:
    def __init__(self, db: Database, job_id: str) -> None:
        self.db = db
        self.job_id = job_id
        with db.session() as session:
            earlier = session.scalars(select(JobAttempt).where(JobAttempt.job_id == job_id)
                                      .order_by(JobAttempt.id)).all()
            self.entries = [(a.backend, a.outcome, a.error) for a in earlier]
        self._new: list[JobAttempt] = []

    def record(self, backend: str, model: str, outcome: str, error: str | None,
               seconds: float) -> None:
        self.entries.append((backend, outcome, error))
        self._new.append(JobAttempt(job_id=self.job_id, backend=backend, model=model,
                                    outcome=outcome, error=error and error[:300],
                                    duration_ms=round(seconds * 1000), started_at=utcnow()))

    def tries(self, backend: str) -> int:
        return Counter(name for name, outcome, _ in self.entries
                       if outcome in ("retryable", "fatal"))[backend]

    def done_with(self, backend: str, max_tries: int) -> bool:
        """No tries left, or a failure that another try cannot fix."""
        return self.tries(backend) >= max_tries or any(
            name == backend and outcome in ("fatal", "refused")
            for name, outcome, _ in self.entries)

    def last_errors(self) -> dict[str, str]:
        """Each backend's last error, preferring a real failure over `circuit open`."""
        errors: dict[str, str] = {}
        for name, outcome, error in self.entries:
            if error and (outcome != "skipped" or name not in errors):
                errors[name] = error
        return errors

    def save(self) -> None:
        """Without waiting for the disk on Postgres: the job's next write (its outcome, or
        its deferral) commits synchronously, and WAL order makes that flush these rows too."""
        if self._new:
            with self.db.session() as session:
                if session.bind.dialect.name == "postgresql":
                    session.execute(text("SET LOCAL synchronous_commit = off"))
                session.add_all(self._new)
            self._new = []
