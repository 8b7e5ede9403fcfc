"""`contractlens serve`'s application on a real uvicorn server in a thread, for tests and benchmarks.

The same ASGI app the command runs, on 127.0.0.1 and a free port, with its home directory
(token, SQLite store, profiles) in a temporary folder. `api()` calls it with the token.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import requests
import uvicorn

from contractlens.serve import ServeConfig, create_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeThread:
    """Run the app; use as a context manager. Keyword arguments go to ServeConfig."""

    def __init__(self, home: Path, **config):
        config.setdefault("allow_private", True)
        self.config = ServeConfig(port=free_port(), home=Path(home), **config)
        self.app = create_app(self.config)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.config.port,
                                                    log_level="warning", access_log=False, proxy_headers=False,
                                                    server_header=False))
        self._thread = threading.Thread(target=self.server.run, daemon=True)
        self.session = requests.Session()
        self.session.trust_env = False

    @property
    def base_url(self) -> str:
        return self.config.address()

    @property
    def token(self) -> str:
        return self.config.token_path.read_text(encoding="ascii").strip()

    def api(self, method: str, path: str, *, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token if token is None else token}", **kwargs.pop("headers", {})}
        return self.session.request(method, self.base_url + path, headers=headers, timeout=120, **kwargs)

    def wait_for_job(self, job_id: str, limit: float = 120) -> dict:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            job = self.api("GET", f"/api/jobs/{job_id}").json()
            if job["state"] != "running":
                return job
            time.sleep(0.1)
        raise AssertionError(f"job {job_id} still running after {limit} s")

    def __enter__(self) -> "ServeThread":
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the contractlens server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self._thread.join(10)
        self.session.close()
