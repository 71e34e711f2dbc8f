"""POST to the address the SSRF check approved, not to whatever DNS says a moment later.

The URL's host name still goes in the `Host` header and, for https, in SNI and
certificate verification.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter


class _VerifyHostName(HTTPAdapter):
    def __init__(self, hostname: str) -> None:
        self._hostname = hostname
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs.update(server_hostname=self._hostname, assert_hostname=self._hostname)
        super().init_poolmanager(*args, **kwargs)


def post_to_address(url: str, address: str | None, body: bytes, headers: dict[str, str],
                    timeout: float) -> requests.Response:
    """`address` None (a host allow-listed by name): an ordinary POST."""
    if address is None:
        return requests.post(url, data=body, headers=headers, timeout=timeout,
                             allow_redirects=False)
    parts = urlsplit(url)
    netloc = f"[{address}]" if ":" in address else address
    if parts.port:
        netloc += f":{parts.port}"
    with requests.Session() as session:
        session.trust_env = False  # a proxy would resolve the name itself
        session.mount("https://", _VerifyHostName(parts.hostname))
        return session.post(urlunsplit(parts._replace(netloc=netloc)), data=body,
                            headers={**headers, "Host": parts.netloc}, timeout=timeout,
                            allow_redirects=False)
