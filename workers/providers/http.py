"""The one HTTP path to providers: pooled sessions, timeouts, errors with no payload text."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import requests

from sluice.errors import ProviderError

_local = threading.local()
# Worth another try on the same backend: throttling, overload, and the provider's own faults.
RETRYABLE_STATUSES = frozenset({408, 409, 425, 429}) | frozenset(range(500, 600))


class BackendFailure(ProviderError):
    """One failed call: whether the same backend may answer a retry, and when it asks for one."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None,
                 untranslatable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.untranslatable = untranslatable


def _session() -> requests.Session:
    # requests.Session is not thread-safe; one per worker thread keeps connections pooled.
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def _post(url: str, body: dict[str, Any], headers: dict[str, str], timeout_s: float,
          provider: str, stream: bool) -> requests.Response:
    try:
        response = _session().post(url, json=body, headers=headers, timeout=timeout_s,
                                   stream=stream)
    except requests.Timeout:
        raise BackendFailure(f"{provider}: timed out after {timeout_s:g}s",
                             retryable=True) from None
    except requests.RequestException as exc:
        raise BackendFailure(f"{provider}: connection failed ({exc.__class__.__name__})",
                             retryable=True) from None
    if response.status_code >= 400:
        status = response.status_code
        failure = BackendFailure(f"{provider}: HTTP {status} {_error_type(response)}".rstrip(),
                                 retryable=status in RETRYABLE_STATUSES,
                                 retry_after=_retry_after(response))
        response.close()
        raise failure
    return response


def post_json(url: str, body: dict[str, Any], headers: dict[str, str], timeout_s: float,
              provider: str) -> Any:
    """POST and parse JSON; every failure becomes a BackendFailure naming the provider."""
    response = _post(url, body, headers, timeout_s, provider, stream=False)
    try:
        return response.json()
    except ValueError:
        raise BackendFailure(f"{provider}: malformed response body", retryable=True) from None


def post_sse(url: str, body: dict[str, Any], headers: dict[str, str], timeout_s: float,
             provider: str) -> Iterator[tuple[str | None, Any]]:
    """POST and yield `(event, parsed data)` of a server-sent event stream as it arrives;
    `data: [DONE]` is yielded as `(event, None)`."""
    response = _post(url, body, headers, timeout_s, provider, stream=True)
    event, data = None, []
    try:
        for line in response.iter_lines(decode_unicode=True):
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif not line and data:
                text = "\n".join(data)
                yield event, None if text == "[DONE]" else json.loads(text)
                event, data = None, []
    except ValueError:
        raise BackendFailure(f"{provider}: malformed stream event", retryable=True) from None
    except requests.RequestException as exc:
        raise BackendFailure(f"{provider}: stream broke ({exc.__class__.__name__})",
                             retryable=True) from None
    finally:
        response.close()


def _retry_after(response: requests.Response) -> float | None:
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            return max(0.0, float(response.headers[name]) * scale)
        except (KeyError, ValueError):
            continue
    return None


def _error_type(response: requests.Response) -> str:
    """Only the provider's error type: its message may quote the prompt."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    if isinstance(error, dict) and isinstance(error.get("type"), str):
        return error["type"][:64]
    return ""
