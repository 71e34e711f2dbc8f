"""Tenants' webhook secrets: the Standard Webhooks format, rotation, and signing headers."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from standardwebhooks import Webhook

from sluice.crypto import PayloadCipher
from sluice.models import RetiredWebhookSecret, Tenant, utcnow

ROTATION_OVERLAP = timedelta(hours=24)


def new_webhook_secret() -> str:
    """`whsec_` + standard base64: Standard Webhooks libraries decode exactly this."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def signing_secrets(session: Session, cipher: PayloadCipher, tenant_id: str) -> list[str]:
    """The current secret first, then the one a rotation replaced while it still signs."""
    tenant = session.get(Tenant, tenant_id)
    found = [cipher.open(tenant.webhook_secret_ciphertext)]
    retired = session.get(RetiredWebhookSecret, tenant_id)
    if retired is not None and retired.retires_at > utcnow():
        found.append(cipher.open(retired.secret_ciphertext))
    return found


def rotate_webhook_secret(session: Session, cipher: PayloadCipher, tenant: Tenant,
                          overlap: timedelta = ROTATION_OVERLAP) -> tuple[str, datetime]:
    """A new current secret; the old one keeps signing beside it for `overlap`."""
    retires_at = utcnow() + overlap
    retired = session.get(RetiredWebhookSecret, tenant.id)
    if retired is None:
        retired = RetiredWebhookSecret(tenant_id=tenant.id)
        session.add(retired)
    retired.secret_ciphertext = tenant.webhook_secret_ciphertext
    retired.retires_at = retires_at
    secret = new_webhook_secret()
    tenant.webhook_secret_ciphertext = cipher.seal(secret)
    session.flush()
    return secret, retires_at


def signature_headers(secret_values: list[str], message_id: str, moment: datetime,
                      body: str) -> dict[str, str]:
    """`webhook-signature` carries one `v1,` signature per secret, space-separated."""
    signatures = [Webhook(value).sign(message_id, moment, body) for value in secret_values]
    return {"webhook-id": message_id, "webhook-timestamp": str(int(moment.timestamp())),
            "webhook-signature": " ".join(signatures)}
