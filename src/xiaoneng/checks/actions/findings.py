"""Findings: recorded with evidence by the bureau (`check.manage`), notified
to the unit's heads (the report deadline starts), published (曝光)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.checks.models import (
    CheckPlan,
    Finding,
    FindingEvidence,
    FindingKind,
    FindingStatus,
    PlanStatus,
)
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import unit_of
from xiaoneng.org.models import Department, User
from xiaoneng.system.params import get_param

from .common import (
    EVIDENCE_MAX,
    check_files,
    evidence_payload,
    locked_finding,
    locked_plan,
    store_evidence,
    text,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

RECTIFY_DAYS = "check.rectify_days"


def _open_plan(plan: CheckPlan) -> None:
    if plan.status == PlanStatus.DRAFT:
        raise Conflict("计划尚未批准", code="check_plan_not_approved")
    if plan.status == PlanStatus.DONE:
        raise Conflict("计划已完成", code="check_plan_closed")


def _target(plan: CheckPlan, department_id: Any) -> Department:
    dept: Department | None = plan.targets.filter(pk=as_int(department_id) or 0).first()
    if dept is None:
        raise InvalidInput("该单位不在本计划的检查范围内", code="check_department_not_in_plan")
    return dept


def _observed(plan: CheckPlan, value: Any) -> datetime:
    """An aware moment, not in the future, on a day of the plan's period."""
    if not isinstance(value, datetime) or timezone.is_naive(value) or value > timesource.now():
        raise InvalidInput(
            "发现时间不正确（须带时区，且不能晚于现在）", code="check_observed_at_invalid"
        )
    day = timezone.localtime(value).date()
    if not plan.period_start <= day <= plan.period_end:
        raise InvalidInput(
            "发现时间不在计划的检查期间内",
            code="check_observed_outside_period",
            detail={"period": [plan.period_start.isoformat(), plan.period_end.isoformat()]},
        )
    return value


def _staff(dept: Department, staff_id: Any, staff_name: str) -> tuple[User | None, str]:
    """The staff member involved: an account of the unit (or one of its
    sections and windows), or a name only, or nobody named."""
    name = (staff_name or "").strip()[:100]
    if staff_id in (None, ""):
        return None, name
    staff = User.objects.select_related("department").filter(pk=as_int(staff_id) or 0).first()
    home = unit_of(staff) if staff is not None else None
    if staff is None or dept.pk not in {staff.department_id, home.pk if home else None}:
        raise InvalidInput("涉及人员不是该单位的工作人员", code="check_staff_invalid")
    return staff, name or staff.display_name


@transaction.atomic(durable=True)
def record_finding(
    *,
    actor: Actor,
    plan_id: int,
    department_id: Any,
    kind: str,
    observed_at: datetime,
    place: str,
    description: str,
    staff_name: str = "",
    staff_id: Any = None,
    photos: Any = (),
) -> Finding:
    """记录发现的问题 with its photos (each through the house's upload checks)."""
    user, plan = locked_plan(actor, plan_id)
    _open_plan(plan)
    dept = _target(plan, department_id)
    if kind not in FindingKind.values:
        raise InvalidInput(
            "问题类型不正确", code="check_kind_invalid", detail={"allowed": FindingKind.values}
        )
    when = _observed(plan, observed_at)
    where = text(place, code="check_place_required", message="请填写地点", limit=200)
    what = text(description, code="check_description_required", message="请填写问题描述")
    staff, name = _staff(dept, staff_id, staff_name)
    files = check_files(photos)
    if plan.status == PlanStatus.APPROVED:
        plan.status = PlanStatus.IN_PROGRESS
        plan.save(update_fields=["status", "updated_at"])
    row = Finding.objects.create(
        number=uuid.uuid4().hex[:32],  # replaced below, once the id is known
        plan=plan,
        department=dept,
        staff=staff,
        staff_name=name,
        kind=kind,
        observed_at=when,
        place=where,
        description=what,
        recorded_by=user,
    )
    row.number = f"MC{timezone.localtime(when):%Y%m%d}{row.pk:05d}"
    row.save(update_fields=["number"])
    stored: list[FindingEvidence] = []
    try:
        stored += [store_evidence(row, f, user) for f in files]
        record_event(
            actor=user,
            event_type="check.finding_recorded",
            object_type="check_finding",
            object_id=row.number,
            # No staff name in the audit trail: whether one is named is enough.
            payload={
                "plan": plan.number,
                "department": dept.code,
                "kind": kind,
                "observed_at": when.isoformat(),
                "staff_named": bool(name),
                "evidence": evidence_payload(stored),
            },
        )
    except BaseException:
        for e in stored:
            default_storage.delete(e.stored_path)
        raise
    return row


@transaction.atomic(durable=True)
def add_evidence(*, actor: Actor, finding_id: int, file: Any, caption: str = "") -> FindingEvidence:
    """补充证据材料 (a photo, a scan): the house's upload checks, a cap per finding."""
    user, row = locked_finding(actor, finding_id)
    [checked] = check_files([file])  # None is refused as upload_empty
    if row.evidence.count() >= EVIDENCE_MAX:
        raise InvalidInput(
            f"每个问题最多上传 {EVIDENCE_MAX} 份证据材料",
            code="check_evidence_quota",
            detail={"max_files": EVIDENCE_MAX},
        )
    evidence = store_evidence(row, checked, user, caption)
    try:
        record_event(
            actor=user,
            event_type="check.evidence_added",
            object_type="check_finding",
            object_id=row.number,
            payload={"evidence": evidence_payload([evidence])},
        )
    except BaseException:
        default_storage.delete(evidence.stored_path)
        raise
    return evidence


@transaction.atomic(durable=True)
def notify_finding(*, actor: Actor, finding_id: int) -> Finding:
    """通报被检查单位: its heads are told; the report is due in working days."""
    user, row = locked_finding(actor, finding_id)
    if row.status != FindingStatus.RECORDED:
        raise Conflict("该问题已通报被检查单位", code="check_already_notified")
    calendar = current_calendar()
    today = timesource.today()
    days = get_param(RECTIFY_DAYS)
    row.status = FindingStatus.NOTIFIED
    row.notified_on = today
    row.limit_days = days
    row.due_on = calendar.add_workdays(today, days)
    row.provisional = calendar.span_is_provisional(today, row.due_on)
    row.save(
        update_fields=[
            "status",
            "notified_on",
            "limit_days",
            "due_on",
            "provisional",
            "updated_at",
        ]
    )
    heads = department_heads([row.department_id]).get(row.department_id, [])
    notify(
        recipients=heads,
        kind="check.finding",
        title=(
            f"明察暗访问题通报：{row.get_kind_display()}，请于 {cn_date(row.due_on)} 前报送整改情况"
        ),
        body=(
            f"{row.department.name}：{timezone.localtime(row.observed_at):%Y-%m-%d %H:%M} 在"
            f"{row.place}发现问题（{row.get_kind_display()}）：{row.description}\n"
            f"请于 {cn_date(row.due_on)} 前报送整改情况。"
        ),
        link=f"/checks/findings/{row.pk}/",
    )
    record_event(
        actor=user,
        event_type="check.finding_notified",
        object_type="check_finding",
        object_id=row.number,
        payload={"department": row.department.code, "due_on": row.due_on, "days": days},
    )
    return row


@transaction.atomic(durable=True)
def publish_finding(*, actor: Actor, finding_id: int, summary: str) -> Finding:
    """批准曝光: after the unit was notified; the public text names no staff (PIPL)."""
    user, row = locked_finding(actor, finding_id)
    if row.published_on is not None:
        raise Conflict("该问题已曝光", code="check_already_published")
    if row.status == FindingStatus.RECORDED:
        raise Conflict("该问题尚未通报被检查单位", code="check_not_notified")
    words = text(summary, code="check_summary_required", message="请填写曝光内容", limit=2000)
    names = {row.staff_name.strip(), row.staff.real_name.strip() if row.staff else ""}
    if any(n and n in words for n in names):
        raise InvalidInput("曝光内容不得出现工作人员姓名", code="check_summary_names_staff")
    row.published_on = timesource.today()
    row.published_by = user
    row.public_summary = words
    row.save(update_fields=["published_on", "published_by", "public_summary", "updated_at"])
    record_event(
        actor=user,
        event_type="check.finding_published",
        object_type="check_finding",
        object_id=row.number,
        payload={"published_on": row.published_on, "summary": words[:500]},
    )
    return row
