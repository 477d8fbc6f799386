"""Charts as inline SVG made by our code: horizontal bars, a heat map, distributions, S-curves.

Each function returns an ``<svg>`` string; every shape a reader counts is an
element with a class (``bar``, ``cell``, ``dot``, ``planned``, ``actual``) and
a ``<title>`` tooltip, so tests and screen readers see what a person sees.
"""

from __future__ import annotations

from kpiengine.core.numbers import format_number, round_half_up
from kpiengine.reports.html.page import esc

BLUE, GREY, RED, GREEN = "#2f6fab", "#9aa7b4", "#c0392b", "#2e8b57"


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = 1 if span <= 10 else 10 if span <= 100 else span / 5
    ticks, v = [], low
    while v <= high + 1e-9:
        ticks.append(v)
        v += step
    return ticks


def _grid(x, origin: float, high: float, top: int, height: int) -> list[str]:
    """The vertical grid lines of a horizontal chart and their numbers below it; `x` maps a value to its column."""
    return [f'<line x1="{x(t):.1f}" y1="{top - 4}" x2="{x(t):.1f}" y2="{height - 20}" stroke="#d5dde6"/>'
            f'<text x="{x(t):.1f}" y="{height - 6}" text-anchor="middle">{format_number(t)}</text>'
            for t in _ticks(origin, high)]


def bars(items: list[tuple[str, float | None]], low: float, high: float, label_width: int = 260,
         width: int = 720, title: str = "", levels=()) -> str:
    """Horizontal bars of scores on [min(0, low), high]; None draws no bar but keeps its row (marked '-')."""
    origin = min(0.0, low)
    row, top = 22, 24
    plot = width - label_width - 60
    height = top + row * len(items) + 24

    def x(v: float) -> float:
        return label_width + (v - origin) / ((high - origin) or 1) * plot

    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>']
    out += _grid(x, origin, high, top, height)
    for lv in levels:
        out.append(f'<line class="level" x1="{x(lv):.1f}" y1="{top - 4}" x2="{x(lv):.1f}" y2="{height - 20}" '
                   f'stroke="#7f8c8d" stroke-dasharray="3 3"/>')
    for n, (label, value) in enumerate(items):
        y = top + n * row
        short = label if len(label) <= 42 else label[:41] + "…"
        out.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end"><title>{esc(label)}</title>'
                   f'{esc(short)}</text>')
        if value is None:
            out.append(f'<text x="{x(origin) + 4:.1f}" y="{y + 14}" fill="{GREY}">-</text>')
            continue
        x0, x1 = sorted((x(origin), x(max(origin, min(value, high)))))
        out.append(f'<rect class="bar" x="{x0:.1f}" y="{y + 3}" width="{max(x1 - x0, 1):.1f}" height="{row - 6}" '
                   f'fill="{BLUE}"><title>{esc(label)}: {round_half_up(value, 4)}</title></rect>'
                   f'<text x="{x1 + 4:.1f}" y="{y + 14}">{round_half_up(value, 4)}</text>')
    out.append("</svg>")
    return "".join(out)


def _heat(value: float | None, low: float, high: float) -> str:
    if value is None:
        return "#eeeeee"
    t = max(0.0, min(1.0, (value - min(0.0, low)) / ((high - min(0.0, low)) or 1)))
    # red (0) → yellow (0.5) → green (1)
    if t < 0.5:
        r, g = 220, int(80 + 2 * t * 140)
    else:
        r, g = int(220 - (t - 0.5) * 2 * 170), 190
    return f"rgb({r},{g},90)"


def heat_map(units: list[str], columns: list[tuple[str, str]], scores: list[list], low: float, high: float) -> str:
    """Units down, indicators across; each cell coloured by its score on the scale, the score written in it."""
    cell_w, cell_h, left, top = 46, 22, 200, 130
    width = left + cell_w * len(columns) + 10
    height = top + cell_h * len(units) + 10
    out = [f'<svg class="chart heat" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>heat map</title>']
    for c, (ident, name) in enumerate(columns):
        cx = left + c * cell_w + cell_w / 2
        label = ident if len(ident) <= 20 else ident[:19] + "…"
        out.append(f'<text transform="translate({cx:.1f},{top - 6}) rotate(-55)"><title>{esc(name)} ({esc(ident)})'
                   f'</title>{esc(label)}</text>')
    for u, unit in enumerate(units):
        y = top + u * cell_h
        out.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{esc(unit)}</text>')
        for c, (ident, _name) in enumerate(columns):
            v = scores[u][c]
            shown = "-" if v is None else round_half_up(v, 2)
            out.append(f'<rect class="cell" x="{left + c * cell_w}" y="{y}" width="{cell_w - 1}" height="{cell_h - 1}"'
                       f' fill="{_heat(v, low, high)}"><title>{esc(unit)} · {esc(ident)}: {shown}</title></rect>'
                       f'<text x="{left + c * cell_w + cell_w / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                       f'font-size="10">{shown}</text>')
    out.append("</svg>")
    return "".join(out)


def distribution(rows: list[tuple[str, list[float]]], low: float, high: float, width: int = 720) -> str:
    """Per dimension: each unit's score as a dot, with min–max line and the median tick."""
    label_width, row, top = 260, 30, 20
    plot = width - label_width - 30
    origin = min(0.0, low)
    height = top + row * len(rows) + 24

    def x(v: float) -> float:
        return label_width + (v - origin) / ((high - origin) or 1) * plot

    out = [f'<svg class="chart dist" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>distribution</title>']
    out += _grid(x, origin, high, top, height)
    for n, (label, values) in enumerate(rows):
        y = top + n * row + row / 2
        out.append(f'<text x="{label_width - 6}" y="{y + 4:.1f}" text-anchor="end">{esc(label)}</text>')
        if not values:
            continue
        ordered = sorted(values)
        mid = len(ordered) // 2
        median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        out.append(f'<line x1="{x(ordered[0]):.1f}" y1="{y:.1f}" x2="{x(ordered[-1]):.1f}" y2="{y:.1f}" '
                   f'stroke="{GREY}" stroke-width="2"/>')
        out.append(f'<line class="median" x1="{x(median):.1f}" y1="{y - 9:.1f}" x2="{x(median):.1f}" '
                   f'y2="{y + 9:.1f}" stroke="{RED}" stroke-width="2"><title>median {round_half_up(median, 4)}'
                   f'</title></line>')
        for v in values:
            out.append(f'<circle class="dot" cx="{x(v):.1f}" cy="{y:.1f}" r="4" fill="{BLUE}" fill-opacity="0.6">'
                       f'<title>{round_half_up(v, 4)}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def s_curve(planned: list[tuple[float, float]], actual: tuple[float, float] | None, today: float,
            month_labels: list[str], width: int = 640, height: int = 240, title: str = "") -> str:
    """Planned cumulative progress (0–100) over the fiscal year's days (0–1) as a line; the actual
    progress at the date as a point; the date as a vertical line."""
    left, right, top, bottom = 40, 10, 10, 40
    pw, ph = width - left - right, height - top - bottom

    def x(t: float) -> float:
        return left + t * pw

    def y(p: float) -> float:
        return top + (1 - p / 100) * ph

    out = [f'<svg class="chart scurve" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>']
    for p in (0, 25, 50, 75, 100):
        out.append(f'<line x1="{left}" y1="{y(p):.1f}" x2="{width - right}" y2="{y(p):.1f}" stroke="#e3e8ee"/>'
                   f'<text x="{left - 4}" y="{y(p) + 4:.1f}" text-anchor="end">{p}</text>')
    for n, label in enumerate(month_labels):
        t = (n + 0.5) / len(month_labels)
        out.append(f'<text x="{x(t):.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="10">'
                   f'{esc(label)}</text>')
    points = " ".join(f"{x(t):.1f},{y(p):.1f}" for t, p in planned)
    out.append(f'<polyline class="planned" points="{points}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    out.append(f'<line class="today" x1="{x(today):.1f}" y1="{top}" x2="{x(today):.1f}" y2="{top + ph}" '
               f'stroke="{GREY}" stroke-dasharray="4 3"/>')
    if actual is not None:
        t, p = actual
        out.append(f'<circle class="actual" cx="{x(t):.1f}" cy="{y(p):.1f}" r="6" fill="{GREEN}">'
                   f'<title>{format_number(p, 2)}</title></circle>')
    out.append("</svg>")
    return "".join(out)
