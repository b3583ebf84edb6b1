"""Registration, merging, approval and cancellation of activities."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int
from xiaoneng.inspections.models import Activity, ActivityKind, Companion, Participant, Status
from xiaoneng.inspections.selectors import APPROVE, REGISTER, overlap_unresolved, overlaps
from xiaoneng.org.authority import require, unit_of

from .common import (
    county_companions,
    enterprises_of,
    flag,
    items_of,
    locked_activity,
    optional,
    people_of,
    period,
    text,
    unit_named,
    units_of,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def add_companions(row: Activity, people: list[dict[str, str]], *, held: bool) -> list[Companion]:
    return [
        Companion.objects.create(
            activity=row,
            name=p["name"],
            title=p["title"],
            unit_name=p["unit"],
            unit=unit_named(p["unit"]),
            when_held=held,
        )
        for p in people
    ]


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    kind = str(data["kind"] or "")
    if kind not in ActivityKind.values:
        raise InvalidInput("活动类型不正确", code="inspection_kind_invalid")
    start, end = period(data["start_on"], data["end_on"])
    units = units_of(data["unit_ids"])
    firms = enterprises_of(data["credit_codes"])
    # A 检查 may leave its enterprises to the random draw (双随机), before approval.
    if not units and not firms and kind != ActivityKind.INSPECT:
        raise InvalidInput("请至少选择一个检查对象", code="inspection_targets_required")
    return {
        "kind": kind,
        "title": text(
            data["title"], code="inspection_title_required", message="请填写名称", limit=200
        ),
        "basis": text(
            data["basis"], code="inspection_basis_required", message="请填写必要性和依据"
        ),
        "items": items_of(data["items"], code="inspection_items_required"),
        "start": start,
        "end": end,
        "units": units,
        "firms": firms,
        "participants": people_of(
            data["participants"], ("name", "unit"), code="inspection_participant_invalid"
        ),
        "companions": people_of(
            data["companions"], ("name", "title", "unit"), code="inspection_companion_invalid"
        ),
    }


@transaction.atomic(durable=True)
def register_activity(
    *,
    actor: Actor,
    kind: str,
    title: str,
    basis: str,
    items: Any,
    start_on: date,
    end_on: date,
    unit_ids: Any = (),
    credit_codes: Any = (),
    participants: Any = (),
    companions: Any = (),
    overlap_reason: str = "",
) -> Activity:
    """登记: by the organiser (the actor's unit), for its 分管领导's approval.
    Registered after its start date: a finding (it went ahead unapproved)."""
    user = require(actor, REGISTER)
    unit = unit_of(user)
    if unit is None:
        raise InvalidInput("您的账号不属于任何单位", code="inspection_no_unit")
    data = _checked(locals())
    today = timesource.today()
    row = Activity.objects.create(
        number=uuid.uuid4().hex[:32],
        organiser=unit,
        kind=data["kind"],
        title=data["title"],
        basis=data["basis"],
        items=data["items"],
        start_on=data["start"],
        end_on=data["end"],
        registered_by=user,
        registered_on=today,
        after_the_fact=data["start"] < today,
        overlap_reason=optional(overlap_reason, 2000),
    )
    row.number = f"JC{today:%Y}{row.pk:05d}"
    row.save(update_fields=["number"])
    row.target_units.set(data["units"])
    row.target_enterprises.set(data["firms"])
    for p in data["participants"]:
        Participant.objects.create(activity=row, name=p["name"], unit=p["unit"])
    planned = add_companions(row, data["companions"], held=False)
    record_event(
        actor=user,
        event_type="inspection.registered",
        object_type="inspection",
        object_id=row.number,
        payload={
            "organiser": unit.code,
            "period": [row.start_on, row.end_on],
            "enterprises": [e.credit_code for e in data["firms"]],
            "units": sorted(d.code for d in data["units"]),
        },
    )
    if row.after_the_fact:
        evidence = {
            "登记日期": today,
            "开始日期": row.start_on,
            "说明": "活动开始后才登记，未经事前批准",
        }
        flag(row, "inspection_unapproved", evidence, today)
    if county := county_companions(row, planned):
        flag(row, "leader_accompanied", {"陪同人员": county, "组织单位": unit.name}, today)
    return row


def _absorb(into: Activity, row: Activity) -> bool:
    """Fold `row`'s organisers, items, targets, dates and people into `into`;
    whether its scope grew."""
    before = (list(into.items), into.start_on, into.end_on)
    units_before = set(into.target_units.values_list("pk", flat=True))
    firms_before = set(into.target_enterprises.values_list("pk", flat=True))
    into.items = list(into.items) + [i for i in row.items if i not in into.items]
    into.start_on = min(into.start_on, row.start_on)
    into.end_on = max(into.end_on, row.end_on)
    organisers = {row.organiser_id, *row.co_organisers.values_list("pk", flat=True)}
    into.co_organisers.add(*(organisers - {into.organiser_id}))
    units = set(row.target_units.values_list("pk", flat=True))
    firms = set(row.target_enterprises.values_list("pk", flat=True))
    into.target_units.add(*units)
    into.target_enterprises.add(*firms)
    for p in row.participants.all():
        Participant.objects.create(activity=into, name=p.name, unit=p.unit, inspector=p.inspector)
    for c in row.companions.all():
        Companion.objects.create(
            activity=into, name=c.name, title=c.title, unit_name=c.unit_name, unit=c.unit
        )
    grew = before != (into.items, into.start_on, into.end_on)
    return grew or not (units <= units_before and firms <= firms_before)


@transaction.atomic(durable=True)
def merge_activity(*, actor: Actor, activity_id: Any, into_id: Any) -> Activity:
    """合并为联合检查: the registrant's pending activity joins an overlapping
    one; that one becomes joint (both organisers). An approved one whose
    scope grows goes back for approval."""
    # Both rows locked in id order, so that two crossed merges cannot deadlock.
    list(
        Activity.objects.select_for_update()
        .filter(pk__in=[as_int(activity_id) or 0, as_int(into_id) or 0])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    user, row = locked_activity(actor, activity_id, REGISTER)
    if row.status != Status.PENDING:
        raise Conflict("只有待审批的活动可以合并", code="inspection_not_pending")
    candidates = {o.activity.pk for o in overlaps(row)}
    into = Activity.objects.select_for_update(of=("self",)).filter(pk=as_int(into_id) or 0).first()
    if (
        into is None
        or into.pk not in candidates
        or into.status
        not in (
            Status.PENDING,
            Status.APPROVED,
        )
    ):
        raise Conflict("只能并入与之重叠的待审批或已批准的活动", code="inspection_merge_invalid")
    grew = _absorb(into, row)
    reapprove = grew and into.status == Status.APPROVED
    if reapprove:
        into.status, into.decided_by, into.decided_on = Status.PENDING, None, None
        into.decision_note = ""
    into.save()
    row.status, row.merged_into = Status.MERGED, into
    row.save(update_fields=["status", "merged_into", "updated_at"])
    record_event(
        actor=user,
        event_type="inspection.merged",
        object_type="inspection",
        object_id=row.number,
        payload={"into": into.number, "reapproval": reapprove},
    )
    return into


@transaction.atomic(durable=True)
def keep_separate(*, actor: Actor, activity_id: Any, reason: str) -> Activity:
    """不合并: the registrant goes on alone, saying why."""
    user, row = locked_activity(actor, activity_id, REGISTER)
    if row.status != Status.PENDING:
        raise Conflict("只有待审批的活动可以说明", code="inspection_not_pending")
    row.overlap_reason = text(reason, code="inspection_reason_required", message="请说明理由")
    row.save(update_fields=["overlap_reason", "updated_at"])
    record_event(
        actor=user,
        event_type="inspection.kept_separate",
        object_type="inspection",
        object_id=row.number,
        payload={"overlaps": [o.activity.number for o in overlaps(row)]},
    )
    return row


@transaction.atomic(durable=True)
def approve_activity(*, actor: Actor, activity_id: Any, note: str = "") -> Activity:
    """批准: by the city leader in charge of the organiser."""
    user, row = locked_activity(actor, activity_id, APPROVE)
    if row.status != Status.PENDING:
        raise Conflict("该活动不在待审批状态", code="inspection_not_pending")
    if not row.target_units.exists() and not row.target_enterprises.exists():
        raise Conflict("尚无检查对象（请先双随机抽取）", code="inspection_targets_missing")
    if overlap_unresolved(row):
        raise Conflict(
            "该活动与其他活动重叠，登记单位须合并或说明不合并的理由",
            code="inspection_overlap_unresolved",
        )
    _decide(user, row, Status.APPROVED, optional(note, 2000))
    record_event(
        actor=user,
        event_type="inspection.approved",
        object_type="inspection",
        object_id=row.number,
        payload={"note": row.decision_note},
    )
    return row


@transaction.atomic(durable=True)
def reject_activity(*, actor: Actor, activity_id: Any, reason: str) -> Activity:
    """不予批准, with the reason."""
    user, row = locked_activity(actor, activity_id, APPROVE)
    if row.status != Status.PENDING:
        raise Conflict("该活动不在待审批状态", code="inspection_not_pending")
    why = text(reason, code="inspection_reason_required", message="请说明理由")
    _decide(user, row, Status.REJECTED, why)
    record_event(
        actor=user,
        event_type="inspection.rejected",
        object_type="inspection",
        object_id=row.number,
        payload={"reason": why},
    )
    return row


def _decide(user: Any, row: Activity, status: str, note: str) -> None:
    row.status, row.decided_by, row.decided_on = status, user, timesource.today()
    row.decision_note = note
    row.save(update_fields=["status", "decided_by", "decided_on", "decision_note", "updated_at"])


@transaction.atomic(durable=True)
def cancel_activity(*, actor: Actor, activity_id: Any, reason: str) -> Activity:
    """取消, with the reason (before it is held)."""
    user, row = locked_activity(actor, activity_id, REGISTER)
    if row.status not in (Status.PENDING, Status.APPROVED):
        raise Conflict("该活动不能取消", code="inspection_not_cancellable")
    row.cancel_reason = text(reason, code="inspection_reason_required", message="请说明理由")
    row.status = Status.CANCELLED
    row.save(update_fields=["cancel_reason", "status", "updated_at"])
    record_event(
        actor=user,
        event_type="inspection.cancelled",
        object_type="inspection",
        object_id=row.number,
        payload={"reason": row.cancel_reason},
    )
    return row
