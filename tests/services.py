"""Throwaway Postgres databases and Redis dbs on the local servers, for tests and benchmarks."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

POSTGRES_ADMIN = os.environ.get("SLUICE_TEST_POSTGRES",
                                "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_SERVER = os.environ.get("SLUICE_TEST_REDIS", "redis://127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def create_database(label: str) -> str:
    """A new empty database; returns its SQLAlchemy URL."""
    name = f"sluice_{label}_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{name}"


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RedisDb:
    """An empty Redis db (1-15) that no other run holds, locked by a key inside it."""

    LOCK = "sluice-run-lock"

    def __init__(self) -> None:
        self.token = secrets.token_hex(4)
        for number in range(1, 16):
            client = redis.Redis.from_url(f"{REDIS_SERVER}/{number}")
            if client.set(self.LOCK, self.token, nx=True, ex=3600) and client.dbsize() == 1:
                self.url, self.client = f"{REDIS_SERVER}/{number}", client
                return
            if client.get(self.LOCK) == self.token.encode():
                client.delete(self.LOCK)
            client.close()
        raise RuntimeError("no free Redis db (1-15) on " + REDIS_SERVER)

    def release(self) -> None:
        self.client.flushdb()
        self.client.close()


ROOT = Path(__file__).resolve().parents[1]


def child_env(changes: dict) -> dict[str, str]:
    """This run's environment with `changes` applied; a None value removes the variable."""
    env = {**os.environ, **changes}
    return {name: value for name, value in env.items() if value is not None}


class CeleryProcess:
    """`celery -A <app> ...` as a child process, logging to a file."""

    def __init__(self, argv: list[str], log_path: Path, ready_text: str, env: dict,
                 app: str = "workers.app") -> None:
        self.log_path = log_path
        self.ready_text = ready_text
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", app, *argv], cwd=ROOT,
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
