"""Which PII mode and entities apply to a tenant's jobs: what the admin api, the CLI, job
submission and the worker all read. Holds no Presidio code (the api never imports it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from sluice.config import PiiConfig
from sluice.errors import InvalidParams, PermissionDenied
from sluice.models import PiiPolicy, Tenant, iso, utcnow

_ENTITY = re.compile(r"[A-Z][A-Z0-9_]{1,63}")
PiiMode = Literal["redact", "pseudonymize", "block", "off"]


class PiiPolicyBody(BaseModel):
    """`PUT /v1/admin/tenants/{tenant}/pii-policy`; omitted fields keep the config default."""

    model_config = ConfigDict(extra="forbid", strict=True)

    mode: PiiMode
    entities: list[str] | None = Field(default=None, max_length=100)
    allow_override: bool = False
    score_threshold: float | None = Field(default=None, ge=0, le=1)

    def validated_entities(self) -> list[str] | None:
        if self.entities is None:
            return None
        return [_entity_name(name) for name in self.entities]


def _entity_name(name: str) -> str:
    if not _ENTITY.fullmatch(name):
        raise InvalidParams(f"entities: {name!r} is not an entity name such as PERSON or US_SSN")
    return name


@dataclass(frozen=True)
class EffectivePolicy:
    mode: PiiMode
    entities: tuple[str, ...]
    score_threshold: float
    allow_override: bool

    def with_override(self, mode: PiiMode | None) -> EffectivePolicy:
        if mode is None:
            return self
        return EffectivePolicy(mode, self.entities, self.score_threshold, self.allow_override)


def tenant_pii_policy(session: Session, tenant_id: str, defaults: PiiConfig) -> EffectivePolicy:
    row = session.get(PiiPolicy, tenant_id)
    if row is None:
        return EffectivePolicy(defaults.mode, tuple(defaults.entities), defaults.score_threshold,
                               defaults.allow_override)
    return EffectivePolicy(row.mode, tuple(row.entities), row.score_threshold,
                           row.allow_override)


def check_pii_override(session: Session, tenant_id: str, requested: PiiMode | None,
                       defaults: PiiConfig) -> None:
    """A job may pick its own mode only where its tenant's policy allows that."""
    if requested is None:
        return
    policy = tenant_pii_policy(session, tenant_id, defaults)
    if not policy.allow_override and requested != policy.mode:
        raise PermissionDenied(f"pii: this tenant's policy ({policy.mode}) does not allow "
                               "a per-job override")


def set_pii_policy(session: Session, tenant: Tenant, body: PiiPolicyBody,
                   defaults: PiiConfig) -> PiiPolicy:
    row = session.get(PiiPolicy, tenant.id) or PiiPolicy(tenant_id=tenant.id)
    row.mode = body.mode
    row.entities = body.validated_entities() or list(defaults.entities)
    row.allow_override = body.allow_override
    row.score_threshold = (defaults.score_threshold if body.score_threshold is None
                           else body.score_threshold)
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def pii_policy_view(tenant: Tenant, row: PiiPolicy) -> dict:
    return {"tenant": tenant.slug, "mode": row.mode, "entities": row.entities,
            "allow_override": row.allow_override, "score_threshold": row.score_threshold,
            "updated_at": iso(row.updated_at)}
