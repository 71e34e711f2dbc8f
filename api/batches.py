"""OpenAI Batch shape: `/v1/batches` over an uploaded `/v1/files` input; and the one path
both batch shapes take to create, publish and cancel."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Literal

from flask import Blueprint, request
from kombu.exceptions import KombuError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from redis.exceptions import RedisError

from api.auth import tenant_caller
from api.batch_lines import openai_requests
from api.context import json_body, runtime
from api.dialect_errors import dialect_error
from api.errors import validation_message
from api.idempotency import idempotent
from sluice.batch_files import file_text, get_file
from sluice.batch_views import batch_view
from sluice.batches import (
    BatchRequest,
    BatchSpec,
    cancel_batch,
    create_batch,
    get_batch,
    list_batches,
)
from sluice.bulk_publish import publish_in_bulk
from sluice.callback_urls import check_callback_url
from sluice.controls import admit_submission
from sluice.delivery_events import batch_ended_if_done, publish_deliveries
from sluice.errors import InvalidRequest, PermissionDenied, SluiceError
from sluice.job_events import announce_jobs_done
from sluice.pii_policy import check_pii_override

log = logging.getLogger("sluice.api")


def answer_errors_as(blueprint: Blueprint, dialect: str) -> Blueprint:
    """A blueprint serving an SDK answers its errors in that SDK's shape."""
    blueprint.register_error_handler(SluiceError, lambda exc: dialect_error(
        dialect, exc.status, exc.error_type, exc.message, exc.retry_after))
    blueprint.register_error_handler(ValidationError, lambda exc: dialect_error(
        dialect, 400, "invalid_request", validation_message(exc)))
    return blueprint


blueprint = answer_errors_as(Blueprint("batches", __name__), "openai")


class NewOpenAIBatch(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    input_file_id: str = Field(min_length=1, max_length=40)
    endpoint: Literal["/v1/chat/completions"]
    completion_window: Literal["24h"]
    metadata: dict[str, str] | None = None
    callback_url: str | None = None


def base_url() -> str:
    return request.url_root.rstrip("/")


def page_limit(default: int = 20) -> int:
    try:
        limit = int(request.args.get("limit", str(default)))
    except ValueError:
        raise InvalidRequest("limit: expected an integer") from None
    if not 1 <= limit <= 1000:
        raise InvalidRequest("limit: must be between 1 and 1000")
    return limit


def submit_batch(requests: list[BatchRequest], shape: str, endpoint: str,
                 completion_window: str, input_file_id: str | None = None,
                 metadata: dict[str, Any] | None = None,
                 callback_url: str | None = None) -> dict[str, Any]:
    """Every valid line a job, all in one transaction, published with one producer."""
    caller = tenant_caller()
    rt = runtime()
    if callback_url:
        check_callback_url(callback_url, rt.config.webhooks.allow_hosts)
    spec = BatchSpec(shape=shape, endpoint=endpoint, completion_window=completion_window,
                     window=timedelta(hours=rt.settings.batch_window_hours),
                     input_file_id=input_file_id, metadata=metadata, callback_url=callback_url)
    with rt.db.session() as session:
        requests = _refuse_disallowed_pii(session, caller.tenant_id, requests)
        admit_submission(session, caller.tenant_id, rt.config.limits,
                         adding=sum(1 for item in requests if item.submission))
        batch, job_ids = create_batch(session, rt.cipher, caller, requests, spec)
        due = [] if job_ids else batch_ended_if_done(session, rt.cipher, batch.id)
        session.refresh(batch)
        view = batch_view(session, batch, base_url(), shape)
    try:
        publish_in_bulk(rt.publisher, [(job_id, caller.tenant_slug) for job_id in job_ids])
    except (RedisError, KombuError, OSError) as exc:
        log.warning("batch publish deferred to the sweeper",
                    extra={"jobs": len(job_ids), "error_class": exc.__class__.__name__})
    publish_deliveries(rt.celery, due)
    return view


def _refuse_disallowed_pii(session, tenant_id: str,
                           requests: list[BatchRequest]) -> list[BatchRequest]:
    refused: dict[str, str | None] = {}
    for mode in {item.submission.pii for item in requests if item.submission}:
        try:
            check_pii_override(session, tenant_id, mode, runtime().config.pii)
        except PermissionDenied as exc:
            refused[mode] = exc.message
    if not refused:
        return requests
    return [BatchRequest(item.line, item.custom_id, error=refused[item.submission.pii])
            if item.submission and item.submission.pii in refused else item
            for item in requests]


def cancel(batch_id: str, shape: str) -> dict[str, Any]:
    """Queued jobs stop at once; running ones finish; the batch ends when they have."""
    caller = tenant_caller()
    rt = runtime()
    with rt.db.session() as session:
        cancelled = cancel_batch(session, caller, batch_id)
        due = batch_ended_if_done(session, rt.cipher, batch_id)
        batch = get_batch(session, caller, batch_id)
        session.refresh(batch)
        view = batch_view(session, batch, base_url(), shape)
    try:
        for start in range(0, len(cancelled), 1000):
            rt.publisher.forget(*cancelled[start:start + 1000])
            announce_jobs_done(rt.redis, rt.settings.redis_prefix,
                               cancelled[start:start + 1000], "cancelled")
    except RedisError:
        log.warning("cancel notices not published", extra={"batch_id": batch_id})
    publish_deliveries(rt.celery, due)
    return view


@blueprint.post("/v1/batches")
@idempotent
def create_openai_batch():
    body = NewOpenAIBatch.model_validate(json_body())
    caller = tenant_caller()
    rt = runtime()
    with rt.db.session() as session:
        text = file_text(rt.cipher, get_file(session, caller.tenant_id, body.input_file_id))
    requests = openai_requests(text, body.endpoint, rt.config.webhooks.allow_hosts)
    return submit_batch(requests, "openai", body.endpoint, body.completion_window,
                        input_file_id=body.input_file_id, metadata=body.metadata,
                        callback_url=body.callback_url)


@blueprint.get("/v1/batches/<batch_id>")
def read_openai_batch(batch_id: str):
    caller = tenant_caller()
    with runtime().db.session() as session:
        return batch_view(session, get_batch(session, caller, batch_id), base_url(), "openai")


@blueprint.get("/v1/batches")
def list_openai_batches():
    caller = tenant_caller()
    with runtime().db.session() as session:
        batches, has_more = list_batches(session, caller, page_limit(), request.args.get("after"))
        data = [batch_view(session, batch, base_url(), "openai") for batch in batches]
    return {"object": "list", "data": data, "has_more": has_more,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None}


@blueprint.post("/v1/batches/<batch_id>/cancel")
def cancel_openai_batch(batch_id: str):
    return cancel(batch_id, "openai")

