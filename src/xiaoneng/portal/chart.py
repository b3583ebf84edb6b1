"""The scorecard's monthly chart, drawn on the server as SVG coordinates (no
script, nothing fetched): a line of the published scores with a dot and the
value at each month, a gap where the department was not ranked. Pure Python."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 34, 48
STEP = 10  # score points between grid lines
DENSE = 6  # more months than this: a phone shows the dots without their values


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label_y: float  # where the value is written, above the dot
    value: str  # "83.00"
    text: str  # "2026年3月：83.00 分，第 2 名（共 5 个部门）"


@dataclass(frozen=True)
class Tick:
    x: float
    month: str  # "3月"
    year: str  # "2026" at the first month and every January, else ""


@dataclass(frozen=True)
class Grid:
    y: float
    label: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: float = WIDTH - RIGHT
    baseline: float = HEIGHT - BOTTOM
    grid_label_x: int = LEFT - 8
    month_y: float = HEIGHT - BOTTOM + 20
    year_y: float = HEIGHT - BOTTOM + 38
    dots: list[Dot] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # polyline `points`, one per unbroken run
    ticks: list[Tick] = field(default_factory=list)
    grid: list[Grid] = field(default_factory=list)
    summary: str = ""  # every value in words, for screen readers
    dense: bool = False  # too many months to write each value on a phone


@dataclass(frozen=True)
class Point:
    month: date
    label: str  # "2026年3月"
    score: Decimal | None
    rank: int | None
    ranked: int


def _bounds(scores: list[Decimal]) -> tuple[int, int, int]:
    """(bottom, top, grid step): at least 60–110, widened to hold every score,
    with grid lines at round numbers from the bottom to the top."""
    low, high = min(scores), max(scores)
    bottom = max(0, min(60, math.floor((low - 5) / STEP) * STEP))
    top = max(110, math.ceil(high / STEP) * STEP)
    step = STEP if top - bottom <= 6 * STEP else 2 * STEP
    return bottom, bottom + math.ceil((top - bottom) / step) * step, step


def describe(point: Point) -> str:
    if point.score is None:
        return f"{point.label}：未参评"
    return f"{point.label}：{point.score} 分，第 {point.rank} 名（共 {point.ranked} 个部门）"


def score_chart(points: list[Point]) -> Chart:
    """Coordinates of a score-by-month line chart on a WIDTH × HEIGHT canvas."""
    chart = Chart(summary="；".join(describe(p) for p in points), dense=len(points) > DENSE)
    scores = [p.score for p in points if p.score is not None]
    if not scores:
        return chart
    bottom, top, step = _bounds(scores)
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    slot = inner_w / len(points)

    def y_of(value: Decimal | int) -> float:
        return round(TOP + inner_h * (top - float(value)) / (top - bottom), 1)

    chart.grid = [Grid(y_of(v), str(v)) for v in range(bottom, top + 1, step)]
    run: list[str] = []
    previous_year = None
    for i, p in enumerate(points):
        x = round(LEFT + slot * (i + 0.5), 1)
        year = str(p.month.year) if p.month.year != previous_year else ""
        previous_year = p.month.year
        chart.ticks.append(Tick(x, f"{p.month.month}月", year))
        if p.score is None:
            if len(run) > 1:
                chart.lines.append(" ".join(run))
            run = []
            continue
        y = y_of(p.score)
        run.append(f"{x},{y}")
        chart.dots.append(Dot(x, y, round(y - 10, 1), f"{p.score}", describe(p)))
    if len(run) > 1:
        chart.lines.append(" ".join(run))
    return chart
