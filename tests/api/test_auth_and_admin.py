"""Keys and admin routes on the real app, Postgres and Redis."""

from sqlalchemy import select

from sluice.models import ApiKey, Tenant

JOB = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "hi"}]}


def test_missing_and_wrong_keys_are_401(client):
    missing = client.post("/v1/jobs", json=JOB)
    assert missing.status_code == 401
    assert missing.json["error"]["type"] == "authentication_error"
    wrong = client.post("/v1/jobs", json=JOB, headers={"x-api-key": "sk-sluice-nope"})
    assert wrong.status_code == 401


def test_key_works_as_bearer_and_as_x_api_key(client, tenant):
    assert client.post("/v1/jobs", json=JOB, headers=tenant["headers"]).status_code == 202
    assert client.post("/v1/jobs", json=JOB,
                       headers={"x-api-key": tenant["key"]}).status_code == 202


def test_key_is_stored_only_as_a_hash_and_listed_without_secret(client, tenant, runtime,
                                                                 admin_headers):
    with runtime.db.session() as session:
        stored = session.scalar(select(ApiKey).where(ApiKey.id == tenant["key_id"]))
        assert tenant["key"] not in (stored.key_hash, stored.key_prefix)
        assert len(stored.key_hash) == 64
        secret = session.scalar(select(Tenant.webhook_secret_ciphertext)
                                .where(Tenant.slug == tenant["slug"]))
        assert tenant["webhook_secret"] not in secret
    listed = client.get(f"/v1/admin/tenants/{tenant['slug']}/keys", headers=admin_headers)
    assert listed.status_code == 200
    assert [key["id"] for key in listed.json["data"]] == [tenant["key_id"]]
    assert "key" not in listed.json["data"][0]
    assert tenant["key"] not in listed.get_data(as_text=True)


def test_revoked_key_stops_working(client, tenant, admin_headers):
    revoked = client.delete(f"/v1/admin/keys/{tenant['key_id']}", headers=admin_headers)
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    answer = client.post("/v1/jobs", json=JOB, headers=tenant["headers"])
    assert answer.status_code == 401
    assert "revoked" in answer.json["error"]["message"]


def test_admin_routes_need_the_admin_token(client, tenant):
    assert client.get("/v1/admin/tenants").status_code == 401
    assert client.get("/v1/admin/tenants", headers=tenant["headers"]).status_code == 401


def test_duplicate_tenant_is_409_and_bad_slug_is_422(client, admin_headers, tenant):
    again = client.post("/v1/admin/tenants", headers=admin_headers,
                        json={"name": tenant["name"]})
    assert again.status_code == 409
    assert again.json["error"]["type"] == "conflict"
    bad = client.post("/v1/admin/tenants", headers=admin_headers,
                      json={"name": "x", "slug": "Not A Slug"})
    assert bad.status_code == 422
    missing = client.post("/v1/admin/tenants", headers=admin_headers, json={})
    assert missing.status_code == 400
    assert missing.json["error"]["type"] == "invalid_request"


def test_unknown_tenant_is_404(client, admin_headers):
    answer = client.post("/v1/admin/tenants/nobody/keys", headers=admin_headers,
                         json={"name": "k"})
    assert answer.status_code == 404
    assert answer.json["error"]["type"] == "not_found"


def test_attribution_key_binding_then_request_user_and_mapped_team(client, tenant,
                                                                   admin_headers):
    slug = tenant["slug"]
    mapped = client.put(f"/v1/admin/tenants/{slug}/users/alice", headers=admin_headers,
                        json={"team": "research"})
    assert mapped.status_code == 200 and mapped.json["team"] == "research"
    by_request = client.post("/v1/jobs", headers=tenant["headers"], json={**JOB, "user": "alice"})
    assert (by_request.json["user"], by_request.json["team"]) == ("alice", "research")

    bound = client.post(f"/v1/admin/tenants/{slug}/keys", headers=admin_headers,
                        json={"name": "svc", "team": "platform", "user": "svc-bot"}).json
    by_key = client.post("/v1/jobs", headers={"x-api-key": bound["key"]},
                         json={**JOB, "user": "alice"})
    assert (by_key.json["user"], by_key.json["team"]) == ("svc-bot", "platform")
