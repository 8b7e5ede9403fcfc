"""robots.txt, read once per origin and asked before every request (DESIGN §5).

Parsed with protego (the standard library's parser mis-handles wildcards and rule
order). Status handling follows RFC 9309: any 4xx (401/403 included) means robots.txt is
"unavailable" and the site is open (§2.3.1.3); a 5xx or a failed fetch means it is
"unreachable" and the whole site is closed (§2.3.1.4) until --ignore-robots.
"""

from __future__ import annotations

import threading
from typing import Callable
from urllib.parse import urlsplit

from protego import Protego

from ..errors import FetchError

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 §2.5: parse at least 500 KiB
ROBOTS_TOKEN = "contractlens"
_CLOSED = "closed"
_OPEN = "open"

# fetch_robots(url) -> (status, body); raises FetchError when nothing could be fetched.
RobotsGetter = Callable[[str], tuple[int, bytes]]


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def rules_from(status: int, body: bytes) -> Protego | str:
    """The rules a robots.txt answer stands for: parsed rules, or all open / all closed."""
    if 200 <= status < 300:
        return Protego.parse(body.decode("utf-8", errors="replace"))
    if status >= 500:
        return _CLOSED
    return _OPEN


class RobotsCache:
    """Per-origin robots.txt rules for one user-agent token; thread-safe."""

    def __init__(self, get: RobotsGetter, token: str = ROBOTS_TOKEN):
        self._get = get
        self._token = token
        self._rules: dict[str, Protego | str] = {}
        self._lock = threading.Lock()

    def rules(self, url: str) -> Protego | str:
        origin = origin_of(url)
        with self._lock:
            if origin in self._rules:
                return self._rules[origin]
        try:
            rules = rules_from(*self._get(origin + "/robots.txt"))
        except FetchError:
            rules = _CLOSED  # unreachable robots.txt: RFC 9309 §2.3.1.4 says assume complete disallow
        with self._lock:
            self._rules[origin] = rules
        return rules

    def allows(self, url: str) -> bool:
        rules = self.rules(url)
        if isinstance(rules, str):
            return rules == _OPEN
        return rules.can_fetch(url, self._token)

    def refusal(self, url: str) -> str:
        """The sentence a FetchError carries when robots.txt forbids `url`."""
        parts = urlsplit(url)
        path = parts.path or "/"
        if self.rules(url) == _CLOSED:
            return (f"robots.txt of {parts.netloc} is unreachable (server error), so RFC 9309 treats the whole "
                    f"site as off limits for {self._token}; cannot fetch {url} (use --ignore-robots to override)")
        return f"robots.txt of {parts.netloc} disallows {path} for {self._token} (use --ignore-robots to override)"
