"""Reads of the scores app, scoped by the actor's data scope. The public
portal calls `published_ranking(month)`, `published_months()` and
`published_history(department)` (published rankings are public by design:
晒成绩单、晾排行榜, seed art. 15)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q, QuerySet

from xiaoneng.cases.models import Case
from xiaoneng.org.authority import EVERYTHING, has_perm, scope_q
from xiaoneng.org.models import Department

from . import metrics
from .figures import Figures
from .formula import competition_ranks, mean_score
from .models import MonthlyMetric, RankingEntry, RankingPublication
from .periods import Period, month_start

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def may_view(actor: Actor) -> bool:
    return has_perm(actor, "score.view") or has_perm(actor, "score.publish")


def may_publish(actor: Actor) -> bool:
    return has_perm(actor, "score.publish")


def _dept_scope(actor: Actor) -> Q:
    return scope_q(actor, dept_field="department")


def visible_departments(actor: Actor) -> QuerySet[Department]:
    return Department.objects.filter(scope_q(actor, dept_field=""))


def sees_everything(actor: Actor) -> bool:
    return scope_q(actor, dept_field="") is EVERYTHING


# --- department figures (from the monthly rollup) -------------------------------------


@dataclass
class Row:
    """One unit's line in a table: figures, score (mean of monthly scores for
    longer periods), rank among the rows it was ranked with."""

    unit_id: int
    name: str
    figures: Figures
    score: Decimal | None = None
    rank: int | None = None
    months: int = 0

    @property
    def department_id(self) -> int:
        return self.unit_id


def department_rows(actor: Actor, period: Period, *, department: int | None = None) -> list[Row]:
    """Department figures of a period, summed over its stored months; score =
    mean of the monthly scores. Sorted by score, ranked."""
    qs = MonthlyMetric.objects.filter(
        _dept_scope(actor), month__gte=period.start, month__lte=period.end
    ).select_related("department")
    if department is not None:
        qs = qs.filter(department_id=department)
    by_dept: dict[int, list[MonthlyMetric]] = defaultdict(list)
    names: dict[int, str] = {}
    for m in qs.order_by("department_id", "month"):
        by_dept[m.department_id].append(m)
        names[m.department_id] = m.department.name
    rows = [
        Row(
            unit_id=d,
            name=names[d],
            figures=Figures.total(Figures.from_row(m) for m in months),
            score=mean_score(m.score for m in months),
            months=len(months),
        )
        for d, months in by_dept.items()
    ]
    return _ranked(rows)


def _ranked(rows: list[Row]) -> list[Row]:
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.name))
    for row, rank in zip(rows, competition_ranks([r.score for r in rows]), strict=True):
        row.rank = rank
    return rows


def unit_rows(actor: Actor, period: Period, level: str) -> list[Row]:
    """Window or staff figures of a period, computed live (no score: the
    score is the department's)."""
    departments = None if sees_everything(actor) else visible_departments(actor)
    figures = metrics.compute(period, level, departments=departments)
    names = metrics.unit_names(level, figures)
    rows = [Row(unit_id=u, name=names.get(u, str(u)), figures=f) for u, f in figures.items()]
    rows.sort(key=lambda r: (-r.figures.completed, -r.figures.accepted, r.name))
    return rows


# --- rankings ------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedRow:
    rank: int
    department_id: int
    department_name: str
    score: Decimal
    figures: Figures


def ranked_rows(month: date) -> list[RankedRow]:
    """The draft ranking of a month from the rollup: one indexed read
    (`monthly_metric_rank`), every department ranked."""
    rows = list(
        MonthlyMetric.objects.filter(month=month_start(month))
        .select_related("department")
        .order_by("-score", "department__sort", "department__code")
    )
    ranks = competition_ranks([r.score for r in rows])
    return [
        RankedRow(
            rank=rank or 0,
            department_id=r.department_id,
            department_name=r.department.name,
            score=r.score,
            figures=Figures.from_row(r),
        )
        for r, rank in zip(rows, ranks, strict=True)
    ]


def draft_ranking(actor: Actor, month: date) -> list[RankedRow]:
    """The draft (未发布) ranking as the actor may see it: ranks are among all
    departments; rows outside the actor's scope are left out."""
    rows = ranked_rows(month)
    if sees_everything(actor):
        return rows
    visible = set(visible_departments(actor).values_list("pk", flat=True))
    return [r for r in rows if r.department_id in visible]


@dataclass(frozen=True)
class PublishedRow:
    rank: int
    department_id: int
    department_name: str
    score: Decimal
    figures: dict[str, Any]


@dataclass(frozen=True)
class PublishedRanking:
    month: date
    label: str
    published_at: datetime
    publisher: str
    note: str
    weights: dict[str, int]
    rows: list[PublishedRow] = field(default_factory=list)


def published_ranking(month: date | str) -> PublishedRanking | None:
    """A month's ranking as published by the supervision bureau, frozen;
    None when that month is not published. Public: no actor needed.
    `month`: any day of the month, or '2026-03'."""
    if isinstance(month, str):
        month = Period.parse(month).start
    publication = (
        RankingPublication.objects.filter(month=month_start(month))
        .select_related("published_by")
        .first()
    )
    if publication is None:
        return None
    return PublishedRanking(
        month=publication.month,
        label=Period.month(publication.month).label,
        published_at=publication.published_at,
        publisher=publication.published_by.display_name,
        note=publication.note,
        weights=dict(publication.weights),
        rows=[
            PublishedRow(e.rank, e.department_id, e.department_name, e.score, dict(e.figures))
            for e in publication.entries.order_by("rank", "department_name")
        ],
    )


def published_months() -> list[date]:
    """The months with a published ranking, latest first (for the portal)."""
    return list(RankingPublication.objects.order_by("-month").values_list("month", flat=True))


@dataclass(frozen=True)
class PublishedMonth:
    """One department's line in one published ranking; rank and score are
    None when the department was not ranked that month (nothing to count)."""

    month: date
    label: str
    ranked: int  # departments ranked that month
    rank: int | None = None
    score: Decimal | None = None
    figures: dict[str, Any] = field(default_factory=dict)


def published_history(department: int, *, months: int = 12) -> list[PublishedMonth]:
    """A department's lines in the latest `months` published rankings, oldest
    first; [] when nothing is published. Public: no actor needed. Two queries."""
    publications = list(
        RankingPublication.objects.order_by("-month").annotate(ranked=Count("entries"))[:months]
    )
    entries = {
        e.publication_id: e
        for e in RankingEntry.objects.filter(
            publication__in=[p.pk for p in publications], department_id=department
        )
    }
    out = []
    for p in reversed(publications):
        entry = entries.get(p.pk)
        out.append(
            PublishedMonth(
                month=p.month,
                label=Period.month(p.month).label,
                ranked=p.ranked,
                rank=entry.rank if entry else None,
                score=entry.score if entry else None,
                figures=dict(entry.figures) if entry else {},
            )
        )
    return out


# --- history and drill-down ---------------------------------------------------------


def department_history(
    actor: Actor, department: int, *, until: date, months: int = 12
) -> list[tuple[date, Decimal | None]]:
    """(month, score) for the last `months` months up to `until`, None where
    there is no row. Scoped: a department outside the actor's scope has no history."""
    first = month_start(until)
    for _ in range(months - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    stored = dict(
        MonthlyMetric.objects.filter(
            _dept_scope(actor), department_id=department, month__gte=first, month__lte=until
        ).values_list("month", "score")
    )
    out = []
    m = first
    for _ in range(months):
        out.append((m, stored.get(m)))
        m = date(m.year + m.month // 12, m.month % 12 + 1, 1)
    return out


def cases_in_scope(actor: Actor) -> QuerySet[Case]:
    return Case.objects.filter(scope_q(actor))


def cases_behind(
    actor: Actor, period: Period, level: str, unit: int, figure: str
) -> QuerySet[Case]:
    """The cases counted in one figure, within the actor's scope."""
    return (
        metrics.cases_behind(period, level, unit, figure, visible=cases_in_scope(actor))
        .select_related("item", "department")
        .order_by("-id")
    )


# --- the leaders' 驾驶舱 ----------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """A department in the latest published ranking and the one before it:
    its rank there, the number ranked, and the move since (positive: up)."""

    month: date
    rank: int | None
    ranked: int
    previous: int | None

    @property
    def move(self) -> int | None:
        if self.rank is None or self.previous is None:
            return None
        return self.previous - self.rank


def latest_standings(departments: list[int]) -> dict[int, Standing]:
    """Each department's place in the two latest published rankings (public
    figures: 晒成绩单). Two queries; {} when nothing is published."""
    publications = list(
        RankingPublication.objects.order_by("-month").annotate(ranked=Count("entries"))[:2]
    )
    if not publications:
        return {}
    ranks: dict[tuple[int, int], int] = {
        (publication_id, department_id): rank
        for publication_id, department_id, rank in RankingEntry.objects.filter(
            publication__in=[p.pk for p in publications], department_id__in=departments
        ).values_list("publication_id", "department_id", "rank")
    }
    latest = publications[0]
    before = publications[1] if len(publications) > 1 else None
    return {
        d: Standing(
            month=latest.month,
            rank=ranks.get((latest.pk, d)),
            ranked=latest.ranked,
            previous=ranks.get((before.pk, d)) if before else None,
        )
        for d in departments
    }


def rollup_stamp(actor: Actor, period: Period) -> datetime | None:
    """When the period's rollup in the actor's scope was last computed (数据截至)."""
    stamp: datetime | None = MonthlyMetric.objects.filter(
        _dept_scope(actor), month__gte=period.start, month__lte=period.end
    ).aggregate(at=Max("computed_at"))["at"]
    return stamp
