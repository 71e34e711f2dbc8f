"""`make demo`'s view of the running stack: every HTTP call printed with a short answer.

The walkthrough is meant to be read, so each call shows what was sent and what came
back, cut to one line; a step that does not behave as documented raises `StepFailed`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from prometheus_client.parser import text_string_to_metric_families

FINAL_STATES = ("succeeded", "failed", "cancelled")
SHOWN_CHARS = 140


class StepFailed(Exception):
    """A feature did not behave as the README says."""


def check(condition: bool, failure: str) -> None:
    if not condition:
        raise StepFailed(failure)


def say(text: str) -> None:
    print(f"   {text}", flush=True)


def short(value: Any, limit: int = SHOWN_CHARS) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def metric_samples(exposition: str) -> dict[str, float]:
    """`name{labels}` -> value for sluice's own series; histogram buckets and the
    `_created` timestamps are left out, since they move on every call and say little."""
    samples = {}
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if not sample.name.startswith("sluice_") or sample.name.endswith(
                    ("_bucket", "_created")):
                continue
            labels = ",".join(f'{name}="{value}"' for name, value in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples


@dataclass
class Gateway:
    """The api, its admin token, the simulator and the worker's metrics endpoint."""

    api: str
    admin_token: str
    simulator: str
    worker_metrics: str
    http: requests.Session = field(default_factory=requests.Session)

    def call(self, method: str, path: str, *, key: str | None = None, admin: bool = False,
             body: dict | None = None, show: bool = True) -> requests.Response:
        headers = {}
        if admin:
            headers["Authorization"] = f"Bearer {self.admin_token}"
        elif key:
            headers["x-api-key"] = key
        response = self.http.request(method, self.api + path, json=body, headers=headers,
                                     timeout=90)
        if show:
            sent = f" {short(body, 70)}" if body is not None else ""
            say(f"{method} {path}{sent} -> {response.status_code} {short(_answer(response))}")
        return response

    def admin(self, method: str, path: str, body: dict | None = None,
              expect: int = 200) -> dict:
        response = self.call(method, path, admin=True, body=body)
        check(response.status_code == expect,
              f"{method} {path} answered {response.status_code}, not {expect}")
        return response.json()

    def submit(self, key: str, body: dict, show: bool = True) -> str:
        response = self.call("POST", "/v1/jobs", key=key, body=body, show=show)
        check(response.status_code == 202, f"POST /v1/jobs answered {response.status_code}")
        return response.json()["id"]

    def wait_job(self, key: str, job_id: str, seconds: float = 60) -> dict:
        """Long-polls until the job ends; a job still open after `seconds` fails the step."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            job = self.call("GET", f"/v1/jobs/{job_id}?wait=30", key=key, show=False).json()
            if job["status"] in FINAL_STATES:
                return job
        raise StepFailed(f"{job_id} still {job['status']} after {seconds:g} s")

    def script_simulator(self, config: dict) -> None:
        requests.put(f"{self.simulator}/_sim/config", json=config,
                     timeout=10).raise_for_status()

    def provider_requests(self) -> list[dict]:
        """Every request body the simulator received, as the provider saw it."""
        answer = requests.get(f"{self.simulator}/_sim/requests", timeout=10)
        answer.raise_for_status()
        return [entry["body"] for entry in answer.json()["requests"] if entry["body"]]

    def scrape(self, url: str) -> dict[str, float]:
        answer = requests.get(url, timeout=10)
        answer.raise_for_status()
        return metric_samples(answer.text)


def _answer(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text
