"""Budget stage: the worst case is reserved before any money can be spent."""

from __future__ import annotations

from decimal import Decimal

from sluice.budgets import BudgetBusy, BudgetExhausted, reserve
from sluice.chat import ChatRequest
from sluice.errors import BudgetExceeded
from sluice.metrics import BUDGET_REJECTIONS
from sluice.pricing import price_call
from sluice.runtime import Runtime
from sluice.tracing import stage_span
from workers.pipeline.claim import Claim
from workers.pipeline.limits import JobDeferred, estimate_input_tokens
from workers.pipeline.routing import Backend

BUSY_RETRY_S = 1.0


@stage_span("sluice.budget_reservation", quiet=(JobDeferred,))
def reserve_budget(rt: Runtime, claim: Claim, request: ChatRequest,
                   backends: list[Backend]) -> Decimal:
    """Priced at the dearest backend the route may fail over to, with all `max_tokens` out."""
    input_tokens = estimate_input_tokens(request)
    worst = max(price_call(backend.model, backend.provider.kind, input_tokens,
                           request.max_tokens, rt.config.prices) for backend in backends)
    try:
        with rt.db.session() as session:
            reserve(session, claim.job, claim.tenant_slug, worst)
    except BudgetExhausted as exc:
        BUDGET_REJECTIONS.labels(claim.tenant_slug).inc()
        raise BudgetExceeded(str(exc)) from None
    except BudgetBusy as exc:
        raise JobDeferred(BUSY_RETRY_S, f"budget ({exc})") from None
    return worst
