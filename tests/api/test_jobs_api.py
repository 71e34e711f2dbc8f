"""The native jobs API: validation, limits, tenancy, listing, cancel, long-poll."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from sluice.job_events import announce_job_done
from sluice.models import Job, utcnow

JOB = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "hi"}]}


def _count_jobs(runtime, tenant_id: str) -> int:
    with runtime.db.session() as session:
        return session.scalar(select(func.count()).select_from(Job)
                              .where(Job.tenant_id == tenant_id))


def test_submit_answers_202_queued_and_seals_the_prompt(client, tenant, runtime):
    secret_words = "my card is 4111 1111 1111 1111"
    answer = client.post("/v1/jobs", headers=tenant["headers"], json={
        **JOB, "messages": [{"role": "user", "content": secret_words}],
        "metadata": {"ticket": 7}})
    assert answer.status_code == 202
    assert answer.json["status"] == "queued"
    assert answer.json["id"].startswith("job_")
    assert answer.json["metadata"] == {"ticket": 7}
    with runtime.db.session() as session:
        job = session.get(Job, answer.json["id"])
        assert secret_words not in job.request_ciphertext
        assert runtime.cipher.open(job.request_ciphertext)["request"]["messages"][0][
            "content"][0]["text"] == secret_words


@pytest.mark.parametrize("body, where", [
    ({"messages": JOB["messages"]}, "model"),
    ({"model": "m", "messages": []}, "messages"),
    ({**JOB, "max_tokens": 0}, "max_tokens"),
    ({**JOB, "max_tokens": "12"}, "max_tokens"),
    ({**JOB, "temperature": 7}, "temperature"),
    ({**JOB, "tools": []}, "tools"),
    ({**JOB, "messages": [{"role": "robot", "content": "x"}]}, "messages.0.role"),
    ({**JOB, "messages": [{"role": "user", "content": [{"type": "video"}]}]}, "messages.0"),
    ({**JOB, "messages": [{"role": "system", "content": "only a system prompt"}]}, "messages"),
    ({**JOB, "callback_url": "http://127.0.0.1:9/hook"}, "callback_url"),
])
def test_bad_bodies_are_400_and_write_nothing(client, tenant, runtime, body, where):
    answer = client.post("/v1/jobs", headers=tenant["headers"], json=body)
    assert answer.status_code == 400, answer.json
    assert answer.json["error"]["type"] == "invalid_request"
    assert where in answer.json["error"]["message"]
    assert _count_jobs(runtime, tenant["id"]) == 0


def test_non_json_body_is_400(client, tenant):
    answer = client.post("/v1/jobs", headers=tenant["headers"], data="not json",
                         content_type="application/json")
    assert answer.status_code == 400
    assert answer.json["error"]["type"] == "invalid_request"


def test_body_over_the_limit_is_413(client, tenant, runtime):
    huge = "x" * (runtime.settings.max_body_bytes + 1)
    answer = client.post("/v1/jobs", headers=tenant["headers"],
                         json={**JOB, "messages": [{"role": "user", "content": huge}]})
    assert answer.status_code == 413
    assert answer.json["error"]["type"] == "request_too_large"
    assert _count_jobs(runtime, tenant["id"]) == 0


def test_another_tenants_job_is_404_everywhere(client, tenant, admin_headers):
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json=JOB).json["id"]
    other = client.post("/v1/admin/tenants", headers=admin_headers,
                        json={"name": "other-" + job_id[-6:].lower()}).json
    other_key = client.post(f"/v1/admin/tenants/{other['slug']}/keys", headers=admin_headers,
                            json={"name": "k"}).json["key"]
    headers = {"x-api-key": other_key}
    for answer in (client.get(f"/v1/jobs/{job_id}", headers=headers),
                   client.post(f"/v1/jobs/{job_id}/cancel", headers=headers),
                   client.get("/v1/jobs/job_does_not_exist", headers=headers)):
        assert answer.status_code == 404
        assert answer.json["error"]["type"] == "not_found"
    assert client.get("/v1/jobs", headers=headers).json["data"] == []


def test_dialect_follows_shape_then_model_family(client, tenant):
    def dialect(body):
        return client.post("/v1/jobs", headers=tenant["headers"], json=body).json["dialect"]

    assert dialect(JOB) == "anthropic"
    assert dialect({**JOB, "model": "gpt-4o-mini"}) == "openai"
    assert dialect({**JOB, "messages": [{"role": "system", "content": "s"},
                                        {"role": "user", "content": "u"}]}) == "openai"
    assert dialect({**JOB, "model": "gpt-4o-mini", "system": "s"}) == "anthropic"
    assert dialect({**JOB, "dialect": "openai"}) == "openai"


def test_list_is_newest_first_with_cursor_and_status_filter(client, tenant):
    ids = [client.post("/v1/jobs", headers=tenant["headers"], json=JOB).json["id"]
           for _ in range(5)]
    first = client.get("/v1/jobs?limit=2", headers=tenant["headers"]).json
    assert [job["id"] for job in first["data"]] == ids[::-1][:2]
    assert first["has_more"] is True and first["last_id"] == ids[3]
    rest = client.get(f"/v1/jobs?limit=10&after={first['last_id']}",
                      headers=tenant["headers"]).json
    assert [job["id"] for job in rest["data"]] == ids[::-1][2:]
    assert rest["has_more"] is False
    client.post(f"/v1/jobs/{ids[0]}/cancel", headers=tenant["headers"])
    cancelled = client.get("/v1/jobs?status=cancelled", headers=tenant["headers"]).json
    assert [job["id"] for job in cancelled["data"]] == [ids[0]]
    for query in ("status=bogus", "limit=0", "limit=abc"):
        assert client.get(f"/v1/jobs?{query}", headers=tenant["headers"]).status_code == 400


def test_cancel_queued_then_conflict(client, tenant):
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json=JOB).json["id"]
    cancelled = client.post(f"/v1/jobs/{job_id}/cancel", headers=tenant["headers"])
    assert cancelled.status_code == 200 and cancelled.json["status"] == "cancelled"
    again = client.post(f"/v1/jobs/{job_id}/cancel", headers=tenant["headers"])
    assert again.status_code == 409 and again.json["error"]["type"] == "conflict"


def test_running_job_cannot_be_cancelled(client, tenant, runtime):
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json=JOB).json["id"]
    with runtime.db.session() as session:
        session.execute(update(Job).where(Job.id == job_id).values(status="running"))
    answer = client.post(f"/v1/jobs/{job_id}/cancel", headers=tenant["headers"])
    assert answer.status_code == 409
    assert "running" in answer.json["error"]["message"]


def test_long_poll_returns_as_soon_as_the_job_ends(client, tenant, runtime):
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json=JOB).json["id"]
    with runtime.db.session() as session:
        session.execute(update(Job).where(Job.id == job_id).values(status="running"))

    def finish_soon():
        time.sleep(0.5)
        with runtime.db.session() as session:
            session.execute(update(Job).where(Job.id == job_id).values(
                status="failed", error_type="provider_error", error_message="boom"))
        announce_job_done(runtime.redis, runtime.settings.redis_prefix, job_id, "failed")

    threading.Thread(target=finish_soon).start()
    started = time.monotonic()
    answer = client.get(f"/v1/jobs/{job_id}?wait=60", headers=tenant["headers"])
    waited = time.monotonic() - started
    assert answer.json["status"] == "failed"
    assert answer.json["error"] == {"type": "provider_error", "message": "boom"}
    assert waited < 30, "the long-poll slept out its wait instead of waking on the notice"


def test_long_poll_gives_up_after_wait_and_validates_it(client, tenant):
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json=JOB).json["id"]
    answer = client.get(f"/v1/jobs/{job_id}?wait=0.3", headers=tenant["headers"])
    assert answer.status_code == 200 and answer.json["status"] in ("queued", "running",
                                                                   "succeeded")
    for wait in ("61", "-1", "soon"):
        assert client.get(f"/v1/jobs/{job_id}?wait={wait}",
                          headers=tenant["headers"]).status_code == 400


def test_a_broker_outage_at_submit_loses_nothing(runtime, tenant, test_env):
    import dataclasses

    from api import create_app
    from sluice.broker import JobPublisher, make_celery
    from sluice.settings import Settings
    from workers.sweeper import sweep

    dead = make_celery(Settings(REDIS_URL="redis://127.0.0.1:1/0"))
    broken = dataclasses.replace(
        runtime, celery=dead, publisher=JobPublisher(dead, runtime.redis,
                                                     runtime.settings.redis_prefix))
    answer = create_app(runtime=broken).test_client().post(
        "/v1/jobs", headers=tenant["headers"], json=JOB)
    assert answer.status_code == 202
    job_id = answer.json["id"]
    assert runtime.publisher.marked_since([job_id])[job_id] is None
    with runtime.db.session() as session:
        session.execute(update(Job).where(Job.id == job_id).values(
            enqueued_at=utcnow() - timedelta(minutes=1)))
    sweep(runtime)
    assert runtime.publisher.marked_since([job_id])[job_id] is not None
