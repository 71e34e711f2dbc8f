"""`Idempotency-Key` on the POSTs that create work."""

import io
from datetime import timedelta

from sqlalchemy import func, select, update

from sluice.idempotency import claim_key, purge_expired_keys
from sluice.models import BatchFile, IdempotencyKey, Job, utcnow

JOB = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "hi"}]}


def _jobs(runtime, tenant_id: str) -> int:
    with runtime.db.session() as session:
        return session.scalar(select(func.count()).select_from(Job)
                              .where(Job.tenant_id == tenant_id))


def _post(client, tenant, key: str, body: dict):
    return client.post("/v1/jobs", headers={**tenant["headers"], "Idempotency-Key": key},
                       json=body)


def test_a_repeat_returns_the_original_job(client, tenant, runtime):
    first = _post(client, tenant, "k1", JOB)
    again = _post(client, tenant, "k1", {"messages": JOB["messages"], "model": JOB["model"]})
    assert first.status_code == again.status_code == 202
    assert again.json["id"] == first.json["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _jobs(runtime, tenant["id"]) == 1


def test_a_different_body_is_422(client, tenant, runtime):
    _post(client, tenant, "k2", JOB)
    other = _post(client, tenant, "k2", {**JOB, "max_tokens": 5})
    assert other.status_code == 422
    assert other.json["error"]["type"] == "invalid_params"
    assert _jobs(runtime, tenant["id"]) == 1


def test_a_repeat_while_the_first_is_in_flight_is_409(client, tenant, runtime):
    claimed = claim_key(runtime.db, runtime.cipher, tenant["id"], "k3", "digest-of-first")
    assert claimed is None
    answer = _post(client, tenant, "k3", JOB)
    assert answer.status_code == 409
    assert answer.json["error"]["type"] == "conflict"
    assert _jobs(runtime, tenant["id"]) == 0


def test_keys_are_scoped_per_tenant(client, tenant, admin_headers):
    other = client.post("/v1/admin/tenants", headers=admin_headers,
                        json={"name": "idem-" + tenant["slug"]}).json
    key = client.post(f"/v1/admin/tenants/{other['slug']}/keys", headers=admin_headers,
                      json={"name": "k"}).json["key"]
    mine = _post(client, tenant, "shared", JOB)
    theirs = _post(client, {"headers": {"x-api-key": key}}, "shared", JOB)
    assert theirs.status_code == 202 and theirs.json["id"] != mine.json["id"]


def test_a_refused_request_leaves_the_key_free(client, tenant):
    assert _post(client, tenant, "k4", {**JOB, "max_tokens": 0}).status_code == 400
    assert _post(client, tenant, "k4", JOB).status_code == 202


def test_keys_expire_after_a_day(client, tenant, runtime):
    first = _post(client, tenant, "k5", JOB)
    with runtime.db.session() as session:
        session.execute(update(IdempotencyKey).where(IdempotencyKey.tenant_id == tenant["id"])
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    again = _post(client, tenant, "k5", JOB)
    assert again.status_code == 202 and again.json["id"] != first.json["id"]
    with runtime.db.session() as session:
        session.execute(update(IdempotencyKey).where(IdempotencyKey.tenant_id == tenant["id"])
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
        assert purge_expired_keys(session) >= 1
        assert session.scalar(select(func.count()).select_from(IdempotencyKey).where(
            IdempotencyKey.tenant_id == tenant["id"])) == 0


def test_file_upload_is_idempotent_across_multipart_boundaries(client, tenant, runtime):
    headers = {**tenant["headers"], "Idempotency-Key": "file-1"}

    def upload():
        part = (io.BytesIO(b'{"a": 1}\n'), "in.jsonl")
        return client.post("/v1/files", headers=headers, content_type="multipart/form-data",
                           data={"purpose": "batch", "file": part})

    first, again = upload(), upload()
    assert first.status_code == 200, first.json
    assert again.json["id"] == first.json["id"]
    with runtime.db.session() as session:
        assert session.scalar(select(func.count()).select_from(BatchFile).where(
            BatchFile.tenant_id == tenant["id"])) == 1
