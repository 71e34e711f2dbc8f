"""The request pipeline both provider endpoints share: log, script, delay, then answer.

Each dialect only supplies its wire shapes (`Dialect`); the order of steps lives here so the
two endpoints cannot drift apart in how they record requests or apply faults.
"""

import json
import time
from collections.abc import Iterator
from typing import Any, Protocol

from flask import Response, request

from sluice.simulator.echo import Usage, answer
from sluice.simulator.state import SimulatorState

TIMEOUT_STATUS = 504
GARBAGE_BODY = '{"id": "sim-garbage", "content": [<<truncated upstream response'


class Dialect(Protocol):
    """The wire shapes of one provider API."""

    garbage_stream: str

    def error_body(self, status: int, message: str) -> dict[str, Any]: ...

    def system_texts(self, body: dict[str, Any]) -> list[str]: ...

    def message(self, body: dict[str, Any], text: str, usage: Usage) -> dict[str, Any]: ...

    def stream(
        self, body: dict[str, Any], text: str, usage: Usage, chunk_delay_s: float
    ) -> Iterator[str]: ...


def _json(
    payload: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        json.dumps(payload), status=status, headers=headers, mimetype="application/json"
    )


def _error_response(
    dialect: Dialect, status: int, message: str, retry_after: float | None = None
) -> Response:
    headers: dict[str, str] = {}
    if retry_after is not None:
        headers["retry-after"] = f"{retry_after:g}"
    return _json(dialect.error_body(status, message), status, headers)


def _problem(body: object) -> str | None:
    """Why `body` cannot be answered, checking only what the echo itself needs."""
    if not isinstance(body, dict):
        return "request body must be a JSON object"
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: a non-empty string is required"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages: a non-empty list is required"
    if not all(isinstance(m, dict) for m in messages):
        return "messages: every message must be an object"
    return None


def serve_completion(state: SimulatorState, dialect: Dialect) -> Response:
    """Answer the current Flask request as `dialect` would, following the fault script.

    Every request is logged before anything else, including malformed ones, so tests can count
    attempts (retries, failovers) exactly.
    """
    headers = {name.lower(): value for name, value in request.headers.items()}
    try:
        body = json.loads(request.get_data())
    except ValueError:
        state.record(request.path, headers, None)
        return _error_response(dialect, 400, "request body is not valid JSON")
    state.record(request.path, headers, body)
    problem = _problem(body)
    if problem:
        return _error_response(dialect, 400, problem)

    plan = state.plan(body["model"])
    time.sleep(plan.latency_s)
    streaming = body.get("stream") is True
    if plan.fault == "timeout":
        state.hang(plan.hang_s)
        return _error_response(dialect, TIMEOUT_STATUS, "simulated upstream timeout")
    if plan.fault == "garbage":
        if streaming:
            return Response(dialect.garbage_stream, mimetype="text/event-stream")
        return Response(GARBAGE_BODY, mimetype="application/json")
    if isinstance(plan.fault, int):
        message = f"simulated {plan.fault} for model {body['model']}"
        return _error_response(dialect, plan.fault, message, plan.retry_after)

    text, usage = answer(body["messages"], dialect.system_texts(body))
    if streaming:
        events = dialect.stream(body, text, usage, plan.chunk_delay_s)
        return Response(events, mimetype="text/event-stream", headers={"cache-control": "no-cache"})
    return _json(dialect.message(body, text, usage))
