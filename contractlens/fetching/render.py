"""Render a page that only exists after its scripts run, in the system's headless Chromium.

`--render auto` renders what the fetch diagnosis calls a script shell; `always` renders every
HTML page; `never` keeps today's one-line refusal. The browser never touches the network
itself (see `chromium`): with the DevTools `Fetch` domain every request it wants to make is
paused and answered here by the project's own `Fetcher`, so robots.txt, the address policy
(every subresource and every redirect hop), the User-Agent and the limits hold by
construction; a request the fetcher refuses is failed in the browser and logged. The main
page is answered with the bytes already fetched, so it is not requested twice. One page's
work in its tab is `render_tab.RenderTab`; this module decides when to render, keeps the
browser between pages, and checks what the render drew. The result is the rendered DOM as
HTML, which the extractor reads exactly as fetched HTML.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from ..errors import FetchError, RenderError, ScriptShell
from .chromium import Chromium, find_chromium
from ..page import Page
from .diagnose import diagnose
from .render_tab import RenderTab
from .transfer import looks_like_html

RENDER_MODES = ("auto", "never", "always")
DEFAULT_RENDER_TIMEOUT = 30.0  # seconds for a whole render: page, scripts, data requests
SUBRESOURCE_THREADS = 4  # requests of one page fetched at the same time


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
        tab = RenderTab(self.browser, page, fetcher=self.fetcher, threads=self._threads,
                        time_limit=self.time_limit, max_bytes=self.max_bytes)
        try:
            html = tab.run()
        except RenderError:
            self.browser.close()  # a page stuck in a script may hold its tab: start afresh next time
            self.browser = None
            raise
        finally:
            tab.close()
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
    parsed = Page(html)
    obstacle = diagnose(parsed, 200, page.final_url)
    if obstacle is not None and obstacle.kind == "script":
        raise RenderError(f"{page.final_url} still shows no text after rendering it in headless Chromium "
                          "(its scripts drew nothing readable, or what they needed was not loaded)")
    if obstacle is not None:
        raise FetchError(obstacle.message + " (after rendering it in headless Chromium)")
    return dataclasses.replace(page, content=content, media_type="text/html", charset="utf-8", headers=headers,
                               rendered=True, from_cache=False, page=parsed)
