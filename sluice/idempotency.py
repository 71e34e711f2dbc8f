"""`Idempotency-Key`: a repeat of a creating request gets the first answer, not a second job.

The key is claimed in its own short transaction before the work starts, so a
concurrent repeat finds it and gets 409 instead of racing the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sluice.crypto import PayloadCipher
from sluice.db import Database
from sluice.errors import Conflict, InvalidParams, InvalidRequest
from sluice.models import IdempotencyKey, utcnow

KEEP_FOR = timedelta(hours=24)
# A claim this old with no answer belongs to a request that died; its key may be reused.
ABANDONED_AFTER = timedelta(minutes=10)
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Replay:
    status: int
    body: Any


def claim_key(db: Database, cipher: PayloadCipher, tenant_id: str, key: str,
              body_sha256: str) -> Replay | None:
    """None: the caller does the work. A Replay: answer with it. Raises on a misuse."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidRequest(f"Idempotency-Key: 1 to {MAX_KEY_LENGTH} characters")
    now = utcnow()
    with db.session() as session:
        session.execute(delete(IdempotencyKey).where(
            IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.key == key,
            or_(IdempotencyKey.expires_at < now,
                (IdempotencyKey.response_status.is_(None))
                & (IdempotencyKey.created_at < now - ABANDONED_AFTER))))
        try:
            with session.begin_nested():
                session.add(IdempotencyKey(tenant_id=tenant_id, key=key, body_sha256=body_sha256,
                                           created_at=now, expires_at=now + KEEP_FOR))
            return None
        except IntegrityError:
            pass
        first = session.scalar(select(IdempotencyKey).where(
            IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.key == key))
    if first is None or first.response_status is None:
        raise Conflict("a request with this Idempotency-Key is still being processed")
    if first.body_sha256 != body_sha256:
        raise InvalidParams("Idempotency-Key was already used with a different request body")
    return Replay(first.response_status, cipher.open(first.response_ciphertext))


def store_answer(db: Database, cipher: PayloadCipher, tenant_id: str, key: str, status: int,
                 body: Any) -> None:
    with db.session() as session:
        row = session.scalar(select(IdempotencyKey).where(
            IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.key == key))
        if row is not None:
            row.response_status = status
            row.response_ciphertext = cipher.seal(body)


def release_key(db: Database, tenant_id: str, key: str) -> None:
    """The work failed: the key is free for a corrected retry."""
    with db.session() as session:
        session.execute(delete(IdempotencyKey).where(
            IdempotencyKey.tenant_id == tenant_id, IdempotencyKey.key == key,
            IdempotencyKey.response_status.is_(None)))


def purge_expired_keys(session: Session) -> int:
    return session.execute(delete(IdempotencyKey).where(
        IdempotencyKey.expires_at < utcnow())).rowcount
