"""The web application's pages: check, progress, report, history, profiles.

Plain server-rendered HTML: the progress page refreshes itself, so no page needs the API token.
"""

from __future__ import annotations

from functools import lru_cache

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from .. import __version__
from ..assess.profiles import describe_condition
from ..errors import ContractlensError
from ..report.html import render_analyses_html
from ..types import Analysis


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("contractlens.serve", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined)


def page(template: str, status: int = 200, **context) -> HTMLResponse:
    html = _environment().get_template(template).render(version=__version__, **context)
    return HTMLResponse(html, status_code=status)


def _start(request: Request, error: str = "", status: int = 200, target: str = "", ticked=()) -> HTMLResponse:
    return page("start.html.j2", status, profiles=request.app.state.profiles.names(), error=error, target=target,
                ticked=set(ticked) or set(request.query_params.getlist("terms")),
                recent=request.app.state.store.history(limit=5))


def start(request: Request):
    return _start(request)


async def start_check(request: Request):
    form = await request.form()
    target = str(form.get("target") or "").strip()
    terms = [str(t) for t in form.getlist("terms")]
    file = form.get("file")
    state = request.app.state
    try:
        state.profiles.resolve(terms)
        if file is not None and getattr(file, "filename", ""):
            data = await file.read()
            name = file.filename
            job = state.jobs.start(name, lambda progress: state.checker.check_upload(name, data, terms,
                                                                                      progress).check_id)
        else:
            target, _ = state.checker.target(target)
            job = state.jobs.start(target, lambda progress: state.checker.check(target, terms, progress).check_id)
    except ContractlensError as exc:
        return _start(request, str(exc), 400, target, terms)
    return RedirectResponse(f"/jobs/{job.job_id}", status_code=303)


def job(request: Request):
    found = request.app.state.jobs.get(request.path_params["job_id"])
    if found is None:
        return page("message.html.j2", 404, title="No such check", message="This check is not running any more.")
    if found.state == "done":
        return RedirectResponse(f"/report/{found.check_id}", status_code=303)
    return page("job.html.j2", job=found.to_dict())


NAV = ('<nav class="serve-nav" style="font:15px system-ui,sans-serif;padding:.6em 1em;background:#1f2937">'
             '<a style="color:#fff;margin-right:1.2em" href="/">Check a site</a>'
             '<a style="color:#fff;margin-right:1.2em" href="/history">History</a>'
             '<a style="color:#fff" href="/profiles">My terms</a></nav>')


def report(request: Request):
    """The same page as `check --format html` for the stored check, with the app's navigation on top."""
    stored = request.app.state.store.check(request.path_params["check_id"])
    if stored is None:
        return page("message.html.j2", 404, title="No such report", message="Nothing was stored under this number.")
    analyses = [Analysis.from_dict(a) for a in stored.result["analyses"]]
    html = render_analyses_html(analyses).replace("<body>", "<body>\n" + NAV, 1)
    return HTMLResponse(html)


def history(request: Request):
    return page("history.html.j2", checks=request.app.state.store.history())


def _profiles_page(request: Request, error: str = "", status: int = 200) -> HTMLResponse:
    store = request.app.state.profiles
    listed = []
    for name in store.names():
        profile = store.get(name)
        listed.append({"name": name, "title": profile.title, "terms": len(profile.terms),
                       "uploaded": name in store.uploaded_names()})
    return page("profiles.html.j2", status, profiles=listed, error=error)


def profiles(request: Request):
    return _profiles_page(request)


async def upload_profile(request: Request):
    form = await request.form()
    file = form.get("file")
    if file is None or not getattr(file, "filename", ""):
        return _profiles_page(request, "choose a YAML file to upload", 400)
    try:
        profile = request.app.state.profiles.upload(file.filename, await file.read())
    except ContractlensError as exc:
        return _profiles_page(request, str(exc), 400)
    return RedirectResponse(f"/profiles/{profile.id}", status_code=303)


def profile(request: Request):
    try:
        prof = request.app.state.profiles.get(request.path_params["name"])
    except ContractlensError as exc:
        return page("message.html.j2", 404, title="No such profile", message=str(exc))
    terms = [{"id": t.id, "statement": t.statement, "weight": t.weight,
              "violated_by": [describe_condition(c, "violated_by") for c in t.violated_by],
              "honoured_by": [describe_condition(c, "honoured_by") for c in t.honoured_by]} for t in prof.terms]
    return page("profile.html.j2", profile=prof, terms=terms)


ROUTES = [
    Route("/", start),
    Route("/check", start_check, methods=["POST"]),
    Route("/jobs/{job_id}", job),
    Route("/report/{check_id:int}", report),
    Route("/history", history),
    Route("/profiles", profiles),
    Route("/profiles", upload_profile, methods=["POST"]),
    Route("/profiles/{name}", profile),
]
