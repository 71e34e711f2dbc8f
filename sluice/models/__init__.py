"""Every table, importable from one place; each area keeps its tables in its own module."""

from sluice.models.jobs import Job, UsageRow
from sluice.models.tenancy import ApiKey, Tenant, UserTeam
from sluice.models.types import MONEY_PLACES, Base, Money, UtcDateTime, iso, utcnow

__all__ = ["MONEY_PLACES", "ApiKey", "Base", "Job", "Money", "Tenant", "UsageRow", "UserTeam",
           "UtcDateTime", "iso", "utcnow"]
