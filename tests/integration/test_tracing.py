"""One trace per job, from the api request through a real worker to the provider call.

The api runs in this process and its spans land in an in-memory exporter; the worker is a
separate Celery process that exports over real OTLP/HTTP to a receiver this module serves.
"""

from __future__ import annotations

import io
import json
import logging
import math
import secrets

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from sluice.logs import JsonFormatter
from sluice.models import Job
from tests.otlp_receiver import OtlpReceiver
from tests.services import CeleryProcess, worker_argv

SERVER, CONSUMER, CLIENT = 2, 5, 3  # OTLP's span kind numbers
STAGES = {"sluice.rate_limit", "sluice.budget_reservation", "sluice.pii"}


@pytest.fixture(scope="module")
def receiver():
    receiver = OtlpReceiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="module")
def traced_worker(test_env, receiver, tmp_path_factory):
    folder = tmp_path_factory.mktemp("traced-worker")
    worker = CeleryProcess(worker_argv(2), folder / "worker.log", "ready.", {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url,
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "OTEL_BSP_SCHEDULE_DELAY": "100"})
    yield worker.wait_ready()
    worker.stop()


@pytest.fixture(scope="module")
def api_spans(app):
    """The api's provider, set up by create_app, gets an in-memory exporter beside its own."""
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter
    exporter.shutdown()


@pytest.fixture
def request_log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("sluice.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def _submit(client, tenant, prompt: str, headers: dict | None = None) -> str:
    answer = client.post("/v1/jobs", headers={**tenant["headers"], **(headers or {})},
                         json={"model": "claude-haiku-4-5",
                               "messages": [{"role": "user", "content": prompt}]})
    assert answer.status_code == 202, answer.json
    return answer.json["id"]


def _finished(client, tenant, job_id: str) -> dict:
    view = client.get(f"/v1/jobs/{job_id}?wait=30", headers=tenant["headers"]).json
    assert view["status"] == "succeeded", view
    return view


def _request_span(api_spans, job_id: str):
    [span] = [span for span in api_spans.get_finished_spans()
              if span.kind == SpanKind.SERVER and span.attributes.get("sluice.job_id") == job_id]
    return span


def _job_spans(receiver, job_id: str) -> list[dict]:
    """The worker's spans of this job: its run, its stages and its provider calls.

    The run span ends after its children, and the batch exporter may ship the provider call
    in one export and the run in a later one, so the wait is for the run itself.
    """
    def is_run(span: dict) -> bool:
        return span["name"] == "sluice.run_job" \
            and span["attributes"].get("sluice.job_id") == job_id
    spans = receiver.wait_for(is_run)
    [run] = [span for span in spans if is_run(span)]
    return [span for span in spans
            if span["span_id"] == run["span_id"] or span["parent_span_id"] == run["span_id"]]


def _no_prompt_anywhere(spans: list[dict], prompt: str) -> None:
    for span in spans:
        text = json.dumps([span["name"], span["attributes"], span["events"],
                           span["status_message"]], default=str)
        assert prompt not in text and prompt.split()[-1] not in text, span


def test_one_job_is_one_trace_from_request_to_provider(client, tenant, sim, traced_worker,
                                                       receiver, api_spans, request_log_lines):
    prompt = f"tracing canary {secrets.token_hex(6)}"
    job_id = _submit(client, tenant, prompt)
    view = _finished(client, tenant, job_id)

    request = _request_span(api_spans, job_id)
    trace_id = format(request.context.trace_id, "032x")
    assert request.name == "POST /v1/jobs" and request.parent is None
    assert request.attributes["sluice.tenant"] == tenant["slug"]
    assert request.attributes["http.response.status_code"] == 202

    spans = _job_spans(receiver, job_id)
    assert {span["trace_id"] for span in spans} == {trace_id}
    [run] = [span for span in spans if span["name"] == "sluice.run_job"]
    assert run["kind"] == CONSUMER and run["service"] == "sluice-worker"
    assert run["parent_span_id"] == format(request.context.span_id, "016x")
    assert run["attributes"]["sluice.tenant"] == tenant["slug"]
    assert STAGES <= {span["name"] for span in spans}

    [call] = [span for span in spans if span["kind"] == CLIENT]
    assert call["name"] == "chat claude-haiku-4-5" and call["status"] != 2
    attributes = call["attributes"]
    assert {key: attributes[key] for key in (
        "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
        "gen_ai.response.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
        "sluice.job_id", "sluice.tenant")} == {
        "gen_ai.operation.name": "chat", "gen_ai.provider.name": view["provider"],
        "gen_ai.request.model": "claude-haiku-4-5",
        "gen_ai.response.model": view["provider_model"],
        "gen_ai.usage.input_tokens": view["usage"]["input_tokens"],
        "gen_ai.usage.output_tokens": view["usage"]["output_tokens"],
        "sluice.job_id": job_id, "sluice.tenant": tenant["slug"]}
    assert view["provider"] == "anthropic"  # the simulator counts ceil(characters / 4)
    assert view["usage"] == {**view["usage"], "input_tokens": math.ceil(len(prompt) / 4),
                             "output_tokens": math.ceil(len(f"echo: {prompt}") / 4)}

    _no_prompt_anywhere(spans, prompt)
    _no_prompt_anywhere([{"name": span.name, "attributes": dict(span.attributes),
                          "events": [event.name for event in span.events],
                          "status_message": span.status.description}
                         for span in api_spans.get_finished_spans()], prompt)

    [submitted] = [line for line in request_log_lines()
                   if line["path"] == "/v1/jobs" and line["method"] == "POST"]
    assert submitted["trace_id"] == trace_id
    outcomes = [json.loads(line) for line in traced_worker.output().splitlines()
                if line.startswith("{") and job_id in line and "job finished" in line]
    assert [line["trace_id"] for line in outcomes] == [trace_id]


def test_a_callers_traceparent_is_honoured(client, tenant, sim, traced_worker, receiver,
                                           api_spans, runtime):
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    job_id = _submit(client, tenant, "hello", {"traceparent": f"00-{trace_id}-{parent_id}-01"})
    _finished(client, tenant, job_id)

    request = _request_span(api_spans, job_id)
    assert format(request.context.trace_id, "032x") == trace_id
    assert format(request.parent.span_id, "016x") == parent_id
    assert {span["trace_id"] for span in _job_spans(receiver, job_id)} == {trace_id}
    with runtime.db.session() as session:
        stored = session.get(Job, job_id).traceparent
    assert stored == f"00-{trace_id}-{format(request.context.span_id, '016x')}-01"


def test_a_batchs_jobs_join_the_submitting_trace(client, tenant, sim, traced_worker, receiver,
                                                 api_spans):
    requests = [{"custom_id": name, "params": {
        "model": "claude-haiku-4-5", "max_tokens": 16,
        "messages": [{"role": "user", "content": name}]}} for name in ("one", "two")]
    answer = client.post("/v1/messages/batches", headers=tenant["headers"],
                         json={"requests": requests})
    assert answer.status_code == 200, answer.json
    [request] = [span for span in api_spans.get_finished_spans()
                 if span.name == "POST /v1/messages/batches"]
    trace_id = format(request.context.trace_id, "032x")
    def is_call(span: dict) -> bool:
        return span["trace_id"] == trace_id and span["kind"] == CLIENT

    calls = [span for span in receiver.wait_for(is_call, count=2) if is_call(span)]
    assert {call["attributes"]["sluice.tenant"] for call in calls} == {tenant["slug"]}
    assert len({call["attributes"]["sluice.job_id"] for call in calls}) == 2
