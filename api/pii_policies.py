"""Admin route for a tenant's PII policy (SLUICE_ADMIN_TOKEN)."""

from __future__ import annotations

from flask import Blueprint

from api.auth import require_admin
from api.context import json_body, runtime
from sluice.pii_policy import PiiPolicyBody, pii_policy_view, set_pii_policy
from sluice.tenancy import get_tenant

blueprint = Blueprint("pii_policies", __name__, url_prefix="/v1/admin")
blueprint.before_request(require_admin)


@blueprint.put("/tenants/<tenant>/pii-policy")
def put_pii_policy(tenant: str):
    body = PiiPolicyBody.model_validate(json_body())
    rt = runtime()
    with rt.db.session() as session:
        found = get_tenant(session, tenant)
        return pii_policy_view(found, set_pii_policy(session, found, body, rt.config.pii))
