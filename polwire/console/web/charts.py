"""Charts drawn on the server as inline SVG: they need no script and read in a screenshot."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

# Colour-blind-safe (Okabe-Ito) for lines; red is kept for what is wrong.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000")
BAD = "#c62828"
GRID = "#d9dde3"
INK = "#3a4048"


@dataclass(slots=True, frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    color: str = PALETTE[0]
    zero_is_bad: bool = False  # bars: a zero drawn as a red stub (a run that stored nothing)


@dataclass(slots=True, frozen=True)
class Marker:
    """A moment to point out on every chart of a source (a layout break)."""

    index: int
    label: str


def nice_ceiling(value: float, ticks: int = 4) -> float:
    """The axis top: ``ticks`` steps of 1, 2, 2.5 or 5 times a power of ten, at or above
    ``value``, so every gridline has a round label (0, 2, 4, 6, 8; never 1.2, 2.5, 3.8)."""
    if value <= 0:
        return float(ticks)
    raw = value / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= raw and (power >= 1 or step != 2.5):
            return step * power * ticks
    return 10 * power * ticks


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0f}%"
    if unit == "s":
        return f"{value / 60:.0f}m" if value >= 600 else f"{value:.0f}s"
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _tick(value: float, ymax: float, unit: str) -> str:
    """A gridline label: one unit along the whole axis (never 500s under 17m)."""
    if unit == "s" and ymax >= 600:
        return f"{value / 60:g}m"
    return _number(value, unit)


def _attrs(**values: object) -> str:
    return " ".join(
        f'{k.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for k, v in values.items()
    )


def chart(
    title: str,
    moments: Sequence[datetime],
    series: Sequence[Series],
    *,
    kind: str = "line",
    unit: str = "",
    markers: Sequence[Marker] = (),
    links: Sequence[str] = (),
    width: int = 560,
    height: int = 190,
    top: float | None = None,
) -> Markup:
    """A line or bar chart of runs in order (evenly spaced: runs are events, not a clock),
    with a y axis from zero, dates under the first, middle and last run, a legend, and
    ``markers`` drawn as red dashed lines. ``links`` (one per run) make points clickable."""
    legend = len(series) > 1 or bool(markers)
    # The legend has a row of its own under the title: beside it, long labels ran into it.
    left, right, head, foot = 46, 10, 44 if legend else 26, 30
    plot_w, plot_h = width - left - right, height - head - foot
    n = len(moments)
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" font-size="13" font-weight="600" fill="{INK}">'
        f"{escape(title)}</text>",
    ]
    known = [v for s in series for v in s.values if v is not None]
    ymax = top if top is not None else nice_ceiling(max(known, default=0.0))
    if top is None and unit == "s" and max(known, default=0.0) >= 600:
        ymax = nice_ceiling(max(known) / 60) * 60  # round minutes on every gridline
    if unit == "" and ymax < 4:
        ymax = 4.0  # counts: whole numbers on every gridline
    for i in range(5):
        y = head + plot_h - plot_h * i / 4
        out.append(f"<line {_attrs(x1=left, x2=left + plot_w, y1=y, y2=y, stroke=GRID)}/>")
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="{INK}">{escape(_tick(ymax * i / 4, ymax, unit))}</text>'
        )
    if n == 0:
        out.append(
            f'<text x="{left + plot_w / 2}" y="{head + plot_h / 2}" font-size="13" '
            f'text-anchor="middle" fill="{INK}">no finished runs yet</text></svg>'
        )
        return Markup("".join(out))

    slot = plot_w / n
    if known and not any(known) and kind == "bar":
        out.append(
            f'<text x="{left + plot_w / 2}" y="{head + plot_h / 2}" font-size="12" '
            f'text-anchor="middle" fill="{INK}">0 in all {n} runs</text>'
        )

    def x_at(i: int) -> float:
        return left + slot * (i + 0.5)

    def y_at(v: float) -> float:
        return head + plot_h - plot_h * min(v, ymax) / ymax

    for marker in markers:
        if 0 <= marker.index < n:
            x = x_at(marker.index)
            out.append(
                f"<line {_attrs(x1=x, x2=x, y1=head, y2=head + plot_h, stroke=BAD)} "
                f'stroke-width="1.5" stroke-dasharray="4 3"><title>{escape(marker.label)}'
                "</title></line>"
            )
    for k, s in enumerate(series):
        if kind == "bar":
            # Bars stay slim with few runs: a two-run history is not two walls of colour.
            bar_w = max(1.0, min(slot * 0.8, 28.0) / len(series))
            for i, v in enumerate(s.values):
                if v is None:
                    continue
                x = x_at(i) - bar_w * len(series) / 2 + bar_w * k
                y = y_at(v)
                h = max(head + plot_h - y, 2.0 if v == 0 and s.zero_is_bad else 0.0)
                fill = BAD if v == 0 and s.zero_is_bad else s.color
                rect = (
                    f'<rect x="{x:.1f}" y="{min(y, head + plot_h - h):.1f}" width="{bar_w:.1f}" '
                    f'height="{h:.1f}" fill="{fill}"><title>{escape(s.name)}: '
                    f"{escape(_number(v, unit))} ({moments[i]:%Y-%m-%d %H:%M})</title></rect>"
                )
                out.append(_linked(rect, links, i))
            continue
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_at(i):.1f},{y_at(v):.1f}")
        if segment:
            segments.append(segment)
        for points in segments:
            out.append(
                f'<polyline fill="none" stroke="{s.color}" stroke-width="2" '
                f'points="{" ".join(points)}"/>'
            )
        for i, v in enumerate(s.values):
            if v is not None and n <= 80:
                dot = (
                    f'<circle cx="{x_at(i):.1f}" cy="{y_at(v):.1f}" r="2.5" fill="{s.color}">'
                    f"<title>{escape(s.name)}: {escape(_number(v, unit))} "
                    f"({moments[i]:%Y-%m-%d %H:%M})</title></circle>"
                )
                out.append(_linked(dot, links, i))
    for i in sorted({0, n // 2, n - 1}):
        anchor = "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
        out.append(
            f'<text x="{x_at(i):.1f}" y="{height - 10}" font-size="11" text-anchor="{anchor}" '
            f'fill="{INK}">{moments[i]:%m-%d %H:%M}</text>'
        )
    legend_x = float(left)
    for s in series if legend else ():
        # Lines at the same value hide one another: the legend says each one's last value.
        latest = next((v for v in reversed(s.values) if v is not None), None)
        name = s.name if latest is None or len(series) == 1 else f"{s.name} {_number(latest, unit)}"
        out.append(
            f'<rect x="{legend_x:.0f}" y="24" width="10" height="10" fill="{s.color}"/>'
            f'<text x="{legend_x + 14:.0f}" y="33" font-size="11" fill="{INK}">'
            f"{escape(name)}</text>"
        )
        legend_x += 6.2 * len(name) + 22  # about what 11 px text takes, and a gap
    if markers:
        # On the title's row, at the right: the series' row can be full (coverage has five).
        end = width - right
        out.append(
            f'<line x1="{end - 82}" x2="{end - 70}" y1="12" y2="12" stroke="{BAD}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/><text x="{end}" y="16" '
            f'font-size="11" text-anchor="end" fill="{INK}">layout break</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def _linked(element: str, links: Sequence[str], i: int) -> str:
    if i < len(links):
        return f'<a href="{escape(links[i])}">{element}</a>'
    return element


def sparkline(values: Sequence[int], *, width: int = 120, height: int = 26) -> Markup:
    """Items per run as small bars, oldest first, a run that stored nothing as a red stub."""
    if not values:
        return Markup('<span class="muted">no finished run</span>')
    top = max(values) or 1
    slot = min(width / len(values), 8.0)  # a few runs are a few thin bars, not wide blocks
    width = max(round(slot * len(values)), 8)  # and the figure beside them stays close
    bar = max(1.0, slot * 0.8)
    # Whole numbers only go in: nothing here needs escaping (this runs 100 times a page).
    bars = "".join(
        f'<rect x="{i * slot + slot * 0.1:.1f}" y="{height - max(2.0, (height - 2) * v / top):.1f}"'
        f' width="{bar:.1f}" height="{max(2.0, (height - 2) * v / top):.1f}"'
        f' fill="{BAD if v == 0 else PALETTE[0]}"><title>{int(v)} stored</title></rect>'
        for i, v in enumerate(values)
    )
    label = f"items stored by the last {len(values)} runs, oldest first: " + ", ".join(
        str(int(v)) for v in values
    )
    return Markup(
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{label}">{bars}</svg>'
    )
