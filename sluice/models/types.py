"""Column types and the declarative base every sluice table shares."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime, MetaData, Numeric, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

MONEY_PLACES = 10


def utcnow() -> datetime:
    return datetime.now(UTC)


def money_text(value: Decimal) -> str:
    """USD as a decimal string with every stored place, e.g. `0.0000170000`."""
    return f"{value:.{MONEY_PLACES}f}"


def iso(moment: datetime | None) -> str | None:
    """RFC 3339 with a `Z`, as every timestamp leaves the api."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC in and out, also on SQLite, which stores no offset."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator):
    """USD as exact decimals: NUMERIC on Postgres, integer units of 1e-10 on SQLite.

    SQLite has no decimal type and would round NUMERIC through a float; integers
    keep SUM() exact there too.
    """

    impl = Numeric(20, MONEY_PLACES)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(20, MONEY_PLACES, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value)
        return int(value.scaleb(MONEY_PLACES)) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-MONEY_PLACES)
        return Decimal(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    })
