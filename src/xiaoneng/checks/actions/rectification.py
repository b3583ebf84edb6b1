"""Follow-up (跟踪问效): the checked unit reports its rectification
(`check.rectify`, its own findings only); the bureau (`check.manage`)
verifies the report or returns it. A returned report is owed again by the
same deadline: the light keeps running against the date set at notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.checks.models import (
    AWAITING_REPORT,
    Finding,
    FindingStatus,
    RectificationReport,
    ReportOutcome,
)
from xiaoneng.checks.selectors import RECTIFY
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict
from xiaoneng.core.text import cn_date
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads

from .common import locked_finding, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


@transaction.atomic(durable=True)
def submit_rectification(*, actor: Actor, finding_id: int, report: str) -> Finding:
    """报送整改情况: the unit's heads, for a finding of their own unit."""
    user, row = locked_finding(actor, finding_id, RECTIFY)
    if row.status not in AWAITING_REPORT:
        raise Conflict(
            "该问题当前不需要报送整改情况",
            code="check_not_awaiting_report",
            detail={"status": row.status},
        )
    words = text(report, code="check_report_required", message="请填写整改情况")
    today = timesource.today()
    RectificationReport.objects.create(
        finding=row, text=words, submitted_by=user, submitted_on=today
    )
    row.status = FindingStatus.SUBMITTED
    row.reported_on = today
    row.save(update_fields=["status", "reported_on", "updated_at"])
    notify(
        recipients=[row.plan.created_by_id, *_leaders(row)],
        kind="check.rectification",
        title=f"{row.department.name}报送了明察暗访问题 {row.number} 的整改情况，请核实",
        body=words[:1000],
        link=f"/checks/findings/{row.pk}/",
    )
    record_event(
        actor=user,
        event_type="check.rectification_submitted",
        object_type="check_finding",
        object_id=row.number,
        payload={"reported_on": today, "due_on": row.due_on, "on_time": _in_time(row)},
    )
    return row


def _leaders(row: Finding) -> list[int]:
    return list(row.plan.members.filter(is_leader=True).values_list("user_id", flat=True))


def _in_time(row: Finding) -> bool:
    return row.reported_on is not None and row.due_on is not None and row.reported_on <= row.due_on


def _review(user: User, row: Finding, outcome: str, note: str) -> RectificationReport:
    if row.status != FindingStatus.SUBMITTED:
        raise Conflict("没有待核实的整改情况", code="check_no_report_to_review")
    report = row.reports.filter(outcome=ReportOutcome.PENDING).order_by("-id").first()
    assert report is not None  # SUBMITTED always has its pending report
    report.outcome = outcome
    report.reviewed_by = user
    report.reviewed_on = timesource.today()
    report.review_note = note
    report.save(update_fields=["outcome", "reviewed_by", "reviewed_on", "review_note"])
    return report


@transaction.atomic(durable=True)
def verify_rectification(*, actor: Actor, finding_id: int, note: str = "") -> Finding:
    """核实通过: the follow-up ends; on time when the report came by its deadline."""
    user, row = locked_finding(actor, finding_id)
    report = _review(user, row, ReportOutcome.VERIFIED, (note or "").strip()[:2000])
    row.status = FindingStatus.VERIFIED
    row.verified_on = report.reviewed_on
    row.on_time = _in_time(row)
    row.save(update_fields=["status", "verified_on", "on_time", "updated_at"])
    notify(
        recipients=department_heads([row.department_id]).get(row.department_id, []),
        kind="check.rectification",
        title=f"明察暗访问题 {row.number} 的整改情况已核实",
        body=report.review_note,
        link=f"/checks/findings/{row.pk}/",
    )
    record_event(
        actor=user,
        event_type="check.rectification_verified",
        object_type="check_finding",
        object_id=row.number,
        payload={"on_time": row.on_time, "due_on": row.due_on, "reported_on": row.reported_on},
    )
    return row


@transaction.atomic(durable=True)
def return_rectification(*, actor: Actor, finding_id: int, note: str) -> Finding:
    """退回整改情况, saying why; still due by the deadline set at notice."""
    user, row = locked_finding(actor, finding_id)
    if row.status == FindingStatus.SUBMITTED:
        why = text(note, code="check_review_note_required", message="退回时请说明理由")
    else:
        why = ""
    _review(user, row, ReportOutcome.RETURNED, why)
    row.status = FindingStatus.RETURNED
    row.save(update_fields=["status", "updated_at"])
    assert row.due_on is not None
    notify(
        recipients=department_heads([row.department_id]).get(row.department_id, []),
        kind="check.rectification",
        title=(
            f"明察暗访问题 {row.number} 的整改情况被退回，请于 {cn_date(row.due_on)} 前重新报送"
        ),
        body=why,
        link=f"/checks/findings/{row.pk}/",
    )
    record_event(
        actor=user,
        event_type="check.rectification_returned",
        object_type="check_finding",
        object_id=row.number,
        payload={"note": why[:500], "due_on": row.due_on},
    )
    return row
