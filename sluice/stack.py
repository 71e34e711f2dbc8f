"""`make up`: every sluice process on one machine, in the foreground, on embedded defaults.

`make demo` starts the same processes on free ports through `start_processes`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from sluice.settings import Settings
from sluice.tracing import tracing_target

FLOWER_PORT = 5555
SIMULATOR_PORT = 8100


class Stack:
    """Children in their own process groups, so Ctrl-C here stops each whole tree.

    With `log_dir`, each child writes to `<name>.log` there instead of this terminal.
    """

    def __init__(self, log_dir: Path | None = None) -> None:
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.log_dir = log_dir

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        if self.log_dir is None:
            child = subprocess.Popen(argv, env=env, start_new_session=True)
        else:
            with open(self.log_dir / f"{name}.log", "wb") as log:
                child = subprocess.Popen(argv, env=env, start_new_session=True, stdout=log,
                                         stderr=subprocess.STDOUT)
        self.children.append((name, child))

    def stop(self) -> None:
        for _, child in reversed(self.children):
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _, child in self.children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)

    def first_exit(self) -> tuple[str, int] | None:
        for name, child in self.children:
            if child.poll() is not None:
                return name, child.returncode
        return None


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _private_redis(stack: Stack, data_dir: Path, env: dict[str, str]) -> str:
    server = shutil.which("redis-server")
    if server is None:
        raise SystemExit("no REDIS_URL and no redis-server on PATH: install Redis or set REDIS_URL")
    port = free_port()
    stack.start("redis", [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                          "--appendonly", "no", "--dir", str(data_dir)], env)
    for _ in range(50):
        if not _port_free(port):
            return f"redis://127.0.0.1:{port}/0"
        time.sleep(0.1)
    raise SystemExit("the private redis-server did not start")


def child_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SLUICE_ADMIN_TOKEN", "adm-" + secrets.token_urlsafe(24))
    env["SLUICE_DATA_DIR"] = str(settings.data_dir.resolve())
    env["SLUICE_SECRET_KEY"] = settings.payload_key().decode()
    env.setdefault("SLUICE_SIMULATOR_URL", f"http://127.0.0.1:{SIMULATOR_PORT}")
    return env


def wait_ready(url: str, stack: Stack, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (ended := stack.first_exit()) is not None:
            raise SystemExit(f"{ended[0]} exited with status {ended[1]} during start")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not become ready in {seconds:g}s")


def _first_key(api: str, admin_token: str) -> str:
    headers = {"Authorization": f"Bearer {admin_token}"}
    tenants = requests.get(f"{api}/v1/admin/tenants", headers=headers, timeout=10).json()["data"]
    if not any(tenant["slug"] == "demo" for tenant in tenants):
        requests.post(f"{api}/v1/admin/tenants", json={"name": "demo"}, headers=headers,
                      timeout=10).raise_for_status()
    created = requests.post(f"{api}/v1/admin/tenants/demo/keys",
                            json={"name": f"make-up-{int(time.time())}"},
                            headers=headers, timeout=10)
    created.raise_for_status()
    return created.json()["key"]


def interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def start_processes(stack: Stack, settings: Settings, env: dict[str, str],
                    simulator_port: int | None, flower_port: int) -> str:
    """Redis unless REDIS_URL, migrations, then every process; the api URL once it is ready.

    `simulator_port` None: one already serves on the port `env` names.
    """
    from sluice.migrate import upgrade_to_head

    bin_dir = Path(sys.executable).parent
    data_dir = settings.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    if "REDIS_URL" not in os.environ:
        env["REDIS_URL"] = _private_redis(stack, data_dir, env)
    upgrade_to_head(settings.sqlalchemy_url)
    celery = [str(bin_dir / "celery"), "-A", "workers.app"]
    if simulator_port is not None:
        stack.start("simulator", [str(bin_dir / "sluice"), "simulator", "--port",
                                  str(simulator_port)], env)
    stack.start("api", [str(bin_dir / "gunicorn"), "api.wsgi:app", "--bind",
                        f"127.0.0.1:{settings.port}", "--workers", "2", "--worker-class",
                        "gthread", "--threads", "16", "--timeout", "90"], env)
    stack.start("worker", [*celery, "worker", "-P", "threads", "-c", "8", "-l", "INFO",
                           "-n", "worker1@%h"], env)
    stack.start("beat", [*celery, "beat", "-l", "INFO",
                         "-s", str(data_dir / "celerybeat-schedule")], env)
    stack.start("flower", [*celery, "flower", f"--port={flower_port}", "--address=127.0.0.1"],
                env)
    api = f"http://127.0.0.1:{settings.port}"
    wait_ready(f"{api}/readyz", stack)
    return api


def run_stack(settings: Settings) -> int:
    env = child_env(settings)
    stack = Stack()
    signal.signal(signal.SIGTERM, interrupt)
    try:
        simulator_port = SIMULATOR_PORT if _port_free(SIMULATOR_PORT) else None
        api = start_processes(stack, settings, env, simulator_port, FLOWER_PORT)
        _print_banner(api, env, _first_key(api, env["SLUICE_ADMIN_TOKEN"]),
                      tracing_target(settings))
        while (ended := stack.first_exit()) is None:
            time.sleep(0.5)
        print(f"{ended[0]} exited with status {ended[1]}; stopping the stack", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


def _print_banner(api: str, env: dict[str, str], key: str, traces: str) -> None:
    metrics_port = env.get("SLUICE_WORKER_METRICS_PORT", "9808")
    print(f"""
sluice is up.
  api            {api}
  flower         http://127.0.0.1:{FLOWER_PORT}
  simulator      {env["SLUICE_SIMULATOR_URL"]}
  api metrics    {api}/metrics
  worker metrics http://127.0.0.1:{metrics_port}/metrics
  redis          {env["REDIS_URL"]}
  traces         {traces}
  admin token    {env["SLUICE_ADMIN_TOKEN"]}
  tenant key     {key}   (tenant "demo")

Try:
  curl -s {api}/v1/jobs -H "Authorization: Bearer {key}" \\
       -H 'content-type: application/json' \\
       -d '{{"model": "claude-haiku-4-5", "messages": [{{"role": "user", "content": "hi"}}]}}'
Ctrl-C stops everything.
""", flush=True)
