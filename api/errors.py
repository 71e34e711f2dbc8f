"""Every error leaves as JSON with a stable `type`; our own faults say nothing more."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from sluice.errors import SluiceError

log = logging.getLogger("sluice.api")

_HTTP_TYPES = {400: "invalid_request", 401: "authentication_error", 403: "permission_error",
               404: "not_found", 405: "invalid_request", 409: "conflict",
               413: "request_too_large", 415: "invalid_request", 429: "rate_limited"}


def error_response(status: int, error_type: str, message: str, retry_after: int | None = None):
    response = jsonify({"error": {"type": error_type, "message": message}})
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def register(app: Flask) -> None:
    @app.errorhandler(SluiceError)
    def _sluice_error(exc: SluiceError):
        return error_response(exc.status, exc.error_type, exc.message, exc.retry_after)

    @app.errorhandler(ValidationError)
    def _invalid_body(exc: ValidationError):
        return error_response(400, "invalid_request", validation_message(exc))

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        message = exc.description if status != 413 else "the request body is too large"
        return error_response(status, _HTTP_TYPES.get(status, "api_error"), message)

    @app.errorhandler(Exception)
    def _our_fault(exc: Exception):
        log.exception("unhandled error", extra={"error_class": exc.__class__.__name__})
        return error_response(500, "api_error", "internal error; the request was not completed")
