"""Self-contained HTML: the multi-service comparison report and the single-document page.

One file, no external requests: CSS and the few lines of sorting script are inlined, and
charts are inline SVG from charts.py. Both pages share the template macros in
templates/_macros.html.j2, so a flagged clause looks the same everywhere.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from ..version import __version__
from ..types import Analysis
from .charts import grade_chart_svg, heatmap_svg
from .view import build_view


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("contractlens.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


DOC_TYPE_NAMES = {"terms": "Terms of service", "privacy": "Privacy policy", "cookies": "Cookie policy"}


def _render(template: str, **context) -> str:
    return _environment().get_template(template).render(version=__version__, doc_types=DOC_TYPE_NAMES, **context)


def _heatmaps(comparison) -> tuple[str, str]:
    services = comparison.services
    links = [s.anchor for s in services]
    unfair = [[s.counts("unfair_counts").get(key, 0) for key, _ in comparison.unfair_labels] for s in services]
    unfair_svg = heatmap_svg([s.row_name("unfair_read") for s in services], [name for _, name in comparison.unfair_labels],
                             unfair, title="Unfair clauses per service and category", row_links=links)
    flag_svg = ""
    if comparison.flag_labels:
        flags = [[s.counts("flag_counts").get(key, 0) for key, _ in comparison.flag_labels] for s in services]
        flag_svg = heatmap_svg([s.row_name("data_read") for s in services], [name for _, name in comparison.flag_labels], flags,
                               title="Data-harvesting practices per service", row_links=links)
    return unfair_svg, flag_svg


def comparison_totals(comparison) -> dict[str, int]:
    documents = comparison.documents
    return {
        "clauses": sum(d.clause_count for d in documents),
        "flagged": sum(d.flagged for d in documents),
        "clear": sum(d.clearly_unfair for d in documents),
    }


def render_comparison_html(comparison) -> str:
    """The comparison report for a scan (see contractlens.scan.summary.load_comparison)."""
    unfair_svg, flag_svg = _heatmaps(comparison)
    return _render(
        "comparison.html.j2",
        page_title=comparison.title,
        c=comparison,
        totals=comparison_totals(comparison),
        grade_chart=Markup(grade_chart_svg(comparison.grade_distribution)),
        unfair_heatmap=Markup(unfair_svg),
        flag_heatmap=Markup(flag_svg),
    )


def render_analyses_html(analyses: list[Analysis]) -> str:
    """One self-contained page for the documents of one `check` (e.g. a site's terms and privacy)."""
    views = [build_view(a) for a in analyses]
    title = " + ".join(v.title for v in views)
    return _render("analysis.html.j2", page_title=f"{title} — contractlens", views=views)


def render_analysis_html(analysis: Analysis) -> str:
    """One document's findings as a standalone page."""
    return render_analyses_html([analysis])
