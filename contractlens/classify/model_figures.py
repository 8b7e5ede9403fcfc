"""How sure a finding is: each category's precision and recall, read from its model card.

The model cards (`models/<name>/model-card.md`) are where the measured figures live: document-
level cross-validation tables per category (per language for the unfair-clause model), written
when the model is evaluated. They are read here as data, never copied into code, so a person
sees the figures of the model that actually ran. A card or a table that is missing gives no
figures, and the outputs then say "not measured".
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import taxonomy

# (what the figures are of, model, heading that opens the section holding the table, kind of the
#  labels in it, how the figures were measured, in words)
SECTIONS = (
    ("unfair", "unfair", "## Cross-validated results", "unfair", "5-fold cross-validation by document"),
    ("unfair+encoder", "encoder", "## Cross-validated results", "unfair",
     "5-fold cross-validation by document, linear model + encoder"),
    ("practice", "practices", "## Held-out figures", "practice", "5-fold cross-validation by policy"),
    ("flag", "practices", "### Flags vs OPP-115 attributes", "flag", "5-fold cross-validation by policy, rules + labels"),
)
PRECISION = ("precision", "p", "shipped p")
RECALL = ("recall", "r")
_LANGUAGE_LINE = re.compile(r"^\*\*([a-z]{2})\*\*\s+[—-]")
_HEADING = re.compile(r"#+\s")
_NUMBER = re.compile(r"^\**(\d?\.\d+)\**$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_card(text: str, heading: str, kind: str) -> dict[str, dict[str, dict[str, float]]]:
    """{language: {label: {"precision", "recall"}}} from the tables under `heading` ("en" unless
    a '**de** — ...' line names another language)."""
    labels = taxonomy.ALL_KINDS[kind]
    figures: dict[str, dict[str, dict[str, float]]] = {}
    inside, lang, columns = False, "en", None
    for line in text.splitlines():
        if _HEADING.match(line):
            depth = len(line) - len(line.lstrip("#"))
            inside = line.strip().startswith(heading) or (inside and depth > heading.count("#"))
            columns = None
            continue
        if not inside:
            continue
        found = _LANGUAGE_LINE.match(line)
        if found:
            lang, columns = found.group(1), None
            continue
        if not line.startswith("|"):
            columns = None
            continue
        cells = _cells(line)
        header = [c.lower().strip("* ") for c in cells]
        if columns is None:
            p = next((i for i, c in enumerate(header) if c in PRECISION), None)
            r = next((i for i, c in enumerate(header) if c in RECALL), None)
            columns = (p, r) if p is not None and r is not None else None
            continue
        label = cells[0].split()[0].strip("*") if cells[0] else ""
        values = [_NUMBER.match(cells[i]) if i < len(cells) else None for i in columns]
        if label in labels and all(values):
            figures.setdefault(lang, {})[label] = {"precision": float(values[0].group(1)),
                                                   "recall": float(values[1].group(1))}
    return figures


@lru_cache(maxsize=None)
def card_figures() -> dict[str, dict]:
    """{key: {"measured": words, "card": path, "kind": label kind,
    "languages": {lang: {label: {precision, recall}}}}} for each key of SECTIONS."""
    from .registry import default_model_dir

    out: dict[str, dict] = {}
    for key, model, heading, kind, measured in SECTIONS:
        card = default_model_dir(model) / "model-card.md"
        text = card.read_text(encoding="utf-8", errors="replace") if card.is_file() else ""
        out[key] = {"measured": measured, "card": f"models/{model}/model-card.md", "kind": kind,
                    "languages": parse_card(text, heading, kind)}
    return out


def figures_for(kind: str, lang: str) -> dict[str, dict[str, float]]:
    """label -> {precision, recall} of `kind` (a key of SECTIONS) in `lang` (English figures for
    the English-only models)."""
    languages = card_figures().get(kind, {}).get("languages", {})
    return languages.get(lang) or ({} if kind.startswith("unfair") else languages.get("en", {}))


def measured_figures(analysis) -> dict[str, dict]:
    """What a reader of this analysis needs: per kind the models read, each category's figures
    (for unfair clauses, those of the models that ran: linear alone, or linear + encoder)."""
    kinds = [kind for kind, reader in (("unfair", "unfair"), ("practice", "practices"), ("flag", "flags"))
             if analysis.reads(reader)]
    lang = analysis.document.language
    out = {}
    for kind in kinds:
        key = "unfair+encoder" if kind == "unfair" and "encoder" in analysis.model_versions else kind
        out[kind] = {"measured": card_figures()[key]["measured"], "card": card_figures()[key]["card"],
                     "language": lang if kind == "unfair" else "en", "categories": figures_for(key, lang)}
    return out


def describe_figures(figures: dict | None) -> str:
    """'precision 0.48, recall 0.71' or 'not measured'."""
    if not figures:
        return "not measured"
    return f"precision {figures['precision']:.2f}, recall {figures['recall']:.2f}"
