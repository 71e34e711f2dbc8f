"""Admin routes for budgets, limits and queue policy; usage reports; queue admission."""

import csv
import io
import random
from decimal import Decimal

from sqlalchemy import func, select

from sluice.jobs import create_job
from sluice.models import Job, UsageRow
from sluice.submission import JobSubmission
from sluice.tenancy import authenticate

JOB = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "hi"}]}


def test_budgets_are_set_listed_and_shown_to_the_caller(client, tenant, admin_headers):
    base = f"/v1/admin/tenants/{tenant['slug']}"
    made = client.put(f"{base}/budgets", headers=admin_headers, json={
        "scope": "tenant", "limit_usd": "25.50", "period": "month", "alert_at": 0.8})
    assert made.status_code == 200, made.json
    assert made.json["limit_usd"] == "25.5000000000" and made.json["alert_at"] == "0.8"
    client.put(f"{base}/budgets", headers=admin_headers, json={
        "scope": "team", "subject": "other-team", "limit_usd": "1", "period": "day"})
    assert len(client.get(f"{base}/budgets", headers=admin_headers).json["data"]) == 2
    mine = client.get("/v1/usage/budgets", headers=tenant["headers"]).json["data"]
    assert [(b["scope"], b["remaining_usd"]) for b in mine] == [("tenant", "25.5000000000")]


def test_bad_control_bodies_are_4xx(client, tenant, admin_headers):
    base = f"/v1/admin/tenants/{tenant['slug']}"
    for path, body in (("budgets", {"scope": "planet", "limit_usd": "1", "period": "day"}),
                       ("budgets", {"scope": "tenant", "limit_usd": "-1", "period": "day"}),
                       ("rate-limits", {"scope": "tenant", "rpm": 0}),
                       ("rate-limits", {"scope": "team", "rpm": 5})):
        answer = client.put(f"{base}/{path}", headers=admin_headers, json=body)
        assert answer.status_code in (400, 422), (path, body, answer.json)
    assert client.put("/v1/admin/tenants/nobody/budgets", headers=admin_headers, json={
        "scope": "tenant", "limit_usd": "1", "period": "day"}).status_code == 404
    assert client.put(f"{base}/budgets", headers=tenant["headers"], json={
        "scope": "tenant", "limit_usd": "1", "period": "day"}).status_code == 401


def test_rate_limit_rules_upsert(client, tenant, admin_headers):
    path = f"/v1/admin/tenants/{tenant['slug']}/rate-limits"
    first = client.put(path, headers=admin_headers, json={"scope": "model",
                                                          "subject": "gpt-4o", "rpm": 10})
    assert first.json == {"scope": "model", "subject": "gpt-4o", "rpm": 10, "tpm": None}
    again = client.put(path, headers=admin_headers, json={"scope": "model",
                                                          "subject": "gpt-4o", "tpm": 500})
    assert again.json["tpm"] == 500 and again.json["rpm"] is None


def test_a_full_queue_answers_429_and_writes_nothing(client, tenant, admin_headers, runtime):
    patched = client.patch(f"/v1/admin/tenants/{tenant['slug']}", headers=admin_headers,
                           json={"max_queued_jobs": 2})
    assert patched.status_code == 200 and patched.json["max_queued_jobs"] == 2
    for _ in range(2):
        assert client.post("/v1/jobs", headers=tenant["headers"], json=JOB).status_code == 202
    full = client.post("/v1/jobs", headers=tenant["headers"], json=JOB)
    assert full.status_code == 429
    assert full.json["error"]["type"] == "queue_full"
    assert int(full.headers["Retry-After"]) > 0
    with runtime.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Job)
                              .where(Job.tenant_id == tenant["id"])) == 2


def _usage(runtime, tenant, rows):
    with runtime.db.session() as session:
        caller = authenticate(session, tenant["key"])
        for user, team, model, provider, cost in rows:
            job = create_job(session, runtime.cipher, caller, JobSubmission.model_validate(JOB),
                             {})
            session.add(UsageRow(job_id=job.id, tenant_id=caller.tenant_id,
                                 key_id=caller.key_id, user=user, team=team, provider=provider,
                                 model=model, input_tokens=3, output_tokens=5, cost_usd=cost))


def test_chargeback_breakdowns_add_up_to_the_total_exactly(client, tenant, runtime):
    shuffle = random.Random(7)
    rows = [(shuffle.choice(["ann", "bob", None]), shuffle.choice(["data", "ml", None]),
             shuffle.choice(["gpt-4o-mini", "claude-haiku-4-5"]),
             shuffle.choice(["openai", "anthropic"]),
             Decimal(shuffle.randint(1, 10**9)).scaleb(-10)) for _ in range(60)]
    _usage(runtime, tenant, rows)
    expected = sum(row[4] for row in rows)
    for group_by in ("user", "team", "model", "provider"):
        report = client.get(f"/v1/usage/chargeback?group_by={group_by}",
                            headers=tenant["headers"]).json
        assert Decimal(report["total"]["cost_usd"]) == expected
        assert sum(Decimal(row["cost_usd"]) for row in report["rows"]) == expected
        assert sum(row["requests"] for row in report["rows"]) == 60
        assert report["total"]["input_tokens"] == 180


def test_chargeback_csv_window_and_scoping(client, tenant, runtime, admin_headers):
    _usage(runtime, tenant, [("ann", "data", "gpt-4o-mini", "openai", Decimal("0.25")),
                             ("bob", "data", "gpt-4o-mini", "openai", Decimal("0.5"))])
    answer = client.get("/v1/usage/chargeback?group_by=user&format=csv",
                        headers=tenant["headers"])
    assert answer.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert table[0] == ["user", "requests", "input_tokens", "output_tokens", "cost_usd"]
    assert table[-1] == ["TOTAL", "2", "6", "10", "0.7500000000"]
    empty = client.get("/v1/usage/chargeback?from=2020-01-01&to=2020-02-01",
                       headers=tenant["headers"]).json
    assert empty["rows"] == [] and empty["total"]["cost_usd"] == "0.0000000000"
    everyone = client.get("/v1/usage/chargeback?group_by=team&from=2020-01-01",
                          headers=admin_headers).json
    assert tenant["slug"] in {row["tenant"] for row in everyone["rows"]}
    for query in ("group_by=colour", "from=yesterday", "format=xml", "from=2030-01-01"):
        assert client.get(f"/v1/usage/chargeback?{query}",
                          headers=tenant["headers"]).status_code == 400
