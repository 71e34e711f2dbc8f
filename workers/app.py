"""`celery -A workers.app worker -P threads`: the Celery app, its tasks and its schedule."""

from __future__ import annotations

from celery import signals

from sluice.broker import RUN_JOB_TASK, SWEEP_TASK, make_celery
from sluice.settings import get_settings
from workers.process import lease_keeper, process_runtime, start_worker_process
from workers.queues import TenantQueues

settings = get_settings()
app = make_celery(settings, name="workers")
app.steps["consumer"].add(TenantQueues)
app.conf.beat_schedule = {
    "sweep-lost-and-stuck-jobs": {
        "task": SWEEP_TASK,
        "schedule": settings.sweep_interval_seconds,
        "options": {"expires": settings.sweep_interval_seconds},
    },
}
app.conf.beat_schedule_filename = str(settings.data_dir / "celerybeat-schedule")


@signals.worker_init.connect
def _worker_init(**_kwargs) -> None:
    start_worker_process(app)


@app.task(name=RUN_JOB_TASK, ignore_result=True)
def run_job(job_id: str) -> None:
    from workers.pipeline import run_job as run_pipeline

    runtime = process_runtime(app)
    run_pipeline(runtime, lease_keeper(runtime), job_id)


@app.task(name=SWEEP_TASK, ignore_result=True)
def sweep() -> None:
    from workers.sweeper import sweep as sweep_jobs

    sweep_jobs(process_runtime(app))
