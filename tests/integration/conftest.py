"""Real Celery processes for the integration tests: workers per test, one beat per module."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def child_env(changes: dict) -> dict[str, str]:
    """This run's environment with `changes` applied; a None value removes the variable."""
    env = {**os.environ, **changes}
    return {name: value for name, value in env.items() if value is not None}


class CeleryProcess:
    """`celery -A workers.app ...` as a child process, logging to a file."""

    def __init__(self, argv: list[str], log_path: Path, ready_text: str, env: dict) -> None:
        self.log_path = log_path
        self.ready_text = ready_text
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.app", *argv], cwd=ROOT,
            env=child_env(env), stdout=self.log, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, seconds: float = 60) -> CeleryProcess:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery exited: {self.output()[-3000:]}")
            if self.ready_text in self.output():
                return self
            time.sleep(0.2)
        raise RuntimeError(f"celery not ready: {self.output()[-3000:]}")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def worker_argv(concurrency: int) -> list[str]:
    return ["worker", "-P", "threads", "-c", str(concurrency), "-l", "INFO",
            "-n", f"test-{secrets.token_hex(3)}@%h", "--without-gossip", "--without-mingle",
            "--without-heartbeat"]


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
