"""Callback URLs must not reach inside our network (SSRF): checked at submit and at send.

The host is resolved and every address it resolves to must be public, because
DNS can change between the submit and the send, and one private answer is enough.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from sluice.errors import InvalidRequest

MAX_URL_LENGTH = 2000


class RefusedCallbackUrl(InvalidRequest):
    """The URL is malformed, does not resolve, or reaches a non-public address."""


def check_callback_url(url: str, allow_hosts: list[str]) -> str | None:
    """Raise RefusedCallbackUrl unless `url` is http(s) to public addresses or allow-listed.

    Returns the checked address to connect to, so that the sender need not resolve the
    host again (a rebinding DNS server could answer differently the second time); None
    for a host allow-listed by name.
    """
    if len(url) > MAX_URL_LENGTH:
        raise RefusedCallbackUrl(f"callback_url: longer than {MAX_URL_LENGTH} characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedCallbackUrl("callback_url: expected an absolute http(s) URL")
    if parts.username or parts.password:
        raise RefusedCallbackUrl("callback_url: credentials in the URL are not allowed")
    host = parts.hostname.lower()
    if host in allow_hosts:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise RefusedCallbackUrl(f"callback_url: host {host!r} does not resolve") from None
    for *_, sockaddr in answers:
        address = sockaddr[0]
        if address not in allow_hosts and not is_public_address(address):
            raise RefusedCallbackUrl(
                f"callback_url: host {host!r} resolves to a non-public address; "
                "allow it in sluice.yaml webhooks.allow_hosts")
    return answers[0][4][0]


def is_public_address(text: str) -> bool:
    address = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (
            address.teredo[1] if address.teredo else None)
        if embedded is not None:
            return is_public_address(str(embedded))
    return not (address.is_private or address.is_loopback or address.is_link_local
                or address.is_multicast or address.is_reserved or address.is_unspecified
                or not address.is_global)
