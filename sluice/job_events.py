"""Job-done notifications over Redis pub/sub, so long-polls wake at once instead of polling.

Pub/sub channels are shared by every Redis db, so channel names carry the prefix.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from redis import Redis


def job_done_channel(prefix: str, job_id: str) -> str:
    return f"{prefix}job-done:{job_id}"


def announce_job_done(redis: Redis, prefix: str, job_id: str, status: str) -> None:
    announce_jobs_done(redis, prefix, [job_id], status)


def announce_jobs_done(redis: Redis, prefix: str, job_ids: list[str], status: str) -> None:
    """One round trip for many, e.g. every job a batch cancel stopped."""
    with redis.pipeline(transaction=False) as pipe:
        for job_id in job_ids:
            pipe.publish(job_done_channel(prefix, job_id), status)
        pipe.execute()


def wait_for_job_done(redis: Redis, prefix: str, job_id: str, timeout: float,
                      is_final: Callable[[], bool]) -> bool:
    """Block until the job is final or `timeout` passes; True if it ended.

    Subscribes before checking `is_final`, so an ending that lands between
    the check and the wait is never missed.
    """
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    try:
        pubsub.subscribe(job_done_channel(prefix, job_id))
        if is_final():
            return True
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            if pubsub.get_message(timeout=left) is not None:
                return True
        return is_final()
    finally:
        pubsub.close()
