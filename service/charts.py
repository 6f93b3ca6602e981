"""Charts drawn on the server as SVG (图表): horizontal bars a reviewer reads at a glance — a city's
county totals (自评 / 建议 / 核定), their findings by kind, a submission's findings by area. No script and
no library is loaded, nothing leaves the machine, and colours are SVG attributes (the pages'
Content-Security-Policy allows no inline style)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

PALETTE = ["#8a1c1c", "#c77700", "#2f6f9f", "#5b8c3a", "#7a5aa6", "#9a9a9a", "#b5651d", "#3b8686", "#c2185b"]
LABEL_W, BAR_H, GAP, WIDTH = 150, 14, 10, 760


@dataclass
class Series:
    name: str
    colour: str


def _label(y: float, text: str) -> str:
    return f'<text x="{LABEL_W - 8}" y="{y:.1f}" font-size="12" text-anchor="end">{escape(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, colour: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" fill="{colour}">{title}</rect>'


def _value(x: float, y: float, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="11">{escape(text)}</text>'


def _legend(series: list[Series]) -> tuple[list[str], int]:
    """The legend, wrapped onto as many lines as the width needs, and the height it takes."""
    parts, x, y = [], LABEL_W, 6
    for s in series:
        width = 24 + 13 * len(s.name)
        if x + width > WIDTH and x > LABEL_W:
            x, y = LABEL_W, y + 18
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{s.colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 10}" font-size="12">{escape(s.name)}</text>')
        x += width
    return parts, y + 20


def _frame(height: float, title: str, body: list[str], legend: list[str]) -> Markup:
    svg = (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(legend)
        + "".join(body)
        + "</svg>"
    )
    return Markup(svg)


def grouped_bars(title: str, rows: list[tuple[str, list[float | None]]], names: list[str]) -> Markup:
    """One group of bars per row (a county: 自评 / 建议 / 核定 total), on one scale, values written at the
    end of each bar; a missing value draws nothing."""
    series = [Series(n, PALETTE[i % len(PALETTE)]) for i, n in enumerate(names)]
    top = max((v for _, values in rows for v in values if v is not None), default=0) or 1
    span = WIDTH - LABEL_W - 60
    legend, y = _legend(series)
    body = []
    for label, values in rows:
        group_h = BAR_H * len(values)
        body.append(_label(y + group_h / 2 + 4, label))
        for i, v in enumerate(values):
            if v is None:
                continue
            w = max(1.0, span * v / top)
            top_y = y + i * BAR_H
            body.append(_rect(LABEL_W, top_y, w, BAR_H - 2, series[i].colour, f"{series[i].name} {v:g}"))
            body.append(_value(LABEL_W + w + 4, top_y + BAR_H - 4, f"{v:g}"))
        y += group_h + GAP
    return _frame(y, title, body, legend)


def stacked_bars(title: str, rows: list[tuple[str, dict[str, int]]], order: list[str]) -> Markup:
    """One bar per row made of its counts by category (findings by kind or severity), in `order`, with
    the row's total at the end."""
    present = [c for c in order if any(counts.get(c) for _, counts in rows)]
    series = [Series(c, PALETTE[order.index(c) % len(PALETTE)]) for c in present]
    top = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    span = WIDTH - LABEL_W - 60
    legend, y = _legend(series)
    body = []
    for label, counts in rows:
        body.append(_label(y + BAR_H - 3, label))
        x = float(LABEL_W)
        for s in series:
            n = counts.get(s.name, 0)
            if n:
                w = span * n / top
                body.append(_rect(x, y, w, BAR_H, s.colour, f"{s.name} {n}"))
                x += w
        body.append(_value(x + 4, y + BAR_H - 3, str(sum(counts.values()))))
        y += BAR_H + GAP
    return _frame(y, title, body, legend)
