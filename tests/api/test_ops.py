"""Health, readiness and metrics."""

from api import create_app
from sluice.runtime import build_runtime
from sluice.settings import Settings


def test_healthz_and_readyz(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["detail"]["database"] == {"ok": True, "dialect": "postgresql"}
    assert ready.json["detail"]["broker"] == {"ok": True}


def test_readyz_reports_an_unreachable_broker(test_env):
    settings = Settings(REDIS_URL="redis://127.0.0.1:1/0")
    app = create_app(runtime=build_runtime(settings))
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json["detail"]["broker"]["ok"] is False
    assert answer.json["detail"]["database"]["ok"] is True


def test_metrics_show_queue_depth_per_tenant(client, tenant):
    client.post("/v1/jobs", headers=tenant["headers"], json={
        "model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "hi"}]})
    text = client.get("/metrics").get_data(as_text=True)
    assert f'sluice_queue_depth{{tenant="{tenant["slug"]}"}} 1.0' in text


def test_unknown_route_and_method_are_json_errors(client):
    missing = client.get("/v1/nothing-here")
    assert missing.status_code == 404 and missing.json["error"]["type"] == "not_found"
    wrong = client.delete("/v1/jobs")
    assert wrong.status_code == 405 and wrong.json["error"]["type"] == "invalid_request"
