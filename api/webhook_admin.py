"""Admin: rotate a tenant's webhook secret; the old one keeps signing for an overlap."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, request
from pydantic import BaseModel, ConfigDict, Field

from api.auth import require_admin
from api.context import runtime
from sluice.models import iso
from sluice.tenancy import get_tenant
from sluice.webhook_secrets import rotate_webhook_secret

blueprint = Blueprint("webhook_admin", __name__, url_prefix="/v1/admin")
blueprint.before_request(require_admin)


class Rotation(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    overlap_hours: float = Field(default=24, ge=0, le=24 * 30)


@blueprint.post("/tenants/<tenant>/webhook-secret/rotate")
def rotate(tenant: str):
    body = Rotation.model_validate(request.get_json(silent=True) or {})
    rt = runtime()
    with rt.db.session() as session:
        secret, retires_at = rotate_webhook_secret(session, rt.cipher, get_tenant(session, tenant),
                                                   timedelta(hours=body.overlap_hours))
    return {"tenant": tenant, "webhook_secret": secret, "previous_retires_at": iso(retires_at)}
