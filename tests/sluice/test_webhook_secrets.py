"""Webhook secrets: the Standard Webhooks format, rotation from the CLI, both signatures."""

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from sluice.cli import main
from sluice.models import Tenant
from sluice.webhook_secrets import new_webhook_secret, signature_headers, signing_secrets


def test_rotation_from_the_cli_keeps_the_old_secret_signing(tenant, runtime):
    rotated = CliRunner().invoke(main, ["tenants", "rotate-webhook-secret", tenant["slug"],
                                        "--overlap-hours", "2"])
    assert rotated.exit_code == 0, rotated.output
    new = json.loads(rotated.output)["webhook_secret"]
    with runtime.db.session() as session:
        secrets = signing_secrets(session, runtime.cipher, tenant["id"])
        stored = runtime.cipher.open(session.get(Tenant, tenant["id"]).webhook_secret_ciphertext)
    assert secrets == [new, tenant["webhook_secret"]]
    assert stored == new
    body = '{"type":"job.succeeded"}'
    headers = signature_headers(secrets, "msg_1", datetime.now(UTC), body)
    for secret in secrets:
        assert Webhook(secret).verify(body, headers) == {"type": "job.succeeded"}


def test_another_secret_does_not_verify():
    body = "{}"
    headers = signature_headers([new_webhook_secret()], "msg_2", datetime.now(UTC), body)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_webhook_secret()).verify(body, headers)
