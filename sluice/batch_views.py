"""Batches as each SDK reads them, and their results as JSONL lines, page by page.

The results never sit in memory whole: entries are read in pages by line number
and each line is yielded as soon as it is rendered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select

from sluice.batches import EXPIRED, Counts, batch_counts
from sluice.crypto import PayloadCipher
from sluice.db import Database
from sluice.models import Batch, BatchEntry, Job, iso

RESULTS_PAGE = 500


def anthropic_batch(batch: Batch, counts: Counts, base_url: str) -> dict[str, Any]:
    ended = batch.status == "ended"
    return {
        "id": batch.id,
        "type": "message_batch",
        "processing_status": batch.status,
        "request_counts": {"processing": counts.processing, "succeeded": counts.succeeded,
                           "errored": counts.errored, "canceled": counts.canceled,
                           "expired": counts.expired},
        "ended_at": iso(batch.ended_at),
        "created_at": iso(batch.created_at),
        "expires_at": iso(batch.expires_at),
        "archived_at": None,
        "cancel_initiated_at": iso(batch.cancel_requested_at),
        "results_url": f"{base_url}/v1/messages/batches/{batch.id}/results" if ended else None,
    }


def _epoch(moment) -> int | None:
    return int(moment.timestamp()) if moment else None


def openai_status(batch: Batch) -> str:
    if batch.status != "ended":
        return "cancelling" if batch.status == "canceling" else "in_progress"
    if batch.cancel_requested_at:
        return "cancelled"
    return "expired" if batch.expired_at else "completed"


def openai_batch(batch: Batch, counts: Counts) -> dict[str, Any]:
    status = openai_status(batch)
    failed = counts.errored + counts.canceled + counts.expired
    ended = batch.status == "ended"
    return {
        "id": batch.id,
        "object": "batch",
        "endpoint": batch.endpoint,
        "errors": None,
        "input_file_id": batch.input_file_id or "",
        "completion_window": batch.completion_window,
        "status": status,
        "output_file_id": batch.output_file_id if ended and counts.succeeded else None,
        "error_file_id": batch.error_file_id if ended and failed else None,
        "created_at": _epoch(batch.created_at),
        "in_progress_at": _epoch(batch.created_at),
        "expires_at": _epoch(batch.expires_at),
        "finalizing_at": _epoch(batch.ended_at),
        "completed_at": _epoch(batch.ended_at) if status == "completed" else None,
        "failed_at": None,
        "expired_at": _epoch(batch.expired_at),
        "cancelling_at": _epoch(batch.cancel_requested_at),
        "cancelled_at": _epoch(batch.ended_at) if status == "cancelled" else None,
        "request_counts": {"total": batch.total, "completed": counts.succeeded,
                           "failed": failed},
        "metadata": json.loads(batch.metadata_json) if batch.metadata_json else None,
    }


def batch_view(session, batch: Batch, base_url: str, shape: str | None = None) -> dict[str, Any]:
    """In the shape asked for, else the one the batch was created in."""
    counts = batch_counts(session, batch.id)
    if (shape or batch.shape) == "openai":
        return openai_batch(batch, counts)
    return anthropic_batch(batch, counts, base_url)


def result_lines(db: Database, cipher: PayloadCipher, batch_id: str,
                 render: Callable[[PayloadCipher, BatchEntry, Job | None], dict | None]
                 ) -> Iterator[bytes]:
    after = -1
    while True:
        with db.session() as session:
            page = session.execute(
                select(BatchEntry, Job).outerjoin(Job, Job.id == BatchEntry.job_id)
                .where(BatchEntry.batch_id == batch_id, BatchEntry.line > after)
                .order_by(BatchEntry.line).limit(RESULTS_PAGE)).all()
            lines = [render(cipher, entry, job) for entry, job in page]
        for line in lines:
            if line is not None:
                yield (json.dumps(line, separators=(",", ":")) + "\n").encode()
        if len(page) < RESULTS_PAGE:
            return
        after = page[-1][0].line


def _failure(entry: BatchEntry, job: Job | None) -> tuple[str, str]:
    if job is None:
        return entry.error_type or "invalid_request", entry.error_message or "invalid request"
    return job.error_type or "api_error", job.error_message or job.status


def anthropic_result(cipher: PayloadCipher, entry: BatchEntry, job: Job | None) -> dict:
    if job is not None and job.status == "succeeded":
        result = {"type": "succeeded", "message": cipher.open(job.result_ciphertext)["message"]}
    elif job is not None and job.status == "cancelled":
        result = {"type": "expired" if job.error_type == EXPIRED else "canceled"}
    elif job is not None and job.status in ("queued", "running"):
        result = {"type": "processing"}
    else:
        error_type, message = _failure(entry, job)
        kind = "invalid_request_error" if error_type == "invalid_request" else "api_error"
        result = {"type": "errored", "error": {"type": "error", "error": {
            "type": kind, "message": message, "sluice_type": error_type}}}
    return {"custom_id": entry.custom_id, "result": result}


def openai_output(cipher: PayloadCipher, entry: BatchEntry, job: Job | None) -> dict | None:
    if job is None or job.status != "succeeded":
        return None
    return {"id": f"batch_req_{job.id}", "custom_id": entry.custom_id,
            "response": {"status_code": 200, "request_id": job.id,
                         "body": cipher.open(job.result_ciphertext)["message"]},
            "error": None}


def openai_error(cipher: PayloadCipher, entry: BatchEntry, job: Job | None) -> dict | None:
    line_id = f"batch_req_{job.id if job else f'{entry.batch_id}_{entry.line}'}"
    if job is not None and job.status in ("succeeded", "queued", "running"):
        return None
    if job is not None and job.status == "cancelled":
        code = "batch_expired" if job.error_type == EXPIRED else "batch_cancelled"
        return {"id": line_id, "custom_id": entry.custom_id, "response": None,
                "error": {"code": code, "message": job.error_message or "cancelled"}}
    error_type, message = _failure(entry, job)
    status = 400 if error_type == "invalid_request" else 500
    return {"id": line_id, "custom_id": entry.custom_id,
            "response": {"status_code": status, "request_id": job.id if job else None,
                         "body": {"error": {"type": error_type, "message": message}}},
            "error": None}
