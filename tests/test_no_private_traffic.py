"""The test run's own guard against traffic to non-public addresses (tests/support/no_private_traffic.py)."""

from __future__ import annotations

import socket

import pytest

from tests.support.no_private_traffic import forbidden


@pytest.mark.parametrize("address", [("10.0.0.5", 80), ("172.16.0.1", 443), ("192.168.1.1", 80),
                                     ("169.254.169.254", 80), ("fd00::1", 80, 0, 0), ("fe80::1%eth0", 80, 0, 0),
                                     ("::ffff:10.0.0.5", 80, 0, 0), ("0.0.0.0", 80), ("100.64.0.1", 80)])
def test_non_public_addresses_are_forbidden(address):
    assert "no test may send traffic" in forbidden(address)


@pytest.mark.parametrize("address", [("127.0.0.1", 8080), ("127.0.0.2", 80), ("::1", 80, 0, 0), "/tmp/x.sock",
                                     ("8.8.8.8", 53)])
def test_loopback_public_and_unix_addresses_pass(address):
    assert forbidden(address) is None


def test_every_socket_of_the_test_process_is_guarded(local_server):
    assert socket.socket.connect.__qualname__ == socket.socket.connect_ex.__qualname__ == "_guarded.<locals>.connect"
    with socket.create_connection(("127.0.0.1", int(local_server.base_url.rsplit(":", 1)[1]))):
        pass  # the local servers stay reachable
