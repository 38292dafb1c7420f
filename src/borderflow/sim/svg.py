"""Small self-contained SVG charts (no scripts, fonts or network assets)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

__all__ = ["COLOURS", "line_chart", "scatter_chart"]

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
_W, _H, _PAD = 420, 240, 44


def _ticks(top: float) -> list[float]:
    """About five round tick values from 0 to at least ``top``."""
    if top <= 0 or math.isnan(top):
        return [0.0, 1.0]
    raw = top / 5
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if step * m >= raw)
    return [step * i for i in range(math.ceil(top / step) + 1)]


def _frame(
    title: str,
    x_label: str,
    y_label: str,
    x_ticks: Sequence[tuple[float, str]],
    y_ticks: Sequence[float],
    x_max: float,
    y_max: float,
) -> list[str]:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" font-family="sans-serif" font-size="10">',
        f'<text x="{_W / 2}" y="14" text-anchor="middle" font-size="12">{escape(title)}</text>',
        f'<line x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - 10}" y2="{_H - _PAD}" stroke="#333"/>',
        f'<line x1="{_PAD}" y1="24" x2="{_PAD}" y2="{_H - _PAD}" stroke="#333"/>',
        f'<text x="{_W / 2}" y="{_H - 8}" text-anchor="middle">{escape(x_label)}</text>',
        f'<text x="12" y="{_H / 2}" text-anchor="middle" '
        f'transform="rotate(-90 12 {_H / 2})">{escape(y_label)}</text>',
    ]
    for value, label in x_ticks:
        x = _x(value, x_max)
        parts.append(f'<text x="{x:.1f}" y="{_H - _PAD + 14}" text-anchor="middle">{label}</text>')
    for value in y_ticks:
        y = _y(value, y_max)
        parts.append(f'<text x="{_PAD - 4}" y="{y + 3:.1f}" text-anchor="end">{value:g}</text>')
        parts.append(f'<line x1="{_PAD}" y1="{y:.1f}" x2="{_W - 10}" y2="{y:.1f}" stroke="#eee"/>')
    return parts


def _x(value: float, x_max: float) -> float:
    return _PAD + (_W - _PAD - 10) * (value / x_max if x_max else 0)


def _y(value: float, y_max: float) -> float:
    return _H - _PAD - (_H - _PAD - 24) * (value / y_max if y_max else 0)


def _legend(names: Sequence[str]) -> list[str]:
    return [
        f'<text x="{_W - 14}" y="{30 + 12 * i}" text-anchor="end" fill="{COLOURS[i % 4]}">'
        f"{escape(name)}</text>"
        for i, name in enumerate(names)
    ]


def line_chart(
    title: str,
    series: Mapping[str, Sequence[float]],
    y_label: str,
    dashed: frozenset[str] = frozenset(),
) -> str:
    """Lines of 24 hourly values, one per named series; ``dashed`` ones drawn thin and dashed."""
    finite = [v for values in series.values() for v in values if not math.isnan(v)]
    y_ticks = _ticks(max(finite, default=1.0))
    x_ticks = [(h, str(h)) for h in range(0, 24, 3)]
    parts = _frame(title, "hour of arrival", y_label, x_ticks, y_ticks, 23, y_ticks[-1])
    for i, (name, values) in enumerate(series.items()):
        points = " ".join(
            f"{_x(h, 23):.1f},{_y(v, y_ticks[-1]):.1f}"
            for h, v in enumerate(values)
            if not math.isnan(v)
        )
        colour = COLOURS[i % 4]
        style = (
            'stroke-width="1.5" stroke-dasharray="5 3"' if name in dashed else 'stroke-width="2"'
        )
        parts.append(f'<polyline fill="none" stroke="{colour}" {style} points="{points}"/>')
    return "\n".join([*parts, *_legend(list(series)), "</svg>"])


def scatter_chart(
    title: str, series: Mapping[str, Sequence[tuple[float, float]]], x_label: str, y_label: str
) -> str:
    """Points (x, y) per named series; axes start at 0."""
    xs = [x for points in series.values() for x, _ in points if not math.isnan(x)]
    ys = [y for points in series.values() for _, y in points if not math.isnan(y)]
    x_ticks_values = _ticks(max(xs, default=1.0))
    y_ticks = _ticks(max(ys, default=1.0))
    x_max = x_ticks_values[-1]
    x_ticks = [(v, f"{v:g}") for v in x_ticks_values]
    parts = _frame(title, x_label, y_label, x_ticks, y_ticks, x_max, y_ticks[-1])
    for i, points in enumerate(series.values()):
        colour = COLOURS[i % 4]
        parts.extend(
            f'<circle cx="{_x(x, x_max):.1f}" cy="{_y(y, y_ticks[-1]):.1f}" r="3" '
            f'fill="{colour}" fill-opacity="0.6"/>'
            for x, y in points
            if not (math.isnan(x) or math.isnan(y))
        )
    return "\n".join([*parts, *_legend(list(series)), "</svg>"])
