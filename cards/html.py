"""HTML for pages and exports Kravbot writes (status report, public status page, the Teams tab):
server-side SVG charts, each followed by a table of the same numbers, and one self-contained
page shell. Every value is escaped; nothing is fetched from elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Final

# Chart bars are coloured by a class (the page's theme sets the colour); the numbers are also
# written next to each bar and in the table, so colour never carries meaning alone.
BAR_HEIGHT: Final = 22
LABEL_WIDTH: Final = 190
PLOT_WIDTH: Final = 360
PAGE_CSS: Final = """
:root { --bg: #ffffff; --fg: #242424; --muted: #616161; --line: #d1d1d1; --accent: #5b5fc7;
  --good: #107c10; --warning: #8a5a00; --attention: #c4314b; --focus: #000000; }
[data-theme="dark"] { --bg: #1f1f1f; --fg: #ffffff; --muted: #c8c8c8; --line: #5c5c5c;
  --accent: #9ea2ff; --good: #6ccb5f; --warning: #f0c26b; --attention: #ff99a4; --focus: #ffffff; }
[data-theme="contrast"] { --bg: #000000; --fg: #ffffff; --muted: #ffffff; --line: #ffffff;
  --accent: #ffff00; --good: #3ff23f; --warning: #ffff00; --attention: #ff8080; --focus: #ffff00; }
body { background: var(--bg); color: var(--fg); font: 16px/1.5 "Segoe UI", system-ui, sans-serif;
  margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1, h2, h3 { line-height: 1.25; }
p.muted, .muted { color: var(--muted); }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; }
td.num, th.num { text-align: right; }
svg text { fill: var(--fg); font-size: 13px; }
svg .bar-good { fill: var(--good); } svg .bar-warning { fill: var(--warning); }
svg .bar-attention { fill: var(--attention); } svg .bar-accent { fill: var(--accent); }
svg .axis { stroke: var(--line); }
a { color: var(--accent); }
a:focus, button:focus, select:focus, summary:focus { outline: 3px solid var(--focus);
  outline-offset: 2px; }
"""


def bar_svg(chart_id: str, title: str, bars: Sequence[tuple[str, int, str]]) -> str:
    """A horizontal bar chart of (label, value, colour class) as inline SVG, titled for screen
    readers; the page puts a table of the same numbers next to it."""
    top = max((value for _, value, _ in bars), default=0) or 1
    height = BAR_HEIGHT * len(bars) + 8
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [
        f'<svg id="{escape(chart_id)}" class="chart" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<line class="axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}"/>',
    ]
    for index, (label, value, colour) in enumerate(bars):
        y = index * BAR_HEIGHT + 4
        length = round(PLOT_WIDTH * max(value, 0) / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="bar-{escape(colour)}" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{BAR_HEIGHT - 6}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 15}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def table(caption: str, header: Sequence[str], rows: Sequence[Sequence[str | int]]) -> str:
    """A table with a caption and column headers; numbers are right-aligned."""
    head = "".join(f'<th scope="col">{escape(str(cell))}</th>' for cell in header)
    lines = [f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            number = isinstance(cell, int)
            if index == 0:
                cells.append(f'<th scope="row">{escape(str(cell))}</th>')
            else:
                css = ' class="num"' if number else ""
                cells.append(f"<td{css}>{escape(str(cell))}</td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</tbody></table>")
    return "".join(lines)


def chart_with_table(
    chart_id: str, title: str, bars: Sequence[tuple[str, int, str]], header: Sequence[str]
) -> str:
    """A chart and, right after it, the table of exactly its numbers."""
    rows = [(label, value) for label, value, _ in bars]
    return (
        f'<figure aria-labelledby="{escape(chart_id)}-caption">'
        f'<figcaption id="{escape(chart_id)}-caption">{escape(title)}</figcaption>'
        f"{bar_svg(chart_id, title, bars)}{table(title, header, rows)}</figure>"
    )


def page(language: str, title: str, body: str, *, theme: str = "light", head: str = "") -> str:
    """A self-contained HTML page: the styles inline, nothing loaded from elsewhere."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}" data-theme="{escape(theme)}">'
        f'<head><meta charset="utf-8"><meta name="viewport" '
        f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{PAGE_CSS}</style>{head}</head><body>{body}</body></html>\n"
    )
