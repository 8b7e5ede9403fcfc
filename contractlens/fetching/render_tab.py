"""One page in one tab of headless Chromium, every request it makes answered by the fetcher.

The tab's requests are paused with the DevTools `Fetch` domain; each is answered with the
bytes the project's `Fetcher` brings back (made in a small thread pool, so slow requests
overlap) or failed, and a refusal is logged. The page is drawn when it has loaded, no
request is pending and its word count has stopped changing; then its DOM is serialised,
open shadow roots as declarative `<template shadowrootmode>`. One time limit and one byte
budget hold for everything the tab does.
"""

from __future__ import annotations

import base64
import logging
import time
from urllib.parse import urlsplit

from ..errors import FetchError, RenderError
from .chromium import Chromium
from .transfer import human_size

SKIPPED_RESOURCES = {"Image", "Media", "Font", "Ping", "Manifest", "CSPViolationReport", "TextTrack", "Prefetch",
                     "SignedExchange"}  # never change the text; not worth a request (nor is /favicon.ico)
QUIET_SECONDS = 0.3  # text unchanged and no request pending this long: the page is drawn
QUIET_SECONDS_EMPTY = 2.0  # ... or this long while the page still shows (almost) no text
FEW_WORDS = 80  # diagnose.JS_PAGE_WORDS: below this the page may still be waiting to draw
POLL_SECONDS = 0.1
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


class RenderTab:
    """One page in one tab: answers the browser's requests until the page is drawn."""

    def __init__(self, browser: Chromium, page, *, fetcher, threads, time_limit: float, max_bytes: int):
        self.browser = browser
        self.page = page
        self.fetcher, self.threads = fetcher, threads
        self.time_limit, self.max_bytes = time_limit, max_bytes
        self.deadline = time.monotonic() + time_limit
        self.budget = max_bytes - len(page.content)
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
                raise RenderError(f"gave up rendering {self.page.final_url} after {self.time_limit:g} s "
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
                        "the %s size limit", self.page.final_url, url, human_size(self.max_bytes))
            return self._fail(request_id, "BlockedByClient")
        self.pending[request_id] = url
        future = self.threads.submit(self._fetch_for_browser, url)
        future.add_done_callback(lambda done: self.browser.inbox.put(
            {"method": "_fetched", "sessionId": self.session, "params": {"requestId": request_id, "future": done}}))

    def _fetch_for_browser(self, url: str):
        return self.fetcher.fetch(url, diagnose=False, total_timeout=max(self._left(), 0.1),
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
        answer = self.browser.call("Runtime.evaluate", {"expression": _SERIALISE_JS % self.max_bytes,
                                                        "returnByValue": True},
                                   session=self.session, timeout=max(self._left(), 0.1), on_event=self._on_message)
        value = answer.get("result", {}).get("value") or {}
        if not value.get("html") and value.get("length"):
            raise RenderError(f"the rendered page {self.page.final_url} is {human_size(value['length'])}, more "
                              f"than the {human_size(self.max_bytes)} limit")
        return value.get("html", "")
