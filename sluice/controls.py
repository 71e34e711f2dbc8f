"""Per-tenant queue policy: how many jobs may wait, for how long, where alerts go."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sluice.config import LimitsConfig
from sluice.errors import InvalidParams, QueueFull
from sluice.models import Job, Tenant, TenantControls
from sluice.ratelimits import MAX_PER_MINUTE
from sluice.runtime import Runtime

QUEUE_FULL_RETRY_AFTER_S = 5


def put_controls(session: Session, tenant: Tenant, changes: dict) -> TenantControls:
    for name in ("max_queued_jobs", "max_wait_seconds"):
        if changes.get(name) is not None and not 0 < changes[name] <= MAX_PER_MINUTE:
            raise InvalidParams(f"{name}: must be in 1..{MAX_PER_MINUTE} (or null: the default)")
    controls = session.get(TenantControls, tenant.id) or TenantControls(tenant_id=tenant.id)
    for name, value in changes.items():
        setattr(controls, name, value)
    session.add(controls)
    session.flush()
    return controls


def controls_view(controls: TenantControls | None, defaults: LimitsConfig) -> dict:
    return {
        "max_queued_jobs": (controls and controls.max_queued_jobs) or defaults.max_queued_jobs,
        "max_wait_seconds": (controls and controls.max_wait_seconds) or defaults.max_wait_s,
        "alert_url": controls.alert_url if controls else None,
    }


def admit_submission(session: Session, tenant_id: str, defaults: LimitsConfig,
                     adding: int = 1) -> None:
    """Refuse at the door, before anything is written, when the tenant's queue is full."""
    controls = session.get(TenantControls, tenant_id)
    cap = (controls and controls.max_queued_jobs) or defaults.max_queued_jobs
    queued = session.scalar(select(func.count()).select_from(Job).where(
        Job.tenant_id == tenant_id, Job.status == "queued"))
    if queued + adding > cap:
        raise QueueFull(f"{queued} jobs are already queued; this tenant's cap is {cap}",
                        retry_after=QUEUE_FULL_RETRY_AFTER_S)


def max_wait_seconds(rt: Runtime, tenant_id: str) -> int:
    with rt.db.session() as session:
        controls = session.get(TenantControls, tenant_id)
    return (controls and controls.max_wait_seconds) or rt.config.limits.max_wait_s
