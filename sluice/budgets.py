"""Budgets: reserve the worst case before a call, settle to the real cost after.

Every change to a window is one conditional UPDATE on its row, so any number of
workers can race a budget and spend + reservations never passes its limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sluice.errors import InvalidParams
from sluice.models import (
    Budget,
    BudgetReservation,
    BudgetWindow,
    Job,
    Tenant,
    iso,
    money_text,
    utcnow,
)
from sluice.tenancy import Caller

SCOPES = ("tenant", "team", "user", "key")
PERIODS = ("day", "month", "total")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class BudgetExhausted(Exception):
    """Even with every in-flight reservation settled at zero, the call would not fit."""


class BudgetBusy(Exception):
    """The call fits once in-flight reservations settle: wait, do not fail."""


@dataclass(frozen=True)
class Alert:
    tenant_id: str
    budget_id: int
    scope: str
    subject: str
    period: str
    limit_usd: Decimal
    spent_usd: Decimal


def window_start(period: str, moment: datetime) -> datetime:
    """UTC calendar periods; `total` is one window since the epoch."""
    moment = moment.astimezone(UTC)
    if period == "day":
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "month":
        return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return _EPOCH


def put_budget(session: Session, tenant: Tenant, scope: str, subject: str | None, period: str,
               limit_usd: Decimal, alert_at: Decimal | None) -> Budget:
    if scope not in SCOPES:
        raise InvalidParams(f"scope: expected one of {', '.join(SCOPES)}")
    if period not in PERIODS:
        raise InvalidParams(f"period: expected one of {', '.join(PERIODS)}")
    if limit_usd < 0 or (alert_at is not None and not 0 < alert_at <= 1):
        raise InvalidParams("limit_usd must be >= 0 and alert_at a fraction in (0, 1]")
    subject = tenant.slug if scope == "tenant" else (subject or "")
    if not subject:
        raise InvalidParams(f"subject: required for scope {scope!r}")
    budget = session.scalar(select(Budget).where(
        Budget.tenant_id == tenant.id, Budget.scope == scope, Budget.subject == subject,
        Budget.period == period))
    if budget is None:
        budget = Budget(tenant_id=tenant.id, scope=scope, subject=subject, period=period,
                        limit_usd=limit_usd, alert_at=alert_at)
        session.add(budget)
    else:
        budget.limit_usd, budget.alert_at = limit_usd, alert_at
    session.flush()
    return budget


def budgets_for(session: Session, job: Job, tenant_slug: str) -> list[Budget]:
    """The budgets that apply to a job: its tenant, team, end user and key."""
    return _matching(session, job.tenant_id, {"tenant": tenant_slug, "team": job.team,
                                               "user": job.user, "key": job.key_id})


def budgets_for_caller(session: Session, caller: Caller) -> list[Budget]:
    """What applies to a key: its tenant, its key, and its bound team and user if any."""
    return _matching(session, caller.tenant_id, {"tenant": caller.tenant_slug,
                                                 "team": caller.team, "user": caller.user,
                                                 "key": caller.key_id})


def _matching(session: Session, tenant_id: str, subjects: dict) -> list[Budget]:
    budgets = session.scalars(select(Budget).where(Budget.tenant_id == tenant_id)
                              .order_by(Budget.id)).all()
    return [budget for budget in budgets if subjects.get(budget.scope) == budget.subject]


def _window(session: Session, budget: Budget, now: datetime) -> BudgetWindow:
    start = window_start(budget.period, now)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(BudgetWindow).values(
        budget_id=budget.id, window_start=start, spent_usd=Decimal(0), reserved_usd=Decimal(0))
        .on_conflict_do_nothing(index_elements=["budget_id", "window_start"]))
    return session.scalar(select(BudgetWindow).where(
        BudgetWindow.budget_id == budget.id, BudgetWindow.window_start == start))


def reserve(session: Session, job: Job, tenant_slug: str, amount: Decimal) -> None:
    """Hold `amount` against every budget of the job, all or none (the caller's transaction)."""
    now = utcnow()
    budgets = sorted(budgets_for(session, job, tenant_slug), key=lambda budget: budget.id)
    for budget in budgets:  # one lock order for every worker: no deadlocks
        window = _window(session, budget, now)
        held = session.execute(
            update(BudgetWindow)
            .where(BudgetWindow.id == window.id,
                   BudgetWindow.spent_usd + BudgetWindow.reserved_usd + amount
                   <= budget.limit_usd)
            .values(reserved_usd=BudgetWindow.reserved_usd + amount)
            .execution_options(synchronize_session=False))
        if held.rowcount != 1:
            session.refresh(window)
            where = f"{budget.scope} budget {budget.subject!r} ({budget.period})"
            if window.spent_usd + amount > budget.limit_usd:
                raise BudgetExhausted(
                    f"{where}: worst case ${amount.normalize()} does not fit in "
                    f"${(budget.limit_usd - window.spent_usd).normalize()} left")
            raise BudgetBusy(where)
        session.add(BudgetReservation(job_id=job.id, window_id=window.id, amount_usd=amount))
    session.flush()


def settle(session: Session, job_id: str, cost: Decimal) -> list[Alert]:
    """Turn the job's reservations into real spend; returns the alerts this crossing owes."""
    alerts = []
    for reservation, window, budget in _held(session, job_id):
        session.execute(
            update(BudgetWindow).where(BudgetWindow.id == window.id)
            .values(reserved_usd=BudgetWindow.reserved_usd - reservation.amount_usd,
                    spent_usd=BudgetWindow.spent_usd + cost)
            .execution_options(synchronize_session=False))
        session.refresh(window)
        if budget.alert_at is not None and window.spent_usd >= budget.limit_usd * budget.alert_at:
            first = session.execute(
                update(BudgetWindow)
                .where(BudgetWindow.id == window.id, BudgetWindow.alerted_at.is_(None))
                .values(alerted_at=utcnow()).execution_options(synchronize_session=False))
            if first.rowcount == 1:
                alerts.append(Alert(budget.tenant_id, budget.id, budget.scope, budget.subject,
                                    budget.period, budget.limit_usd, window.spent_usd))
    session.execute(delete(BudgetReservation).where(BudgetReservation.job_id == job_id))
    return alerts


def release(session: Session, job_id: str) -> None:
    """Give back what a job holds: it failed, was blocked, waits, or its worker died."""
    for reservation, window, _ in _held(session, job_id):
        session.execute(
            update(BudgetWindow).where(BudgetWindow.id == window.id)
            .values(reserved_usd=BudgetWindow.reserved_usd - reservation.amount_usd)
            .execution_options(synchronize_session=False))
    session.execute(delete(BudgetReservation).where(BudgetReservation.job_id == job_id))


def _held(session: Session, job_id: str):
    return session.execute(
        select(BudgetReservation, BudgetWindow, Budget)
        .join(BudgetWindow, BudgetWindow.id == BudgetReservation.window_id)
        .join(Budget, Budget.id == BudgetWindow.budget_id)
        .where(BudgetReservation.job_id == job_id)
        .order_by(BudgetWindow.id)).all()


def budget_view(session: Session, budget: Budget) -> dict:
    window = session.scalar(select(BudgetWindow).where(
        BudgetWindow.budget_id == budget.id,
        BudgetWindow.window_start == window_start(budget.period, utcnow())))
    spent = window.spent_usd if window else Decimal(0)
    reserved = window.reserved_usd if window else Decimal(0)
    return {"id": budget.id, "scope": budget.scope, "subject": budget.subject,
            "period": budget.period, "window_start": iso(window_start(budget.period, utcnow())),
            "limit_usd": money_text(budget.limit_usd), "alert_at": _fraction(budget.alert_at),
            "spent_usd": money_text(spent), "reserved_usd": money_text(reserved),
            "remaining_usd": money_text(max(budget.limit_usd - spent - reserved, Decimal(0)))}


def _fraction(value: Decimal | None) -> str | None:
    return None if value is None else str(value.normalize())
