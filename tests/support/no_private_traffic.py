"""A last line of defence for the test run: no socket of the test process may connect to a
private-range or link-local address.

Several tests check that the fetcher refuses such addresses (10.0.0.5, 169.254.169.254). If its
guard ever regressed, those tests would send real traffic into whatever network the machine sits
on; with this in place they fail at once instead. Loopback (127.0.0.0/8, ::1) stays open for the
local test servers."""

from __future__ import annotations

import ipaddress
import socket

_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex


def forbidden(address) -> str | None:
    """Why a connect() to `address` must not happen in a test, or None when it may."""
    if not isinstance(address, tuple) or not address:
        return None  # a Unix socket path
    try:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
    except ValueError:
        return None  # a host name: the connect call resolves nothing itself
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None
    if not ip.is_global or ip.is_multicast:
        return f"test run refused to connect to {ip}: no test may send traffic to a non-public address"
    return None


def _guarded(original):
    """`socket.connect` or `connect_ex`, refusing a forbidden address before it is tried."""
    def connect(self, address):
        reason = forbidden(address)
        if reason:
            raise ConnectionRefusedError(reason)
        return original(self, address)

    return connect


def install() -> None:
    socket.socket.connect = _guarded(_original_connect)
    socket.socket.connect_ex = _guarded(_original_connect_ex)
