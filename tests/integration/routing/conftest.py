"""The api over real HTTP (for the official SDKs) with a routing config of its own, and a
real worker reading the same `sluice.yaml`."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest
import requests
import yaml
from werkzeug.serving import make_server

from sluice.config import load_config_file
from tests.services import CeleryProcess, free_port, worker_argv

PRICES = {name: {"input_per_mtok": "1", "output_per_mtok": "2"}
          for name in ("sim-primary", "sim-secondary", "sim-third", "sim-slow", "sim-split-a",
                       "sim-split-b", "sim-breaker", "sim-later", "sim-other", "grok-4")}


def routing_config(sim: str, **failover) -> dict:
    return {
        "providers": {
            "anthropic": {"kind": "anthropic", "base_url": sim, "api_key": "sk-ant-gw"},
            "openai": {"kind": "openai", "base_url": f"{sim}/v1", "api_key": "sk-oai-gw"},
            "xai": {"kind": "openai", "base_url": f"{sim}/v1", "api_key": "xai-gw"},
            "dead": {"kind": "openai", "base_url": "http://127.0.0.1:9/v1"},
        },
        "routes": [
            {"model": "claude-haiku-4-5", "match": {"headers": {"x-user-tier": "premium"}},
             "backends": [{"provider": "anthropic", "model": "claude-sonnet-4-5"}]},
            {"model": "gpt-via-claude",
             "backends": [{"provider": "anthropic", "model": "claude-haiku-4-5"}]},
            {"model": "claude-*", "backends": [{"provider": "anthropic"}]},
            {"model": "grok-*", "backends": [{"provider": "xai"}]},
            {"model": "failover", "backends": [
                {"provider": "anthropic", "model": "sim-primary", "timeout_s": 1},
                {"provider": "openai", "model": "sim-secondary", "timeout_s": 1}]},
            {"model": "failover-all", "backends": [
                {"provider": "openai", "model": "sim-primary"},
                {"provider": "anthropic", "model": "sim-secondary"},
                {"provider": "dead", "model": "sim-third", "timeout_s": 1}]},
            {"model": "breaker", "backends": [
                {"provider": "openai", "model": "sim-breaker"},
                {"provider": "anthropic", "model": "sim-secondary"}]},
            {"model": "split", "backends": [
                {"provider": "openai", "model": "sim-split-a", "weight": 3},
                {"provider": "openai", "model": "sim-split-b", "weight": 1}]},
            {"model": "*", "backends": [{"provider": "openai"}]},
        ],
        "prices": PRICES,
        "failover": {"backoff_base_s": 0.05, "backoff_max_s": 0.2, **failover},
    }


def write_config(folder: Path, sim: str, **failover) -> Path:
    path = folder / "sluice.yaml"
    path.write_text(yaml.safe_dump(routing_config(sim, **failover)))
    return path


@pytest.fixture(scope="module")
def config_path(simulator_url, tmp_path_factory) -> Path:
    return write_config(tmp_path_factory.mktemp("routing"), simulator_url,
                        breaker_failures=1000)


@pytest.fixture(scope="module")
def api_url(runtime, config_path):
    """The api app with this module's routing config, served over HTTP from a thread."""
    from api import create_app

    routed = dataclasses.replace(runtime, config=load_config_file(config_path))
    server = make_server("127.0.0.1", free_port(), create_app(runtime=routed), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def worker(test_env, config_path, tmp_path_factory):
    """One real thread-pool worker for the module, reading the module's `sluice.yaml`."""
    process = CeleryProcess(worker_argv(4), tmp_path_factory.mktemp("worker") / "worker.log",
                            "ready.", {"SLUICE_CONFIG": str(config_path)})
    yield process.wait_ready()
    process.stop()


def sim_requests(sim: str) -> list[dict]:
    return requests.get(f"{sim}/_sim/requests", timeout=5).json()["requests"]


def sim_faults(sim: str, models: dict) -> None:
    requests.put(f"{sim}/_sim/config", json={"models": models}, timeout=5).raise_for_status()
