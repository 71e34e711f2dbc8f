"""`sluice batch submit` and `sluice batch results` against the live api and a worker."""

from __future__ import annotations

import json
import subprocess
import sys

import requests

from tests.services import ROOT, child_env


def _sluice(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sluice.cli", *args], cwd=ROOT,
                          env=child_env(env), capture_output=True, text=True, timeout=120)


def test_submit_with_progress_then_results_to_stdout(live_api, live_tenant, loopback_worker,
                                                     tmp_path, sim):
    lines = [{"custom_id": f"row-{n}", "params": {
        "model": "claude-haiku-4-5", "max_tokens": 32,
        "messages": [{"role": "user", "content": f"row {n}"}]}} for n in range(5)]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    env = {"SLUICE_API_URL": live_api, "SLUICE_API_KEY": live_tenant["key"]}

    submitted = _sluice("batch", "submit", str(path), env=env)
    assert submitted.returncode == 0, submitted.stderr
    batch_id = submitted.stdout.strip()
    assert batch_id.startswith("batch_")
    # Off a terminal, click's progress bar prints its label; the counts follow when it ends.
    assert f"{batch_id}\n" in submitted.stderr and '"succeeded": 5' in submitted.stderr

    results = _sluice("batch", "results", batch_id, env=env)
    assert results.returncode == 0, results.stderr
    parsed = [json.loads(line) for line in results.stdout.splitlines()]
    assert [line["custom_id"] for line in parsed] == [f"row-{n}" for n in range(5)]
    assert parsed[3]["result"]["message"]["content"][0]["text"] == "echo: row 3"


def test_openai_lines_go_through_files_and_batches(live_api, live_tenant, tmp_path):
    line = {"custom_id": "x", "method": "POST", "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x"}]}}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line) + "\n")
    env = {"SLUICE_API_URL": live_api, "SLUICE_API_KEY": live_tenant["key"]}
    submitted = _sluice("batch", "submit", str(path), "--no-wait", env=env)
    assert submitted.returncode == 0, submitted.stderr
    batch_id = submitted.stdout.strip()
    batch = requests.get(f"{live_api}/v1/batches/{batch_id}", headers=live_tenant["headers"],
                         timeout=10).json()
    assert batch["input_file_id"].startswith("file_")
    assert batch["request_counts"]["total"] == 1
