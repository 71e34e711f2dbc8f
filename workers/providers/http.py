"""The one HTTP path to providers: pooled sessions, timeouts, errors with no payload text."""

from __future__ import annotations

import threading
from typing import Any

import requests

from sluice.errors import ProviderError

_local = threading.local()


def _session() -> requests.Session:
    # requests.Session is not thread-safe; one per worker thread keeps connections pooled.
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def post_json(url: str, body: dict[str, Any], headers: dict[str, str], timeout_s: float,
              provider: str) -> Any:
    """POST and parse JSON; every failure becomes a ProviderError naming the provider."""
    try:
        response = _session().post(url, json=body, headers=headers, timeout=timeout_s)
    except requests.Timeout:
        raise ProviderError(f"{provider}: timed out after {timeout_s:g}s") from None
    except requests.RequestException as exc:
        raise ProviderError(f"{provider}: connection failed ({exc.__class__.__name__})") from None
    if response.status_code >= 400:
        raise ProviderError(f"{provider}: HTTP {response.status_code} {_error_type(response)}")
    try:
        return response.json()
    except ValueError:
        raise ProviderError(f"{provider}: malformed response body") from None


def _error_type(response: requests.Response) -> str:
    """Only the provider's error type: its message may quote the prompt."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    if isinstance(error, dict) and isinstance(error.get("type"), str):
        return error["type"][:64]
    return ""
