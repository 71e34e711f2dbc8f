"""The PII stage in the pipeline, in-process, against the simulator and the real database."""

import json

import pytest
import requests

from sluice.models import Job
from workers.pipeline import run_job

CLAUDE = [{"model": "*", "backends": [{"provider": "anthropic"}]}]
PROMPT = ("My name is Jan de Vries, SSN 536-22-8145, email jan.devries@example.com. "
          "Please ask jenny to call me.")
RAW = ["Jan de Vries", "536-22-8145", "jan.devries@example.com", "jenny"]


@pytest.fixture
def policy(client, admin_headers, tenant):
    def put(mode: str, allow_override: bool = False, **fields) -> None:
        answer = client.put(f"/v1/admin/tenants/{tenant['slug']}/pii-policy",
                            headers=admin_headers,
                            json={"mode": mode, "allow_override": allow_override, **fields})
        assert answer.status_code == 200, answer.json
    return put


def _sent_text(sim) -> list[str]:
    seen = requests.get(f"{sim}/_sim/requests", timeout=5).json()["requests"]
    return [json.dumps(request["body"]) for request in seen]


def _job(rt, job_id) -> tuple[Job, dict, dict | None]:
    with rt.db.session() as session:
        job = session.get(Job, job_id)
        session.expunge(job)
    result = rt.cipher.open(job.result_ciphertext) if job.result_ciphertext else None
    return job, rt.cipher.open(job.request_ciphertext), result


def test_redact_sends_entity_labels_and_keeps_only_the_redacted_request(
        routed, make_job, keeper, sim, policy):
    policy("redact")
    rt = routed(CLAUDE)
    job_id = make_job(text=PROMPT)
    run_job(rt, keeper, job_id)
    job, stored, result = _job(rt, job_id)
    assert job.status == "succeeded"
    [sent] = _sent_text(sim)
    assert "<US_SSN>" in sent and "<EMAIL_ADDRESS>" in sent and "<PERSON>" in sent
    assert not [raw for raw in RAW if raw in sent]
    assert not [raw for raw in RAW if raw in json.dumps(stored)]
    assert "<US_SSN>" in result["content"]


def test_pseudonymize_restores_originals_in_the_answer(routed, make_job, keeper, sim, policy):
    policy("pseudonymize")
    rt = routed(CLAUDE)
    job_id = make_job(text=PROMPT + " Jan de Vries again.")
    run_job(rt, keeper, job_id)
    job, stored, result = _job(rt, job_id)
    [sent] = _sent_text(sim)
    assert "<PERSON_1>" in sent and "<US_SSN_1>" in sent
    assert sent.count("<PERSON_1>") == 2, "the same name gets the same placeholder"
    assert not [raw for raw in RAW if raw in sent]
    assert result["content"] == "echo: " + PROMPT + " Jan de Vries again."
    assert stored["pii_applied"]["originals"]["PERSON_1"] == "Jan de Vries"
    assert "Jan de Vries" not in json.dumps(stored["request"])


def test_pseudonymize_restores_inside_json_the_model_returns(
        routed, make_job, keeper, sim, policy):
    policy("pseudonymize")
    rt = routed(CLAUDE)
    prompt = '{"customer": "Jan de Vries", "contact": {"email": "jan.devries@example.com"}}'
    job_id = make_job(text=prompt)
    run_job(rt, keeper, job_id)
    _, _, result = _job(rt, job_id)
    assert "<PERSON_1>" in _sent_text(sim)[0]
    returned = json.loads(result["content"].removeprefix("echo: "))
    assert returned == {"customer": "Jan de Vries",
                        "contact": {"email": "jan.devries@example.com"}}


def test_block_fails_the_job_before_any_provider_call(routed, make_job, keeper, sim, policy):
    policy("block")
    rt = routed(CLAUDE)
    job_id = make_job(text=PROMPT)
    run_job(rt, keeper, job_id)
    job, stored, _ = _job(rt, job_id)
    assert (job.status, job.error_type) == ("failed", "pii_blocked")
    assert "US_SSN" in job.error_message and "536-22-8145" not in job.error_message
    assert _sent_text(sim) == []
    assert not [raw for raw in RAW if raw in json.dumps(stored)]


def test_block_lets_a_clean_prompt_through(routed, make_job, keeper, sim, policy):
    policy("block")
    rt = routed(CLAUDE)
    job_id = make_job(text="Summarise the quarterly report in three bullet points.")
    run_job(rt, keeper, job_id)
    assert _job(rt, job_id)[0].status == "succeeded"
    assert len(_sent_text(sim)) == 1


def test_off_sends_the_prompt_unchanged(routed, make_job, keeper, sim, policy):
    policy("off")
    rt = routed(CLAUDE)
    job_id = make_job(text=PROMPT)
    run_job(rt, keeper, job_id)
    assert PROMPT in _sent_text(sim)[0]


def test_an_allowed_job_override_wins_over_the_tenant_mode(
        routed, make_job, keeper, sim, policy):
    policy("redact", allow_override=True)
    rt = routed(CLAUDE)
    job_id = make_job(text=PROMPT, pii="pseudonymize")
    run_job(rt, keeper, job_id)
    assert "<PERSON_1>" in _sent_text(sim)[0]
    assert _job(rt, job_id)[2]["content"] == "echo: " + PROMPT


def test_entities_outside_the_policy_are_left_alone(routed, make_job, keeper, sim, policy):
    policy("redact", entities=["US_SSN"])
    rt = routed(CLAUDE)
    job_id = make_job(text=PROMPT)
    run_job(rt, keeper, job_id)
    [sent] = _sent_text(sim)
    assert "<US_SSN>" in sent and "jan.devries@example.com" in sent
