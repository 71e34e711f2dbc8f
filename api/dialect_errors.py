"""Errors of the synchronous dialect routes, in the shape each SDK parses.

Anthropic: `{"type": "error", "error": {"type", "message"}}` with its own type names.
OpenAI: `{"error": {"message", "type", "param", "code"}}`; `code` carries sluice's stable
error type. A provider failure that sluice already retried and failed over is marked
`x-should-retry: false`, which both SDKs obey, so one call does not become three jobs.
"""

from __future__ import annotations

from flask import Response, jsonify

_ANTHROPIC_TYPES = {400: "invalid_request_error", 401: "authentication_error",
                    402: "billing_error", 403: "permission_error", 404: "not_found_error",
                    409: "invalid_request_error", 413: "request_too_large",
                    422: "invalid_request_error", 429: "rate_limit_error",
                    504: "timeout_error", 529: "overloaded_error"}
_OPENAI_TYPES = {401: "authentication_error", 402: "insufficient_quota",
                 403: "permission_error", 429: "rate_limit_error"}
# What a failed job answers: its stable error type -> HTTP status.
JOB_FAILURE_STATUS = {"invalid_request": 400, "pii_blocked": 400, "budget_exceeded": 402,
                      "cancelled": 409, "rate_limited": 429, "provider_error": 502,
                      "timeout": 504}
_FINAL_ANSWERS = {"provider_error", "timeout", "budget_exceeded", "pii_blocked",
                  "invalid_request", "cancelled"}


def anthropic_error(status: int, error_type: str, message: str) -> dict:
    kind = _ANTHROPIC_TYPES.get(status, "api_error" if status >= 500 else
                                "invalid_request_error")
    return {"type": "error", "error": {"type": kind, "message": message}}


def openai_error(status: int, error_type: str, message: str) -> dict:
    kind = _OPENAI_TYPES.get(status, "server_error" if status >= 500 else
                             "invalid_request_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": error_type}}


def dialect_error(dialect: str, status: int, error_type: str, message: str,
                  retry_after: int | None = None, job_id: str | None = None) -> Response:
    render = anthropic_error if dialect == "anthropic" else openai_error
    response = jsonify(render(status, error_type, message))
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    if job_id is not None:
        response.headers["sluice-job-id"] = job_id
    if error_type in _FINAL_ANSWERS:
        response.headers["x-should-retry"] = "false"
    return response
