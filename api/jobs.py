"""Native jobs: submit, get (with long-poll), list, cancel."""

from __future__ import annotations

import logging

from flask import Blueprint, request
from kombu.exceptions import KombuError
from opentelemetry import trace
from redis.exceptions import RedisError

from api.auth import tenant_caller
from api.context import json_body, runtime
from api.idempotency import idempotent
from sluice.callback_urls import check_callback_url
from sluice.controls import admit_submission
from sluice.errors import InvalidRequest
from sluice.job_events import announce_job_done, wait_for_job_done
from sluice.jobs import FINAL_STATUSES, cancel_job, create_job, get_job, job_view, list_jobs
from sluice.models import Job
from sluice.pii_policy import check_pii_override
from sluice.submission import JobSubmission

blueprint = Blueprint("jobs", __name__)
log = logging.getLogger("sluice.api")
MAX_WAIT_SECONDS = 60


@blueprint.post("/v1/jobs")
@idempotent
def submit_job():
    caller = tenant_caller()
    submission = JobSubmission.model_validate(json_body())
    rt = runtime()
    if submission.callback_url:
        check_callback_url(submission.callback_url, rt.config.webhooks.allow_hosts)
    with rt.db.session() as session:
        check_pii_override(session, caller.tenant_id, submission.pii, rt.config.pii)
        admit_submission(session, caller.tenant_id, rt.config.limits)
        job = create_job(session, rt.cipher, caller, submission, route_headers())
        view = job_view(session, rt.cipher, job)
    trace.get_current_span().set_attribute("sluice.job_id", job.id)
    publish_jobs([(job.id, caller.tenant_slug)])
    return view, 202


def route_headers() -> dict[str, str]:
    """Only the headers some route matches on travel with the job."""
    names = runtime().config.routed_header_names()
    return {name: request.headers[name] for name in names if name in request.headers}


def publish_jobs(jobs: list[tuple[str, str]]) -> None:
    """After commit. A broker outage loses nothing: the sweeper publishes from Postgres."""
    try:
        runtime().publisher.publish(jobs)
    except (RedisError, KombuError, OSError) as exc:
        log.warning("publish deferred to the sweeper",
                    extra={"jobs": len(jobs), "error_class": exc.__class__.__name__})


@blueprint.get("/v1/jobs/<job_id>")
def read_job(job_id: str):
    caller = tenant_caller()
    wait = _wait_seconds()
    rt = runtime()
    with rt.db.session() as session:
        job = get_job(session, caller, job_id)
        if wait == 0 or job.status in FINAL_STATUSES:
            return job_view(session, rt.cipher, job)
    wait_for_job_done(rt.redis, rt.settings.redis_prefix, job_id, wait,
                      is_final=lambda: job_status(job_id) in FINAL_STATUSES)
    with rt.db.session() as session:
        return job_view(session, rt.cipher, get_job(session, caller, job_id))


def _wait_seconds() -> float:
    raw = request.args.get("wait", "0")
    try:
        wait = float(raw)
    except ValueError:
        raise InvalidRequest("wait: expected a number of seconds") from None
    if not 0 <= wait <= MAX_WAIT_SECONDS:
        raise InvalidRequest(f"wait: must be between 0 and {MAX_WAIT_SECONDS} seconds")
    return wait


def job_status(job_id: str) -> str | None:
    with runtime().db.session() as session:
        return session.get(Job, job_id).status


@blueprint.get("/v1/jobs")
def list_tenant_jobs():
    caller = tenant_caller()
    try:
        limit = int(request.args.get("limit", "20"))
    except ValueError:
        raise InvalidRequest("limit: expected an integer") from None
    if not 1 <= limit <= 100:
        raise InvalidRequest("limit: must be between 1 and 100")
    rt = runtime()
    with rt.db.session() as session:
        jobs, has_more = list_jobs(session, caller, request.args.get("status"), limit,
                                   request.args.get("after"), request.args.get("batch_id"))
        data = [job_view(session, rt.cipher, job) for job in jobs]
    return {"object": "list", "data": data, "has_more": has_more,
            "last_id": data[-1]["id"] if data else None}


@blueprint.post("/v1/jobs/<job_id>/cancel")
def cancel(job_id: str):
    caller = tenant_caller()
    rt = runtime()
    with rt.db.session() as session:
        job = cancel_job(session, caller, job_id)
        view = job_view(session, rt.cipher, job)
    try:
        rt.publisher.forget(job_id)
        announce_job_done(rt.redis, rt.settings.redis_prefix, job_id, "cancelled")
    except RedisError:
        log.warning("cancel notice not published", extra={"job_id": job_id})
    return view
