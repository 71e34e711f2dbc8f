"""Admin routes (SLUICE_ADMIN_TOKEN): tenants, keys, the user-to-team map."""

from __future__ import annotations

import logging

from flask import Blueprint
from kombu.exceptions import KombuError
from pydantic import BaseModel, ConfigDict, Field
from redis.exceptions import RedisError

from api.auth import require_admin
from api.context import json_body, runtime
from sluice.broker import tenant_queue
from sluice.tenancy import (
    create_key,
    create_tenant,
    get_tenant,
    key_view,
    list_keys,
    list_tenants,
    map_user_team,
    revoke_key,
    tenant_view,
)

blueprint = Blueprint("admin", __name__, url_prefix="/v1/admin")
blueprint.before_request(require_admin)
log = logging.getLogger("sluice.api")


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class NewTenant(_Body):
    name: str = Field(min_length=1, max_length=200)
    slug: str | None = None


class NewKey(_Body):
    name: str = Field(min_length=1, max_length=200)
    team: str | None = None
    user: str | None = Field(default=None, min_length=1, max_length=200)


class UserTeamBody(_Body):
    team: str = Field(min_length=1)


@blueprint.post("/tenants")
def add_tenant():
    body = NewTenant.model_validate(json_body())
    rt = runtime()
    with rt.db.session() as session:
        tenant, secret = create_tenant(session, rt.cipher, body.name, body.slug)
        view = tenant_view(tenant, secret)
    try:
        # Workers also pick new queues up on their own within seconds; this is the fast path.
        rt.celery.control.add_consumer(tenant_queue(tenant.slug), reply=False)
    except (RedisError, KombuError, OSError):
        log.warning("queue broadcast failed; workers will find it", extra={"tenant": tenant.slug})
    return view, 201


@blueprint.get("/tenants")
def all_tenants():
    with runtime().db.session() as session:
        return {"object": "list", "data": [tenant_view(t) for t in list_tenants(session)]}


@blueprint.post("/tenants/<tenant>/keys")
def add_key(tenant: str):
    body = NewKey.model_validate(json_body())
    with runtime().db.session() as session:
        key, secret = create_key(session, get_tenant(session, tenant), body.name, body.team,
                                 body.user)
        return key_view(key, secret), 201


@blueprint.get("/tenants/<tenant>/keys")
def tenant_keys(tenant: str):
    with runtime().db.session() as session:
        keys = list_keys(session, get_tenant(session, tenant))
        return {"object": "list", "data": [key_view(key) for key in keys]}


@blueprint.delete("/keys/<key_id>")
def revoke(key_id: str):
    with runtime().db.session() as session:
        return key_view(revoke_key(session, key_id))


@blueprint.put("/tenants/<tenant>/users/<user>")
def put_user_team(tenant: str, user: str):
    body = UserTeamBody.model_validate(json_body())
    with runtime().db.session() as session:
        mapping = map_user_team(session, get_tenant(session, tenant), user, body.team)
        return {"tenant": tenant, "user": mapping.user, "team": mapping.team}
