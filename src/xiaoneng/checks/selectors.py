"""Reads of unannounced checks, always through the actor's authority.

- Plans: only `check.manage` (the bureau) reads them; they are kept from
  the units they check, before and after (a unit learns of a finding, never
  of the plan behind it).
- Findings: the bureau (`check.manage`) reads every one; a checked unit
  (`check.rectify`) reads the findings of the departments in its data scope
  once they are notified to it, never before; anyone else reads none.
- The public exposure page (`published_findings`, `public_row`) shows only
  published findings, and of each only the unit, the date, the kind, the
  approved text and the rectification status."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from xiaoneng.core.clock import AlertBounds
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.authority import has_perm, scope_q
from xiaoneng.web.lights import Light, lit, unlit

from .models import (
    AWAITING_REPORT,
    KNOWN_TO_UNIT,
    CheckPlan,
    Finding,
    FindingEvidence,
    FindingStatus,
)
from .vocabulary import evidence_not_found, finding_not_found, plan_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MANAGE = "check.manage"
RECTIFY = "check.rectify"
READ_PERMISSIONS = (MANAGE, RECTIFY)


def plans_for(actor: Actor | None) -> QuerySet[CheckPlan]:
    if not has_perm(actor, MANAGE):
        return CheckPlan.objects.none()
    return CheckPlan.objects.all()


def plan_for(actor: Actor | None, plan_id: int) -> CheckPlan:
    row = plans_for(actor).filter(pk=plan_id).first()
    if row is None:
        raise plan_not_found()
    return row


def findings_for(actor: Actor | None) -> QuerySet[Finding]:
    qs = Finding.objects.select_related("department")
    if has_perm(actor, MANAGE):
        return qs.select_related("plan")
    if has_perm(actor, RECTIFY):
        return qs.filter(scope_q(actor, dept_field="department"), status__in=KNOWN_TO_UNIT)
    return Finding.objects.none()


def finding_for(actor: Actor | None, finding_id: int) -> Finding:
    row = findings_for(actor).filter(pk=finding_id).first()
    if row is None:
        raise finding_not_found()
    return row


def evidence_for(actor: Actor | None, finding_id: int, evidence_id: int) -> FindingEvidence:
    finding = finding_for(actor, finding_id)
    row = FindingEvidence.objects.filter(finding=finding, pk=evidence_id).first()
    if row is None:
        raise evidence_not_found()
    return row


def open_evidence(row: FindingEvidence) -> Any:
    """The stored file, opened for reading (the caller closes it)."""
    try:
        return default_storage.open(row.stored_path, "rb")
    except FileNotFoundError:
        raise evidence_not_found() from None


def overdue(qs: QuerySet[Finding], today: date) -> QuerySet[Finding]:
    """Reports still owed whose deadline has passed (red light)."""
    return qs.filter(status__in=AWAITING_REPORT, due_on__lt=today)


def by_urgency(qs: QuerySet[Finding]) -> QuerySet[Finding]:
    """Reports owed first, the earliest deadline first; then the rest, latest first."""
    owed = ExpressionWrapper(Q(status__in=AWAITING_REPORT), output_field=BooleanField())
    return qs.annotate(owed=owed).order_by("-owed", F("due_on").asc(nulls_last=True), "-id")


def time_left(row: Finding, today: date, calendar: WorkCalendar) -> Light:
    """The light of a finding's rectification report (its deadline at the end of its day)."""
    if row.status == FindingStatus.RECORDED:
        return unlit("尚未通报被检查单位")
    if row.status == FindingStatus.SUBMITTED:
        return unlit("已报送整改情况，待核实", due=row.due_on)
    if row.status == FindingStatus.VERIFIED:
        return unlit("按期整改" if row.on_time else "逾期整改", due=row.due_on)
    assert row.due_on is not None
    level = AlertBounds.on(today, calendar).level(row.due_on)
    return lit(level, calendar.workdays_between(today, row.due_on), due=row.due_on)


# --- the public exposure page ------------------------------------------------------------


def published_findings() -> QuerySet[Finding]:
    """Findings the bureau approved for publication, the latest first."""
    return (
        Finding.objects.filter(published_on__isnull=False)
        .select_related("department")
        .order_by("-published_on", "-id")
    )


def public_status(row: Finding, today: date) -> str:
    """The rectification status as the public reads it."""
    if row.status == FindingStatus.VERIFIED:
        return "已整改"
    if row.status == FindingStatus.SUBMITTED:
        return "已报送整改情况，核实中"
    if row.due_on is not None and row.due_on < today:
        return "整改逾期"
    return "整改中"


def public_row(row: Finding, today: date) -> dict[str, Any]:
    """What the public sees of a published finding. Never the staff member's
    name or account, nor the plan: under the Personal Information Protection
    Law (PIPL art. 6, 13, 25) a staff member's identity is personal
    information, and publishing it is not necessary for the purpose of the
    exposure (holding the unit to account); the unit is named, the person is
    dealt with by the unit and, where warranted, by accountability."""
    return {
        "number": row.number,
        "department": row.department.name,
        "observed_on": timezone.localtime(row.observed_at).date(),
        "kind": row.get_kind_display(),
        "summary": row.public_summary,
        "published_on": row.published_on,
        "status": public_status(row, today),
    }
