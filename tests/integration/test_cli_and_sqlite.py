"""The `sluice` CLI, and the embedded default (SQLite, no DATABASE_URL) end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from api import create_app
from sluice.runtime import build_runtime
from sluice.settings import Settings
from tests.services import ROOT, child_env


def sluice(env: dict, *args: str) -> dict | list:
    done = subprocess.run([sys.executable, "-m", "sluice.cli", *args], cwd=ROOT,
                          env=child_env(env), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip().startswith(("{", "[")) else {}


def test_cli_manages_tenants_keys_and_teams(client, test_env):
    tenant = sluice({}, "tenants", "create", "CLI Corp")
    assert tenant["slug"] == "cli-corp" and tenant["webhook_secret"].startswith("whsec_")
    key = sluice({}, "keys", "create", "cli-corp", "--name", "ci", "--team", "data")
    assert key["key"].startswith("sk-sluice-") and key["team"] == "data"
    listed = sluice({}, "keys", "list", "cli-corp")
    assert [row["id"] for row in listed] == [key["id"]] and "key" not in listed[0]
    assert sluice({}, "users", "map", "cli-corp", "bob", "--team", "ml")["team"] == "ml"
    job = {"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "x"}]}
    assert client.post("/v1/jobs", json=job, headers={"x-api-key": key["key"]}).status_code == 202
    assert sluice({}, "keys", "revoke", key["id"])["revoked_at"]
    assert client.post("/v1/jobs", json=job, headers={"x-api-key": key["key"]}).status_code == 401


def test_cli_reports_errors_without_a_traceback(test_env):
    done = subprocess.run([sys.executable, "-m", "sluice.cli", "keys", "list", "no-such"],
                          cwd=ROOT, env=child_env({}), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: no tenant 'no-such'"


@pytest.fixture
def sqlite_env(tmp_path, test_env) -> dict:
    return {"DATABASE_URL": None, "SLUICE_DATA_DIR": str(tmp_path / "data")}


def test_the_embedded_sqlite_default_runs_a_job(sqlite_env, sim, start_worker):
    sluice(sqlite_env, "migrate")
    assert (ROOT / sqlite_env["SLUICE_DATA_DIR"] / "sluice.db").exists()
    sluice(sqlite_env, "tenants", "create", "solo")
    key = sluice(sqlite_env, "keys", "create", "solo", "--name", "k")["key"]
    start_worker(**sqlite_env)
    settings = Settings(DATABASE_URL=None, SLUICE_DATA_DIR=sqlite_env["SLUICE_DATA_DIR"])
    assert settings.sqlalchemy_url.startswith("sqlite:///")
    client = create_app(runtime=build_runtime(settings)).test_client()
    headers = {"x-api-key": key}
    job_id = client.post("/v1/jobs", headers=headers, json={
        "model": "gpt-4o-mini", "messages": [{"role": "user", "content": "on sqlite"}]}).json["id"]
    answer = client.get(f"/v1/jobs/{job_id}?wait=30", headers=headers).json
    assert answer["status"] == "succeeded", answer
    assert answer["result"]["content"] == "echo: on sqlite"
    assert answer["usage"]["cost_usd"] == "0.0000028500"  # 3 x $0.15 + 4 x $0.60 per Mtok
    assert client.get("/readyz").json["detail"]["database"]["dialect"] == "sqlite"


def test_cli_sets_controls_and_prints_the_chargeback_table(client, test_env):
    sluice({}, "tenants", "create", "Report Co")
    budget = sluice({}, "budgets", "set", "report-co", "--scope", "tenant", "--limit", "12.5",
                    "--period", "month", "--alert-at", "0.8")
    assert budget["limit_usd"] == "12.5000000000" and budget["alert_at"] == "0.8"
    assert sluice({}, "limits", "set", "report-co", "--scope", "model", "--subject", "gpt-4o",
                  "--rpm", "30")["rpm"] == 30
    assert sluice({}, "controls", "set", "report-co", "--max-queued-jobs", "9")[
        "max_queued_jobs"] == 9
    done = subprocess.run([sys.executable, "-m", "sluice.cli", "report", "chargeback",
                           "--group-by", "team", "--tenant", "report-co"], cwd=ROOT,
                          env=child_env({}), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split() == ["team", "requests", "input_tokens", "output_tokens", "cost_usd"]
    assert lines[-1].split() == ["TOTAL", "0", "0", "0", "0.0000000000"]
