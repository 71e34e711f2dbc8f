"""Every table, importable from one place; each area keeps its tables in its own module."""

from sluice.models.controls import (
    Budget,
    BudgetReservation,
    BudgetWindow,
    RateLimitRule,
    TenantControls,
)
from sluice.models.delivery import (
    Batch,
    BatchEntry,
    BatchFile,
    IdempotencyKey,
    RetiredWebhookSecret,
    WebhookAttempt,
    WebhookDelivery,
)
from sluice.models.jobs import Job, UsageRow
from sluice.models.pii import PiiPolicy
from sluice.models.routing import JobAttempt
from sluice.models.tenancy import ApiKey, Tenant, UserTeam
from sluice.models.types import (
    MONEY_PLACES,
    Base,
    Money,
    UtcDateTime,
    iso,
    money_text,
    utcnow,
)

__all__ = ["Batch", "BatchEntry", "BatchFile", "IdempotencyKey", "RetiredWebhookSecret",
           "WebhookAttempt", "WebhookDelivery",
           "Budget", "BudgetReservation", "BudgetWindow", "RateLimitRule", "TenantControls",
           "MONEY_PLACES", "ApiKey", "Base", "Job", "Money", "Tenant", "UsageRow", "UserTeam",
           "UtcDateTime", "iso", "money_text", "utcnow", "PiiPolicy", "JobAttempt"]
