"""The tenant PII policy: admin route, CLI, per-job overrides, and the /readyz PII detail."""

from click.testing import CliRunner

from sluice.cli import main
from sluice.pii_status import publish_engine_mode

JOB = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "hi"}]}


def _put(client, admin_headers, slug, body):
    return client.put(f"/v1/admin/tenants/{slug}/pii-policy", headers=admin_headers, json=body)


def test_admin_sets_a_policy_with_config_defaults_for_what_is_omitted(
        client, admin_headers, tenant):
    answer = _put(client, admin_headers, tenant["slug"], {"mode": "pseudonymize"})
    assert answer.status_code == 200
    assert answer.json["mode"] == "pseudonymize" and answer.json["allow_override"] is False
    assert "PERSON" in answer.json["entities"] and answer.json["score_threshold"] == 0.4
    changed = _put(client, admin_headers, tenant["slug"],
                   {"mode": "block", "entities": ["US_SSN"], "allow_override": True})
    assert (changed.json["mode"], changed.json["entities"]) == ("block", ["US_SSN"])


def test_bad_policies_get_clear_errors(client, admin_headers, tenant):
    slug = tenant["slug"]
    assert _put(client, admin_headers, slug, {"mode": "shred"}).json["error"]["type"] \
        == "invalid_request"
    bad_entity = _put(client, admin_headers, slug, {"mode": "redact", "entities": ["person"]})
    assert bad_entity.status_code == 422 and "person" in bad_entity.json["error"]["message"]
    assert _put(client, admin_headers, "no-such-tenant", {"mode": "off"}).status_code == 404
    assert client.put(f"/v1/admin/tenants/{slug}/pii-policy", json={"mode": "off"},
                      headers=tenant["headers"]).status_code == 401


def test_a_job_override_needs_a_policy_that_allows_it(client, admin_headers, tenant):
    refused = client.post("/v1/jobs", headers=tenant["headers"], json={**JOB, "pii": "off"})
    assert refused.status_code == 403
    assert refused.json["error"]["type"] == "permission_error"
    assert "override" in refused.json["error"]["message"]
    same_as_policy = client.post("/v1/jobs", headers=tenant["headers"],
                                 json={**JOB, "pii": "redact"})
    assert same_as_policy.status_code == 202
    _put(client, admin_headers, tenant["slug"], {"mode": "redact", "allow_override": True})
    allowed = client.post("/v1/jobs", headers=tenant["headers"], json={**JOB, "pii": "off"})
    assert allowed.status_code == 202
    invalid = client.post("/v1/jobs", headers=tenant["headers"], json={**JOB, "pii": "maybe"})
    assert invalid.status_code == 400


def test_cli_sets_a_policy(client, admin_headers, tenant):
    done = CliRunner().invoke(main, ["pii-policy", "set", tenant["slug"], "--mode", "block",
                                     "--entity", "US_SSN", "--entity", "EMAIL_ADDRESS",
                                     "--allow-override"])
    assert done.exit_code == 0, done.output
    assert '"mode": "block"' in done.output
    allowed = client.post("/v1/jobs", headers=tenant["headers"], json={**JOB, "pii": "off"})
    assert allowed.status_code == 202


def test_readyz_shows_each_workers_pii_engine_mode(client, runtime):
    prefix = runtime.settings.redis_prefix
    publish_engine_mode(runtime.redis, prefix, "host-a:1", "nlp")
    publish_engine_mode(runtime.redis, prefix, "host-b:2", "patterns-only")
    try:
        answer = client.get("/readyz")
        assert answer.status_code == 200
        pii = answer.json["detail"]["pii"]
        assert pii["workers"]["host-a:1"] == "nlp" and pii["degraded"] is True
        assert runtime.redis.ttl(f"{prefix}pii-engine:host-a:1") > 0
    finally:
        runtime.redis.delete(f"{prefix}pii-engine:host-a:1", f"{prefix}pii-engine:host-b:2")


def test_the_api_never_imports_presidio(test_env):
    import subprocess
    import sys

    from tests.services import ROOT, child_env

    probe = ("import sys; from api import create_app; import sluice.cli; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('presidio_analyzer', 'presidio_anonymizer', 'spacy', 'workers')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=child_env({}),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
