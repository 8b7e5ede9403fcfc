"""The mechanics of one HTTP exchange: time budget, bounded body reading, error sentences.

Kept apart from `contractlens.fetch` so the Fetcher reads as policy (which URL, which
hop, retry or not) while this module holds the byte-level details.
"""

from __future__ import annotations

import email.utils
import re
import socket
import time
from datetime import datetime, timezone
from http import HTTPStatus

import requests
import urllib3.exceptions

from ..errors import FetchError

READ_CHUNK = 64 * 1024
_ERRNO_TEXT = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


class Deadline:
    """A wall-clock budget for one fetch, so a trickling server cannot hang it forever."""

    def __init__(self, seconds: float, url: str):
        self.seconds = seconds
        self.url = url
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> FetchError:
        return FetchError(f"gave up on {self.url} after {self.seconds:g} s (the total time limit for one fetch)")

    def bounded(self, limit: float) -> float:
        """`limit`, shortened to the time left; raises when none is left."""
        left = self.left()
        if left <= 0:
            raise self.expired()
        return min(limit, left)

    def sleep(self, seconds: float) -> bool:
        """Sleep when the budget allows it; False (without sleeping) when it does not."""
        if seconds >= self.left():
            return False
        time.sleep(max(seconds, 0.0))
        return True


def human_size(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def status_text(status: int, reason: str | None = None) -> str:
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"HTTP {status} {reason}".strip()


def declared_length(response: requests.Response) -> int | None:
    value = (response.headers.get("content-length") or "").strip()
    return int(value) if value.isdigit() else None


def read_body(response: requests.Response, url: str, *, limit: int, read_timeout: float,
              deadline: Deadline, truncate: bool = False) -> bytes:
    """The (decoded) body, at most `limit` bytes: more raises, or is cut off when `truncate`.

    Each read waits at most `read_timeout` and never past the deadline, and reads return
    what one socket read gives (read1), so a server sending one byte at a time is still
    stopped on time.
    """
    declared = declared_length(response)
    if declared is not None and declared > limit and not truncate:
        raise FetchError(f"refused {url}: it declares {human_size(declared)} (Content-Length), "
                         f"more than the {human_size(limit)} limit")
    raw = response.raw
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    read = getattr(raw, "read1", None) or raw.read
    chunks: list[bytes] = []
    size = 0
    while True:
        wait = deadline.bounded(read_timeout)
        if sock is not None:
            sock.settimeout(wait)
        try:
            data = read(READ_CHUNK, decode_content=True)
        except (urllib3.exceptions.ReadTimeoutError, socket.timeout, TimeoutError):
            raise (deadline.expired() if wait < read_timeout else
                   FetchError(f"timed out after {read_timeout:g} s reading {url}")) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise FetchError(f"the connection broke while reading {url} ({_reason(exc)})") from None
        if not data:
            return b"".join(chunks)
        size += len(data)
        if size > limit:
            if truncate:
                chunks.append(data[: len(data) - (size - limit)])
                return b"".join(chunks)
            raise FetchError(f"stopped reading {url} after {human_size(limit)}: "
                             "the document is larger than the size limit")
        chunks.append(data)


def retry_after(response: requests.Response) -> float | None:
    """Seconds the server asks us to wait (Retry-After: seconds or an HTTP date), if it says."""
    value = (response.headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def network_error(exc: requests.RequestException, url: str, connect: float, read: float) -> FetchError:
    """One sentence saying what went wrong on the network, and for which URL."""
    if isinstance(exc, requests.ConnectTimeout):
        return FetchError(f"timed out after {connect:g} s connecting to {url}")
    if isinstance(exc, requests.ReadTimeout):
        return FetchError(f"timed out after {read:g} s reading {url}")
    if isinstance(exc, requests.exceptions.SSLError):
        return FetchError(f"TLS/SSL error for {url} ({_reason(exc)})")
    if isinstance(exc, requests.ConnectionError):
        return FetchError(f"could not connect to {url} ({_reason(exc)})")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        return FetchError(f"not a valid URL: {url}")
    return FetchError(f"could not fetch {url} ({_reason(exc)})")


def is_transient(exc: requests.RequestException) -> bool:
    """Worth another try: the connection failed, but not TLS (that will fail again)."""
    return isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.exceptions.SSLError)


def _reason(exc: BaseException) -> str:
    text = str(exc)
    match = _ERRNO_TEXT.search(text)
    if match:
        return match.group(1).strip().lower()
    if "certificate verify failed" in text.lower():
        return "certificate verify failed"
    return text[:200] or type(exc).__name__


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def content_type(value: str | None) -> tuple[str | None, str | None]:
    """(media type, charset parameter) of a Content-Type header."""
    if not value:
        return None, None
    media_type, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media_type.strip().lower() or None, charset


def looks_like_html(content: bytes, media_type: str | None) -> bool:
    """HTML by its declared type, or, when none was declared, by how it starts."""
    if media_type:
        return "html" in media_type
    head = content[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
