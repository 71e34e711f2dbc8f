"""`make demo`: the seven-feature walkthrough on a private stack, stopped when it ends.

Every port is a free one and the data lives in a temporary directory, so the demo runs
beside a `make up` on the same machine and leaves nothing behind.
"""

from __future__ import annotations

import signal
import tempfile
import time
from pathlib import Path

import requests

from sluice.demo_gateway import Gateway, StepFailed
from sluice.demo_steps import BURST_RPM, CLAUDE, GPT, STEPS, Demo
from sluice.settings import Settings
from sluice.stack import Stack, child_env, free_port, interrupt, start_processes, wait_ready

# Two providers on one simulator, so a failing first backend visibly hands over to the second,
# and a per-key rate low enough that a burst of jobs has to wait its turn.
CONFIG = """\
providers:
  anthropic: {{kind: anthropic, base_url: "{simulator}"}}
  openai:    {{kind: openai, base_url: "{simulator}/v1"}}
routes:
  - model: "{claude}"
    backends:
      - {{provider: anthropic, model: "{claude}", timeout_s: 10}}
      - {{provider: openai, model: "{gpt}", timeout_s: 10}}
  - model: "*"
    backends: [{{provider: openai}}]
limits: {{per_key: {{rpm: {rpm}}}}}
failover: {{max_tries: 2, backoff_base_s: 0.2}}
"""
LOG_TAIL_LINES = 15


def run_demo() -> int:
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sluice-demo-") as folder:
        data_dir = Path(folder)
        stack = Stack(log_dir=data_dir)
        signal.signal(signal.SIGTERM, interrupt)
        try:
            passed = _walk_through(stack, data_dir)
            if not passed:
                _show_logs(data_dir)
        except KeyboardInterrupt:
            print("\ninterrupted; stopping the demo stack", flush=True)
            return 130
        finally:
            # A second Ctrl-C must not cut the shutdown short and orphan the children.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            stack.stop()
    print(f"\n{'all seven steps passed' if passed else 'the demo failed'} in "
          f"{time.monotonic() - began:.0f} s; every process it started is stopped", flush=True)
    return 0 if passed else 1


def _walk_through(stack: Stack, data_dir: Path) -> bool:
    try:
        demo = _start(stack, data_dir)
    except SystemExit as exc:
        print(f"the demo stack did not start: {exc}", flush=True)
        return False
    return _run_steps(demo)


def _start(stack: Stack, data_dir: Path) -> Demo:
    simulator_port = free_port()
    simulator = f"http://127.0.0.1:{simulator_port}"
    config_path = data_dir / "sluice.yaml"
    config_path.write_text(CONFIG.format(simulator=simulator, claude=CLAUDE, gpt=GPT,
                                         rpm=BURST_RPM))
    settings = Settings(SLUICE_DATA_DIR=data_dir, SLUICE_PORT=free_port(),
                        SLUICE_CONFIG=config_path)
    env = child_env(settings)
    metrics_port, flower_port = free_port(), free_port()
    env.update(SLUICE_CONFIG=str(config_path), SLUICE_SIMULATOR_URL=simulator,
               SLUICE_WORKER_METRICS_PORT=str(metrics_port))
    print(f"sluice demo: starting a private stack in {data_dir} (config {config_path.name}, "
          "logs *.log)", flush=True)
    api = start_processes(stack, settings, env, simulator_port, flower_port)
    worker_metrics = f"http://127.0.0.1:{metrics_port}/metrics"
    wait_ready(worker_metrics, stack, seconds=120)
    gateway = Gateway(api=api, admin_token=env["SLUICE_ADMIN_TOKEN"], simulator=simulator,
                      worker_metrics=worker_metrics)
    flower = f"http://127.0.0.1:{flower_port}"
    print(f"   api {api}, simulator {simulator}, worker metrics {worker_metrics}, "
          f"flower {flower}, redis {env['REDIS_URL']}", flush=True)
    return Demo(gateway=gateway, flower=flower, log_dir=data_dir,
                worker_metrics_before=gateway.scrape(worker_metrics))


def _run_steps(demo: Demo) -> bool:
    for number, (title, step) in enumerate(STEPS, start=1):
        print(f"\n{number}. {title}", flush=True)
        try:
            outcome = step(demo)
        except (StepFailed, requests.RequestException) as exc:
            print(f"[FAILED] {number}. {title}: {exc}", flush=True)
            return False
        print(f"[ok] {number}. {title}: {outcome}", flush=True)
    return True


def _show_logs(data_dir: Path) -> None:
    """The temporary directory goes with the demo, so a failure shows its logs' ends first."""
    for log in sorted(data_dir.glob("*.log")):
        lines = log.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
        print(f"\n--- {log.name} (last {len(lines)} lines)", *lines, sep="\n", flush=True)
