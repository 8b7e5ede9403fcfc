"""Global Privacy Control support, as a site declares it in `/.well-known/gpc.json`.

Spec: https://privacycg.github.io/gpc-spec/ — the resource lives at the origin's
`/.well-known/gpc.json` and is a JSON object whose `gpc` member is a JSON boolean (true: the
site says it honours the signal; false: it says it does not), with an optional `lastUpdate`
ISO 8601 date. Anything else — a missing member, the string "true", invalid JSON, a
non-object — proves nothing and is reported as "unknown"; a 404/410 is "missing". A
robots.txt refusal or a failed fetch is "unknown" too: we could not look.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit, urlunsplit

from ..errors import FetchError, InputError

WELL_KNOWN_PATH = "/.well-known/gpc.json"
MAX_BYTES = 64 * 1024  # the real file is a few dozen bytes


def gpc_url(url: str) -> str:
    """The gpc.json address for the origin of `url`."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"cannot check Global Privacy Control for {url!r}: not an http(s) address")
    return urlunsplit((parts.scheme, parts.netloc, WELL_KNOWN_PATH, "", ""))


def _result(status: str, url: str, detail: str, gpc: bool | None = None, last_update: str | None = None) -> dict:
    return {"status": status, "gpc": gpc, "lastUpdate": last_update, "url": url, "detail": detail}


def parse_gpc_json(data: bytes | str, url: str = WELL_KNOWN_PATH) -> dict:
    """Interpret the body of a gpc.json resource (already fetched with status 200)."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return _result("unknown", url, f"{url} is larger than {MAX_BYTES // 1024} KB; not a GPC resource")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _result("unknown", url, f"{url} is not UTF-8 text")
    try:
        body = json.loads(data)
    except ValueError:
        return _result("unknown", url, f"{url} is not valid JSON")
    if not isinstance(body, dict):
        return _result("unknown", url, f"{url} is JSON but not an object")
    if "gpc" not in body:
        return _result("unknown", url, f"{url} has no 'gpc' member")
    value = body["gpc"]
    if not isinstance(value, bool):
        return _result("unknown", url, f"{url} has 'gpc': {json.dumps(value)}, which is not a JSON boolean")
    last_update, note = _last_update(body.get("lastUpdate"))
    if value:
        detail = f"the site declares it honours Global Privacy Control ({url}){note}"
        return _result("supported", url, detail, True, last_update)
    detail = f"the site declares it does not honour Global Privacy Control ({url}){note}"
    return _result("not supported", url, detail, False, last_update)


def _last_update(value) -> tuple[str | None, str]:
    """(ISO date or None, a note for the detail line)."""
    if value is None:
        return None, ""
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat(), f", last updated {str(value)[:10]}"
    except ValueError:
        return None, f"; its lastUpdate {value!r} is not an ISO date"


def check_gpc(url: str, fetcher=None) -> dict:
    """Fetch and interpret `/.well-known/gpc.json` for the origin of `url`.

    Returns {"status": "supported"|"not supported"|"unknown"|"missing", "gpc": bool|None,
    "lastUpdate": str|None, "url": the address read, "detail": one sentence}. Never raises
    for network trouble: not being able to look is itself an answer ("unknown").
    """
    target = gpc_url(url)
    if fetcher is None:
        from ..fetch import Fetcher

        fetcher = Fetcher()
    try:
        response = fetcher.fetch(target, diagnose=False)  # a JSON file, never a wall page
    except FetchError as exc:
        if exc.status in (404, 410):
            return _result("missing", target, f"the site publishes no {WELL_KNOWN_PATH}")
        if "robots" in str(exc).lower():
            return _result("unknown", target, f"robots.txt does not allow reading {WELL_KNOWN_PATH}")
        return _result("unknown", target, f"could not read {WELL_KNOWN_PATH}: {exc}")
    final_url = getattr(response, "final_url", None) or target
    status = getattr(response, "status", 200)
    if status in (404, 410):
        return _result("missing", final_url, f"the site publishes no {WELL_KNOWN_PATH}")
    if status != 200:
        return _result("unknown", final_url, f"{WELL_KNOWN_PATH} answered HTTP {status}")
    content = getattr(response, "content", None)
    if content is None:
        content = getattr(response, "data", b"")
    return parse_gpc_json(content, final_url)
