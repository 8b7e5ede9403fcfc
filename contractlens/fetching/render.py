"""Render a page that only exists after its scripts run, in the system's headless Chromium.

`--render auto` renders what the fetch diagnosis calls a script shell; `always` renders every
HTML page; `never` keeps today's one-line refusal. The browser never touches the network
itself (see `chromium`): with the DevTools `Fetch` domain every request it wants to make is
paused and answered here by the project's own `Fetcher`, so robots.txt, the address policy
(every subresource and every redirect hop), the User-Agent and the limits hold by
construction; a request the fetcher refuses is failed in the browser and logged. The main
page is answered with the bytes already fetched, so it is not requested twice.

A render ends when the page has loaded, no request is pending and its text has stopped
changing; the whole render has one time limit and one byte budget. The result is the
rendered DOM serialised as HTML (open shadow roots as declarative `<template
shadowrootmode>`), which the extractor reads exactly as fetched HTML.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from ..errors import FetchError, RenderError, ScriptShell
from .chromium import Chromium, find_chromium
from .diagnose import diagnose
from .transfer import human_size, looks_like_html

RENDER_MODES = ("auto", "never", "always")
DEFAULT_RENDER_TIMEOUT = 30.0  # seconds for a whole render: page, scripts, data requests
SKIPPED_RESOURCES = {"Image", "Media", "Font", "Ping", "Manifest", "CSPViolationReport", "TextTrack", "Prefetch",
                     "SignedExchange"}  # never change the text; not worth a request (nor is /favicon.ico)
QUIET_SECONDS = 0.3  # text unchanged and no request pending this long: the page is drawn
QUIET_SECONDS_EMPTY = 2.0  # ... or this long while the page still shows (almost) no text
FEW_WORDS = 80  # diagnose.JS_PAGE_WORDS: below this the page may still be waiting to draw
POLL_SECONDS = 0.1
SUBRESOURCE_THREADS = 4
_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"}
_WORDS_JS = "document.body ? document.body.innerText.split(/\\s+/).filter(Boolean).length : 0"
_SERIALISE_JS = """(() => {
  const root = document.documentElement;
  if (!root) return {html: "", length: 0};
  const shadowRoots = [];
  const visit = (node) => {
    for (const el of node.querySelectorAll("*")) {
      if (el.shadowRoot) { shadowRoots.push(el.shadowRoot); visit(el.shadowRoot); }
    }
  };
  visit(document);
  const inner = root.getHTML ? root.getHTML({shadowRoots}) : root.innerHTML;
  const attrs = Array.from(root.attributes).map(
    a => " " + a.name + '="' + a.value.replace(/&/g, "&amp;").replace(/"/g, "&quot;") + '"').join("");
  const html = "<!DOCTYPE html><html" + attrs + ">" + inner + "</html>";
  return html.length > %d ? {html: "", length: html.length} : {html, length: html.length};
})()"""

log = logging.getLogger("contractlens.render")


class Renderer:
    """Renders pages in one reused headless Chromium, started on the first page that needs it.

    `mode` is auto, never or always; `time_limit` bounds each render; `max_bytes` (default:
    the fetcher's) bounds everything one render downloads and the rendered HTML. Use as a
    context manager, or call `close()`: the browser and its processes end with it.
    """

    def __init__(self, fetcher, *, mode: str = "auto", time_limit: float = DEFAULT_RENDER_TIMEOUT,
                 max_bytes: int | None = None):
        if mode not in RENDER_MODES:
            raise ValueError(f"render mode must be one of {', '.join(RENDER_MODES)}, not {mode!r}")
        self.fetcher = fetcher
        self.mode = mode
        self.time_limit = time_limit
        self.max_bytes = max_bytes or fetcher.max_bytes
        self.browser: Chromium | None = None
        self._threads: ThreadPoolExecutor | None = None

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None

    def fetch(self, url: str, *, mode: str | None = None, **fetch_options):
        """Fetch `url` and render it when `mode` (default: the renderer's) says so: a FetchResult."""
        mode = mode or self.mode
        try:
            page = self.fetcher.fetch(url, **fetch_options)
        except ScriptShell as shell:
            if mode == "never":
                raise
            return self.render(shell.page)
        if mode == "always" and not page.not_modified and looks_like_html(page.content, page.media_type):
            return self.render(page)
        return page

    def render(self, page):
        """The FetchResult `page` as headless Chromium draws it; RenderError when it cannot."""
        if self.browser is None or not self.browser.alive:
            self.browser = Chromium(find_chromium(page.final_url), user_agent=self._user_agent()).start()
        if self._threads is None:
            self._threads = ThreadPoolExecutor(SUBRESOURCE_THREADS, thread_name_prefix="render-fetch")
        job = _RenderJob(self, page)
        try:
            html = job.run()
        except RenderError:
            self.browser.close()  # a page stuck in a script may hold its tab: start afresh next time
            self.browser = None
            raise
        finally:
            job.close()
        return _rendered_page(page, html)

    def _user_agent(self) -> str:
        return self.fetcher.session.headers.get("User-Agent", "")


def fetch_page(fetcher, url: str, *, render: str = "auto", renderer: Renderer | None = None, **fetch_options):
    """Fetch one URL for the acquire stage, rendering it when `render` says so (a FetchResult).

    Without a `renderer` a throw-away one is used (and its browser closed) when needed.
    """
    if render == "never":
        return fetcher.fetch(url, **fetch_options)
    if renderer is not None:
        return renderer.fetch(url, mode=render, **fetch_options)
    with Renderer(fetcher, mode=render) as own:
        return own.fetch(url, **fetch_options)


def render_mode(render: str, declaration: dict | None) -> str:
    """The mode for one document: a declaration with `executeClientScripts` renders it (unless never)."""
    if render != "never" and declaration and declaration.get("execute_client_scripts"):
        return "always"
    return render


def _rendered_page(page, html: str):
    headers = {k: v for k, v in page.headers.items() if k not in ("etag", "last-modified")}  # of the shell only
    headers["content-type"] = "text/html; charset=utf-8"
    content = html.encode("utf-8")
    obstacle = diagnose(html, 200, page.final_url)
    if obstacle is not None and obstacle.kind == "script":
        raise RenderError(f"{page.final_url} still shows no text after rendering it in headless Chromium "
                          "(its scripts drew nothing readable, or what they needed was not loaded)")
    if obstacle is not None:
        raise FetchError(obstacle.message + " (after rendering it in headless Chromium)")
    return dataclasses.replace(page, content=content, media_type="text/html", charset="utf-8", headers=headers,
                               rendered=True, from_cache=False)


class _RenderJob:
    """One page in one tab: answers the browser's requests until the page is drawn."""

    def __init__(self, renderer: Renderer, page):
        self.renderer = renderer
        self.browser: Chromium = renderer.browser
        self.page = page
        self.deadline = time.monotonic() + renderer.time_limit
        self.budget = renderer.max_bytes - len(page.content)
        self.session: str | None = None
        self.target: str | None = None
        self.main_served = False
        self.loaded = False
        self.pending: dict[str, str] = {}  # requestId -> url, being fetched for the browser
        self.answers: dict[int, dict] = {}
        self.last_activity = time.monotonic()
        self.words: int | None = None
        self.words_since = time.monotonic()
        self.word_query: int | None = None
        self.asked_at = 0.0

    # --- the protocol loop -----------------------------------------------------------------

    def run(self) -> str:
        browser = self.browser
        self.target = browser.call("Target.createTarget", {"url": "about:blank"},
                                   timeout=self._left())["targetId"]
        self.session = browser.call("Target.attachToTarget", {"targetId": self.target, "flatten": True},
                                    timeout=self._left())["sessionId"]
        for method, params in (("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]}),
                               ("Page.enable", {})):
            browser.call(method, params, session=self.session, timeout=self._left(), on_event=self._on_message)
        navigation = browser.send("Page.navigate", {"url": self.page.final_url}, self.session)
        self._wait(lambda: navigation in self.answers)
        error = self.answers[navigation].get("result", {}).get("errorText") or self.answers[navigation].get("error")
        if error:
            raise RenderError(f"headless Chromium could not open {self.page.final_url}: {error}")
        self._wait(self._drawn)
        return self._serialise()

    def close(self) -> None:
        """Close the tab (not the browser) when the browser is still there."""
        if self.target and self.browser.alive:
            try:
                self.browser.call("Target.closeTarget", {"targetId": self.target}, timeout=3)
            except RenderError:
                pass

    def _left(self) -> float:
        return self.deadline - time.monotonic()

    def _wait(self, done) -> None:
        while not done():
            left = self._left()
            if left <= 0:
                raise RenderError(f"gave up rendering {self.page.final_url} after {self.renderer.time_limit:g} s "
                                  f"(the time limit for one render): the page was still {self._state()}")
            message = self.browser.next_message(min(POLL_SECONDS, left))
            if message is not None:
                self._on_message(message)
            self._poll_words()

    def _state(self) -> str:
        if not self.loaded:
            return "loading"
        if self.pending:
            return f"waiting for {len(self.pending)} request(s), e.g. {next(iter(self.pending.values()))}"
        if self.word_query is not None and self.word_query not in self.answers:
            return "busy running its scripts"
        return "changing its text"

    def _on_message(self, message: dict) -> None:
        if "id" in message:
            self.answers[message["id"]] = message
            return
        if message.get("sessionId") != self.session:
            return
        method, params = message.get("method"), message.get("params", {})
        if method == "Fetch.requestPaused":
            self._on_request(params)
        elif method == "_fetched":  # posted by a fetch thread when the fetcher is done
            self._on_fetched(params["requestId"], params["future"])
        elif method == "Page.loadEventFired":
            self.loaded = True
            self.last_activity = time.monotonic()
        elif method in ("Inspector.targetCrashed", "Target.targetCrashed"):
            raise RenderError(f"headless Chromium crashed while rendering {self.page.final_url}")

    # --- requests: every one answered by the project's fetcher ------------------------------

    def _on_request(self, params: dict) -> None:
        request_id = params["requestId"]
        request = params.get("request", {})
        url, method = request.get("url", ""), request.get("method", "GET")
        kind = params.get("resourceType", "Other")
        self.last_activity = time.monotonic()
        if kind == "Document" and not self.main_served:  # the navigation: answered with the bytes fetched
            self.main_served = True
            self._fulfil(request_id, self.page.status, self.page.headers, self.page.content, self.page)
            return
        if kind in SKIPPED_RESOURCES or urlsplit(url).path == "/favicon.ico":
            return self._fail(request_id, "BlockedByClient")
        if method not in ("GET", "HEAD"):
            log.info("contractlens: render of %s: did not send %s %s (only GET requests are made)",
                     self.page.final_url, method, url)
            return self._fail(request_id, "BlockedByClient")
        if self.budget <= 0:
            log.warning("contractlens: warning: render of %s: did not load %s: the page's downloads reached "
                        "the %s size limit", self.page.final_url, url, human_size(self.renderer.max_bytes))
            return self._fail(request_id, "BlockedByClient")
        self.pending[request_id] = url
        future = self.renderer._threads.submit(self._fetch_for_browser, url)
        future.add_done_callback(lambda done: self.browser.inbox.put(
            {"method": "_fetched", "sessionId": self.session, "params": {"requestId": request_id, "future": done}}))

    def _fetch_for_browser(self, url: str):
        return self.renderer.fetcher.fetch(url, diagnose=False, total_timeout=max(self._left(), 0.1),
                                           max_bytes=max(self.budget, 1))

    def _on_fetched(self, request_id: str, future) -> None:
        url = self.pending.pop(request_id, None)
        self.last_activity = time.monotonic()
        try:
            result = future.result()
        except FetchError as exc:
            if str(exc).startswith(("refused ", "robots.txt ")):  # a rule said no: the user should know
                log.warning("contractlens: warning: render of %s: did not load %s: %s", self.page.final_url, url, exc)
                return self._fail(request_id, "AccessDenied")
            log.info("contractlens: render of %s: could not load %s: %s", self.page.final_url, url, exc)
            return self._fail(request_id, "Failed")
        except Exception as exc:  # noqa: BLE001 - a bug in one subresource must not hang the render
            log.info("contractlens: render of %s: could not load %s: %s", self.page.final_url, url, exc)
            return self._fail(request_id, "Failed")
        self.budget -= len(result.content)
        self._fulfil(request_id, result.status, result.headers, result.content, result)

    def _fulfil(self, request_id: str, status: int, headers: dict, body: bytes, page) -> None:
        headers = {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}
        if page.media_type and page.charset:
            headers["content-type"] = f"{page.media_type}; charset={page.charset}"
        self.browser.send("Fetch.fulfillRequest", {
            "requestId": request_id, "responseCode": status,
            "responseHeaders": [{"name": k, "value": v} for k, v in headers.items()],
            "body": base64.b64encode(body).decode("ascii"),
        }, self.session)

    def _fail(self, request_id: str, reason: str) -> None:
        self.browser.send("Fetch.failRequest", {"requestId": request_id, "errorReason": reason}, self.session)

    # --- when is the page drawn ---------------------------------------------------------------

    def _poll_words(self) -> None:
        """Ask the page how many words it shows (one question at a time; a busy page never answers)."""
        if not self.loaded:
            return
        if self.word_query is not None:
            answer = self.answers.pop(self.word_query, None)
            if answer is None:
                return
            self.word_query = None
            self.asked_at = time.monotonic()
            words = answer.get("result", {}).get("result", {}).get("value")
            if words != self.words:
                self.words, self.words_since = words, time.monotonic()
        if time.monotonic() - self.asked_at >= POLL_SECONDS:
            self.word_query = self.browser.send("Runtime.evaluate", {"expression": _WORDS_JS, "returnByValue": True},
                                                self.session)

    def _drawn(self) -> bool:
        if not self.loaded or self.pending or self.words is None:
            return False
        now = time.monotonic()
        quiet = QUIET_SECONDS if self.words >= FEW_WORDS else QUIET_SECONDS_EMPTY
        return now - self.last_activity >= quiet and now - self.words_since >= quiet

    def _serialise(self) -> str:
        answer = self.browser.call("Runtime.evaluate", {"expression": _SERIALISE_JS % self.renderer.max_bytes,
                                                        "returnByValue": True},
                                   session=self.session, timeout=max(self._left(), 0.1), on_event=self._on_message)
        value = answer.get("result", {}).get("value") or {}
        if not value.get("html") and value.get("length"):
            raise RenderError(f"the rendered page {self.page.final_url} is {human_size(value['length'])}, more "
                              f"than the {human_size(self.renderer.max_bytes)} limit")
        return value.get("html", "")
