"""A job's answer as it streams: the worker appends neutral events to a Redis stream, the
api relays them to the caller as they land (XREAD BLOCK), so the first token is not held
back until the whole answer is stored.

Only the api creates the stream (before it publishes the job); the worker appends with
NOMKSTREAM, so jobs nobody streams cost no key. The stream expires on its own.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from redis import Redis

FIELD = b"e"


def job_stream_key(prefix: str, job_id: str) -> str:
    return f"{prefix}job-stream:{job_id}"


def open_job_stream(redis: Redis, prefix: str, job_id: str, ttl_s: float) -> None:
    key = job_stream_key(prefix, job_id)
    with redis.pipeline() as pipe:
        pipe.xadd(key, {FIELD: json.dumps({"type": "open"})})
        pipe.pexpire(key, int(ttl_s * 1000))
        pipe.execute()


def append_job_events(redis: Redis, prefix: str, job_id: str,
                      events: list[dict[str, Any]]) -> None:
    key = job_stream_key(prefix, job_id)
    with redis.pipeline(transaction=False) as pipe:
        for event in events:
            pipe.xadd(key, {FIELD: json.dumps(event)}, nomkstream=True)
        pipe.execute()


def end_job_stream(redis: Redis, prefix: str, job_id: str, status: str) -> None:
    """The last event: the job is final (its result or error is in the database)."""
    append_job_events(redis, prefix, job_id, [{"type": "done", "status": status}])


def read_job_stream(redis: Redis, prefix: str, job_id: str,
                    timeout_s: float) -> Iterator[dict[str, Any]]:
    """Every event after `open`, as it lands, up to `done`; stops quietly at the deadline."""
    key = job_stream_key(prefix, job_id)
    deadline = time.monotonic() + timeout_s
    last = "0-0"
    while (left := deadline - time.monotonic()) > 0:
        answer = redis.xread({key: last}, block=max(1, int(min(left, 5) * 1000)), count=100)
        for _key, entries in answer or []:
            for entry_id, fields in entries:
                last = entry_id
                event = json.loads(fields[FIELD])
                if event["type"] == "open":
                    continue
                yield event
                if event["type"] == "done":
                    redis.delete(key)
                    return
