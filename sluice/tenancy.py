"""Tenants, their keys and the user-to-team map: what both the admin api and the CLI change."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sluice.crypto import PayloadCipher
from sluice.errors import AuthenticationError, Conflict, InvalidParams, NotFound
from sluice.ids import new_id
from sluice.models import ApiKey, Tenant, UserTeam, iso, utcnow
from sluice.webhook_secrets import new_webhook_secret

KEY_PREFIX = "sk-sluice-"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class Caller:
    """Who a tenant key speaks for, resolved once per request."""

    tenant_id: str
    tenant_slug: str
    key_id: str
    team: str | None
    user: str | None


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63]


def check_slug(value: str, what: str) -> str:
    if not _SLUG.match(value):
        raise InvalidParams(f"{what} {value!r}: use lowercase letters, digits and '-'")
    return value


def hash_key(key: str) -> str:
    """Keys carry 256 random bits, so a plain SHA-256 is as strong as a slow hash here."""
    return hashlib.sha256(key.encode()).hexdigest()


def create_tenant(session: Session, cipher: PayloadCipher, name: str,
                  slug: str | None = None) -> tuple[Tenant, str]:
    """A new tenant and its webhook secret, returned in clear this once."""
    slug = check_slug(slug or slugify(name), "tenant")
    secret = new_webhook_secret()
    tenant = Tenant(id=new_id("ten"), slug=slug, name=name,
                    webhook_secret_ciphertext=cipher.seal(secret))
    session.add(tenant)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"tenant {slug!r} already exists") from exc
    return tenant, secret


def get_tenant(session: Session, slug: str) -> Tenant:
    tenant = session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise NotFound(f"no tenant {slug!r}")
    return tenant


def list_tenants(session: Session) -> list[Tenant]:
    return list(session.scalars(select(Tenant).order_by(Tenant.created_at)))


def create_key(session: Session, tenant: Tenant, name: str, team: str | None = None,
               user: str | None = None) -> tuple[ApiKey, str]:
    """A new key; the secret exists in clear only in this return value."""
    if team is not None:
        check_slug(team, "team")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(id=new_id("key"), tenant_id=tenant.id, name=name, team=team, user=user,
                 key_hash=hash_key(secret), key_prefix=secret[:len(KEY_PREFIX) + 4])
    session.add(key)
    session.flush()
    return key, secret


def list_keys(session: Session, tenant: Tenant) -> list[ApiKey]:
    return list(session.scalars(
        select(ApiKey).where(ApiKey.tenant_id == tenant.id).order_by(ApiKey.created_at)))


def revoke_key(session: Session, key_id: str) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"no key {key_id!r}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    return key


def map_user_team(session: Session, tenant: Tenant, user: str, team: str) -> UserTeam:
    check_slug(team, "team")
    mapping = session.get(UserTeam, (tenant.id, user))
    if mapping is None:
        mapping = UserTeam(tenant_id=tenant.id, user=user, team=team)
        session.add(mapping)
    else:
        mapping.team = team
    session.flush()
    return mapping


def team_of_user(session: Session, tenant_id: str, user: str) -> str | None:
    mapping = session.get(UserTeam, (tenant_id, user))
    return mapping.team if mapping else None


def authenticate(session: Session, presented: str) -> Caller:
    digest = hash_key(presented)
    row = session.execute(
        select(ApiKey, Tenant.slug).join(Tenant, Tenant.id == ApiKey.tenant_id)
        .where(ApiKey.key_hash == digest)).first()
    # The index finds the row; the digest comparison itself runs in constant time.
    if row is None or not hmac.compare_digest(row[0].key_hash, digest):
        raise AuthenticationError("invalid API key")
    key, tenant_slug = row
    if key.revoked_at is not None:
        raise AuthenticationError("this API key has been revoked")
    return Caller(tenant_id=key.tenant_id, tenant_slug=tenant_slug, key_id=key.id,
                  team=key.team, user=key.user)


def tenant_view(tenant: Tenant, webhook_secret: str | None = None) -> dict:
    view = {"id": tenant.id, "object": "tenant", "slug": tenant.slug, "name": tenant.name,
            "created_at": iso(tenant.created_at)}
    if webhook_secret is not None:
        view["webhook_secret"] = webhook_secret
    return view


def key_view(key: ApiKey, secret: str | None = None) -> dict:
    view = {"id": key.id, "object": "api_key", "name": key.name, "team": key.team,
            "user": key.user, "key_prefix": key.key_prefix,
            "created_at": iso(key.created_at), "revoked_at": iso(key.revoked_at)}
    if secret is not None:
        view["key"] = secret
    return view
