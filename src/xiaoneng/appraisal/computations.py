"""The computations behind the actions, reads only: the quarter's ranked
rows, a month's bulletin rows, the year-end units with their parts. Each is
a handful of set-based queries followed by the pure functions of
`quarter.py` and `formula.py`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.alert import AlertBounds
from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.org.models import Department
from xiaoneng.scores.periods import Period
from xiaoneng.system.params import get_param

from . import gather, parts
from .formula import UnitInputs
from .params import late_report_points
from .quarter import QuarterFigures, rank_quarter


def compute_quarter(
    year: int, quarter: int, late_points: Decimal | None = None
) -> list[QuarterFigures]:
    """The quarter's ranked rows (季评比), as of the quarter's last day."""
    period = Period(year, "quarter", quarter)
    months = [m.month for m in period.months()]
    points = late_report_points() if late_points is None else late_points
    return rank_quarter(
        gather.task_figures(year, months[-1], period.end),
        gather.late_reports(year, months),
        gather.classes(year),
        points,
    )


def year_targets(year: int, department_ids: Collection[int]) -> dict[int, Decimal]:
    """The part "targets": the year's weighted completion as of 31 December,
    less the late reports of the whole year."""
    period = Period(year, "year", 1)
    rows = rank_quarter(
        gather.task_figures(year, 12, period.end),
        gather.late_reports(year, list(range(1, 13))),
        gather.classes(year),
        late_report_points(),
    )
    wanted = set(department_ids)
    return {r.department_id: r.score for r in rows if r.department_id in wanted}


def bulletin_rows(year: int, month: int) -> list[dict[str, Any]]:
    """Each unit's line of the month's bulletin (月通报), as of the month's end:
    tasks, done, lights, the month's reports, the verified completion."""
    period = Period(year, "month", month)
    as_of = period.end
    bounds = AlertBounds.on(as_of, current_calendar(), get_param("target.warning_days"))
    lights: dict[int, dict[str, int]] = {}
    for unit, done_on, open_due in gather.bulletin_tasks(as_of):
        counts = lights.setdefault(unit, {"done": 0, "normal": 0, "warning": 0, "red": 0})
        if done_on is not None and done_on <= as_of:
            counts["done"] += 1
            continue
        level = bounds.level(open_due)
        counts["red" if level is AlertLevel.OVERDUE else str(level.value)] += 1
    reports = gather.report_counts(year, month)
    ranked = rank_quarter(
        gather.task_figures(year, month, as_of), {}, gather.classes(year), Decimal(0)
    )
    names = dict(Department.objects.filter(pk__in=lights).values_list("pk", "name"))
    out = []
    for r in ranked:
        counts = lights.get(r.department_id, {})
        months: Counter[str] = reports.get(r.department_id, Counter())
        out.append(
            {
                "department_id": r.department_id,
                "department": names.get(r.department_id, ""),
                "klass": r.klass,
                "tasks": r.tasks,
                "done": counts.get("done", 0),
                "on_schedule": counts.get("normal", 0),
                "behind": counts.get("warning", 0),
                "red": counts.get("red", 0),
                "reports_late": months.get("late", 0),
                "reports_returned": months.get("returned", 0),
                "reports_verified": months.get("verified", 0),
                "completion": str(r.completion),
            }
        )
    return out


def year_units(year: int) -> list[UnitInputs]:
    """Every unit with a signed book in `year`, with each part's value."""
    klasses = gather.classes(year)
    values = parts.collect(year, list(klasses))
    weighted = [p.name for p in parts.weighted_parts()]
    deductions = [p.name for p in parts.deduction_parts()]
    return [
        UnitInputs(
            department_id=pk,
            klass=klass,
            scores={name: values.get(name, {}).get(pk) for name in weighted},
            deductions={name: values.get(name, {}).get(pk, Decimal(0)) for name in deductions},
        )
        for pk, klass in klasses.items()
    ]
