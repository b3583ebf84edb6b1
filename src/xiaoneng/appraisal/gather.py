"""What the computations read from targets, in a few set-based queries (the
province benchmark: 70,000 tasks and 840,000 reports ranked in seconds):
one row per leaf task with its latest verified report up to a month (a
correlated subquery on the (task, year, month) index), and counts grouped
by unit. Only signed books count: a draft book binds nobody yet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Least

from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.targets.models import (
    BookStatus,
    Milestone,
    ProgressReport,
    ReportStatus,
    Task,
)

from .quarter import TaskFigures


def leaf_tasks(year: int) -> QuerySet[Task]:
    return Task.objects.filter(book__year=year, book__status=BookStatus.SIGNED, is_leaf=True)


def _latest_verified(year: int, month: int) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(
        task=OuterRef("pk"), year=year, month__lte=month, status=ReportStatus.VERIFIED
    ).order_by("-month")


def task_figures(year: int, month: int, as_of: date) -> Iterator[TaskFigures]:
    """Each leaf task as of `as_of` (the period's last day): its latest
    verified report for a month ≤ `month` of `year`, and whether it was done."""
    latest = _latest_verified(year, month)
    rows = (
        leaf_tasks(year)
        .annotate(
            unit=F("book__department_id"),
            value_then=Subquery(latest.values("value")[:1]),
            percent_then=Subquery(latest.values("percent")[:1]),
        )
        .values_list(
            "unit",
            "weight",
            "standard_kind",
            "baseline",
            "target_value",
            "value_then",
            "percent_then",
            "done_on",
        )
    )
    for unit, weight, kind, baseline, target, value, percent, done_on in rows.iterator(5000):
        yield TaskFigures(
            department_id=unit,
            weight=weight,
            standard_kind=kind,
            baseline=baseline,
            target_value=target,
            value=value,
            percent=percent,
            done=done_on is not None and done_on <= as_of,
        )


def late_reports(year: int, months: list[int]) -> dict[int, int]:
    """Late progress reports per unit for the months given (whatever their status)."""
    rows = (
        ProgressReport.objects.filter(
            year=year,
            month__in=months,
            late=True,
            task__book__status=BookStatus.SIGNED,
            task__book__year=year,
        )
        .values("task__book__department_id")
        .annotate(n=Count("id"))
        .values_list("task__book__department_id", "n")
    )
    return dict(rows)


def classes(year: int) -> dict[int, str]:
    """The units with a signed book in `year` → their class, counties first."""
    units = (
        Department.objects.filter(target_books__year=year, target_books__status=BookStatus.SIGNED)
        .order_by("kind", "sort", "code")
        .values_list("pk", "kind")
    )
    ordered = sorted(units, key=lambda u: u[1] != DepartmentKind.COUNTY)
    return {pk: ("county" if kind == DepartmentKind.COUNTY else "city") for pk, kind in ordered}


def first_open_due(as_of: date) -> Any:
    """The earliest date still open on `as_of` — the deadline or an undone
    milestone — whose light is the task's light (lights are monotone in the date)."""
    milestone = (
        Milestone.objects.filter(task=OuterRef("pk"))
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=as_of))
        .values("task")
        .annotate(first=Min("due_on"))
        .values("first")
    )
    return Least(F("deadline"), Coalesce(Subquery(milestone[:1]), F("deadline")))


def bulletin_tasks(as_of: date) -> Iterator[tuple[int, date | None, date]]:
    """(unit, done_on, first open due date) of each leaf task, for the bulletin."""
    rows = (
        leaf_tasks(as_of.year)
        .annotate(unit=F("book__department_id"), open_due=first_open_due(as_of))
        .values_list("unit", "done_on", "open_due")
    )
    yield from rows.iterator(5000)


def report_counts(year: int, month: int) -> dict[int, Counter[str]]:
    """Per unit: the month's reports late, returned, verified, submitted."""
    rows = (
        ProgressReport.objects.filter(year=year, month=month, task__book__year=year)
        .values("task__book__department_id", "status", "late")
        .annotate(n=Count("id"))
    )
    out: dict[int, Counter[str]] = {}
    for r in rows:
        counter = out.setdefault(r["task__book__department_id"], Counter())
        counter[r["status"]] += r["n"]
        if r["late"]:
            counter["late"] += r["n"]
    return out


def dec(value: Decimal | None) -> str | None:
    """Decimals in JSON snapshots as strings (exact, and JSON has no decimal)."""
    return None if value is None else str(value)
