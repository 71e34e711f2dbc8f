"""Who is calling: a tenant key (Bearer or x-api-key) or the admin token."""

from __future__ import annotations

import hmac

from flask import g, request

from api.context import runtime
from sluice.errors import AuthenticationError, PermissionDenied
from sluice.tenancy import Caller, authenticate


def presented_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    api_key = request.headers.get("x-api-key", "").strip()
    if api_key:
        return api_key
    raise AuthenticationError("missing API key: send `Authorization: Bearer <key>` or `x-api-key`")


def is_admin_token(token: str) -> bool:
    admin = runtime().settings.admin_token
    return admin is not None and hmac.compare_digest(
        token.encode(), admin.get_secret_value().encode())


def tenant_caller() -> Caller:
    """The calling tenant key, resolved once per request."""
    if "caller" not in g:
        token = presented_token()
        with runtime().db.session() as session:
            g.caller = authenticate(session, token)
    return g.caller


def require_admin() -> None:
    token = presented_token()
    if runtime().settings.admin_token is None:
        raise PermissionDenied("admin routes are off: SLUICE_ADMIN_TOKEN is not set")
    if not is_admin_token(token):
        raise AuthenticationError("invalid admin token")
