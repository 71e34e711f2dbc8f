"""A live api over HTTP (for the official SDKs), a config that allow-lists loopback
callbacks, workers that read it, and a webhook receiver that fails on purpose."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.services import free_port

LOOPBACK_CONFIG = """
providers:
  anthropic: {{kind: anthropic, base_url: "{sim}"}}
  openai: {{kind: openai, base_url: "{sim}/v1"}}
routes:
  - model: "claude-*"
    backends: [{{provider: anthropic}}]
  - model: "*"
    backends: [{{provider: openai}}]
webhooks: {{allow_hosts: ["127.0.0.1"]}}
"""


@pytest.fixture(scope="module")
def loopback_config(tmp_path_factory, simulator_url) -> str:
    path = tmp_path_factory.mktemp("config") / "sluice.yaml"
    path.write_text(LOOPBACK_CONFIG.format(sim=simulator_url))
    return str(path)


@pytest.fixture(scope="module")
def live_runtime(loopback_config):
    from sluice.runtime import build_runtime
    from sluice.settings import Settings

    rt = build_runtime(Settings(SLUICE_CONFIG=loopback_config))
    yield rt
    rt.close()


def serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="module")
def live_api(live_runtime) -> Iterator[str]:
    """The real api over HTTP, so the official SDKs talk to it unchanged."""
    from api import create_app

    url, server = serve(create_app(runtime=live_runtime))
    yield url
    server.shutdown()


@pytest.fixture
def live_tenant(live_api, admin_headers) -> dict:
    created = requests.post(f"{live_api}/v1/admin/tenants", headers=admin_headers, timeout=10,
                            json={"name": f"live-{time.time_ns()}"}).json()
    key = requests.post(f"{live_api}/v1/admin/tenants/{created['slug']}/keys", timeout=10,
                        headers=admin_headers, json={"name": "sdk"}).json()
    return {**created, "key": key["key"], "headers": {"Authorization": f"Bearer {key['key']}"}}


@pytest.fixture
def loopback_worker(start_worker, loopback_config):
    return start_worker(SLUICE_CONFIG=loopback_config,
                        SLUICE_WEBHOOK_RETRY_BASE_SECONDS="0.5")


@dataclass
class Receiver:
    """Answers the scripted statuses in order, then 200; records every request."""

    url: str = ""
    script: list[tuple[int, dict]] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ, start_response):
        request = Request(environ)
        with self.lock:
            self.received.append({"headers": dict(request.headers), "body": request.get_data(),
                                  "at": time.monotonic()})
            status, headers = self.script.pop(0) if self.script else (200, {})
        return Response("{}", status=status, headers=headers)(environ, start_response)

    def wait_for(self, count: int, seconds: float = 45) -> list[dict]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return self.received
            time.sleep(0.1)
        raise AssertionError(f"{len(self.received)} webhook requests, expected {count}")

    def events(self) -> list[dict]:
        return [json.loads(item["body"]) for item in self.received]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver()
    url, server = serve(hook)
    hook.url = f"{url}/hook"
    yield hook
    server.shutdown()
