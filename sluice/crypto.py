"""Payloads at rest are Fernet tokens: the database never holds a prompt in clear."""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken


class PayloadCipher:
    def __init__(self, key: bytes) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ValueError(
                "SLUICE_SECRET_KEY must be a Fernet key (32 url-safe base64 bytes)") from exc

    def seal(self, value: Any) -> str:
        return self._fernet.encrypt(json.dumps(value, separators=(",", ":")).encode()).decode()

    def open(self, token: str) -> Any:
        try:
            return json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken as exc:
            raise ValueError("payload cannot be decrypted with this SLUICE_SECRET_KEY") from exc
