"""Signed webhooks from a real worker and beat to a receiver that fails on purpose."""

from __future__ import annotations

import time

import requests
from standardwebhooks import Webhook

JOB = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "ping"}]}


def _submit(live_api: str, tenant: dict, callback_url: str) -> str:
    answer = requests.post(f"{live_api}/v1/jobs", headers=tenant["headers"], timeout=10,
                           json={**JOB, "callback_url": callback_url})
    assert answer.status_code == 202, answer.text
    return answer.json()["id"]


def _callback_when(live_api: str, tenant: dict, job_id: str, status: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = requests.get(f"{live_api}/v1/jobs/{job_id}", headers=tenant["headers"],
                           timeout=10).json()
        if job["callback"]["status"] == status:
            return job["callback"]
        time.sleep(0.2)
    raise AssertionError(f"callback never {status}: {job['callback']}")


def test_retries_keep_the_id_and_every_attempt_is_signed_and_recorded(
        live_api, live_tenant, loopback_worker, beat, receiver, sim):
    receiver.script = [(503, {}), (429, {"Retry-After": "2"}), (200, {})]
    job_id = _submit(live_api, live_tenant, receiver.url)

    received = receiver.wait_for(3)
    callback = _callback_when(live_api, live_tenant, job_id, "delivered")

    ids = {item["headers"]["Webhook-Id"] for item in received}
    assert len(ids) == 1 and ids == {callback["webhook_id"]}
    verifier = Webhook(live_tenant["webhook_secret"])
    for item in received:
        event = verifier.verify(item["body"], item["headers"])
        assert event["type"] == "job.succeeded"
        assert event["data"]["id"] == job_id
        assert event["data"]["result"]["content"] == "echo: ping"
    assert received[2]["at"] - received[1]["at"] >= 2, "Retry-After was not honoured"
    assert [attempt["status_code"] for attempt in callback["attempts"]] == [503, 429, 200]
    assert all(attempt["latency_ms"] >= 0 for attempt in callback["attempts"])


def test_410_stops_for_good(live_api, live_tenant, loopback_worker, beat, receiver, sim):
    receiver.script = [(410, {})]
    job_id = _submit(live_api, live_tenant, receiver.url)
    callback = _callback_when(live_api, live_tenant, job_id, "gone")
    time.sleep(3)
    assert len(receiver.received) == 1
    assert [attempt["status_code"] for attempt in callback["attempts"]] == [410]


def test_a_dead_receiver_is_retried_and_each_error_recorded(
        live_api, live_tenant, loopback_worker, beat, receiver, sim):
    dead = receiver.url.rsplit(":", 1)[0] + ":9/hook"  # discard port: connection refused
    job_id = _submit(live_api, live_tenant, dead)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        callback = requests.get(f"{live_api}/v1/jobs/{job_id}", headers=live_tenant["headers"],
                                timeout=10).json()["callback"]
        if len(callback["attempts"]) >= 2:
            break
        time.sleep(0.2)
    assert callback["status"] in ("pending", "sending")
    assert all(attempt["error"].startswith("connection error")
               for attempt in callback["attempts"][:2])


def test_during_a_rotation_both_secrets_sign(live_api, live_tenant, admin_headers,
                                             loopback_worker, beat, receiver, sim):
    old = live_tenant["webhook_secret"]
    rotated = requests.post(
        f"{live_api}/v1/admin/tenants/{live_tenant['slug']}/webhook-secret/rotate",
        headers=admin_headers, json={"overlap_hours": 1}, timeout=10)
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()["webhook_secret"]
    assert new != old
    _submit(live_api, live_tenant, receiver.url)
    item = receiver.wait_for(1)[0]
    assert len(item["headers"]["Webhook-Signature"].split(" ")) == 2
    for secret in (old, new):
        Webhook(secret).verify(item["body"], item["headers"])
