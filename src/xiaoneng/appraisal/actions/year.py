"""年终考核: computed by the 督查室 (a draft, recomputed at will), approved
(审定: frozen, passed to the organisation department), published (the
grades go to the public board); then 兑现, recorded by the organisation
department (or the 督查室)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.appraisal.computations import year_units
from xiaoneng.appraisal.formula import GRADES, Rules, deductions_taken, evaluate
from xiaoneng.appraisal.models import (
    Publication,
    PublicationKind,
    Reward,
    RewardKind,
    UnitClass,
    YearResult,
    YearRow,
    YearStatus,
    class_order,
)
from xiaoneng.appraisal.params import year_rules
from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int, require_text
from xiaoneng.org.authority import require, require_any
from xiaoneng.org.models import Department

from .common import MANAGE, RESULTS, checked_year, locked

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def rules_json(rules: Rules) -> dict[str, Any]:
    return {
        "weights": {k: str(v) for k, v in rules.weights.items()},
        "bands": {
            "excellent": str(rules.bands.excellent),
            "good": str(rules.bands.good),
            "passing": str(rules.bands.passing),
        },
        "excellent_quota_pct": rules.excellent_quota_pct,
    }


def _rows(result: YearResult, rules: Rules) -> list[YearRow]:
    units = year_units(result.year)
    by_id = {u.department_id: u for u in units}
    rows = []
    for r in evaluate(units, rules):
        unit = by_id[r.department_id]
        # The deductions taken: complaints and accountability are 0 where the
        # efficiency score already holds them (formula.Rules.counted_in).
        taken = deductions_taken(unit, rules)
        rows.append(
            YearRow(
                result=result,
                department_id=r.department_id,
                klass=r.klass,
                targets=unit.scores.get("targets"),
                efficiency=unit.scores.get("efficiency"),
                complaints=taken.get("complaints", 0),
                accountability=taken.get("accountability", 0),
                inspection=taken.get("inspection", 0),
                weighted=r.weighted,
                total=r.total,
                rank=r.rank,
                band=r.band,
                grade=r.grade,
            )
        )
    return rows


@transaction.atomic(durable=True)
def compute_year(*, actor: Actor, year: Any) -> YearResult:
    """Compute (or recompute, while a draft) the year-end evaluation."""
    user = require(actor, MANAGE)
    y = checked_year(year)
    if timesource.today().year <= y:
        raise Conflict("年度尚未结束，不能进行年终考核", code="appraisal_period_not_ended")
    result, _ = YearResult.objects.select_for_update().get_or_create(
        year=y, defaults={"computed_by": user, "computed_at": timesource.now()}
    )
    if result.status != YearStatus.DRAFT:
        raise Conflict("年终考核结果已审定，不能重新计算", code="appraisal_year_not_draft")
    rules = year_rules()
    rows = _rows(result, rules)
    if not rows:
        raise Conflict("该年度没有已签订的目标责任书", code="appraisal_nothing_to_rank")
    result.rows.all().delete()
    YearRow.objects.bulk_create(rows, batch_size=500)
    result.rules = rules_json(rules)
    result.computed_by = user
    result.computed_at = timesource.now()
    result.save(update_fields=["rules", "computed_by", "computed_at"])
    record_event(
        actor=user,
        event_type="appraisal.year_computed",
        object_type="appraisal_year",
        object_id=y,
        payload={"units": len(rows), "rules": result.rules},
    )
    return result


@transaction.atomic(durable=True)
def approve_year(*, actor: Actor, result_id: Any) -> YearResult:
    """审定: the draft is frozen and the organisation department may read it."""
    user = require(actor, MANAGE)
    result = locked(YearResult.objects.all(), result_id, "year")
    if result.status != YearStatus.DRAFT:
        raise Conflict("年终考核结果已审定", code="appraisal_year_not_draft")
    result.status = YearStatus.APPROVED
    result.approved_on = timesource.today()
    result.approved_by = user
    result.save(update_fields=["status", "approved_on", "approved_by"])
    record_event(
        actor=user,
        event_type="appraisal.year_approved",
        object_type="appraisal_year",
        object_id=result.year,
        payload={"approved_on": result.approved_on},
    )
    return result


def year_snapshot(result: YearResult) -> list[dict[str, Any]]:
    rows = list(result.rows.all())
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
            "targets": None if r.targets is None else str(r.targets),
            "efficiency": None if r.efficiency is None else str(r.efficiency),
            "deducted": str(r.complaints + r.accountability + r.inspection),
            "total": str(r.total),
            "grade": r.grade,
            "grade_label": GRADES[r.grade],
        }
        for r in sorted(rows, key=lambda r: (class_order(r.klass), r.rank, r.department_id))
    ]


@transaction.atomic(durable=True)
def publish_year(*, actor: Actor, result_id: Any) -> YearResult:
    """公布: an approved result's grades go to the public board."""
    user = require(actor, MANAGE)
    result = locked(YearResult.objects.all(), result_id, "year")
    if result.status == YearStatus.PUBLISHED:
        raise Conflict("年终考核结果已公布", code="appraisal_year_already_published")
    if result.status != YearStatus.APPROVED:
        raise Conflict("年终考核结果尚未审定", code="appraisal_year_not_approved")
    result.status = YearStatus.PUBLISHED
    result.published_on = timesource.today()
    result.published_by = user
    result.save(update_fields=["status", "published_on", "published_by"])
    Publication.objects.create(
        kind=PublicationKind.YEAR,
        year=result.year,
        title=f"{result}结果",
        as_of=result.computed_at.date(),
        rows=year_snapshot(result),
        published_at=timesource.now(),
        published_by=user,
    )
    record_event(
        actor=user,
        event_type="appraisal.year_published",
        object_type="appraisal_year",
        object_id=result.year,
        payload={"published_on": result.published_on},
    )
    return result


@transaction.atomic(durable=True)
def record_reward(
    *,
    actor: Actor,
    result_id: Any,
    department_id: Any,
    kind: str,
    text: str,
    document: str = "",
) -> Reward:
    """年终兑现: a reward or penalty carried out on an approved result."""
    user = require_any(actor, (RESULTS, MANAGE))
    result = locked(YearResult.objects.all(), result_id, "year")
    if result.status == YearStatus.DRAFT:
        raise Conflict("年终考核结果审定后才能登记兑现", code="appraisal_year_not_approved")
    if kind not in RewardKind.values:
        raise InvalidInput("兑现类型不正确", code="appraisal_reward_kind_invalid")
    what = require_text(
        text, code="appraisal_reward_text_required", message="请填写兑现内容", limit=2000
    )
    row = result.rows.filter(department_id=as_int(department_id) or 0).first()
    if row is None:
        raise InvalidInput("考核结果中没有该单位", code="appraisal_row_not_found")
    reward = Reward.objects.create(
        row=row,
        kind=kind,
        text=what,
        document=str(document or "").strip()[:100],
        recorded_by=user,
        recorded_on=timesource.today(),
    )
    record_event(
        actor=user,
        event_type="appraisal.reward_recorded",
        object_type="appraisal_year",
        object_id=result.year,
        payload={"department": row.department_id, "kind": kind},
    )
    return reward
