"""Chargeback: spend grouped by user, team, model or provider, to the last decimal place.

Rows and total are SUMs over the same usage rows, in exact decimals, so the
breakdown always adds up to the total, which is the sum of the jobs' costs.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sluice.errors import InvalidRequest
from sluice.models import Tenant, UsageRow, iso, money_text, utcnow

GROUPS = {"user": UsageRow.user, "team": UsageRow.team, "model": UsageRow.model,
          "provider": UsageRow.provider}
FIELDS = ("requests", "input_tokens", "output_tokens", "cost_usd")


def parse_moment(value: str | None, name: str, default: datetime) -> datetime:
    """ISO 8601 dates or datetimes; a naive one is taken as UTC."""
    if not value:
        return default
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"{name}: expected an ISO 8601 date or datetime") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def chargeback(session: Session, tenant_id: str | None, start: str | None, end: str | None,
               group_by: str) -> dict:
    """Usage in [from, to), one tenant's or (tenant_id None) every tenant's."""
    if group_by not in GROUPS:
        raise InvalidRequest(f"group_by: expected one of {', '.join(GROUPS)}")
    now = utcnow()
    begin = parse_moment(start, "from", now.replace(day=1, hour=0, minute=0, second=0,
                                                     microsecond=0))
    finish = parse_moment(end, "to", now)
    if finish <= begin:
        raise InvalidRequest("to: must be after from")
    column = GROUPS[group_by]
    totals = (func.count(UsageRow.id), func.coalesce(func.sum(UsageRow.input_tokens), 0),
              func.coalesce(func.sum(UsageRow.output_tokens), 0), func.sum(UsageRow.cost_usd))
    where = [UsageRow.created_at >= begin, UsageRow.created_at < finish]
    keys = [column] if tenant_id else [Tenant.slug, column]
    query = select(*keys, *totals).where(*where)
    if tenant_id:
        query = query.where(UsageRow.tenant_id == tenant_id)
    else:
        query = query.join(Tenant, Tenant.id == UsageRow.tenant_id)
    rows = [_row(values[:len(keys)], values[len(keys):], tenant_id is None)
            for values in session.execute(query.group_by(*keys))]
    rows.sort(key=lambda row: (-Decimal(row["cost_usd"]), str(row["key"])))
    total = session.execute(select(*totals).where(
        *where, *([UsageRow.tenant_id == tenant_id] if tenant_id else []))).one()
    return {"from": iso(begin), "to": iso(finish), "group_by": group_by, "rows": rows,
            "total": _amounts(total)}


def _row(keys, amounts, with_tenant: bool) -> dict:
    row = {"tenant": keys[0]} if with_tenant else {}
    row["key"] = keys[-1]
    row.update(_amounts(amounts))
    return row


def _amounts(values) -> dict:
    requests, input_tokens, output_tokens, cost = values
    return {"requests": int(requests), "input_tokens": int(input_tokens),
            "output_tokens": int(output_tokens), "cost_usd": money_text(cost or Decimal(0))}


def to_csv(report: dict) -> str:
    out = io.StringIO()
    columns = (["tenant"] if report["rows"] and "tenant" in report["rows"][0] else [])
    writer = csv.writer(out)
    writer.writerow([*columns, report["group_by"], *FIELDS])
    for row in report["rows"]:
        writer.writerow([*(row[name] for name in columns), row["key"] or "",
                         *(row[name] for name in FIELDS)])
    writer.writerow([*("" for _ in columns), "TOTAL", *(report["total"][n] for n in FIELDS)])
    return out.getvalue()
