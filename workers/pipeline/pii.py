"""The PII stage: nothing reaches a provider before this, and nothing raw stays at rest after.

`protect_request` applies the tenant's policy (or the job's allowed override); when it finds
PII it replaces the stored request with the redacted one and keeps a pseudonym map sealed
beside it, so a rerun after a crash restores the same answer. `PiiOutcome.restore` puts
originals back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update

from sluice.chat import ChatRequest, ChatResponse
from sluice.errors import PiiBlocked
from sluice.metrics import PII_ENTITIES
from sluice.models import Job
from sluice.pii_policy import EffectivePolicy, tenant_pii_policy
from sluice.runtime import Runtime
from sluice.tracing import stage_span
from workers.pii.engine import PiiEngine
from workers.pii.loader import pii_engine
from workers.pii.placeholders import Protection, protect_text, protect_tree, restore_tree
from workers.pipeline.claim import Claim
from workers.pipeline.outcome import LeaseLost

log = logging.getLogger("sluice.worker")


@dataclass(frozen=True)
class PiiOutcome:
    originals: dict[str, str]

    def restore(self, response: ChatResponse) -> ChatResponse:
        if not self.originals:
            return response
        return ChatResponse.model_validate(
            restore_tree(response.model_dump(mode="json"), self.originals))


@stage_span("sluice.pii")
def protect_request(rt: Runtime, claim: Claim, sealed: dict[str, Any],
                    request: ChatRequest) -> tuple[ChatRequest, PiiOutcome]:
    applied = sealed.get("pii_applied")
    if applied is not None:
        return request, PiiOutcome(applied["originals"])
    with rt.db.session() as session:
        policy = tenant_pii_policy(session, claim.job.tenant_id, rt.config.pii)
    policy = policy.with_override(sealed.get("pii"))
    if policy.mode == "off":
        return request, PiiOutcome({})
    dumped, protection = redact_request(pii_engine(rt), request, policy)
    if not protection.entities:
        return request, PiiOutcome({})  # the stored request is already free of PII
    for entity, count in protection.entities.items():
        PII_ENTITIES.labels(entity).inc(count)
    _replace_stored_request(rt, claim, {**sealed, "request": dumped, "pii_applied": {
        "mode": policy.mode, "originals": protection.originals}})
    if policy.mode == "block":
        found = ", ".join(f"{entity} x{count}" for entity, count
                          in sorted(protection.entities.items()))
        raise PiiBlocked(f"the tenant's PII policy blocks prompts with PII; found {found}")
    return ChatRequest.model_validate(dumped), PiiOutcome(protection.originals)


def redact_request(engine: PiiEngine, request: ChatRequest,
                   policy: EffectivePolicy) -> tuple[dict[str, Any], Protection]:
    """The request as JSON with every prose string protected. Fails closed: any analyzer
    error fails the job, so an unanalysed prompt never goes out."""
    protection = Protection()
    pseudonymize = policy.mode == "pseudonymize"

    def protect(text: str) -> str:
        return protect_text(engine, text, policy.entities, policy.score_threshold, pseudonymize,
                            protection)

    dumped = request.model_dump(mode="json")
    try:
        dumped["system"] = protect_tree(dumped["system"], protect)
        for message in dumped["messages"]:
            message["content"] = protect_tree(message["content"], protect)
    except Exception as exc:  # whatever broke, the prompt must not leave unredacted
        log.error("PII analysis failed; job not sent", extra={"error_class": type(exc).__name__})
        raise PiiBlocked("PII analysis failed, so the request was not sent to a provider") from None
    return dumped, protection


def _replace_stored_request(rt: Runtime, claim: Claim, sealed: dict[str, Any]) -> None:
    with rt.db.session() as session:
        stored = session.execute(
            update(Job).where(Job.id == claim.job.id, Job.lease_token == claim.lease_token)
            .values(request_ciphertext=rt.cipher.seal(sealed))
            .execution_options(synchronize_session=False))
        if stored.rowcount != 1:
            raise LeaseLost(claim.job.id)
