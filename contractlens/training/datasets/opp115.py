"""OPP-115 loader: privacy-policy segments with their data-practice categories and attributes.

Layout (see ../shared/corpora/README.md and opp115/readme.txt):
  sanitized_policies/<id>_<site>.html                          segments separated by "|||"
  consolidation/threshold-0.75-overlap-similarity/<id>_<site>.csv   one row per annotation

A segment carries a category when at least two distinct annotators gave it (the usual
majority rule: each policy had three annotators). In the consolidation files a practice that
2-3 annotators agreed on is ONE row whose annotation id starts with "C", and it names only one
of them (corpus manual, "Consolidation"): such a row counts as two annotators, the named one
and an unnamed other. Counting names alone would miss most agreement (e.g. "other" 306
instead of 841 majority segments, "audiences" 112 instead of 259). Attribute values (e.g. Third Party
Sharing "Purpose" = "Advertising") are kept per annotator so flag labels can apply the
same agreement rule. Any subset of policies works: only policies with both files are read.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ...taxonomy import OPP115_CATEGORIES

CONSOLIDATION = Path("consolidation") / "threshold-0.75-overlap-similarity"
MIN_ANNOTATORS = 2

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_BREAKS = re.compile(r"\s*\n\s*")


@dataclass
class Opp115Segment:
    """One policy segment: its policy, position, plain text, categories and attribute votes.

    `labels` holds the majority categories; `annotators[key]` counts everyone who gave `key`
    (training may use the minority votes as a softer signal; evaluation uses `labels`).
    `votes[(category_key, attribute, value)]` is the set of annotator ids that chose it.
    """

    policy: str
    index: int
    text: str
    labels: set[str] = field(default_factory=set)
    annotators: dict[str, int] = field(default_factory=dict)  # category key -> how many gave it
    votes: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)

    def has_attribute(self, category: str, attribute: str, values, min_annotators: int = MIN_ANNOTATORS) -> bool:
        """True when at least `min_annotators` annotators gave `attribute` one of `values`."""
        wanted = {values} if isinstance(values, str) else set(values)
        voters: set[str] = set()
        for (cat, attr, value), who in self.votes.items():
            if cat == category and attr == attribute and value in wanted:
                voters |= who
        return len(voters) >= min_annotators


def strip_html(fragment: str) -> str:
    """Plain text of one sanitized segment: <br> become newlines, other tags go, entities decode."""
    text = re.sub(r"<br\s*/?>", "\n", fragment, flags=re.I)
    text = html.unescape(_TAG.sub(" ", text))
    text = _SPACE.sub(" ", text)
    return _BREAKS.sub("\n", text).strip()


def policy_id(name: str) -> str:
    """The number a policy goes by in every folder of the corpus: "1017" of "1017_sci-news.com" (a sanitized
    policy) and of "1017_www.sci-news.com.html" (its page as downloaded)."""
    return Path(name).name.split("_", 1)[0]


def policy_names(corpus_dir) -> list[str]:
    """Names (<id>_<site>) of the policies that have both text and annotations, sorted."""
    root = Path(corpus_dir)
    texts = root / "sanitized_policies"
    annotations = root / CONSOLIDATION
    if not texts.is_dir() or not annotations.is_dir():
        raise InputError(f"{root} is not an OPP-115 corpus directory (needs sanitized_policies/ and {CONSOLIDATION}/).")
    names = sorted(p.stem for p in texts.glob("*.html") if (annotations / f"{p.stem}.csv").is_file())
    if not names:
        raise InputError(f"{root} holds no OPP-115 policy with both text and annotations.")
    return names


def _read_votes(csv_path: Path) -> dict[int, dict]:
    """segment index -> {"cats": {key: annotators}, "votes": {(key, attr, value): annotators}}."""
    per_segment: dict[int, dict] = defaultdict(lambda: {"cats": defaultdict(set), "votes": defaultdict(set)})
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 7 or row[5] not in OPP115_CATEGORIES:
                continue
            index, key = int(row[4]), OPP115_CATEGORIES[row[5]]
            who = _voters(row[0], row[2])
            entry = per_segment[index]
            entry["cats"][key].update(who)
            try:
                attributes = json.loads(row[6])
            except ValueError:
                attributes = {}
            for attribute, payload in attributes.items():
                value = payload.get("value") if isinstance(payload, dict) else None
                if value:
                    entry["votes"][(key, attribute, value)].update(who)
    return per_segment


def _voters(annotation_id: str, annotator: str) -> set[str]:
    """Who stands behind one consolidation row: a merged ("C...") practice had at least two
    annotators, of whom the row names one; the other is represented by the row's own id."""
    if annotation_id.startswith("C"):
        return {annotator, f"merged:{annotation_id}"}
    return {annotator}


def load_policy(corpus_dir, name: str) -> list[Opp115Segment]:
    """All segments of one policy, in order, with majority labels (empty text segments dropped)."""
    root = Path(corpus_dir)
    raw = (root / "sanitized_policies" / f"{name}.html").read_text(encoding="utf-8", errors="replace")
    votes = _read_votes(root / CONSOLIDATION / f"{name}.csv")
    segments = []
    for index, fragment in enumerate(raw.split("|||")):
        text = strip_html(fragment)
        if not text:
            continue
        entry = votes.get(index, {"cats": {}, "votes": {}})
        labels = {key for key, who in entry["cats"].items() if len(who) >= MIN_ANNOTATORS}
        counts = {key: len(who) for key, who in entry["cats"].items()}
        segments.append(Opp115Segment(name, index, text, labels, counts, dict(entry["votes"])))
    return segments


def load_segments(corpus_dir) -> list[Opp115Segment]:
    """Every segment of every policy in the corpus directory."""
    return [seg for name in policy_names(corpus_dir) for seg in load_policy(corpus_dir, name)]
