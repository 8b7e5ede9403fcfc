"""A requests adapter whose connections go only to addresses the policy approved.

urllib3 normally resolves the host itself when it opens a socket; here the connection
asks the `AddressPolicy` for the addresses and connects to exactly those, so the
address checked is the address used (no DNS-rebinding window). TLS still verifies the
certificate against the host name, because only the socket's target changes.
"""

from __future__ import annotations

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from .addresses import AddressPolicy


def _pinned(base: type, policy: AddressPolicy) -> type:
    """A subclass of urllib3's connection `base` that connects via `policy` addresses."""

    def _new_conn(self):
        host = self._dns_host
        last_error = None
        try:
            for address in policy.addresses(host, self.port):
                self._dns_host = address
                try:
                    return base._new_conn(self)
                except NewConnectionError as exc:  # try the next address, like create_connection
                    last_error = exc
        finally:
            self._dns_host = host
        raise last_error

    return type(f"Pinned{base.__name__}", (base,), {"_new_conn": _new_conn})


class PinnedAdapter(HTTPAdapter):
    """HTTPAdapter whose pools build pinned, policy-checked connections."""

    def __init__(self, policy: AddressPolicy, **kwargs):
        self._policy = policy  # set before HTTPAdapter.__init__ builds the pool manager
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("PinnedHTTPPool", (HTTPConnectionPool,),
                         {"ConnectionCls": _pinned(HTTPConnection, self._policy)}),
            "https": type("PinnedHTTPSPool", (HTTPSConnectionPool,),
                          {"ConnectionCls": _pinned(HTTPSConnection, self._policy)}),
        }
