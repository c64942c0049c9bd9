"""A small horizontal bar chart as static SVG geometry; the markup is in templates/chart.svg.j2."""

from __future__ import annotations

from dataclasses import dataclass

#: Layout in SVG user units.
LABEL_WIDTH = 230
BAR_WIDTH = 250
VALUE_WIDTH = 170
ROW_HEIGHT = 30
TOP = 8
BOTTOM = 8


@dataclass(frozen=True)
class Bar:
    """One value: its label, the text shown after the bar, where it links, and its geometry."""

    label: str
    detail: str
    text: str
    href: str
    value: float
    y: float = 0.0
    width: float = 0.0


@dataclass(frozen=True)
class Chart:
    """Bars scaled to the largest value, from zero."""

    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    bar_width: int
    row_height: int


def bar_chart(title: str, bars: list[Bar]) -> Chart:
    """Lay out ``bars`` top to bottom; each bar's length is its value over the largest value."""
    top = max((bar.value for bar in bars), default=0.0)
    placed = []
    for i, bar in enumerate(bars):
        width = BAR_WIDTH * bar.value / top if top > 0 else 0.0
        placed.append(Bar(bar.label, bar.detail, bar.text, bar.href, bar.value,
                          y=round(TOP + i * ROW_HEIGHT, 1), width=round(max(width, 1.0), 1)))
    height = TOP + BOTTOM + ROW_HEIGHT * len(bars)
    return Chart(title, tuple(placed), LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH, height,
                 LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT)
