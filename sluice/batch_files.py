"""Batch files (OpenAI shape): uploaded inputs, sealed at rest, and the output and error
files every batch has, rendered from its jobs when read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sluice.crypto import PayloadCipher
from sluice.errors import InvalidRequest, NotFound
from sluice.ids import new_id
from sluice.models import Batch, BatchFile, utcnow

PURPOSES = ("batch",)


def store_file(session: Session, cipher: PayloadCipher, tenant_id: str, filename: str,
               purpose: str, content: bytes) -> BatchFile:
    if purpose not in PURPOSES:
        raise InvalidRequest(f"purpose: expected one of {', '.join(PURPOSES)}")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRequest("file: expected UTF-8 JSONL") from None
    if not text.strip():
        raise InvalidRequest("file: empty")
    stored = BatchFile(id=new_id("file"), tenant_id=tenant_id, filename=filename[:300],
                       purpose=purpose, bytes=len(content), content_ciphertext=cipher.seal(text),
                       created_at=utcnow())
    session.add(stored)
    session.flush()
    return stored


def get_file(session: Session, tenant_id: str, file_id: str) -> BatchFile:
    stored = session.get(BatchFile, file_id)
    if stored is None or stored.tenant_id != tenant_id:
        raise NotFound(f"no file {file_id!r}")
    return stored


def file_text(cipher: PayloadCipher, stored: BatchFile) -> str:
    return cipher.open(stored.content_ciphertext)


def batch_of_file(session: Session, tenant_id: str, file_id: str) -> Batch:
    """The batch whose output or error file this is."""
    batch = session.scalar(select(Batch).where(
        or_(Batch.output_file_id == file_id, Batch.error_file_id == file_id)))
    if batch is None or batch.tenant_id != tenant_id:
        raise NotFound(f"no file {file_id!r}")
    return batch


def file_view(stored: BatchFile) -> dict[str, Any]:
    return {"id": stored.id, "object": "file", "bytes": stored.bytes,
            "created_at": int(stored.created_at.timestamp()), "filename": stored.filename,
            "purpose": stored.purpose, "status": "processed", "status_details": None}


def generated_file_view(batch: Batch, file_id: str) -> dict[str, Any]:
    kind = "output" if file_id == batch.output_file_id else "error"
    return {"id": file_id, "object": "file", "bytes": 0,
            "created_at": int((batch.ended_at or batch.created_at).timestamp()),
            "filename": f"{batch.id}_{kind}.jsonl", "purpose": "batch_output",
            "status": "processed", "status_details": None}
