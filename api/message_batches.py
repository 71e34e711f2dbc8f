"""Anthropic Message Batches shape at `/v1/messages/batches`."""

from __future__ import annotations

from flask import Blueprint, Response, request, stream_with_context
from pydantic import BaseModel, ConfigDict

from api.auth import tenant_caller
from api.batch_lines import anthropic_requests
from api.batches import answer_errors_as, base_url, cancel, page_limit, submit_batch
from api.context import json_body, runtime
from api.idempotency import idempotent
from sluice.batch_views import anthropic_result, batch_view, result_lines
from sluice.batches import get_batch, list_batches

blueprint = answer_errors_as(
    Blueprint("message_batches", __name__, url_prefix="/v1/messages/batches"), "anthropic")
SHAPE = "anthropic"


class NewMessageBatch(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    requests: list
    callback_url: str | None = None


@blueprint.post("")
@idempotent
def create_message_batch():
    body = json_body()
    parsed = NewMessageBatch.model_validate(body)
    requests = anthropic_requests(body, runtime().config.webhooks.allow_hosts)
    return submit_batch(requests, SHAPE, "/v1/messages", "24h", callback_url=parsed.callback_url)


@blueprint.get("/<batch_id>")
def read_message_batch(batch_id: str):
    caller = tenant_caller()
    with runtime().db.session() as session:
        return batch_view(session, get_batch(session, caller, batch_id), base_url(), SHAPE)


@blueprint.get("")
def list_message_batches():
    caller = tenant_caller()
    with runtime().db.session() as session:
        batches, has_more = list_batches(session, caller, page_limit(),
                                         request.args.get("after_id"))
        data = [batch_view(session, batch, base_url(), SHAPE) for batch in batches]
    return {"data": data, "has_more": has_more,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None}


@blueprint.get("/<batch_id>/results")
def message_batch_results(batch_id: str):
    """JSONL in input order, streamed page by page."""
    caller = tenant_caller()
    rt = runtime()
    with rt.db.session() as session:
        get_batch(session, caller, batch_id)
    lines = result_lines(rt.db, rt.cipher, batch_id, anthropic_result)
    return Response(stream_with_context(lines), mimetype="application/x-jsonl")


@blueprint.post("/<batch_id>/cancel")
def cancel_message_batch(batch_id: str):
    return cancel(batch_id, SHAPE)
