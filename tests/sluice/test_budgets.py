"""Budgets on real Postgres: reserve, settle, release, alerts, and a race that never overspends."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from sluice.budgets import (
    BudgetBusy,
    BudgetExhausted,
    budget_view,
    put_budget,
    release,
    reserve,
    settle,
    window_start,
)
from sluice.errors import InvalidParams
from sluice.jobs import create_job
from sluice.models import Budget, BudgetReservation, Job
from sluice.submission import JobSubmission
from sluice.tenancy import authenticate, get_tenant


@pytest.fixture
def jobs(runtime, tenant):
    def make(count=1, user=None):
        submission = JobSubmission.model_validate({
            "model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "x"}],
            **({"user": user} if user else {})})
        with runtime.db.session() as session:
            caller = authenticate(session, tenant["key"])
            return [create_job(session, runtime.cipher, caller, submission, {})
                    for _ in range(count)]
    return make


def _budget(runtime, tenant, **fields):
    values = {"scope": "tenant", "subject": None, "period": "month",
              "limit_usd": Decimal("1.00"), "alert_at": None, **fields}
    with runtime.db.session() as session:
        found = get_tenant(session, tenant["slug"])
        return put_budget(session, found, values["scope"], values["subject"], values["period"],
                          values["limit_usd"], values["alert_at"])


def _view(runtime, budget_id):
    with runtime.db.session() as session:
        return budget_view(session, session.get(Budget, budget_id))


def test_reserve_settle_and_release_move_money_exactly(runtime, tenant, jobs):
    budget = _budget(runtime, tenant)
    first, second = jobs(2)
    with runtime.db.session() as session:
        reserve(session, first, tenant["slug"], Decimal("0.30"))
        reserve(session, second, tenant["slug"], Decimal("0.25"))
    assert _view(runtime, budget.id)["reserved_usd"] == "0.5500000000"
    with runtime.db.session() as session:
        settle(session, first.id, Decimal("0.0123456789"))
        release(session, second.id)
        assert session.scalars(select(BudgetReservation).where(
            BudgetReservation.job_id.in_([first.id, second.id]))).all() == []
    view = _view(runtime, budget.id)
    assert (view["spent_usd"], view["reserved_usd"]) == ("0.0123456789", "0.0000000000")
    assert view["remaining_usd"] == "0.9876543211"


def test_exhausted_fails_but_busy_only_waits(runtime, tenant, jobs):
    _budget(runtime, tenant, limit_usd=Decimal("1.00"))
    holder, waiter, hopeless = jobs(3)
    with runtime.db.session() as session:
        reserve(session, holder, tenant["slug"], Decimal("0.70"))
    with pytest.raises(BudgetBusy), runtime.db.session() as session:
        reserve(session, waiter, tenant["slug"], Decimal("0.50"))
    with pytest.raises(BudgetExhausted), runtime.db.session() as session:
        reserve(session, hopeless, tenant["slug"], Decimal("1.50"))
    with runtime.db.session() as session:
        settle(session, holder.id, Decimal("0.60"))
    with pytest.raises(BudgetExhausted), runtime.db.session() as session:
        reserve(session, waiter, tenant["slug"], Decimal("0.50"))


def test_every_applicable_budget_is_held_or_none_is(runtime, tenant, jobs):
    roomy = _budget(runtime, tenant, limit_usd=Decimal("10"))
    _budget(runtime, tenant, scope="user", subject="ann", limit_usd=Decimal("0.10"))
    [job] = jobs(user="ann")
    with pytest.raises(BudgetExhausted), runtime.db.session() as session:
        reserve(session, job, tenant["slug"], Decimal("0.20"))
    assert _view(runtime, roomy.id)["reserved_usd"] == "0.0000000000"


def test_alert_fires_once_per_period(runtime, tenant, jobs):
    _budget(runtime, tenant, limit_usd=Decimal("1.00"), alert_at=Decimal("0.5"))
    alerts = []
    for job in jobs(3):
        with runtime.db.session() as session:
            reserve(session, job, tenant["slug"], Decimal("0.30"))
            alerts += settle(session, job.id, Decimal("0.30"))
    assert len(alerts) == 1 and alerts[0].spent_usd == Decimal("0.60")


def test_windows_follow_the_utc_calendar():
    moment = datetime(2026, 3, 31, 23, 59, tzinfo=UTC)
    assert window_start("day", moment) == datetime(2026, 3, 31, tzinfo=UTC)
    assert window_start("month", moment) == datetime(2026, 3, 1, tzinfo=UTC)
    assert window_start("total", moment).year == 1970


def test_bad_budgets_are_refused(runtime, tenant):
    with pytest.raises(InvalidParams):
        _budget(runtime, tenant, scope="team", subject=None)
    with pytest.raises(InvalidParams):
        _budget(runtime, tenant, alert_at=Decimal("1.5"))


def test_racing_reservations_never_pass_the_limit(runtime, tenant, jobs):
    budget = _budget(runtime, tenant, limit_usd=Decimal("0.50"))
    racers = jobs(40)

    def race(job: Job) -> bool:
        try:
            with runtime.db.session() as session:
                reserve(session, job, tenant["slug"], Decimal("0.03"))
            return True
        except (BudgetBusy, BudgetExhausted):
            return False

    with ThreadPoolExecutor(16) as pool:
        held = sum(pool.map(race, racers))
    assert held == 16  # 16 x 0.03 = 0.48 fits; a 17th would be 0.51
    assert _view(runtime, budget.id)["reserved_usd"] == "0.4800000000"
