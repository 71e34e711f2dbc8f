"""PII through a real worker: placeholders to the provider, originals to the caller, nothing
raw in the jobs table or the worker log; the degraded and the fail-closed worker."""

from __future__ import annotations

import json

import requests
from sqlalchemy import select

from sluice.models import Job

RAW = ["Jan de Vries", "536-22-8145", "jan.devries@example.com", "+1 415 555 0100", "jenny"]
PROMPT = ("Draft a reply to Jan de Vries (SSN 536-22-8145, jan.devries@example.com, "
          "+1 415 555 0100). Return JSON {\"to\": \"jan.devries@example.com\"}. cc jenny")


def _policy(client, admin_headers, tenant, mode: str) -> None:
    answer = client.put(f"/v1/admin/tenants/{tenant['slug']}/pii-policy",
                        headers=admin_headers, json={"mode": mode})
    assert answer.status_code == 200


def _sim_bodies(sim) -> str:
    return json.dumps([r["body"] for r in requests.get(f"{sim}/_sim/requests",
                                                       timeout=5).json()["requests"]])


def _stored_job(runtime, job_id: str) -> tuple[str, dict]:
    """Every column of the job row as stored, plus the opened sealed request."""
    with runtime.db.session() as session:
        job = session.scalar(select(Job).where(Job.id == job_id))
        columns = {column.name: getattr(job, column.key) for column in Job.__table__.columns}
    return json.dumps(columns, default=str), runtime.cipher.open(job.request_ciphertext)


def test_pseudonymized_job_through_a_real_worker(client, admin_headers, tenant, sim, runtime,
                                                 start_worker):
    worker = start_worker()
    _policy(client, admin_headers, tenant, "pseudonymize")
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json={
        "model": "gpt-4o-mini", "messages": [
            {"role": "system", "content": "You help Jan de Vries with mail."},
            {"role": "user", "content": PROMPT}]}).json["id"]
    answer = client.get(f"/v1/jobs/{job_id}?wait=30", headers=tenant["headers"]).json
    assert answer["status"] == "succeeded", answer
    assert answer["result"]["content"] == "echo: " + PROMPT
    sent = _sim_bodies(sim)
    assert "<PERSON_1>" in sent and "<US_SSN_1>" in sent and "<EMAIL_ADDRESS_1>" in sent
    assert [raw for raw in RAW if raw in sent] == []
    columns, sealed = _stored_job(runtime, job_id)
    assert [raw for raw in RAW if raw in columns + json.dumps(sealed["request"])] == []
    assert sealed["pii_applied"]["originals"]["US_SSN_1"] == "536-22-8145", "kept sealed"
    log = worker.output()
    assert job_id in log and [raw for raw in RAW if raw in log] == []


def test_a_worker_without_the_model_runs_patterns_and_says_so(client, admin_headers, tenant,
                                                              sim, start_worker):
    start_worker(SLUICE_PII_MODEL="no_such_spacy_model")
    ready = client.get("/readyz").json["detail"]["pii"]
    assert ready["degraded"] is True and "patterns-only" in ready["workers"].values()
    _policy(client, admin_headers, tenant, "redact")
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json={
        "model": "claude-haiku-4-5",
        "messages": [{"role": "user", "content": "SSN 536-22-8145 please"}]}).json["id"]
    answer = client.get(f"/v1/jobs/{job_id}?wait=30", headers=tenant["headers"]).json
    assert answer["result"]["content"] == "echo: SSN <US_SSN> please"
    assert "536-22-8145" not in _sim_bodies(sim)


def test_a_failing_analyzer_keeps_the_prompt_from_the_provider(client, admin_headers, tenant,
                                                               sim, start_worker):
    start_worker(PRESIDIO_ANALYZER_URL="http://127.0.0.1:9",
                 PRESIDIO_ANONYMIZER_URL="http://127.0.0.1:9")
    _policy(client, admin_headers, tenant, "redact")
    job_id = client.post("/v1/jobs", headers=tenant["headers"], json={
        "model": "claude-haiku-4-5",
        "messages": [{"role": "user", "content": "SSN 536-22-8145"}]}).json["id"]
    answer = client.get(f"/v1/jobs/{job_id}?wait=30", headers=tenant["headers"]).json
    assert answer["status"] == "failed" and answer["error"]["type"] == "pii_blocked"
    assert _sim_bodies(sim) == "[]"
