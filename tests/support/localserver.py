"""A real HTTP server on 127.0.0.1 for tests: routes map a path to a response.

Tests never reach the internet; fetch, discovery, GPC and tracking tests serve their pages
from here. A route is either a `Response` or a callable(handler) -> Response, so a test can
count requests, change versions between calls, stall, or lie about Content-Length.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Response:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds to wait before answering (slow server)
    chunks_delay: float = 0.0  # seconds between 1 KiB chunks of the body

    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Route = Response | Callable[["_Handler"], Response]


class _Handler(BaseHTTPRequestHandler):
    server: "LocalServer._Server"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes; don't wait 40 ms

    def log_message(self, *args):  # keep test output clean
        pass

    def do_HEAD(self):
        self._serve(send_body=False)

    def do_GET(self):
        self._serve(send_body=True)

    def _serve(self, send_body: bool):
        owner = self.server.owner
        path = self.path
        owner.requests.append((self.command, path, dict(self.headers)))
        route = owner.routes.get(path) or owner.routes.get(path.split("?", 1)[0])
        if route is None:
            response = Response(404, "<html><body>not found</body></html>")
        else:
            response = route(self) if callable(route) else route
        if response.delay:
            time.sleep(response.delay)
        payload = response.payload()
        try:
            self.send_response(response.status)
            headers = {"Content-Type": response.content_type, **response.headers}
            headers.setdefault("Content-Length", str(len(payload)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if send_body and response.status not in (204, 304):
                if response.chunks_delay:
                    for i in range(0, len(payload), 1024):
                        self.wfile.write(payload[i : i + 1024])
                        self.wfile.flush()
                        time.sleep(response.chunks_delay)
                else:
                    self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass


class LocalServer:
    """Serve `routes` on 127.0.0.1 on a free port; use as a context manager."""

    class _Server(ThreadingHTTPServer):
        daemon_threads = True
        owner: "LocalServer"

        def handle_error(self, request, client_address):
            """Clients that hang up early (timeouts, size limits) are normal here; stay quiet."""

    def __init__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[tuple[str, str, dict]] = []
        self._server = self._Server((host, 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def __enter__(self) -> "LocalServer":
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
