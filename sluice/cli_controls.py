"""`sluice budgets|limits|controls|report`: the cost-control admin routes as commands."""

from __future__ import annotations

from decimal import Decimal

import click

from sluice.budgets import budget_view, put_budget
from sluice.callback_urls import check_callback_url
from sluice.chargeback import FIELDS, chargeback
from sluice.cli_support import cli_database, echo_json
from sluice.config import load_config
from sluice.controls import controls_view, put_controls
from sluice.ratelimits import put_rule, rule_view
from sluice.settings import Settings
from sluice.tenancy import get_tenant


@click.group()
def budgets() -> None:
    """Budgets per tenant, team, user or key."""


@budgets.command("set")
@click.argument("tenant")
@click.option("--scope", type=click.Choice(["tenant", "team", "user", "key"]), required=True)
@click.option("--subject", help="Team slug, user id or key id (not for --scope tenant).")
@click.option("--limit", "limit_usd", type=Decimal, required=True, help="USD, e.g. 25.00")
@click.option("--period", type=click.Choice(["day", "month", "total"]), required=True)
@click.option("--alert-at", type=Decimal, help="Fraction of the limit, e.g. 0.8")
def budgets_set(tenant, scope, subject, limit_usd, period, alert_at) -> None:
    with cli_database().session() as session:
        budget = put_budget(session, get_tenant(session, tenant), scope, subject, period,
                            limit_usd, alert_at)
        echo_json(budget_view(session, budget))


@click.group()
def limits() -> None:
    """Requests and tokens per minute."""


@limits.command("set")
@click.argument("tenant")
@click.option("--scope", type=click.Choice(["tenant", "team", "user", "key", "model"]),
              required=True)
@click.option("--subject", help="Team, user, key id or model (not for --scope tenant).")
@click.option("--rpm", type=int)
@click.option("--tpm", type=int)
def limits_set(tenant, scope, subject, rpm, tpm) -> None:
    with cli_database().session() as session:
        echo_json(rule_view(put_rule(session, get_tenant(session, tenant), scope, subject, rpm,
                                  tpm)))


@click.group()
def controls() -> None:
    """Queue admission and waiting policy."""


@controls.command("set")
@click.argument("tenant")
@click.option("--max-queued-jobs", type=int)
@click.option("--max-wait-seconds", type=int)
@click.option("--alert-url")
def controls_set(tenant, max_queued_jobs, max_wait_seconds, alert_url) -> None:
    changes = {name: value for name, value in (("max_queued_jobs", max_queued_jobs),
                                                ("max_wait_seconds", max_wait_seconds),
                                                ("alert_url", alert_url)) if value is not None}
    config = load_config(Settings())
    if alert_url:
        check_callback_url(alert_url, config.webhooks.allow_hosts)
    with cli_database().session() as session:
        saved = put_controls(session, get_tenant(session, tenant), changes)
        echo_json(controls_view(saved, config.limits))


@click.group()
def report() -> None:
    """Reports."""


@report.command("chargeback")
@click.option("--from", "start", help="ISO date or datetime (default: start of this month)")
@click.option("--to", "end", help="ISO date or datetime, exclusive (default: now)")
@click.option("--group-by", type=click.Choice(["user", "team", "model", "provider"]),
              default="team", show_default=True)
@click.option("--tenant", help="One tenant's slug (default: every tenant)")
def report_chargeback(start, end, group_by, tenant) -> None:
    """Spend per group as a table; the TOTAL row is the sum of the jobs' costs."""
    with cli_database().session() as session:
        tenant_id = get_tenant(session, tenant).id if tenant else None
        result = chargeback(session, tenant_id, start, end, group_by)
    click.echo(f"chargeback {result['from']} .. {result['to']} by {group_by}")
    lead = ["tenant"] if tenant_id is None else []
    lines = [[*lead, group_by, *FIELDS]]
    lines += [[*([row["tenant"]] if lead else []), row["key"] or "-",
               *(str(row[name]) for name in FIELDS)] for row in result["rows"]]
    lines.append([*([""] if lead else []), "TOTAL",
                  *(str(result["total"][name]) for name in FIELDS)])
    _echo_table(lines, numeric_from=len(lead) + 1)


def _echo_table(lines: list[list[str]], numeric_from: int) -> None:
    """Text columns left-aligned, numbers right-aligned, a rule above the last line."""
    widths = [max(len(cell) for cell in column) for column in zip(*lines, strict=True)]
    for index, line in enumerate(lines):
        if index == len(lines) - 1:
            click.echo("  ".join("-" * width for width in widths))
        click.echo("  ".join(cell.rjust(width) if position >= numeric_from else cell.ljust(width)
                             for position, (cell, width) in enumerate(zip(line, widths,
                                                                          strict=True))))


COMMANDS = (budgets, limits, controls, report)
