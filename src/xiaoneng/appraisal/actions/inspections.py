"""半年检查: the 督查室 registers the inspection (team, dates) and records
what it found at each unit, with the points it costs at year end."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.appraisal.models import Inspection, InspectionFinding
from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int, require_text
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department

from .common import MANAGE, checked_index, checked_points, checked_year, locked, period_invalid

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@transaction.atomic(durable=True)
def create_inspection(
    *, actor: Actor, year: Any, half: Any, team: str, started_on: date, ended_on: date
) -> Inspection:
    user = require(actor, MANAGE)
    y, h = checked_year(year), checked_index(half, 2, "半年")
    members = require_text(team, code="appraisal_team_required", message="请填写检查组", limit=300)
    if type(started_on) is not date or type(ended_on) is not date or ended_on < started_on:
        raise period_invalid("检查日期不正确（结束日期不能早于开始日期）")
    if Inspection.objects.filter(year=y, half=h).exists():
        raise Conflict("该半年检查已登记", code="appraisal_inspection_exists")
    row = Inspection.objects.create(
        year=y, half=h, team=members, started_on=started_on, ended_on=ended_on, created_by=user
    )
    record_event(
        actor=user,
        event_type="appraisal.inspection_created",
        object_type="appraisal_inspection",
        object_id=row.pk,
        payload={"year": y, "half": h, "dates": [started_on, ended_on]},
    )
    return row


@transaction.atomic(durable=True)
def record_inspection_finding(
    *,
    actor: Actor,
    inspection_id: Any,
    department_id: Any,
    text: str,
    points: Any,
    evidence: str = "",
) -> InspectionFinding:
    user = require(actor, MANAGE)
    inspection = locked(Inspection.objects.all(), inspection_id, "inspection")
    what = require_text(
        text, code="appraisal_finding_text_required", message="请填写发现的问题", limit=4000
    )
    deducted = checked_points(points)
    unit = Department.objects.filter(pk=as_int(department_id) or 0, active=True).first()
    if unit is None:
        raise InvalidInput(
            "被检查单位不正确",
            code="appraisal_department_invalid",
            detail={"department_id": str(department_id)},
        )
    row = InspectionFinding.objects.create(
        inspection=inspection,
        department=unit,
        text=what,
        points=deducted,
        evidence=str(evidence or "").strip()[:4000],
        recorded_by=user,
        recorded_on=timesource.today(),
    )
    record_event(
        actor=user,
        event_type="appraisal.finding_recorded",
        object_type="appraisal_inspection",
        object_id=inspection.pk,
        payload={"department": unit.code, "points": str(deducted)},
    )
    return row
