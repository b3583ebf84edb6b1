"""The parts of the year-end evaluation, named once. A part is either
WEIGHTED (a score 0–100, weighed by `appraisal.weight_<name>`) or a
DEDUCTION (points taken off). Each has a source: a function
`fn(year, department_ids) -> {department_id: value}` that reads the app
owning the figure; a department the source does not mention has no value
(weighted: absent, renormalised away; deduction: 0).

The sources live in `appraisal/sources.py` and are plugged in here by
`AppraisalConfig.ready`; a future part (say 群众满意度) registers a
`Part` and a source, and the year-end computation, the result report and
the scorecard pick it up.

Substantiated complaints and accountability points also lower the monthly
efficiency score (scores/formula.py) that "efficiency" averages, so the
year-end takes them only from a unit without an efficiency score (most
county governments): counted once either way (`formula.Rules.counted_in`)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal

WEIGHTED = "weighted"
DEDUCTION = "deduction"

Source = Callable[[int, Collection[int]], dict[int, Decimal]]


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    kind: str  # WEIGHTED | DEDUCTION
    origin: str  # where the figure comes from, as the report explains it


PARTS: dict[str, Part] = {
    part.name: part
    for part in (
        Part("targets", "目标任务", WEIGHTED, "目标责任书任务完成情况（已核实的进度，按权重）"),
        Part("efficiency", "机关效能", WEIGHTED, "已发布的月度效能考评得分的平均分"),
        Part("complaints", "效能投诉", DEDUCTION, "属实效能投诉件数 × 每件扣分"),
        Part("accountability", "效能问责", DEDUCTION, "年度内作出问责决定的扣分"),
        Part("inspection", "半年检查", DEDUCTION, "半年检查发现问题的扣分"),
    )
}

_SOURCES: dict[str, Source] = {}


def register_source(name: str, fn: Source) -> None:
    if name not in PARTS:
        raise ValueError(f"unknown appraisal part {name!r}; known: {sorted(PARTS)}")
    _SOURCES[name] = fn


def source(name: str) -> Source | None:
    return _SOURCES.get(name)


def weighted_parts() -> list[Part]:
    return [p for p in PARTS.values() if p.kind == WEIGHTED]


def deduction_parts() -> list[Part]:
    return [p for p in PARTS.values() if p.kind == DEDUCTION]


def collect(year: int, department_ids: Collection[int]) -> dict[str, dict[int, Decimal]]:
    """Every registered part's values for the year; a part without a source
    gives nothing (so its weight is renormalised away for everyone)."""
    return {
        name: {k: Decimal(v) for k, v in fn(year, department_ids).items() if v is not None}
        for name, fn in _SOURCES.items()
    }
