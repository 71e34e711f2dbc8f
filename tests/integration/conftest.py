"""Real Celery processes for the integration tests: workers per test, one beat per module."""

from __future__ import annotations

import pytest

from tests.services import CeleryProcess, worker_argv


@pytest.fixture
def start_worker(test_env, tmp_path):
    """Starts real thread-pool workers for one test, stopped after it."""
    started: list[CeleryProcess] = []

    def start(concurrency: int = 4, **env: str | None) -> CeleryProcess:
        worker = CeleryProcess(worker_argv(concurrency), tmp_path / f"worker-{len(started)}.log",
                               "ready.", env)
        started.append(worker)
        return worker.wait_ready()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture(scope="module")
def beat(test_env, tmp_path_factory):
    """Celery beat running the sweeper every second (SLUICE_SWEEP_INTERVAL_SECONDS)."""
    folder = tmp_path_factory.mktemp("beat")
    process = CeleryProcess(["beat", "-l", "INFO", "-s", str(folder / "schedule")],
                            folder / "beat.log", "beat: Starting", {})
    yield process.wait_ready()
    process.stop()
