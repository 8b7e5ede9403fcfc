"""Declarations on the real Open Terms Archive declarations and snapshots."""

from __future__ import annotations

import json
import re


from contractlens.declarations import apply_declaration, load_declarations, match_declaration, parse_declaration
from contractlens.page import parse_html, strings


def test_all_real_ota_declarations_parse_and_match(ota_dir):
    root = ota_dir / "declarations"
    files = sorted(root.rglob("*.json"))
    services = load_declarations(root)
    assert len(services) == len(files)
    documents = [d for s in services for d in s.documents.values()]
    assert documents and all(d.fetch.startswith("http") for d in documents)
    # every declared fetch URL matches back to a document of its own service
    for doc in documents:
        found = match_declaration(doc.fetch, services)
        assert found is not None and found.fetch == doc.fetch
    # unsupported features are reported, never silently dropped
    raw = [json.loads(p.read_text()) for p in files]
    with_filters = sum(1 for d in raw for t in d["terms"].values() if t.get("filter"))
    assert sum(1 for d in documents if "filter" in d.unsupported) == with_filters


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _snapshot_cases(ota_dir):
    """Real OTA snapshots (one HTML page, no JS filters) with their declaration and expected text."""
    for line in (ota_dir / "snapshots_index.jsonl").read_text().splitlines():
        row = json.loads(line)
        folder = ota_dir / row["dir"]
        meta = json.loads((folder / "meta.json").read_text())
        spec = meta.get("declaration_for_this_terms")
        if not spec or row["uses_filters_js"] or len(meta["snapshots"]) != 1 or not spec.get("select"):
            continue
        selects = spec["select"] if isinstance(spec["select"], list) else [spec["select"]]
        if row["expected_version_built_from_these_snapshots"] or any(isinstance(x, dict) for x in selects):
            yield row, spec, folder / meta["snapshots"][0]["file"], folder / "expected_version.md"


def test_real_ota_snapshots_cut_to_the_expected_text(ota_dir):
    """Declared selectors (ranges included) keep the text OTA expects and little else."""
    cases = list(_snapshot_cases(ota_dir))
    assert any(isinstance(x, dict) for _, spec, _, _ in cases for x in spec["select"])
    for row, spec, page, expected_file in cases:
        service = parse_declaration({"name": row["service"], "terms": {row["terms_type"]: spec}})
        declaration = service.documents[row["terms_type"]].as_extract_declaration()
        kept = _words(" ".join(strings(apply_declaration(parse_html(page.read_text(errors="replace")), declaration))))
        expected = _words(expected_file.read_text())
        kept_set, expected_set = set(kept), set(expected)
        recall = sum(w in kept_set for w in expected) / len(expected)
        precision = sum(w in expected_set for w in kept) / max(1, len(kept))
        assert recall >= 0.9 and precision >= 0.95, (row["dir"], recall, precision)
