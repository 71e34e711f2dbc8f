"""Request-scoped access to the process runtime and the request body."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from sluice.errors import InvalidRequest
from sluice.runtime import Runtime


def runtime() -> Runtime:
    return current_app.extensions["sluice"]


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidRequest("the body must be a JSON object (Content-Type: application/json)")
    return body
