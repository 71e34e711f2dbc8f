"""Money stays exact and timestamps stay UTC-aware, on Postgres and on SQLite."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select

from sluice.config import PriceOverride
from sluice.db import Database
from sluice.ids import new_id
from sluice.models import Money, UtcDateTime
from sluice.pricing import UnknownPrice, price_call


@pytest.fixture(params=["postgres", "sqlite"])
def database(request, test_env, tmp_path):
    url = test_env["DATABASE_URL"] if request.param == "postgres" else \
        f"sqlite:///{tmp_path / 'money.db'}"
    db = Database(url)
    table = Table(f"money_probe_{new_id('t').lower()[-8:]}", MetaData(),
                  Column("id", Integer, primary_key=True), Column("cost", Money),
                  Column("at", UtcDateTime))
    table.create(db.engine)
    yield db, table
    table.drop(db.engine)
    db.dispose()


def test_sums_of_tiny_costs_are_exact(database):
    db, table = database
    costs = [Decimal("0.0000001500"), Decimal("0.0000000001"), Decimal("12.3456789012")] * 100
    with db.session() as session:
        session.execute(insert(table), [{"cost": cost} for cost in costs])
    with db.session() as session:
        total = session.scalar(select(func.sum(table.c.cost)))
        first = session.scalar(select(table.c.cost).order_by(table.c.id).limit(1))
    assert isinstance(total, Decimal) and total == sum(costs)
    assert first == Decimal("0.00000015")


def test_timestamps_come_back_utc_aware(database):
    db, table = database
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    with db.session() as session:
        session.execute(insert(table), [{"at": moment}])
    with db.session() as session:
        stored = session.scalar(select(table.c.at))
    assert stored == moment and stored.tzinfo is not None
    assert stored.utcoffset() == timedelta(0) and stored.astimezone(UTC).hour == 1


def test_naive_timestamps_are_refused(database):
    db, table = database
    with pytest.raises(Exception, match="naive"), db.session() as session:
        session.execute(insert(table), [{"at": datetime(2026, 1, 1)}])


def test_prices_from_genai_prices_and_overrides_are_decimal():
    cost = price_call("claude-haiku-4-5", "anthropic", 1000, 500, {})
    assert cost == Decimal("0.0035")
    override = {"my-model": PriceOverride(input_per_mtok=Decimal("0.15"),
                                          output_per_mtok=Decimal("0.60"))}
    assert price_call("my-model", "openai", 7, 3, override) == Decimal("0.00000285")
    with pytest.raises(UnknownPrice, match="my-model"):
        price_call("my-model", "openai", 1, 1, {})


def test_ids_sort_by_creation_time():
    first = new_id("job")
    later = [new_id("job") for _ in range(3)]
    assert first.startswith("job_") and len(first) == 30
    assert all(first[:14] <= other[:14] for other in later)
