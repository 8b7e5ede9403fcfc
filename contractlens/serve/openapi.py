"""The API's OpenAPI 3.1 document, served at /api/openapi.json (itself behind the token)."""

from __future__ import annotations

from .. import __version__

_CHECK_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["target"],
        "properties": {"target": {"type": "string", "description": "a URL or a domain"},
                       "terms": {"type": "array", "items": {"type": "string"},
                                 "description": "profile names: shipped or uploaded"}}}}},
}
_ERROR = {"description": "one line saying why", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}}}}
_REFUSALS = {"401": {"description": "missing or wrong bearer token"},
             "429": {"description": "too many requests from this client"}}
_CHECK_RESULT = {"description": "the JSON of `contractlens check --format json`",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckResult"}}}}


def _op(summary: str, responses: dict, **extra) -> dict:
    return {"summary": summary, "security": [{"token": []}], "responses": {**responses, **_REFUSALS}, **extra}


OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "contractlens local API", "version": __version__,
             "description": "Runs on 127.0.0.1 only. Every call needs `Authorization: Bearer TOKEN`, the token "
                            "kept in $CONTRACTLENS_HOME/serve-token."},
    "servers": [{"url": "/"}],
    "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "schemas": {"CheckResult": {"type": "object", "description": "contractlens/schemas/check-result.schema.json",
                                    "required": ["schema_version", "target", "analyses"]}},
    },
    "paths": {
        "/api/check": {"post": _op("Check a URL or a domain against profiles (waits for the answer)",
                                   {"200": _CHECK_RESULT, "400": _ERROR, "413": {"description": "body too large"}},
                                   requestBody=_CHECK_BODY)},
        "/api/jobs": {"post": _op("Start a check in the background; poll /api/jobs/{job_id} for its steps",
                                  {"202": {"description": "job_id, state and the steps so far"}, "400": _ERROR},
                                  requestBody=_CHECK_BODY)},
        "/api/jobs/{job_id}": {"get": _op("A job's state (running, done, failed), its steps and, when done, "
                                          "its report", {"200": {"description": "the job"}, "404": _ERROR},
                                          parameters=[{"name": "job_id", "in": "path", "required": True,
                                                       "schema": {"type": "string"}}])},
        "/api/upload": {"post": _op("Check an uploaded document (multipart: file, terms...)",
                                    {"200": _CHECK_RESULT, "400": _ERROR, "413": {"description": "file too large"}})},
        "/api/site/{site}": {"get": _op("A site's latest stored check: summary (grade or null with its reason, "
                                        "drivers, violated terms, first quotes) and the check result",
                                        {"200": {"description": "the stored check"},
                                         "404": {"description": "never checked"}},
                                        parameters=[{"name": "site", "in": "path", "required": True,
                                                     "schema": {"type": "string"}}])},
        "/api/history": {"get": _op("Every check run, newest first, with grade and date",
                                    {"200": {"description": "checks"}})},
        "/api/profiles": {"get": _op("The profiles a check can name", {"200": {"description": "profiles"}})},
        "/api/openapi.json": {"get": _op("This document", {"200": {"description": "OpenAPI 3.1"}})},
    },
}
