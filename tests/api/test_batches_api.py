"""Batch validation, tenancy, expiry and per-line errors, without a worker."""

import base64
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from standardwebhooks import Webhook

from sluice.models import Batch, Job, utcnow
from workers.deliveries import close_batches


def _line(custom_id: str, **params) -> dict:
    return {"custom_id": custom_id, "params": {
        "model": "claude-haiku-4-5", "max_tokens": 16,
        "messages": [{"role": "user", "content": "hi"}], **params}}


def _jobs(runtime, tenant_id: str) -> int:
    with runtime.db.session() as session:
        return session.scalar(select(func.count()).select_from(Job)
                              .where(Job.tenant_id == tenant_id))


@pytest.mark.parametrize("body, where", [
    ({"requests": []}, "requests"),
    ({"requests": [{"params": {}}]}, "custom_id"),
    ({"requests": [_line("same"), _line("same")]}, "repeats"),
    ({"requests": [_line("a")], "callback_url": "http://10.0.0.1/hook"}, "callback_url"),
    ({"requests": [_line("a")], "extra": 1}, "extra"),
])
def test_unreadable_batches_are_400_and_write_nothing(client, tenant, runtime, body, where):
    answer = client.post("/v1/messages/batches", headers=tenant["headers"], json=body)
    assert answer.status_code == 400, answer.json
    assert answer.json["type"] == "error"  # Anthropic's error shape
    assert answer.json["error"]["type"] == "invalid_request_error"
    assert where in answer.json["error"]["message"]
    assert _jobs(runtime, tenant["id"]) == 0


def test_bad_lines_are_reported_per_custom_id(client, tenant, runtime):
    answer = client.post("/v1/messages/batches", headers=tenant["headers"], json={"requests": [
        _line("ok"), _line("stream", stream=True), _line("hook", callback_url="http://127.0.0.1/"),
        _line("bad-role", messages=[{"role": "robot", "content": "x"}])]})
    assert answer.status_code == 200, answer.json
    assert answer.json["request_counts"] == {"processing": 1, "succeeded": 0, "errored": 3,
                                             "canceled": 0, "expired": 0}
    assert _jobs(runtime, tenant["id"]) == 1
    lines = client.get(f"/v1/messages/batches/{answer.json['id']}/results",
                       headers=tenant["headers"]).get_data(as_text=True).splitlines()
    assert [line.split('"')[3] for line in lines] == ["ok", "stream", "hook", "bad-role"]
    assert "callback_url" in lines[2] and "stream" in lines[1]


def test_another_tenants_batch_is_404(client, tenant, admin_headers):
    batch_id = client.post("/v1/messages/batches", headers=tenant["headers"],
                           json={"requests": [_line("a")]}).json["id"]
    other = client.post("/v1/admin/tenants", headers=admin_headers,
                        json={"name": "b-" + tenant["slug"]}).json
    key = client.post(f"/v1/admin/tenants/{other['slug']}/keys", headers=admin_headers,
                      json={"name": "k"}).json["key"]
    for path in (f"/v1/messages/batches/{batch_id}", f"/v1/batches/{batch_id}",
                 f"/v1/messages/batches/{batch_id}/results"):
        assert client.get(path, headers={"x-api-key": key}).status_code == 404
    assert client.post(f"/v1/batches/{batch_id}/cancel",
                       headers={"x-api-key": key}).status_code == 404


def test_expiry_marks_what_did_not_run_expired(client, tenant, runtime):
    batch_id = client.post("/v1/messages/batches", headers=tenant["headers"],
                           json={"requests": [_line("a"), _line("b")]}).json["id"]
    with runtime.db.session() as session:
        session.execute(update(Batch).where(Batch.id == batch_id)
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    close_batches(runtime)
    batch = client.get(f"/v1/messages/batches/{batch_id}", headers=tenant["headers"]).json
    assert batch["processing_status"] == "ended"
    assert batch["request_counts"]["expired"] == 2
    assert client.get(f"/v1/batches/{batch_id}", headers=tenant["headers"]).json[
        "status"] == "expired"
    results = client.get(f"/v1/messages/batches/{batch_id}/results",
                         headers=tenant["headers"]).get_data(as_text=True)
    assert results.count('"type":"expired"') == 2


def test_an_openai_batch_needs_an_uploaded_file_of_this_tenant(client, tenant):
    answer = client.post("/v1/batches", headers=tenant["headers"], json={
        "input_file_id": "file_nope", "endpoint": "/v1/chat/completions",
        "completion_window": "24h"})
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "not_found"  # OpenAI's error shape


def test_webhook_secrets_are_standard_webhooks_secrets(tenant):
    secret = tenant["webhook_secret"]
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 24
    Webhook(secret)


def test_a_batch_cancel_wakes_long_polls_on_its_jobs(client, tenant):
    batch = client.post("/v1/messages/batches", headers=tenant["headers"],
                        json={"requests": [_line("a"), _line("b")]}).json
    [job] = client.get(f"/v1/jobs?batch_id={batch['id']}&limit=1",
                       headers=tenant["headers"]).json["data"]
    answers = {}

    def long_poll():
        started = time.monotonic()
        answers["job"] = client.get(f"/v1/jobs/{job['id']}?wait=60",
                                    headers=tenant["headers"]).json
        answers["waited"] = time.monotonic() - started

    poller = threading.Thread(target=long_poll)
    poller.start()
    time.sleep(0.5)
    assert client.post(f"/v1/messages/batches/{batch['id']}/cancel",
                       headers=tenant["headers"]).status_code == 200
    poller.join(timeout=70)
    assert answers["job"]["status"] == "cancelled"
    assert answers["waited"] < 30, "the long-poll slept out its wait after the cancel"
