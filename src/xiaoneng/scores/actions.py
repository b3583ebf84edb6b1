"""Writes of the scores app: the monthly rollup (by the task, or on demand by
the bureau) and the publication of a month's ranking, frozen when published."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department

from .figures import FIGURE_FIELDS
from .formula import monthly_score
from .metrics import compute
from .models import MonthlyMetric, RankingEntry, RankingPublication
from .periods import Period, month_start
from .rules import current_weights, weights_dict

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def rollup_month(month: date, *, today: date | None = None) -> int:
    """Recompute one month's MonthlyMetric rows (idempotent): one row per
    department with anything in the month; rows of departments that no longer
    have anything are removed. Returns the number of rows. Derived data: not
    audited when the task runs it (`recompute_month` audits the on-demand run)."""
    month = month_start(month)
    figures = compute(Period.month(month), "department", today=today)
    weights = current_weights()
    now = timesource.now()
    rows = [
        MonthlyMetric(
            department_id=unit,
            month=month,
            **{name: getattr(f, name) for name in FIGURE_FIELDS},
            score=monthly_score(f.score_inputs(), weights),
            computed_at=now,
        )
        for unit, f in figures.items()
        if f.active
    ]
    with transaction.atomic():
        MonthlyMetric.objects.filter(month=month).exclude(
            department_id__in=[r.department_id for r in rows]
        ).delete()
        MonthlyMetric.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["department", "month"],
            update_fields=[*FIGURE_FIELDS, "score", "computed_at"],
        )
    return len(rows)


def recent_months(today: date | None = None) -> list[date]:
    """The months the periodic rollup refreshes: this one and the previous
    one (late decisions and cards still move last month's figures)."""
    this = month_start(today or timesource.today())
    previous = date(this.year - (this.month == 1), (this.month - 2) % 12 + 1, 1)
    return [previous, this]


@transaction.atomic(durable=True)
def recompute_month(*, actor: Actor, month: date) -> int:
    """重新计算: the bureau refreshes a month's figures on demand."""
    require(actor, "score.publish")
    month = month_start(month)
    count = rollup_month(month)
    record_event(
        actor=actor,
        event_type="score.recomputed",
        object_type="scores.monthlymetric",
        object_id=f"{month:%Y-%m}",
        payload={"month": f"{month:%Y-%m}", "departments": count},
    )
    return count


@transaction.atomic(durable=True)
def publish_ranking(*, actor: Actor, month: date, note: str = "") -> RankingPublication:
    """发布月度排名: recompute the month, then freeze its ranking (rank, score and
    figures per department). Only a month that is over; only once."""
    actor = require(actor, "score.publish")
    month = month_start(month)
    if month >= month_start(timesource.today()):
        raise Conflict(
            "当月尚未结束，不能发布排名",
            code="ranking_month_not_over",
            detail={"month": f"{month:%Y-%m}"},
        )
    if RankingPublication.objects.filter(month=month).exists():
        raise Conflict(
            "该月排名已发布，发布后不可更改",
            code="ranking_already_published",
            detail={"month": f"{month:%Y-%m}"},
        )
    rollup_month(month)
    from .selectors import ranked_rows  # reads the rows just written

    rows = ranked_rows(month)
    weights = current_weights()
    try:
        with transaction.atomic():
            publication = RankingPublication.objects.create(
                month=month,
                published_at=timesource.now(),
                published_on=timesource.today(),
                published_by=actor,
                note=note.strip()[:500],
                weights=weights_dict(weights),
            )
    except IntegrityError:
        raise Conflict(
            "该月排名已发布，发布后不可更改",
            code="ranking_already_published",
            detail={"month": f"{month:%Y-%m}"},
        ) from None
    names = dict(
        Department.objects.filter(pk__in=[r.department_id for r in rows]).values_list("pk", "name")
    )
    RankingEntry.objects.bulk_create(
        RankingEntry(
            publication=publication,
            department_id=r.department_id,
            department_name=names.get(r.department_id, ""),
            rank=r.rank,
            score=r.score,
            figures=r.figures.as_dict(),
        )
        for r in rows
    )
    record_event(
        actor=actor,
        event_type="score.ranking_published",
        object_type="scores.rankingpublication",
        object_id=publication.pk,
        payload={
            "month": f"{month:%Y-%m}",
            "departments": len(rows),
            "weights": weights_dict(weights),
            "ranking": [[r.rank, names.get(r.department_id, ""), str(r.score)] for r in rows],
        },
    )
    return publication
