"""The JSON API (/api/...): the same JSON as `check --format json`, a site's latest analysis, history, jobs."""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import ContractlensError
from .openapi import OPENAPI


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


async def _json_body(request: Request) -> dict:
    try:
        body = json.loads(await request.body() or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ContractlensError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise ContractlensError('the request body must be a JSON object like {"target": "example.com"}')
    return body


def _target_and_terms(body: dict) -> tuple[str, list]:
    terms = body.get("terms") or []
    if not isinstance(terms, list):
        raise ContractlensError("terms must be a list of profile names")
    return body.get("target"), terms


def _result(outcome) -> JSONResponse:
    """The check's JSON; headers say where its report is and how many documents were read anew."""
    return JSONResponse(outcome.result, headers={"X-Contractlens-Check": str(outcome.check_id),
                                                 "X-Contractlens-Analysed": str(outcome.analysed),
                                                 "Link": f'</report/{outcome.check_id}>; rel="report"'})


async def check(request: Request):
    try:
        target, terms = _target_and_terms(await _json_body(request))
        outcome = await run_in_threadpool(request.app.state.checker.check, target, terms)
    except ContractlensError as exc:
        return _error(str(exc))
    return _result(outcome)


async def start_job(request: Request):
    try:
        target, terms = _target_and_terms(await _json_body(request))
        target, _ = request.app.state.checker.target(target)  # bad input is refused now, not in the job
        request.app.state.profiles.resolve(terms)
    except ContractlensError as exc:
        return _error(str(exc))
    checker = request.app.state.checker
    job = request.app.state.jobs.start(target, lambda progress: checker.check(target, terms, progress).check_id)
    return JSONResponse(job.to_dict(), status_code=202)


def job(request: Request):
    found = request.app.state.jobs.get(request.path_params["job_id"])
    return JSONResponse(found.to_dict()) if found else _error("no such job", 404)


async def upload(request: Request):
    form = await request.form()
    file = form.get("file")
    if file is None or not hasattr(file, "read"):
        return _error("send the document as a multipart field named file")
    data = await file.read()
    try:
        outcome = await run_in_threadpool(request.app.state.checker.check_upload, file.filename, data,
                                          form.getlist("terms"))
    except ContractlensError as exc:
        return _error(str(exc))
    return _result(outcome)


def site(request: Request):
    """A site's latest stored check, straight from the store (no fetch): what the badge shows."""
    name = request.path_params["site"]
    stored = request.app.state.store.latest_for_site(name)
    if stored is None:
        return _error(f"{name} was never checked", 404)
    head = json.dumps({"site": stored.site, "check_id": stored.check_id, "target": stored.target,
                       "checked_at": stored.checked_at, "terms": stored.terms, "report": f"/report/{stored.check_id}",
                       "summary": stored.summary}, ensure_ascii=False)
    return Response(head[:-1] + ', "result": ' + stored.result_json + "}", media_type="application/json")


def history(request: Request):
    return JSONResponse({"checks": request.app.state.store.history()})


def profiles(request: Request):
    store = request.app.state.profiles
    return JSONResponse({"profiles": [{"name": n, "uploaded": n in store.uploaded_names()} for n in store.names()]})


def openapi(request: Request):
    return JSONResponse(OPENAPI)


ROUTES = [
    Route("/api/check", check, methods=["POST"]),
    Route("/api/jobs", start_job, methods=["POST"]),
    Route("/api/jobs/{job_id}", job),
    Route("/api/upload", upload, methods=["POST"]),
    Route("/api/site/{site:path}", site),
    Route("/api/history", history),
    Route("/api/profiles", profiles),
    Route("/api/openapi.json", openapi),
]
