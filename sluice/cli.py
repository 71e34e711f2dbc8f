"""`sluice`: the admin routes as commands, plus migrate, the simulator, the stack and the demo."""

from __future__ import annotations

import sys

import click

from sluice.cli_controls import COMMANDS as CONTROL_COMMANDS
from sluice.cli_pii import pii_policy
from sluice.cli_support import cli_database, echo_json
from sluice.config import ConfigError, load_config
from sluice.crypto import PayloadCipher
from sluice.delivery_cli import batch, rotate_webhook_secret_command
from sluice.errors import SluiceError
from sluice.settings import Settings
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


@click.group()
def main() -> None:
    """sluice: a queue-backed LLM gateway."""


@main.command()
def migrate() -> None:
    """Apply the Alembic migrations to DATABASE_URL (SQLite file by default)."""
    from sluice.migrate import upgrade_to_head

    upgrade_to_head(Settings().sqlalchemy_url)
    click.echo("database at head")


@main.command("check-config")
def check_config() -> None:
    """Validate SLUICE_CONFIG (or the built-in default) and print the routes."""
    config = load_config(Settings())
    echo_json(config.model_dump(mode="json", exclude={"providers": {"__all__": {"api_key"}}}))


@main.group()
def tenants() -> None:
    """Tenants."""


@tenants.command("create")
@click.argument("name")
@click.option("--slug", help="Path name; defaults to the name, lowercased.")
def tenants_create(name: str, slug: str | None) -> None:
    settings = Settings()
    with cli_database().session() as session:
        tenant, secret = create_tenant(session, PayloadCipher(settings.payload_key()), name, slug)
        echo_json(tenant_view(tenant, secret))


@tenants.command("list")
def tenants_list() -> None:
    with cli_database().session() as session:
        echo_json([tenant_view(tenant) for tenant in list_tenants(session)])


@main.group()
def keys() -> None:
    """Tenant API keys."""


@keys.command("create")
@click.argument("tenant")
@click.option("--name", required=True)
@click.option("--team")
@click.option("--user")
def keys_create(tenant: str, name: str, team: str | None, user: str | None) -> None:
    """Create a key; its secret is printed this once."""
    with cli_database().session() as session:
        key, secret = create_key(session, get_tenant(session, tenant), name, team, user)
        echo_json(key_view(key, secret))


@keys.command("list")
@click.argument("tenant")
def keys_list(tenant: str) -> None:
    with cli_database().session() as session:
        echo_json([key_view(key) for key in list_keys(session, get_tenant(session, tenant))])


@keys.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    with cli_database().session() as session:
        echo_json(key_view(revoke_key(session, key_id)))


@main.group()
def users() -> None:
    """End users and their teams."""


@users.command("map")
@click.argument("tenant")
@click.argument("user")
@click.option("--team", required=True)
def users_map(tenant: str, user: str, team: str) -> None:
    with cli_database().session() as session:
        mapping = map_user_team(session, get_tenant(session, tenant), user, team)
        echo_json({"tenant": tenant, "user": mapping.user, "team": mapping.team})


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8100, show_default=True)
def simulator(host: str, port: int) -> None:
    """Serve the fake Anthropic + OpenAI APIs."""
    from sluice.simulator import serve

    serve(host, port)


@main.command()
def up() -> None:
    """Start the whole stack in the foreground; Ctrl-C stops it."""
    from sluice.stack import run_stack

    sys.exit(run_stack(Settings()))


@main.command()
def demo() -> None:
    """Walk through keys, PII, limits, budgets, chargeback, failover and metrics."""
    from sluice.demo import run_demo

    sys.exit(run_demo())


for command in CONTROL_COMMANDS:
    main.add_command(command)
main.add_command(pii_policy)
main.add_command(batch)
tenants.add_command(rotate_webhook_secret_command)


def run() -> None:
    try:
        main(standalone_mode=True)
    except (SluiceError, ConfigError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    run()
