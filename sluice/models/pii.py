"""Each tenant's PII policy; tenants without a row use the `pii:` defaults of sluice.yaml."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from sluice.models.types import Base, UtcDateTime, utcnow


class PiiPolicy(Base):
    __tablename__ = "pii_policies"

    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    entities: Mapped[list[str]] = mapped_column(JSON)
    allow_override: Mapped[bool] = mapped_column(Boolean)
    score_threshold: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
