"""`sluice batch submit|results` (over HTTP, like any client) and webhook secret rotation."""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta
from pathlib import Path

import click
import requests
from opentelemetry.trace import SpanKind

from sluice.crypto import PayloadCipher
from sluice.db import Database
from sluice.models import iso
from sluice.settings import Settings
from sluice.tenancy import get_tenant
from sluice.tracing import configure_tracing, trace_headers, tracer
from sluice.webhook_secrets import rotate_webhook_secret

_api = click.option("--api", envvar="SLUICE_API_URL", default="http://127.0.0.1:8000",
                    show_default=True, help="The sluice api (SLUICE_API_URL).")
_key = click.option("--key", envvar="SLUICE_API_KEY", required=True,
                    help="A tenant key (SLUICE_API_KEY).")


@click.command("rotate-webhook-secret")
@click.argument("tenant")
@click.option("--overlap-hours", default=24.0, show_default=True,
              help="How long the old secret keeps signing beside the new one.")
def rotate_webhook_secret_command(tenant: str, overlap_hours: float) -> None:
    """Print a new webhook secret; both are sent until the old one retires."""
    settings = Settings()
    database = Database(settings.sqlalchemy_url)
    with database.session() as session:
        secret, retires_at = rotate_webhook_secret(
            session, PayloadCipher(settings.payload_key()), get_tenant(session, tenant),
            timedelta(hours=overlap_hours))
    click.echo(json.dumps({"tenant": tenant, "webhook_secret": secret,
                           "previous_retires_at": iso(retires_at)}, indent=2))


@click.group()
def batch() -> None:
    """Batches, through the api."""
    configure_tracing("sluice-cli", Settings())


def _call(method: str, url: str, key: str, **options) -> requests.Response:
    answer = requests.request(method, url,
                              headers={"Authorization": f"Bearer {key}", **trace_headers()},
                              timeout=options.pop("timeout", 300), **options)
    if answer.status_code >= 400:
        raise click.ClickException(f"{method} {url}: {answer.status_code} {answer.text[:500]}")
    return answer


def _create(api: str, key: str, path: Path, callback_url: str | None) -> dict:
    """Anthropic lines (`params`) or OpenAI lines (`body`), sent in their own shape."""
    text = path.read_text()
    first = json.loads(next(line for line in text.splitlines() if line.strip()))
    extra = {"callback_url": callback_url} if callback_url else {}
    if "params" in first:
        requests_list = [json.loads(line) for line in text.splitlines() if line.strip()]
        return _call("POST", f"{api}/v1/messages/batches", key,
                     json={"requests": requests_list, **extra}).json()
    uploaded = _call("POST", f"{api}/v1/files", key, data={"purpose": "batch"},
                     files={"file": (path.name, text.encode())}).json()
    return _call("POST", f"{api}/v1/batches", key, json={
        "input_file_id": uploaded["id"], "endpoint": first.get("url", "/v1/chat/completions"),
        "completion_window": "24h", **extra}).json()


@batch.command("submit")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_api
@_key
@click.option("--callback-url", help="Called once when the batch ends.")
@click.option("--wait/--no-wait", default=True, show_default=True,
              help="Show a progress bar until the batch ends.")
def batch_submit(path: Path, api: str, key: str, callback_url: str | None, wait: bool) -> None:
    """Submit a JSONL file; prints the batch id on stdout, progress on stderr."""
    api = api.rstrip("/")
    # The batch's trace starts here: the api's request span, and every job, join it.
    with tracer.start_as_current_span("sluice batch submit", kind=SpanKind.CLIENT):
        created = _create(api, key, path, callback_url)
    batch_id = created["id"]
    click.echo(f"batch {batch_id} accepted", err=True)
    if wait:
        _follow(api, key, batch_id)
    click.echo(batch_id)


def _follow(api: str, key: str, batch_id: str) -> None:
    state = _call("GET", f"{api}/v1/messages/batches/{batch_id}", key).json()
    total = sum(state["request_counts"].values())
    with click.progressbar(length=total, label=batch_id, file=sys.stderr) as bar:
        done = 0
        while True:
            counts = state["request_counts"]
            now_done = total - counts["processing"]
            bar.update(now_done - done)
            done = now_done
            if state["processing_status"] == "ended":
                break
            time.sleep(1)
            state = _call("GET", f"{api}/v1/messages/batches/{batch_id}", key).json()
    click.echo(json.dumps(state["request_counts"]), err=True)


@batch.command("results")
@click.argument("batch_id")
@_api
@_key
def batch_results(batch_id: str, api: str, key: str) -> None:
    """Stream the results as JSONL to stdout, one line per request, in input order."""
    with _call("GET", f"{api.rstrip('/')}/v1/messages/batches/{batch_id}/results", key,
               stream=True) as answer:
        for chunk in answer.iter_content(chunk_size=65536):
            sys.stdout.buffer.write(chunk)
    sys.stdout.flush()
