"""Cost controls: rate-limit rules, budgets with their period windows and reservations,
and per-tenant queue policy."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sluice.models.types import Base, Money, UtcDateTime, utcnow


class TenantControls(Base):
    """Queue admission and waiting policy; a missing row means the config defaults."""

    __tablename__ = "tenant_controls"

    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    max_queued_jobs: Mapped[int | None] = mapped_column(Integer)
    max_wait_seconds: Mapped[int | None] = mapped_column(Integer)
    alert_url: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class RateLimitRule(Base):
    """Requests and tokens per minute for one subject; overrides `limits` in sluice.yaml."""

    __tablename__ = "rate_limit_rules"
    __table_args__ = (UniqueConstraint("tenant_id", "scope", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    scope: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(200))
    rpm: Mapped[int | None] = mapped_column(Integer)
    tpm: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Budget(Base):
    __tablename__ = "budgets"
    __table_args__ = (UniqueConstraint("tenant_id", "scope", "subject", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    scope: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(8))
    limit_usd: Mapped[Decimal] = mapped_column(Money)
    alert_at: Mapped[Decimal | None] = mapped_column(Numeric(6, 4))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class BudgetWindow(Base):
    """Spend and in-flight reservations of one budget in one period (a UTC day, a month)."""

    __tablename__ = "budget_windows"
    __table_args__ = (UniqueConstraint("budget_id", "window_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    window_start: Mapped[datetime] = mapped_column(UtcDateTime)
    spent_usd: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    reserved_usd: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    alerted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class BudgetReservation(Base):
    """Money a running job holds against a window until it settles or is released."""

    __tablename__ = "budget_reservations"
    __table_args__ = (UniqueConstraint("job_id", "window_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("budget_windows.id", ondelete="CASCADE"))
    amount_usd: Mapped[Decimal] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
