"""Feeding the tenant queues: new tenants' queues without a restart, and waiting jobs
back in when their time comes."""

from __future__ import annotations

import logging

from celery import bootsteps
from kombu.exceptions import KombuError
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from sluice.broker import tenant_queue
from sluice.models import Tenant
from workers.pipeline.deferral import release_due_jobs
from workers.process import process_runtime

log = logging.getLogger("sluice.worker")


class TenantQueues(bootsteps.StartStopStep):
    """Adds every tenant's queue at start, then looks for new tenants every few seconds.

    The api also broadcasts `add_consumer` when it creates a tenant; this loop
    covers workers that were down or missed the broadcast.
    """

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self._timer = None

    def start(self, consumer) -> None:
        runtime = process_runtime(consumer.app)
        self.refresh(consumer)
        self._timer = consumer.timer.call_repeatedly(
            runtime.settings.queue_refresh_seconds, self.refresh, (consumer,))

    def stop(self, consumer) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def refresh(self, consumer) -> None:
        runtime = process_runtime(consumer.app)
        try:
            with runtime.db.session() as session:
                slugs = list(session.scalars(select(Tenant.slug)))
        except SQLAlchemyError as exc:
            log.warning("tenant list unavailable", extra={"error_class": exc.__class__.__name__})
            return
        for slug in slugs:
            queue = tenant_queue(slug)
            if not consumer.task_consumer.consuming_from(queue):
                consumer.add_task_queue(queue)


class DeferredJobs(bootsteps.StartStopStep):
    """Moves waiting jobs whose time has come back into their tenant queues."""

    requires = {"celery.worker.consumer.tasks:Tasks"}
    interval_s = 0.25

    def __init__(self, parent, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self._timer = None

    def start(self, consumer) -> None:
        self._timer = consumer.timer.call_repeatedly(self.interval_s, self.release, (consumer,))

    def stop(self, consumer) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def release(self, consumer) -> None:
        try:
            release_due_jobs(process_runtime(consumer.app))
        except (RedisError, KombuError) as exc:
            log.warning("deferred jobs not released", extra={
                "error_class": exc.__class__.__name__})
