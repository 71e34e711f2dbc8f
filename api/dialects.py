"""The synchronous dialects, for unchanged SDK clients: `POST /v1/messages` (Anthropic),
`POST /v1/chat/completions` (OpenAI) and `GET /v1/models`.

Each call is an ordinary job (same policies, cost row and job id, sent back in
`sluice-job-id`); the route waits for it over Redis pub/sub, or relays its stream.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from flask import Blueprint, Response, request, stream_with_context
from opentelemetry import trace
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from api.auth import tenant_caller
from api.context import json_body, runtime
from api.dialect_errors import JOB_FAILURE_STATUS, dialect_error
from api.dialect_streams import AnthropicStream, OpenAIStream
from api.errors import validation_message
from api.idempotency import idempotent
from api.jobs import job_status, publish_jobs, route_headers
from sluice.controls import admit_submission
from sluice.dialects import DIALECTS
from sluice.errors import InvalidRequest, SluiceError
from sluice.job_events import wait_for_job_done
from sluice.job_stream import open_job_stream, read_job_stream
from sluice.jobs import FINAL_STATUSES, create_chat_job, get_job
from sluice.models import Job
from sluice.pricing import priced_models

blueprint = Blueprint("dialects", __name__)
log = logging.getLogger("sluice.api")


def _dialect() -> str:
    if request.path == "/v1/messages":
        return "anthropic"
    if request.path == "/v1/models" and "anthropic-version" in request.headers:
        return "anthropic"
    return "openai"


@blueprint.errorhandler(SluiceError)
def _sluice_error(exc: SluiceError):
    return dialect_error(_dialect(), exc.status, exc.error_type, exc.message, exc.retry_after)


@blueprint.errorhandler(ValidationError)
def _invalid_body(exc: ValidationError):
    return dialect_error(_dialect(), 400, "invalid_request", validation_message(exc))


@blueprint.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    status = exc.code or 500
    message = exc.description if status != 413 else "the request body is too large"
    return dialect_error(_dialect(), status, "request_too_large" if status == 413
                         else "invalid_request", message)


@blueprint.errorhandler(Exception)
def _our_fault(exc: Exception):
    log.exception("unhandled error", extra={"error_class": exc.__class__.__name__})
    return dialect_error(_dialect(), 500, "api_error",
                         "internal error; the request was not completed")


@blueprint.post("/v1/messages")
@idempotent
def anthropic_messages():
    return _run("anthropic")


@blueprint.post("/v1/chat/completions")
@idempotent
def openai_chat_completions():
    return _run("openai")


def _run(dialect: str):
    caller = tenant_caller()
    body = json_body()
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise InvalidRequest("stream: expected true or false")
    if stream and "Idempotency-Key" in request.headers:
        raise InvalidRequest("Idempotency-Key: not supported with stream: true (a stream "
                             "cannot be replayed); poll the job instead")
    chat_request = DIALECTS[dialect].parse_request(body)
    user = _end_user(dialect, body)
    include_usage = _include_usage(dialect, body)
    rt = runtime()
    with rt.db.session() as session:
        admit_submission(session, caller.tenant_id, rt.config.limits)
        job = create_chat_job(session, rt.cipher, caller, chat_request, dialect, user=user,
                              route_headers=route_headers(), stream=stream)
    trace.get_current_span().set_attribute("sluice.job_id", job.id)
    if stream:
        open_job_stream(rt.redis, rt.settings.redis_prefix, job.id,
                        rt.settings.sync_wait_seconds + 60)
    publish_jobs([(job.id, caller.tenant_slug)])
    if stream:
        return _stream(dialect, job.id, chat_request.model, include_usage)
    wait_for_job_done(rt.redis, rt.settings.redis_prefix, job.id, rt.settings.sync_wait_seconds,
                      is_final=lambda: job_status(job.id) in FINAL_STATUSES)
    return _answer(dialect, job.id)


def _end_user(dialect: str, body: dict[str, Any]) -> str | None:
    user = (body.get("metadata") or {}).get("user_id") if dialect == "anthropic" \
        else body.get("user")
    if user is not None and (not isinstance(user, str) or not 1 <= len(user) <= 200):
        raise InvalidRequest("user: expected a string of 1 to 200 characters")
    return user


def _include_usage(dialect: str, body: dict[str, Any]) -> bool:
    options = body.get("stream_options") or {}
    if dialect == "openai" and (not isinstance(options, dict) or set(options) -
                                {"include_usage"}):
        raise InvalidRequest("stream_options: only include_usage is supported")
    return options.get("include_usage") is True


def _answer(dialect: str, job_id: str):
    """The stored answer in the caller's dialect, or the job's error in that dialect's shape."""
    rt = runtime()
    with rt.db.session() as session:
        job = get_job(session, tenant_caller(), job_id)
        if job.status == "succeeded":
            message = rt.cipher.open(job.result_ciphertext)["message"]
            return message, 200, {"sluice-job-id": job.id}
        return _failure(dialect, job)


def _failure_parts(job: Job) -> tuple[int, str, str]:
    """Status, stable type and message of a job that did not succeed (or not yet)."""
    if job.status == "failed":
        return JOB_FAILURE_STATUS.get(job.error_type, 502), job.error_type, \
            job.error_message or ""
    if job.status == "cancelled":
        return 409, "cancelled", f"job {job.id} was cancelled"
    return 504, "timeout", f"job {job.id} is still {job.status}; poll GET /v1/jobs/{job.id}"


def _failure(dialect: str, job: Job) -> Response:
    return dialect_error(dialect, *_failure_parts(job), job_id=job.id)


def _stream(dialect: str, job_id: str, model: str, include_usage: bool):
    """Headers wait for the first event: a job that fails before any token answers with a
    plain HTTP error the SDK raises as such, not with a 200 that carries an error event."""
    rt = runtime()
    events = read_job_stream(rt.redis, rt.settings.redis_prefix, job_id,
                             rt.settings.sync_wait_seconds)
    first = next(events, None)
    if first is None or first["type"] == "done":
        with rt.db.session() as session:
            return _failure(dialect, get_job(session, tenant_caller(), job_id))
    renderer = AnthropicStream(model) if dialect == "anthropic" else \
        OpenAIStream(model, include_usage)
    caller = tenant_caller()

    def relay() -> Iterator[str]:
        last = first
        yield renderer.render(first)
        for event in events:
            last = event
            if event["type"] == "start":  # a second run: the first one died mid-stream
                yield renderer.error(500, "api_error", f"the worker streaming job {job_id} "
                                     f"stopped part-way; the job runs again, poll "
                                     f"GET /v1/jobs/{job_id}")
                return
            if event["type"] != "done":
                yield renderer.render(event)
        if last["type"] == "done" and last["status"] == "succeeded":
            yield renderer.finish()
            return
        with rt.db.session() as session:
            yield renderer.error(*_failure_parts(get_job(session, caller, job_id)))

    return Response(stream_with_context(relay()), mimetype="text/event-stream",
                    headers={"sluice-job-id": job_id, "Cache-Control": "no-cache",
                             "X-Accel-Buffering": "no"})


@blueprint.get("/v1/models")
def list_models():
    tenant_caller()
    names = routable_models(runtime().config)
    if _dialect() == "anthropic":
        data = [{"type": "model", "id": name, "display_name": name,
                 "created_at": "1970-01-01T00:00:00Z"} for name in names]
        return {"data": data, "has_more": False, "first_id": names[0] if names else None,
                "last_id": names[-1] if names else None}
    return {"object": "list", "data": [{"id": name, "object": "model", "created": 0,
                                        "owned_by": "sluice"} for name in names]}


def routable_models(config) -> list[str]:
    """Route names without globs; then backend models, price overrides and the models
    `genai-prices` knows for a route's providers, each listed under the first route that
    matches it (as routing would)."""
    names = [route.model for route in config.routes if not _is_glob(route.model)]
    for index, route in enumerate(config.routes):
        kinds = {config.providers[backend.provider].kind for backend in route.backends}
        candidates = [backend.model for backend in route.backends if backend.model]
        candidates += list(config.prices) + [name for kind in sorted(kinds)
                                              for name in priced_models(kind)]
        names += [name for name in candidates if fnmatchcase(name, route.model)
                  and not any(fnmatchcase(name, earlier.model)
                              for earlier in config.routes[:index])]
    return list(dict.fromkeys(names))


def _is_glob(pattern: str) -> bool:
    return any(char in pattern for char in "*?[")
