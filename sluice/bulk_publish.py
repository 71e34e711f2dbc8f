"""Publishing thousands of jobs without making the submitter wait for them.

Celery's Redis transport costs about a millisecond per message, so 10,000 jobs
would hold a batch request for seconds. The api instead marks every job owed
(one ZADD) and sends a few fan-out tasks; workers publish the job messages from
there, in parallel, while the first jobs already run. A lost fan-out task loses
its markers with it (same Redis), and the sweeper re-publishes those jobs. The fan-out
messages carry the submitting request's trace context; the workers publish the job
messages inside it, so every job joins that trace.
"""

from __future__ import annotations

import time

from sluice.broker import PUBLISH_JOBS_TASK, JobPublisher
from sluice.tracing import trace_headers

FAN_OUT_CHUNK = 500


def publish_in_bulk(publisher: JobPublisher, jobs: list[tuple[str, str]]) -> None:
    """After commit: mark all, then one fan-out task per chunk on the maintenance queue."""
    if not jobs:
        return
    publisher.redis.zadd(publisher.marker_key, {job_id: time.time() for job_id, _ in jobs})
    try:
        with publisher.celery.producer_or_acquire() as producer:
            for start in range(0, len(jobs), FAN_OUT_CHUNK):
                publisher.celery.send_task(PUBLISH_JOBS_TASK,
                                           args=[jobs[start:start + FAN_OUT_CHUNK]],
                                           producer=producer, headers=trace_headers())
    except BaseException:
        publisher.forget(*(job_id for job_id, _ in jobs))
        raise
