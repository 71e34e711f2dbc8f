"""`sluice pii-policy`: the PII policy admin route as a command."""

from __future__ import annotations

import json

import click

from sluice.config import load_config
from sluice.db import Database
from sluice.pii_policy import PiiPolicyBody, pii_policy_view, set_pii_policy
from sluice.settings import Settings
from sluice.tenancy import get_tenant


@click.group("pii-policy")
def pii_policy() -> None:
    """Tenant PII policies."""


@pii_policy.command("set")
@click.argument("tenant")
@click.option("--mode", required=True,
              type=click.Choice(["redact", "pseudonymize", "block", "off"]))
@click.option("--entity", "entities", multiple=True,
              help="Repeat per entity; defaults to the `pii.entities` of sluice.yaml.")
@click.option("--allow-override/--no-allow-override", default=False, show_default=True,
              help="Let jobs choose their own `pii` mode.")
@click.option("--score-threshold", type=float)
def pii_policy_set(tenant: str, mode: str, entities: tuple[str, ...], allow_override: bool,
                   score_threshold: float | None) -> None:
    settings = Settings()
    body = PiiPolicyBody(mode=mode, entities=list(entities) or None,
                         allow_override=allow_override, score_threshold=score_threshold)
    with Database(settings.sqlalchemy_url).session() as session:
        found = get_tenant(session, tenant)
        row = set_pii_policy(session, found, body, load_config(settings).pii)
        click.echo(json.dumps(pii_policy_view(found, row), indent=2))
