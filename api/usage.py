"""What a caller has spent: chargeback reports and the state of its budgets."""

from __future__ import annotations

from flask import Blueprint, Response, request

from api.auth import is_admin_token, presented_token, tenant_caller
from api.context import runtime
from sluice.budgets import budget_view, budgets_for_caller
from sluice.chargeback import chargeback, to_csv
from sluice.errors import InvalidRequest

blueprint = Blueprint("usage", __name__, url_prefix="/v1/usage")


@blueprint.get("/chargeback")
def chargeback_report():
    """Tenant keys see their tenant; the admin token sees every tenant."""
    tenant_id = None if is_admin_token(presented_token()) else tenant_caller().tenant_id
    output = request.args.get("format", "json")
    if output not in ("json", "csv"):
        raise InvalidRequest("format: expected json or csv")
    with runtime().db.session() as session:
        report = chargeback(session, tenant_id, request.args.get("from"),
                            request.args.get("to"), request.args.get("group_by", "team"))
    if output == "csv":
        return Response(to_csv(report), mimetype="text/csv", headers={
            "Content-Disposition": "attachment; filename=chargeback.csv"})
    return report


@blueprint.get("/budgets")
def my_budgets():
    caller = tenant_caller()
    with runtime().db.session() as session:
        budgets = budgets_for_caller(session, caller)
        return {"object": "list", "data": [budget_view(session, budget) for budget in budgets]}
