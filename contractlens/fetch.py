"""Fetch one URL politely and safely (DESIGN §5): the acquire stage's network half.

Every hop of a redirect chain is checked before it is requested (http/https only, public
addresses only unless allowed, robots.txt), connections go only to the addresses that
were checked, bodies stop at a size limit and a wall-clock deadline, 429/5xx are retried
with backoff, and pages that are walls rather than documents (bot, login, JavaScript,
cookie) fail with a sentence saying so. Helpers live in `contractlens.fetching`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from .version import __version__
from .errors import FetchError, ScriptShell
from .fetching.addresses import AddressPolicy, AddressRefused, split_target
from .fetching.cache import CachedPage, PageCache
from .charset import decode, detect_charset
from .fetching import diagnose as diagnosis  # the module: `fetch` has a `diagnose` flag
from .fetching.diagnose import diagnose_page
from .page import Page
from .fetching.pinning import PinnedAdapter
from .fetching.robots import ROBOTS_MAX_BYTES, RobotsCache
from .fetching.transfer import (
    Deadline,
    content_type,
    is_transient,
    looks_like_html,
    network_error,
    read_body,
    retry_after,
    status_text,
    utc_now,
)
from .types import RawContent

__all__ = ["DEFAULT_USER_AGENT", "FetchResult", "Fetcher", "diagnose_page", "fetch"]

DEFAULT_USER_AGENT = (
    f"contractlens/{__version__} (+https://github.com/contractlens/contractlens; terms-of-service reader)"
)
ACCEPT = "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 30.0  # seconds; a server asking for longer gets an error, not a hung command
PEEK_BYTES = 256 * 1024  # enough of an error page to recognise a bot wall before retrying
_FETCH_OPTIONS = ("etag", "last_modified", "check_robots", "diagnose", "total_timeout", "max_bytes")


@dataclass
class FetchResult:
    """What one fetch brought back. `headers` keys are lower-case; `charset` is the detected one."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    media_type: str | None
    charset: str | None
    fetched_at: str
    not_modified: bool = False  # the server answered 304 to a conditional request
    redirects: list[str] = field(default_factory=list)  # URLs that redirected, in order
    from_cache: bool = False  # content is the cached copy the server confirmed unchanged
    rendered: bool = False  # content is the DOM headless Chromium built from the page (fetching.render)
    page: Page | None = field(default=None, compare=False, repr=False)  # the HTML, parsed once (page.py)

    def to_raw(self) -> RawContent:
        return RawContent(
            source=self.url, data=self.content, media_type=self.media_type, charset=self.charset,
            final_url=self.final_url, fetched_at=self.fetched_at, headers=dict(self.headers),
            rendered=self.rendered, page=self.page,
        )

    def text(self) -> str:
        return self.html_page().html

    def html_page(self) -> Page:
        """The content as one `Page`, made on first use and kept: every reader shares its tree."""
        if self.page is None:
            self.page = Page(decode(self.content, self.charset))
        return self.page


class Fetcher:
    """A reusable, polite HTTP client; one per process is enough (it keeps connections)."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        max_bytes: int = 10 * 1024 * 1024,
        max_redirects: int = 5,
        retries: int = 3,
        backoff: float = 0.5,
        respect_robots: bool = True,
        user_agent: str = DEFAULT_USER_AGENT,
        accept_language: str | None = None,
        cache_dir=None,
        min_interval: float = 0.0,
        total_timeout: float | None = None,
        max_retry_after: float = MAX_RETRY_AFTER,
        only_site: str | None = None,
        remember: bool = False,
    ):
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout or connect_timeout + 2 * read_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.respect_robots = respect_robots
        self.min_interval = min_interval
        self.policy = AddressPolicy(allow_private=allow_private)
        # `serve`: contact no host but the site being checked (it and its subdomains), whatever a page links to
        self.only_site = only_site.lower().removeprefix("www.").rstrip(".") if only_site else None
        self.robots = RobotsCache(self._get_robots)
        self.cache = PageCache(cache_dir) if cache_dir else None
        # `check DOMAIN`: discovery reads each candidate page, then the analysis reads the chosen
        # ones; remembering a page for this fetcher's short life asks the site for it once
        self._remembered: dict[tuple, FetchResult] | None = {} if remember else None
        self.session = requests.Session()
        self.session.trust_env = False  # an environment proxy would connect on our behalf, unchecked
        adapter = PinnedAdapter(self.policy)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({"User-Agent": user_agent, "Accept": ACCEPT})
        if accept_language:
            self.session.headers["Accept-Language"] = accept_language
        self._next_turn: dict[str, float] = {}
        self._turn_lock = threading.Lock()

    @property
    def _allowed_hosts(self) -> set[str]:
        """The "host:port" pairs allowed although private (tests: one local server, nothing else)."""
        return self.policy.allowed_hosts

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- the public call -------------------------------------------------------------

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              check_robots: bool = True, diagnose: bool = True, total_timeout: float | None = None,
              max_bytes: int | None = None) -> FetchResult:
        """GET `url` following checked redirects; FetchError with one sentence when it fails.

        `etag` / `last_modified` make the request conditional (a 304 gives
        `not_modified=True`); without them the on-disk cache supplies its own validators.
        `diagnose=False` returns wall pages (bot, login, JavaScript, cookie) instead of raising;
        with it, a page drawn by JavaScript raises ScriptShell, which carries the page.
        `total_timeout` / `max_bytes` tighten this call's limits (a render's subresources).
        A Fetcher made with `remember=True` answers a repeated plain fetch of a URL from memory.
        """
        key = (url, check_robots, diagnose)
        rememberable = (self._remembered is not None and not (etag or last_modified)
                        and total_timeout is None and max_bytes is None)
        if rememberable and key in self._remembered:
            return self._remembered[key]
        deadline = Deadline(min(total_timeout or self.total_timeout, self.total_timeout), url)
        limit = min(max_bytes, self.max_bytes) if max_bytes is not None else self.max_bytes
        cached = self.cache.get(url) if self.cache and not (etag or last_modified) else None
        if cached is not None:
            etag, last_modified = cached.etag, cached.last_modified
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        response, final_url, redirects = self._follow(
            url, deadline, conditional, check_robots=check_robots, retries=self.retries
        )
        fetched_at = utc_now()
        with response:
            if response.status_code == 304:
                return self._not_modified(url, final_url, response, cached, redirects, fetched_at)
            failed = response.status_code >= 400  # an error page is only read far enough to diagnose it
            content = read_body(response, final_url, limit=PEEK_BYTES if failed else limit,
                                read_timeout=self.read_timeout, deadline=deadline, truncate=failed)
        headers = {k.lower(): v for k, v in response.headers.items()}
        media_type, header_charset = content_type(headers.get("content-type"))
        charset = detect_charset(content, header_charset, media_type)
        status = response.status_code
        result = FetchResult(url, final_url, status, headers, content, media_type, charset, fetched_at,
                             redirects=redirects)
        if status >= 400 or (diagnose and looks_like_html(content, media_type)):
            obstacle = diagnosis.diagnose(result.html_page(), status, final_url)
            if obstacle and (diagnose or status >= 400):
                message = obstacle.message + (f" (redirected there from {url})" if redirects else "")
                if obstacle.kind == "script" and status < 400:
                    raise ScriptShell(message, result)
                raise FetchError(message, status=status if status >= 400 else None)
        if not 200 <= status < 300:
            raise FetchError(_http_error(response, final_url), status=status)
        if self.cache is not None:
            self.cache.put(CachedPage(url, final_url, status, headers, content, headers.get("etag"),
                                      headers.get("last-modified"), fetched_at))
        if rememberable:
            self._remembered[key] = result
        return result

    # --- hops, retries, politeness -----------------------------------------------------

    def _follow(self, url: str, deadline: Deadline, headers: dict, *, check_robots: bool,
                retries: int) -> tuple[requests.Response, str, list[str]]:
        """Request `url`, following at most `max_redirects` redirects, each hop checked first."""
        redirects: list[str] = []
        current = url
        for _ in range(self.max_redirects + 1):
            self._admit(current, check_robots)
            response = self._request(current, deadline, headers, retries)
            if response.status_code not in REDIRECT_STATUSES:
                return response, current, redirects
            location = (response.headers.get("location") or "").strip()
            response.close()
            if not location:
                raise FetchError(f"{status_text(response.status_code)} without a Location header for {current}")
            redirects.append(current)
            current = urljoin(current, location)
        raise FetchError(f"too many redirects: {url} still redirected after {self.max_redirects} hops "
                         f"(the last one to {current})")

    def _admit(self, url: str, check_robots: bool) -> None:
        """Refuse `url` before any connection: wrong scheme, non-public address, robots.txt."""
        _, host, port = split_target(url)
        if self.only_site and host.rstrip(".") != self.only_site and not host.endswith("." + self.only_site):
            raise FetchError(f"refused {url}: {host} is not part of {self.only_site}, the site being checked")
        try:
            self.policy.addresses(host, port)
        except AddressRefused as exc:
            raise _refused(url, exc) from None
        if self.respect_robots and check_robots and not self.robots.allows(url):
            raise FetchError(self.robots.refusal(url))

    def _request(self, url: str, deadline: Deadline, headers: dict, retries: int) -> requests.Response:
        """One hop: GET with retries on 429/5xx and dropped connections, backing off exponentially."""
        attempt = 0
        while True:
            self._wait_turn(url)
            connect = deadline.bounded(self.connect_timeout)
            read = deadline.bounded(self.read_timeout)
            try:
                response = self.session.get(url, headers=headers, stream=True, allow_redirects=False,
                                            timeout=(connect, read))
            except AddressRefused as exc:  # raised inside the pinned connection (DNS changed)
                raise _refused(url, exc) from None
            except requests.RequestException as exc:
                error = network_error(exc, url, connect, read)
                if attempt < retries and is_transient(exc) and deadline.sleep(self.backoff * 2**attempt):
                    attempt += 1
                    continue
                raise error from None
            if response.status_code not in RETRY_STATUSES or attempt >= retries:
                return response
            wait = retry_after(response)
            if wait is not None and wait > self.max_retry_after:
                return response  # the error message will say how long the server asked for
            self._refuse_bot_wall(response, url, deadline)
            response.close()
            if not deadline.sleep(max(wait or 0.0, self.backoff * 2**attempt)):
                raise FetchError(f"{status_text(response.status_code, response.reason)} for {url}; "
                                 "gave up retrying within the total time limit")
            attempt += 1

    def _refuse_bot_wall(self, response: requests.Response, url: str, deadline: Deadline) -> None:
        """A challenge page answers the same way every time: raise at once instead of retrying."""
        try:
            peek = read_body(response, url, limit=PEEK_BYTES, read_timeout=self.read_timeout,
                             deadline=deadline, truncate=True)
        except FetchError:
            return
        problem = diagnose_page(peek.decode("utf-8", "replace"), response.status_code, url)
        if problem:
            raise FetchError(problem)

    def _wait_turn(self, url: str) -> None:
        """Per-host rate limit: at most one request every `min_interval` seconds per host."""
        if self.min_interval <= 0:
            return
        host = urlsplit(url).netloc.lower()
        with self._turn_lock:
            now = time.monotonic()
            start = max(now, self._next_turn.get(host, now))
            self._next_turn[host] = start + self.min_interval
        if start > now:
            time.sleep(start - now)

    def _get_robots(self, robots_url: str) -> tuple[int, bytes]:
        """(status, body) of a robots.txt, fetched with the same checks but no retries."""
        deadline = Deadline(self.connect_timeout + self.read_timeout, robots_url)
        response, final_url, _ = self._follow(robots_url, deadline, {}, check_robots=False, retries=0)
        with response:
            if not 200 <= response.status_code < 300:
                return response.status_code, b""
            return response.status_code, read_body(response, final_url, limit=ROBOTS_MAX_BYTES,
                                                   read_timeout=self.read_timeout, deadline=deadline,
                                                   truncate=True)

    def _not_modified(self, url, final_url, response, cached, redirects, fetched_at) -> FetchResult:
        headers = {k.lower(): v for k, v in response.headers.items()}
        if cached is None:
            return FetchResult(url, final_url, 304, headers, b"", None, None, fetched_at,
                               not_modified=True, redirects=redirects)
        merged = {**cached.headers, **headers}
        media_type, header_charset = content_type(merged.get("content-type"))
        return FetchResult(url, cached.final_url, cached.status, merged, cached.content, media_type,
                           detect_charset(cached.content, header_charset, media_type), fetched_at,
                           not_modified=True, redirects=redirects, from_cache=True)


def fetch(url: str, **kwargs) -> FetchResult:
    """Fetch one URL with a throw-away Fetcher; kwargs go to Fetcher() or Fetcher.fetch()."""
    call = {k: kwargs.pop(k) for k in _FETCH_OPTIONS if k in kwargs}
    with Fetcher(**kwargs) as fetcher:
        return fetcher.fetch(url, **call)


def _refused(url: str, exc: AddressRefused) -> FetchError:
    return FetchError(f"refused {url}: {exc} (use --allow-private to allow)")


def _http_error(response: requests.Response, url: str) -> str:
    message = f"{status_text(response.status_code, response.reason)} for {url}"
    wait = retry_after(response)
    if response.status_code in RETRY_STATUSES and wait is not None:
        message += f" (the server asks to retry after {wait:.0f} s)"
    return message
