"""`celery -A workers.app worker -P threads`: the Celery app, its tasks and its schedule."""

from __future__ import annotations

from celery import signals
from opentelemetry.trace import SpanKind

from sluice.broker import (
    CLOSE_BATCHES_TASK,
    DELIVER_WEBHOOK_TASK,
    PUBLISH_JOBS_TASK,
    RUN_JOB_TASK,
    SEND_DUE_WEBHOOKS_TASK,
    SWEEP_TASK,
    make_celery,
)
from sluice.settings import get_settings
from sluice.tracing import span_from
from workers.process import lease_keeper, process_runtime, start_worker_process
from workers.queues import DeferredJobs, TenantQueues

settings = get_settings()
app = make_celery(settings, name="workers")
app.steps["consumer"].add(TenantQueues)
app.steps["consumer"].add(DeferredJobs)
app.conf.beat_schedule = {
    "sweep-lost-and-stuck-jobs": {
        "task": SWEEP_TASK,
        "schedule": settings.sweep_interval_seconds,
        "options": {"expires": settings.sweep_interval_seconds},
    },
    # Due webhooks wait in their table, not as ETA tasks in some worker's memory.
    "send-due-webhooks": {
        "task": SEND_DUE_WEBHOOKS_TASK,
        "schedule": settings.sweep_interval_seconds,
        "options": {"expires": settings.sweep_interval_seconds},
    },
    "close-ended-and-expired-batches": {
        "task": CLOSE_BATCHES_TASK,
        "schedule": settings.sweep_interval_seconds,
        "options": {"expires": settings.sweep_interval_seconds},
    },
}
app.conf.beat_schedule_filename = str(settings.data_dir / "celerybeat-schedule")


@signals.worker_init.connect
def _worker_init(**_kwargs) -> None:
    start_worker_process(app)


def _message_trace(request) -> dict[str, str]:
    """The W3C headers the publisher set; Celery exposes custom headers on the request."""
    return {name: value for name in ("traceparent", "tracestate")
            if isinstance(value := request.get(name), str)}


@app.task(name=RUN_JOB_TASK, ignore_result=True, bind=True)
def run_job(task, job_id: str) -> None:
    from workers.pipeline import run_job as run_pipeline

    runtime = process_runtime(app)
    with span_from(_message_trace(task.request), RUN_JOB_TASK, SpanKind.CONSUMER,
                   {"sluice.job_id": job_id}):
        run_pipeline(runtime, lease_keeper(runtime), job_id)


@app.task(name=SWEEP_TASK, ignore_result=True)
def sweep() -> None:
    from workers.sweeper import sweep as sweep_jobs

    sweep_jobs(process_runtime(app))


@app.task(name=DELIVER_WEBHOOK_TASK, ignore_result=True)
def deliver_webhook(delivery_id: str) -> None:
    from workers.webhooks import deliver_webhook as deliver

    deliver(process_runtime(app), delivery_id)


@app.task(name=SEND_DUE_WEBHOOKS_TASK, ignore_result=True)
def send_due_webhooks() -> None:
    from workers.deliveries import send_due_webhooks as send_due

    send_due(process_runtime(app))


@app.task(name=CLOSE_BATCHES_TASK, ignore_result=True)
def close_batches() -> None:
    from workers.deliveries import close_batches as close

    close(process_runtime(app))


@app.task(name=PUBLISH_JOBS_TASK, ignore_result=True, bind=True)
def publish_jobs(task, jobs: list[list[str]]) -> None:
    """A batch's fan-out: publish its job messages from here, not from the api, inside
    the submitting request's trace."""
    with span_from(_message_trace(task.request), PUBLISH_JOBS_TASK, SpanKind.CONSUMER,
                   {"sluice.jobs": len(jobs)}):
        process_runtime(app).publisher.publish(
            (job_id, tenant_slug) for job_id, tenant_slug in jobs)
