"""Which hosts a fetch may connect to: http(s) only, public addresses only (DESIGN §5).

A URL is judged by every address its host resolves to, so a name that points at
127.0.0.1 or the cloud metadata service (169.254.169.254) is refused like the literal
address. The same check runs again inside the connection (see `pinning`), on the very
addresses the socket connects to, so a DNS answer that changes between check and
connect (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import FetchError

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


class AddressRefused(FetchError):
    """The host resolves to an address the fetcher may not connect to."""


def split_target(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; FetchError for any other URL."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"not a valid URL: {url} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}://" if scheme else "no scheme"
        raise FetchError(f"refused {url}: only http:// and https:// URLs can be fetched, not {shown}")
    if not parts.hostname:
        raise FetchError(f"not a valid URL: {url} (no host)")
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def address_kind(address: str) -> str | None:
    """Why an address is off limits ("a loopback address", ...), or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, kind in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "a non-public address"),
    ):
        if test:
            return kind
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"could not resolve host {host} ({getattr(exc, 'strerror', None) or exc})") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


@dataclass
class AddressPolicy:
    """Resolves hosts and refuses non-public addresses unless private ones are allowed.

    `allowed_hosts` holds "host:port" pairs that may be private even when
    `allow_private` is off (tests use it to permit one local server and nothing else).
    """

    allow_private: bool = False
    allowed_hosts: set[str] = field(default_factory=set)

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to; AddressRefused when any of them is off limits."""
        host = host.strip("[]").rstrip(".").lower()
        found = resolve(host, port)
        if self.allow_private or f"{host}:{port}" in self.allowed_hosts:
            return found
        for address in found:
            kind = address_kind(address)
            if kind:
                named = f"{address} is" if address == host else f"{host} resolves to {address},"
                raise AddressRefused(f"{named} {kind}")
        return found
