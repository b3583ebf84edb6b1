"""The quarterly comparison (季评比) as a pure function over plain rows: the
database gives one row per leaf task (its standard and its latest verified
report up to the quarter's end) and the late reports per unit; this module
turns them into the ranked rows.

    completion(unit) = 100 × Σ weight × completion(task) / Σ weight
    score(unit)      = max(0, completion − late reports × late_report_points)

A task finished by the quarter's end counts as complete; otherwise its
completion is `targets.standard.completion` of its latest verified report.
Counties and city departments are ranked apart (两类排名); equal scores share
a rank (1, 1, 3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from xiaoneng.targets.standard import completion

from .formula import competition_ranks, money

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class TaskFigures:
    """One leaf task as of the quarter's end."""

    department_id: int  # the unit whose book holds the task
    weight: Decimal
    standard_kind: str
    baseline: Decimal | None
    target_value: Decimal | None
    value: Decimal | None  # of the latest verified report ≤ quarter end (None: none)
    percent: int | None
    done: bool  # finished on or before the quarter's end


@dataclass(frozen=True, slots=True)
class QuarterFigures:
    department_id: int
    klass: str
    tasks: int
    completion: Decimal  # 0–100, two places
    late_reports: int
    deducted: Decimal
    score: Decimal
    rank: int


def task_completion(task: TaskFigures) -> Decimal:
    if task.done:
        return ONE
    return completion(
        task.standard_kind, task.baseline, task.target_value, task.value, task.percent
    )


def rank_quarter(
    tasks: Iterable[TaskFigures],
    late: Mapping[int, int],
    classes: Mapping[int, str],
    late_points: Decimal,
) -> list[QuarterFigures]:
    """The ranked rows, class by class (in `classes` order), best first.
    A unit with no leaf task is not ranked."""
    weights: dict[int, Decimal] = {}
    done: dict[int, Decimal] = {}
    counts: dict[int, int] = {}
    for task in tasks:
        dept = task.department_id
        weights[dept] = weights.get(dept, ZERO) + task.weight
        done[dept] = done.get(dept, ZERO) + task.weight * task_completion(task)
        counts[dept] = counts.get(dept, 0) + 1
    by_class: dict[str, list[tuple[int, Decimal, Decimal, Decimal]]] = {
        k: [] for k in dict.fromkeys(classes.values())
    }
    for dept in counts:
        share = done[dept] / weights[dept] if weights[dept] > 0 else ZERO
        pct = money(HUNDRED * share)
        deducted = money(late_points * late.get(dept, 0))
        by_class.setdefault(classes.get(dept, "city"), []).append(
            (dept, pct, deducted, max(ZERO, pct - deducted))
        )
    rows: list[QuarterFigures] = []
    for klass, members in by_class.items():
        members.sort(key=lambda m: (-m[3], m[0]))
        ranks = competition_ranks([m[3] for m in members])
        rows += [
            QuarterFigures(
                department_id=dept,
                klass=klass,
                tasks=counts[dept],
                completion=pct,
                late_reports=late.get(dept, 0),
                deducted=deducted,
                score=score,
                rank=rank,
            )
            for (dept, pct, deducted, score), rank in zip(members, ranks, strict=True)
        ]
    return rows
