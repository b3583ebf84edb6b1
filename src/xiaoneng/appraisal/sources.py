"""The sources of the year-end parts (parts.py), each reading the app that
owns the figure; plugged in by `AppraisalConfig.ready`.

- targets: the year's weighted completion (computations.year_targets);
- efficiency: the mean of the department's scores in the monthly rankings
  the supervision bureau PUBLISHED that year (scores) — a unit never ranked
  (no approval items: most county governments) has none, and its weights
  are renormalised;
- complaints: substantiated complaints of the year (complaints) × the points
  per complaint of the efficiency score (`score.complaint`);
- accountability: the points of the measures decided in the year (accountability);
- inspection: the points of the year's half-year inspection findings."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from django.db.models import Avg, Sum

from xiaoneng.accountability.selectors import deductions_by_unit
from xiaoneng.complaints.selectors import substantiated_by_unit
from xiaoneng.scores.models import RankingEntry
from xiaoneng.scores.periods import Period
from xiaoneng.system.params import get_param

from . import parts
from .computations import year_targets
from .formula import money
from .models import InspectionFinding


def _year(year: int) -> Period:
    return Period(year, "year", 1)


def efficiency(year: int, department_ids: Collection[int]) -> dict[int, Decimal]:
    # Published rankings are public by design (晒成绩单); their entries are frozen.
    rows = (
        RankingEntry.objects.filter(
            publication__month__year=year, department_id__in=list(department_ids)
        )
        .values("department_id")
        .annotate(mean=Avg("score"))
    )
    return {r["department_id"]: money(Decimal(r["mean"])) for r in rows if r["mean"] is not None}


def complaints(year: int, department_ids: Collection[int]) -> dict[int, Decimal]:
    each = Decimal(get_param("score.complaint"))
    counts = substantiated_by_unit(_year(year), "department")
    return {pk: each * n for pk, n in counts.items() if pk in department_ids and n}


def accountability(year: int, department_ids: Collection[int]) -> dict[int, Decimal]:
    points = deductions_by_unit(_year(year), "department")
    return {pk: Decimal(v) for pk, v in points.items() if pk in department_ids}


def inspection(year: int, department_ids: Collection[int]) -> dict[int, Decimal]:
    rows = (
        InspectionFinding.objects.filter(
            inspection__year=year, department_id__in=list(department_ids)
        )
        .values("department_id")
        .annotate(points=Sum("points"))
    )
    return {r["department_id"]: r["points"] for r in rows if r["points"]}


def register() -> None:
    parts.register_source("targets", year_targets)
    parts.register_source("efficiency", efficiency)
    parts.register_source("complaints", complaints)
    parts.register_source("accountability", accountability)
    parts.register_source("inspection", inspection)
