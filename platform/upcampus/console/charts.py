"""A horizontal bar chart drawn on the server as SVG: no script, readable by screen
readers (a title and a description name it; the page shows the same figures as a table
beside it), and every text escaped."""

from __future__ import annotations

from markupsafe import Markup

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 22, 8, 190, 300, 60


def bar_chart(title: str, description: str, rows: list[tuple[str, int]],
              colour: str = "#1d4f91") -> Markup:
    """One bar per (label, value); `colour` must read on white (it is the bars' and the
    values' colour: #1d4f91 passes 4.5:1)."""
    top = max((value for _label, value in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [Markup('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
                    'role="img" aria-labelledby="chart-title chart-desc" class="chart" '
                    'preserveAspectRatio="xMinYMin meet">').format(width, height),
             Markup('<title id="chart-title">{}</title>').format(title),
             Markup('<desc id="chart-desc">{}</desc>').format(description)]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        bar = round(BAR_WIDTH * value / top)
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(Markup(
            '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="#1f1f1f">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}" font-size="13" fill="#1f1f1f">{}</text>').format(
            LABEL_WIDTH - 6, y + 16, short, LABEL_WIDTH, y, bar, BAR_HEIGHT, colour,
            LABEL_WIDTH + bar + 6, y + 16, int(value)))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
