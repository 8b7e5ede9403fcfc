"""contractlens.analyze: the one entry point, for every kind of source."""

from __future__ import annotations

from pathlib import Path

import pytest

import contractlens
from contractlens.errors import InputError
from contractlens.types import RawContent
from tests.support.localserver import Response

EXAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "examples" / "acme-terms.html"


def test_fetched_raw_content_gets_the_online_gpc_check(local_server):
    """Batch scans pass already-fetched bytes; the GPC check must still run for them."""
    local_server.routes["/.well-known/gpc.json"] = Response(
        body='{"gpc": true, "lastUpdate": "2026-01-01"}', content_type="application/json"
    )
    url = local_server.url("/terms")
    raw = RawContent(source=url, final_url=url, data=EXAMPLE.read_bytes(), media_type="text/html")
    analysis = contractlens.analyze(raw, terms=["gpc"], allow_private=True)
    assert analysis.extras["gpc"]["gpc"] is True
    assert {v.verdict for v in analysis.verdicts if v.profile == "gpc"} == {"honoured"}


def test_local_file_gets_no_online_check():
    """A file has no origin to ask for /.well-known/gpc.json: the check is absent, not failed."""
    analysis = contractlens.analyze(str(EXAMPLE), terms=["gpc"])
    assert "gpc" not in analysis.extras and "gpc" not in analysis.timings
    assert analysis.verdicts and {v.profile for v in analysis.verdicts} == {"gpc"}


def test_errors_carry_the_stage_that_raised_them(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InputError) as info:
        contractlens.analyze(str(empty))
    assert info.value.stage == "extract"


def test_analysis_records_models_and_timings():
    analysis = contractlens.analyze(str(EXAMPLE))
    assert set(analysis.model_versions) >= {"contractlens", "unfair", "practices"}
    assert set(analysis.timings) >= {"acquire", "extract", "segment", "classify", "assess", "total"}
    assert analysis.document.doc_type == "terms"
    assert analysis.document.content_hash.startswith("sha256:")
