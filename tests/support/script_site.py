"""Local sites of terms pages whose text only appears once their script has run.

Built from the shipped example terms: a static page and a script shell that draws the same
body from /content.json. Shared by tests/test_render.py and benchmarks/bench_render.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from .localserver import LocalServer, Response

EXAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "examples" / "acme-terms.html"
APP_JS = """fetch("/content.json").then(r => r.json()).then(d => { document.body.innerHTML = d.body; });"""


def static_and_shell(name: str = "Acme Cloud Notes", content: str = "/content.json") -> tuple[str, str, str]:
    """(static page, script shell, the body markup its script draws), for service `name`."""
    page = EXAMPLE.read_text(encoding="utf-8").replace("Acme Cloud Notes", name)
    head, rest = page.split("<body>", 1)
    body = rest.rsplit("</body>", 1)[0]
    script = APP_JS.replace("/content.json", content)
    shell = head + f'<body><div id="app"></div><script>{script}</script></body></html>'
    return page, shell, body


def terms_site(extra: dict | None = None) -> LocalServer:
    """/static and /shell: the same terms, served as HTML and drawn by a script."""
    static, shell, body = static_and_shell()
    routes = {
        "/static": Response(body=static),
        "/shell": Response(body=shell),
        "/content.json": Response(body=json.dumps({"body": body}), content_type="application/json"),
    }
    routes.update(extra or {})
    return LocalServer(routes)


def shell_indices(pages: int, shells: int) -> list[int]:
    """Which of `pages` pages are script shells: `shells` of them, spread evenly."""
    every = max(pages // max(shells, 1), 1)
    return [i for i in range(0, pages, every)][:shells]


def scan_site(pages: int, shells: int) -> LocalServer:
    """/terms/0 … /terms/{pages-1}: terms of different services, `shells` of them drawn by a script."""
    routes = {}
    drawn = set(shell_indices(pages, shells))
    for i in range(pages):
        static, shell, body = static_and_shell(f"Service {i:03d} Notes", f"/content/{i}.json")
        if i in drawn:
            routes[f"/terms/{i}"] = Response(body=shell)
            routes[f"/content/{i}.json"] = Response(body=json.dumps({"body": body}), content_type="application/json")
        else:
            routes[f"/terms/{i}"] = Response(body=static)
    return LocalServer(routes)
