"""A private sluice environment for one benchmark run: database, Redis db, simulator, api."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from cryptography.fernet import Fernet

from tests.services import (
    ROOT,
    CeleryProcess,
    RedisDb,
    create_database,
    drop_database,
    free_port,
    worker_argv,
)


class BenchEnvironment:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sluice-bench-"))
        self.database_url = create_database("bench")
        self.redis = RedisDb()
        self.simulator_url = f"http://127.0.0.1:{free_port()}"
        os.environ.update({
            "DATABASE_URL": self.database_url, "REDIS_URL": self.redis.url,
            "SLUICE_SECRET_KEY": Fernet.generate_key().decode(),
            "SLUICE_DATA_DIR": str(self.folder), "SLUICE_SIMULATOR_URL": self.simulator_url,
            "SLUICE_ADMIN_TOKEN": "bench-admin", "SLUICE_WORKER_METRICS_PORT": "0",
            "SLUICE_LOG_LEVEL": "WARNING"})
        for name in ("SLUICE_CONFIG", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "XAI_API_KEY"):
            os.environ.pop(name, None)
        from sluice.migrate import upgrade_to_head

        upgrade_to_head(self.database_url)
        port = self.simulator_url.rsplit(":", 1)[1]
        self.children = [self._spawn("simulator", [sys.executable, "-m", "sluice.simulator",
                                                   "--port", port])]
        self._wait_http(f"{self.simulator_url}/_sim/config")

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")
        return subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

    @staticmethod
    def _wait_http(url: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                requests.get(url, timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"{url} never answered")

    def start_api(self) -> str:
        port = free_port()
        self.children.append(self._spawn("api", [
            sys.executable, "-m", "gunicorn", "api.wsgi:app", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--worker-class", "gthread", "--threads", "16",
            "--log-level", "warning"]))
        url = f"http://127.0.0.1:{port}"
        self._wait_http(f"{url}/healthz")
        return url

    def start_worker(self, concurrency: int, app: str = "workers.app") -> CeleryProcess:
        name = f"worker-{len(self.children)}"
        return CeleryProcess(worker_argv(concurrency), self.folder / f"{name}.log", "ready.",
                             {"SLUICE_LOG_LEVEL": "WARNING"}, app=app).wait_ready()

    def simulator_latency(self, milliseconds: int) -> None:
        requests.put(f"{self.simulator_url}/_sim/config", json={"latency_ms": milliseconds},
                     timeout=5).raise_for_status()

    def close(self) -> None:
        for child in self.children:
            child.terminate()
            child.wait(timeout=20)
        self.redis.release()
        drop_database(self.database_url)
