"""Session fixtures: a fresh Postgres database and Redis db per run, migrated once,
the provider simulator over HTTP, and real Celery workers as subprocesses."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from tests.services import RedisDb, create_database, drop_database, free_port


@pytest.fixture(scope="session")
def simulator_url() -> Iterator[str]:
    """The provider simulator on its own port, served from a thread of the test process."""
    from sluice.simulator import make_simulator_server

    server = make_simulator_server("127.0.0.1", free_port())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    url = create_database("test")
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    db = RedisDb()
    yield db.url
    db.release()


@pytest.fixture(scope="session", autouse=True)
def test_env(postgres_url, redis_url, simulator_url, tmp_path_factory) -> Iterator[dict]:
    """Every Settings() in this run, and every worker it starts, reads these."""
    from sluice.migrate import upgrade_to_head

    env = {
        "DATABASE_URL": postgres_url,
        "REDIS_URL": redis_url,
        "SLUICE_REDIS_PREFIX": f"sluice-test-{secrets.token_hex(4)}:",
        "SLUICE_ADMIN_TOKEN": "adm-test-" + secrets.token_hex(8),
        "SLUICE_SECRET_KEY": Fernet.generate_key().decode(),
        "SLUICE_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        "SLUICE_SIMULATOR_URL": simulator_url,
        "SLUICE_LEASE_SECONDS": "3",
        "SLUICE_REQUEUE_AFTER_SECONDS": "1",
        "SLUICE_SWEEP_INTERVAL_SECONDS": "1",
        "SLUICE_QUEUE_REFRESH_SECONDS": "0.5",
        "SLUICE_WORKER_METRICS_PORT": "0",
        "SLUICE_LOG_LEVEL": "INFO",
    }
    for name in ("SLUICE_CONFIG", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "XAI_API_KEY"):
        os.environ.pop(name, None)
    os.environ.update(env)
    upgrade_to_head(postgres_url)
    yield env


@pytest.fixture(scope="session")
def runtime(test_env):
    from sluice.runtime import build_runtime
    from sluice.settings import Settings

    rt = build_runtime(Settings())
    yield rt
    rt.close()


@pytest.fixture(scope="session")
def app(runtime):
    from api import create_app

    return create_app(runtime=runtime)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def admin_headers(test_env) -> dict[str, str]:
    return {"Authorization": f"Bearer {test_env['SLUICE_ADMIN_TOKEN']}"}


@pytest.fixture
def tenant(client, admin_headers) -> dict:
    """A new tenant per test, so tests never share rows; with one key."""
    created = client.post("/v1/admin/tenants", headers=admin_headers,
                          json={"name": f"t-{secrets.token_hex(4)}"})
    assert created.status_code == 201, created.json
    body = created.json
    key = client.post(f"/v1/admin/tenants/{body['slug']}/keys", headers=admin_headers,
                      json={"name": "default"})
    assert key.status_code == 201, key.json
    body["key"] = key.json["key"]
    body["key_id"] = key.json["id"]
    body["headers"] = {"Authorization": f"Bearer {body['key']}"}
    return body


@pytest.fixture
def sim(simulator_url):
    """The simulator, reset before and after the test."""
    import requests

    requests.delete(f"{simulator_url}/_sim/requests", timeout=5)
    yield simulator_url
    requests.delete(f"{simulator_url}/_sim/requests", timeout=5)
