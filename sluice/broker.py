"""The Celery side both processes share: config, per-tenant queues, and publishing jobs.

The api publishes by task name only, so it never imports the worker code.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from celery import Celery
from redis import Redis

from sluice.settings import Settings
from sluice.tracing import trace_headers

RUN_JOB_TASK = "sluice.run_job"
SWEEP_TASK = "sluice.sweep"
DELIVER_WEBHOOK_TASK = "sluice.deliver_webhook"
SEND_DUE_WEBHOOKS_TASK = "sluice.send_due_webhooks"
CLOSE_BATCHES_TASK = "sluice.close_batches"
PUBLISH_JOBS_TASK = "sluice.publish_jobs"
MAINTENANCE_QUEUE = "sluice.maintenance"


def tenant_queue(tenant_slug: str) -> str:
    return f"tenant.{tenant_slug}"


def make_celery(settings: Settings, name: str = "sluice") -> Celery:
    app = Celery(name, broker=settings.redis_url, set_as_current=False)
    app.conf.update(
        task_default_queue=MAINTENANCE_QUEUE,
        task_serializer="json",
        accept_content=["json"],
        result_backend=None,
        task_ignore_result=True,
        # A job's message is acknowledged only when its run ends, and a worker
        # holds no more messages than it has threads: a killed worker strands
        # none in its prefetch buffer.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        # A broker outage must not stall submissions: the job row is already durable
        # and the sweeper publishes it once Redis is back.
        broker_connection_timeout=2,
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0,
                                   "interval_step": 0.2, "interval_max": 0.2},
        broker_transport_options={"visibility_timeout": 600},
        worker_hijack_root_logger=False,
        enable_utc=True,
        timezone="UTC",
    )
    return app


class JobPublisher:
    """Publishes job ids after their rows commit, and marks each as owed a message.

    The marker set lives in the same Redis as the queues: when Redis is flushed
    both vanish together, and the sweeper re-publishes every queued job that has
    no marker.
    """

    def __init__(self, celery: Celery, redis: Redis, prefix: str) -> None:
        self.celery = celery
        self.redis = redis
        self.marker_key = f"{prefix}enqueued"

    def publish(self, jobs: Iterable[tuple[str, str]],
                traceparents: Mapping[str, str | None] | None = None) -> None:
        """Publish `(job_id, tenant_slug)` pairs; a broker outage leaves them to the sweeper.

        Each message carries a W3C traceparent header: the job's stored one from
        `traceparents` (a sweep re-publishes jobs of many traces), else the current context.
        """
        jobs = list(jobs)
        traceparents = traceparents or {}
        if not jobs:
            return
        now = time.time()
        self.redis.zadd(self.marker_key, {job_id: now for job_id, _ in jobs})
        try:
            with self.celery.producer_or_acquire() as producer:
                for job_id, tenant_slug in jobs:
                    self.celery.send_task(RUN_JOB_TASK, args=[job_id],
                                          queue=tenant_queue(tenant_slug), producer=producer,
                                          headers=trace_headers(traceparents.get(job_id)))
        except BaseException:
            # No marker may outlive a failed send, or the sweeper would wait for it to go stale.
            self.redis.zrem(self.marker_key, *(job_id for job_id, _ in jobs))
            raise

    def forget(self, *job_ids: str) -> None:
        if job_ids:
            self.redis.zrem(self.marker_key, *job_ids)

    def marked_since(self, job_ids: list[str]) -> dict[str, float | None]:
        scores = self.redis.zmscore(self.marker_key, job_ids) if job_ids else []
        return dict(zip(job_ids, scores, strict=True))
