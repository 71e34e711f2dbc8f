"""Batch input lines in each SDK's shape, turned into native job submissions.

A bad line becomes an error for its `custom_id`; only a batch that cannot be
read at all (no custom_id, not JSON at all) is refused whole.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from api.errors import validation_message
from sluice.batches import BatchRequest
from sluice.callback_urls import check_callback_url
from sluice.errors import InvalidRequest
from sluice.submission import JobSubmission

CHAT_ENDPOINT = "/v1/chat/completions"
MAX_CUSTOM_ID = 200
# Renamed fields; every other key goes to JobSubmission as is, and unknown ones are refused.
_ANTHROPIC_NAMES = {"stop_sequences": "stop"}
_OPENAI_NAMES = {"max_completion_tokens": "max_tokens"}


def custom_id_of(item: Any, line: int) -> str:
    custom_id = item.get("custom_id") if isinstance(item, dict) else None
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
        raise InvalidRequest(f"line {line + 1}: custom_id: a string of 1 to {MAX_CUSTOM_ID} "
                             "characters is required")
    return custom_id


def submission_of(params: Any, dialect: str, allow_hosts: list[str]) -> JobSubmission:
    if not isinstance(params, dict):
        raise InvalidRequest("expected an object of request parameters")
    if params.get("stream"):
        raise InvalidRequest("stream: not available in a batch")
    body = {key: value for key, value in params.items() if key != "stream"}
    if dialect == "anthropic":
        body = {_ANTHROPIC_NAMES.get(key, key): value for key, value in body.items()}
        user = (body.pop("metadata", None) or {}).get("user_id")
        if user is not None:
            body["user"] = user
    else:
        body = {_OPENAI_NAMES.get(key, key): value for key, value in body.items()}
        if body.pop("n", 1) != 1:
            raise InvalidRequest("n: only 1 choice per request")
    submission = JobSubmission.model_validate({**body, "dialect": dialect})
    if submission.callback_url:
        check_callback_url(submission.callback_url, allow_hosts)
    return submission


def parse_request(line: int, custom_id: str, params: Any, dialect: str,
                  allow_hosts: list[str]) -> BatchRequest:
    try:
        submission = submission_of(params, dialect, allow_hosts)
    except ValidationError as exc:
        return BatchRequest(line, custom_id, error=validation_message(exc))
    except InvalidRequest as exc:
        return BatchRequest(line, custom_id, error=exc.message)
    return BatchRequest(line, custom_id, submission)


def anthropic_requests(body: dict[str, Any], allow_hosts: list[str]) -> list[BatchRequest]:
    items = body.get("requests")
    if not isinstance(items, list) or not items:
        raise InvalidRequest("requests: a non-empty list is required")
    return [parse_request(line, custom_id_of(item, line), item.get("params"), "anthropic",
                          allow_hosts) for line, item in enumerate(items)]


def openai_requests(text: str, endpoint: str, allow_hosts: list[str]) -> list[BatchRequest]:
    parsed = []
    for line, raw in enumerate(line for line in text.splitlines() if line.strip()):
        try:
            item = json.loads(raw)
        except json.JSONDecodeError:
            raise InvalidRequest(f"line {line + 1}: not valid JSON") from None
        custom_id = custom_id_of(item, line)
        if item.get("method", "POST") != "POST" or item.get("url") != endpoint:
            parsed.append(BatchRequest(line, custom_id, error=(
                f"method and url: expected POST {endpoint} as the batch says")))
            continue
        parsed.append(parse_request(line, custom_id, item.get("body"), "openai", allow_hosts))
    return parsed
