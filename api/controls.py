"""Admin routes for cost controls: budgets, rate limits, queue policy."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from api.auth import require_admin
from api.context import json_body, runtime
from sluice.budgets import budget_view, put_budget
from sluice.callback_urls import check_callback_url
from sluice.controls import controls_view, put_controls
from sluice.models import Budget, TenantControls
from sluice.ratelimits import MAX_PER_MINUTE, put_rule, rule_view
from sluice.tenancy import get_tenant

blueprint = Blueprint("controls", __name__, url_prefix="/v1/admin/tenants/<tenant>")
blueprint.before_request(require_admin)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BudgetBody(_Body):
    scope: Literal["tenant", "team", "user", "key"]
    subject: str | None = Field(default=None, max_length=200)
    limit_usd: Decimal = Field(ge=0, max_digits=20, decimal_places=10)
    period: Literal["day", "month", "total"]
    alert_at: Decimal | None = Field(default=None, gt=0, le=1)


class RateLimitBody(_Body):
    scope: Literal["tenant", "team", "user", "key", "model"]
    subject: str | None = Field(default=None, max_length=200)
    rpm: int | None = Field(default=None, gt=0, le=MAX_PER_MINUTE, strict=True)
    tpm: int | None = Field(default=None, gt=0, le=MAX_PER_MINUTE, strict=True)


class ControlsBody(_Body):
    max_queued_jobs: int | None = Field(default=None, gt=0, le=MAX_PER_MINUTE, strict=True)
    max_wait_seconds: int | None = Field(default=None, gt=0, le=MAX_PER_MINUTE, strict=True)
    alert_url: str | None = Field(default=None, max_length=2000)


@blueprint.put("/budgets")
def set_budget(tenant: str):
    body = BudgetBody.model_validate(json_body())
    with runtime().db.session() as session:
        budget = put_budget(session, get_tenant(session, tenant), body.scope, body.subject,
                            body.period, body.limit_usd, body.alert_at)
        return budget_view(session, budget)


@blueprint.get("/budgets")
def list_budgets(tenant: str):
    with runtime().db.session() as session:
        found = get_tenant(session, tenant)
        budgets = session.query(Budget).filter(Budget.tenant_id == found.id).order_by(Budget.id)
        return {"object": "list", "data": [budget_view(session, budget) for budget in budgets]}


@blueprint.put("/rate-limits")
def set_rate_limit(tenant: str):
    body = RateLimitBody.model_validate(json_body())
    with runtime().db.session() as session:
        rule = put_rule(session, get_tenant(session, tenant), body.scope, body.subject,
                        body.rpm, body.tpm)
        return rule_view(rule)


@blueprint.patch("")
def set_controls(tenant: str):
    body = ControlsBody.model_validate(json_body())
    rt = runtime()
    if body.alert_url:
        check_callback_url(body.alert_url, rt.config.webhooks.allow_hosts)
    with rt.db.session() as session:
        controls = put_controls(session, get_tenant(session, tenant),
                                body.model_dump(exclude_unset=True))
        return controls_view(controls, rt.config.limits)


@blueprint.get("/controls")
def show_controls(tenant: str):
    rt = runtime()
    with rt.db.session() as session:
        found = get_tenant(session, tenant)
        return controls_view(session.get(TenantControls, found.id), rt.config.limits)
