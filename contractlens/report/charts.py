"""Inline SVG charts for the reports, written by hand so they are byte-identical across runs.

No plotting library: a bar chart and a heat map are a few dozen rectangles, and writing
them directly keeps reports deterministic (snapshot-testable), small, printable and free
of external requests. Every number is formatted with fixed precision.
"""

from __future__ import annotations

from html import escape

GRADE_COLOURS = {"A": "#1a9850", "B": "#91cf60", "C": "#fdd835", "D": "#fc8d59", "E": "#d73027"}
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""
CHAR_WIDTH = 7.0  # average glyph width at 12px, for laying out labels


def _n(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros: stable text across platforms."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _clip(text: str, width: float) -> str:
    limit = max(int(width / CHAR_WIDTH), 4)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def grade_chart_svg(distribution: dict[str, int], *, title: str = "Documents per grade") -> str:
    """A vertical bar chart: one bar per grade A–E, its count on top."""
    width, height, left, bottom, top = 360, 210, 36, 34, 28
    plot_h = height - bottom - top
    peak = max(distribution.values(), default=0) or 1
    slot = (width - left - 10) / max(len(distribution), 1)
    parts = [
        f'<svg class="chart grade-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" {FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#9aa3ad"/>',
    ]
    for tick in (0, peak / 2, peak):
        y = height - bottom - plot_h * tick / peak
        parts.append(f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end" fill="#5f6b76">{_n(tick)}</text>')
        parts.append(f'<line x1="{left}" y1="{_n(y)}" x2="{width - 10}" y2="{_n(y)}" stroke="#e3e7eb"/>')
    for i, (grade, count) in enumerate(distribution.items()):
        bar_h = plot_h * count / peak
        x = left + i * slot + slot * 0.18
        y = height - bottom - bar_h
        parts.append(
            f'<rect class="bar" data-grade="{grade}" data-count="{count}" x="{_n(x)}" y="{_n(y)}" '
            f'width="{_n(slot * 0.64)}" height="{_n(max(bar_h, 0.5))}" rx="3" fill="{GRADE_COLOURS.get(grade, "#888")}">'
            f"<title>{grade}: {count} document{'s' if count != 1 else ''}</title></rect>"
        )
        cx = x + slot * 0.32
        parts.append(f'<text x="{_n(cx)}" y="{_n(y - 6)}" text-anchor="middle" font-weight="600" fill="#1f2933">{count}</text>')
        parts.append(f'<text x="{_n(cx)}" y="{height - bottom + 18}" text-anchor="middle" font-weight="700" fill="#1f2933">{grade}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _heat_colour(value: int, peak: int) -> tuple[str, str]:
    """Fill and text colour for a cell: pale for zero, deepening red as the count grows."""
    if value <= 0:
        return "#f3f5f7", "#b4bcc4"
    share = min(value / max(peak, 1), 1.0) ** 0.6
    start, end = (254, 229, 217), (165, 15, 21)
    rgb = tuple(round(a + (b - a) * (0.15 + 0.85 * share)) for a, b in zip(start, end))
    return "#%02x%02x%02x" % rgb, ("#ffffff" if share > 0.45 else "#3b0a0a")


def heatmap_svg(rows: list[str], columns: list[str], values: list[list[int]], *, title: str,
                row_links: list[str] | None = None, cell: int = 26) -> str:
    """A rows × columns grid of counts; each cell holds its number, darker = more clauses."""
    label_w = min(max((len(r) for r in rows), default=4) * CHAR_WIDTH + 12, 210)
    header_h = min(max((len(c) for c in columns), default=4) * CHAR_WIDTH * 0.72 + 18, 160)
    width = round(label_w + cell * len(columns) + header_h)  # rotated labels lean right
    height = round(header_h + cell * len(rows) + 6)
    peak = max((v for row in values for v in row), default=0)
    parts = [
        f'<svg class="chart heatmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" {FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for j, column in enumerate(columns):
        x = label_w + cell * j + cell / 2
        parts.append(
            f'<text class="col-label" transform="translate({_n(x + 4)},{_n(header_h - 6)}) rotate(-45)" '
            f'fill="#1f2933">{escape(_clip(column, 200))}</text>'
        )
    for i, row in enumerate(rows):
        y = header_h + cell * i
        label = f'<text class="row-label" x="{_n(label_w - 8)}" y="{_n(y + cell / 2 + 4)}" text-anchor="end" fill="#1f2933">{escape(_clip(row, label_w - 12))}</text>'
        if row_links:
            label = f'<a href="#{escape(row_links[i])}">{label}</a>'
        parts.append(label)
        for j, value in enumerate(values[i]):
            fill, ink = _heat_colour(value, peak)
            x = label_w + cell * j
            parts.append(
                f'<rect class="cell" data-row="{i}" data-col="{j}" data-value="{value}" x="{_n(x + 1)}" '
                f'y="{_n(y + 1)}" width="{cell - 2}" height="{cell - 2}" rx="3" fill="{fill}">'
                f"<title>{escape(row)} · {escape(columns[j])}: {value}</title></rect>"
            )
            parts.append(
                f'<text x="{_n(x + cell / 2)}" y="{_n(y + cell / 2 + 4)}" text-anchor="middle" '
                f'font-size="11" fill="{ink}">{value if value else "·"}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
