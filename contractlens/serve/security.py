"""The defences of a server on 127.0.0.1, which every web page the person visits can send requests to.

One ASGI middleware, in order: the Host header must name this server's loopback address and
port (DNS rebinding, 400); a client over its request rate is told to wait (429); a cross-origin
request is refused unless it comes from a browser extension (403), and only an extension's
origin is granted CORS; a body over the upload limit is refused (413, 411 without a length);
every /api call needs `Authorization: Bearer TOKEN` (401) and every page the session cookie
that opening the address `serve` printed (with ?token=...) sets (401).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs, urlencode

from .config import ServeConfig

SESSION_COOKIE = "contractlens_session"
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
PAGE_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'none'; style-src 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src data:;"
     b" connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
]


def session_value(token: str) -> str:
    """The page cookie: derived from the token, so it changes when the token file does."""
    return hmac.new(token.encode(), b"contractlens page session", hashlib.sha256).hexdigest()


class RateLimiter:
    """A token bucket per client: `burst` requests at once, then `rate` a second."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}

    def wait_for(self, client: str) -> float:
        """0 when the request may go ahead (and counts it), else seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        tokens, last = self._buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.rate
        self._buckets[client] = (tokens - 1.0, now)
        if len(self._buckets) > 10_000:  # forget idle clients
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
        return 0.0


class Guard:
    """ASGI middleware applying every refusal above before the application sees a request."""

    def __init__(self, app, config: ServeConfig, token: str):
        self.app = app
        self.config = config
        self.token = token
        self.session = session_value(token)
        self.own_origins = {f"http://{host}" for host in config.hosts}
        self.limiter = RateLimiter(config.rate_limit, config.rate_burst)

    def cors_origin(self, origin: str | None) -> str | None:
        """The origin granted CORS: a browser extension's (or exactly the configured ones), nothing else."""
        if not origin:
            return None
        if self.config.extension_origins:
            return origin if origin in self.config.extension_origins else None
        return origin if origin.startswith(EXTENSION_SCHEMES) else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path, method = scope["path"], scope["method"]
        api = path.startswith("/api/") or path == "/api"
        if headers.get("host", "").lower() not in self.config.hosts:
            return await _refuse(send, 400, "this server answers only to its own loopback address", api=True)
        origin = headers.get("origin")
        client = f"{(scope.get('client') or ('?',))[0]} {origin or '-'}"
        wait = self.limiter.wait_for(client)
        if wait:
            return await _refuse(send, 429, "too many requests; slow down", api=api,
                                 extra=[(b"retry-after", str(max(1, round(wait))).encode())])
        allowed_origin = self.cors_origin(origin)
        if origin and origin not in self.own_origins and allowed_origin is None:
            return await _refuse(send, 403, "cross-origin requests are refused", api=api)
        cors = _cors_headers(allowed_origin) if allowed_origin else []
        if method == "OPTIONS":
            if not (api and allowed_origin):
                return await _refuse(send, 403, "cross-origin requests are refused", api=api)
            return await _send(send, 204, b"", cors + [(b"access-control-max-age", b"600")])
        if method in ("POST", "PUT", "PATCH"):
            length = headers.get("content-length")
            if length is None or not length.isdigit():
                return await _refuse(send, 411, "a request body needs a Content-Length", api=api, extra=cors)
            if int(length) > self.config.max_upload:
                return await _refuse(send, 413, f"request body over {self.config.max_upload} bytes", api=api,
                                     extra=cors)
        if api:
            if not hmac.compare_digest(headers.get("authorization", ""), f"Bearer {self.token}"):
                return await _refuse(send, 401, "missing or wrong token (Authorization: Bearer TOKEN)", api=True,
                                     extra=cors + [(b"www-authenticate", b'Bearer realm="contractlens"')])
            return await self.app(scope, receive, _adding(send, cors))
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "token" in query:
            if not hmac.compare_digest(query["token"][0], self.token):
                return await _refuse(send, 401, "wrong token: open the address `contractlens serve` printed")
            rest = urlencode([(k, v) for k, vs in query.items() if k != "token" for v in vs])
            cookie = f"{SESSION_COOKIE}={self.session}; HttpOnly; SameSite=Strict; Path=/"
            return await _send(send, 303, b"", [(b"location", (path + ("?" + rest if rest else "")).encode()),
                                                (b"set-cookie", cookie.encode())])
        if not hmac.compare_digest(_cookie(headers.get("cookie", ""), SESSION_COOKIE), self.session):
            return await _refuse(send, 401, "open the address `contractlens serve` printed (it carries the token)")
        return await self.app(scope, receive, _adding(send, PAGE_HEADERS))


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def _cors_headers(origin: str) -> list[tuple[bytes, bytes]]:
    return [(b"access-control-allow-origin", origin.encode()), (b"vary", b"Origin"),
            (b"access-control-allow-headers", b"authorization, content-type"),
            (b"access-control-allow-methods", b"GET, POST")]


def _adding(send, extra):
    if not extra:
        return send

    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": list(message.get("headers", [])) + list(extra)}
        await send(message)

    return wrapped


async def _send(send, status: int, body: bytes, headers, content_type: bytes = b"text/plain; charset=utf-8"):
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())] + headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse(send, status: int, message: str, *, api: bool = False, extra=()):
    if api:
        body = json.dumps({"error": message, "status": status}).encode()
        return await _send(send, status, body, list(extra), b"application/json")
    body = (f"<!DOCTYPE html><meta charset='utf-8'><title>contractlens: {status}</title>"
            f"<p>contractlens: {message}.</p>").encode()
    return await _send(send, status, body, list(extra) + PAGE_HEADERS, b"text/html; charset=utf-8")
