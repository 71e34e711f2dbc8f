"""The baseline for pipeline throughput: bare Celery tasks that only count themselves."""

import os

import redis
from celery import Celery

app = Celery("noop", broker=os.environ["REDIS_URL"], set_as_current=False)
app.conf.update(task_ignore_result=True, task_acks_late=True, worker_prefetch_multiplier=1,
                worker_hijack_root_logger=False)
_counter = redis.Redis.from_url(os.environ["REDIS_URL"])


@app.task(name="bench.noop")
def noop() -> None:
    _counter.incr("bench:noop:done")
