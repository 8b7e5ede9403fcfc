"""Document types on a sample of Open Terms Archive documents."""

from __future__ import annotations

import json

from contractlens.classify.doctype import detect_doc_type
from contractlens.types import Document


def test_doc_type_accuracy_on_ota_sample(ota_dir):
    mapping = {"Terms of Service": "terms", "Privacy Policy": "privacy", "Trackers Policy": "cookies"}
    rows = [json.loads(line) for line in (ota_dir / "versions_index.jsonl").read_text().splitlines()]
    rows = [r for r in rows if r["terms_type"] in mapping][::4]
    right = 0
    for row in rows:
        text = (ota_dir / row["file"]).read_text(encoding="utf-8", errors="replace")
        title = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), "")
        right += detect_doc_type(Document(source=row["file"], title=title, text=text)) == mapping[row["terms_type"]]
    assert right / len(rows) >= 0.9
