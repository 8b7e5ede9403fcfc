"""The comparison report as Markdown: the same sections and figures as the HTML report.

For pasting into an article draft, a wiki or an issue; charts become tables.
"""

from __future__ import annotations

from .html import DOC_TYPE_NAMES, comparison_totals


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def _services(comparison) -> list[str]:
    rows = [
        [f"[{s.name}](#{s.anchor})", s.grade or "not graded",
         f"{s.grade_score:.1f}" if s.grade_score is not None else "–", len(s.documents),
         s.total("clause_count"), s.total("flagged"), s.total("clearly_unfair"),
         s.counts("verdict_counts")["violated"]]
        for s in comparison.services
    ]
    header = ["Service", "Grade", "Points", "Documents", "Clauses", "Flagged", "Clearly unfair", "Terms violated"]
    lede = ("Each service gets the worst grade of its graded documents (A best, E worst). A document that no "
            "unfair-clause model reads is not graded: it is left out of the grade counts and the ranking.")
    return ["## Grades", "", lede, ""] + _table(header, rows)


def _heat_tables(comparison) -> list[str]:
    lines = ["## Where the problems are", ""]
    for title, labels, attribute, read in (
        ("Unfair clauses per category", comparison.unfair_labels, "unfair_counts", "unfair_read"),
        ("Data-harvesting practices", comparison.flag_labels, "flag_counts", "data_read"),
    ):
        if not labels:
            continue
        rows = [[s.row_name(read)] + [s.counts(attribute).get(key, 0) or "·" for key, _ in labels]
                for s in comparison.services]
        lines += [f"### {title}", ""] + _table(["Service"] + [name for _, name in labels], rows)
    return lines


def _document(document) -> list[str]:
    view = document.view
    kind = DOC_TYPE_NAMES.get(document.doc_type, "Document")
    lines = [f"#### {kind}: {document.title} ({f'grade {document.grade}' if document.grade else 'not graded'})", "",
             f"{document.doc_type} · {document.language} · {document.words} words · `{document.source}`", "",
             view.summary, ""]
    lines += [f"*{view.coverage_note}*", ""] if view.coverage_note else []
    lines += [f"- {driver}" for driver in view.grade_drivers] + ([""] if view.grade_drivers else [])
    section = None
    for item in view.flagged:
        if item.section != section:
            section = item.section
            lines += [f"**§ {section or '(no section heading)'}**", ""]
        lines += [f"> “{item.quote}”", ">", f"> *{' + '.join(item.labels)} — {item.level_name}*", ""]
    for verdict in (v for v in view.verdicts if v.verdict == "violated"):
        lines += [f"- ✗ Violates your term: {verdict.statement} ({verdict.profile}/{verdict.term_id})"]
    return lines + [""]


def render_comparison_markdown(comparison) -> str:
    """The comparison report for a scan, as GitHub-flavoured Markdown."""
    totals = comparison_totals(comparison)
    lines = [
        f"# {comparison.title}", "",
        f"{len(comparison.services)} services · {len(comparison.documents)} documents · "
        f"{totals['clauses']} clauses read · {totals['flagged']} flagged unfair ({totals['clear']} clearly) · "
        f"{len(comparison.not_graded)} not graded · {comparison.error_count} inputs not analysed · data as of {comparison.data_as_of[:10] or 'unknown'}", "",
    ]
    lines += _services(comparison)
    lines += ["### Graded documents per grade", ""] + _table(list(comparison.grade_distribution),
                                                       [list(comparison.grade_distribution.values())])
    lines += _heat_tables(comparison)
    lines += ["## Service by service", ""]
    for service in comparison.services:
        grade = f"grade {service.grade}" if service.grade else "not graded"
        lines += [f'<a id="{service.anchor}"></a>', f"### {service.name} ({grade})", ""]
        for document in service.documents:
            lines += _document(document)
    lines += ["## Methodology", "",
              "Text extracted, split into clauses and classified; unfair categories follow CLAUDETTE "
              "(EU Unfair Contract Terms Directive), data practices follow OPP-115. Grades add penalty points "
              "for findings and list what drove them. Classifiers make mistakes: every flag quotes its clause.", ""]
    if comparison.models:
        lines += _table(["Model", "Version", "Measured accuracy", "Model card"],
                        [[m.name, m.version, m.accuracy, m.card] for m in comparison.models])
    if comparison.figures:
        lines += ["### How sure each category is", ""]
        lines += _table(["Kind", "Category", "Precision · recall (by language)", "Measured by"],
                        [[f.kind, f.name, "; ".join(f"{lang} {p:.2f} · {r:.2f}" for lang, (p, r) in f.by_language.items()),
                          f.measured] for f in comparison.figures])
    return "\n".join(lines).rstrip() + "\n"
