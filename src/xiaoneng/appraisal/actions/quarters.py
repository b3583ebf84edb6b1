"""季评比: computed by the 督查室 after the quarter ends (as often as it likes
while a draft), then published (a snapshot for the public board)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.appraisal.computations import compute_quarter
from xiaoneng.appraisal.models import (
    Publication,
    PublicationKind,
    QuarterRanking,
    QuarterRow,
    RankingStatus,
    UnitClass,
    class_order,
)
from xiaoneng.appraisal.params import late_report_points
from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department
from xiaoneng.scores.periods import Period

from .common import MANAGE, checked_index, checked_year, locked

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@transaction.atomic(durable=True)
def compute_quarter_ranking(*, actor: Actor, year: Any, quarter: Any) -> QuarterRanking:
    """Compute (or recompute, while a draft) the quarter's ranking."""
    user = require(actor, MANAGE)
    period = Period(checked_year(year), "quarter", checked_index(quarter, 4, "季度"))
    today = timesource.today()
    if today <= period.end:
        raise Conflict(
            "季度尚未结束，不能评比",
            code="appraisal_period_not_ended",
            detail={"quarter_end": period.end},
        )
    ranking, _ = QuarterRanking.objects.select_for_update().get_or_create(
        year=period.year,
        quarter=period.index,
        defaults={"computed_by": user, "computed_at": timesource.now(), "late_points": 0},
    )
    if ranking.status == RankingStatus.PUBLISHED:
        raise Conflict("季度评比已公布，不能重新计算", code="appraisal_quarter_published")
    points = late_report_points()
    rows = compute_quarter(period.year, period.index, points)
    if not rows:
        raise Conflict(
            "该期间没有可评比的目标任务（尚无已签订的目标责任书）", code="appraisal_nothing_to_rank"
        )
    ranking.rows.all().delete()
    QuarterRow.objects.bulk_create(
        [
            QuarterRow(
                ranking=ranking,
                department_id=r.department_id,
                klass=r.klass,
                tasks=r.tasks,
                completion=r.completion,
                late_reports=r.late_reports,
                deducted=r.deducted,
                score=r.score,
                rank=r.rank,
            )
            for r in rows
        ],
        batch_size=500,
    )
    ranking.late_points = points
    ranking.computed_by = user
    ranking.computed_at = timesource.now()
    ranking.save(update_fields=["late_points", "computed_by", "computed_at"])
    record_event(
        actor=user,
        event_type="appraisal.quarter_computed",
        object_type="appraisal_quarter",
        object_id=period.code,
        payload={"units": len(rows), "late_points": str(points)},
    )
    return ranking


def quarter_snapshot(ranking: QuarterRanking) -> list[dict[str, Any]]:
    """What the public reads of a ranking: units, classes, figures, ranks."""
    rows = ranking.rows.order_by("klass", "rank", "department_id")
    names = dict(
        Department.objects.filter(pk__in=[r.department_id for r in rows]).values_list("pk", "name")
    )
    return [
        {
            "department_id": r.department_id,
            "department": names.get(r.department_id, ""),
            "klass": r.klass,
            "klass_label": UnitClass(r.klass).label,
            "rank": r.rank,
            "tasks": r.tasks,
            "completion": str(r.completion),
            "late_reports": r.late_reports,
            "deducted": str(r.deducted),
            "score": str(r.score),
        }
        for r in sorted(rows, key=lambda r: (class_order(r.klass), r.rank, r.department_id))
    ]


@transaction.atomic(durable=True)
def publish_quarter(*, actor: Actor, ranking_id: Any) -> QuarterRanking:
    """公布: the ranking is frozen and a snapshot goes to the public board."""
    user = require(actor, MANAGE)
    ranking = locked(QuarterRanking.objects.all(), ranking_id, "quarter")
    if ranking.status == RankingStatus.PUBLISHED:
        raise Conflict("季度评比已公布", code="appraisal_quarter_published")
    today = timesource.today()
    ranking.status = RankingStatus.PUBLISHED
    ranking.published_on = today
    ranking.published_by = user
    ranking.save(update_fields=["status", "published_on", "published_by"])
    Publication.objects.create(
        kind=PublicationKind.QUARTER,
        year=ranking.year,
        period=ranking.quarter,
        title=f"{ranking}目标任务评比排名",
        as_of=Period(ranking.year, "quarter", ranking.quarter).end,
        rows=quarter_snapshot(ranking),
        published_at=timesource.now(),
        published_by=user,
    )
    record_event(
        actor=user,
        event_type="appraisal.quarter_published",
        object_type="appraisal_quarter",
        object_id=f"{ranking.year}-Q{ranking.quarter}",
        payload={"published_on": today},
    )
    return ranking
