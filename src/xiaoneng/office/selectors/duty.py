"""The scoped reads of duty: the rosters a user may see (its unit's; the
government office and supervision all), a roster with its shifts, the
spot checks, who is on duty today, and the city-wide desk's rows of one
holiday with their lights."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.office.common import DUTY_KINDS, is_member
from xiaoneng.office.models.duty import DutyRoster, DutyShift, RosterStatus, SpotCheck
from xiaoneng.org.authority import scope_q
from xiaoneng.org.models import Department, User


def rosters_for(actor: Any) -> QuerySet[DutyRoster]:
    return DutyRoster.objects.filter(scope_q(actor, dept_field="unit")).select_related(
        "unit", "submitted_by"
    )


def roster_for(actor: Any, pk: Any) -> DutyRoster:
    row = rosters_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise NotFound("值班表不存在或无权查看", code="office_roster_not_found")
    return row


def shifts_of(roster: DutyRoster) -> dict[date, DutyShift]:
    return {s.day: s for s in roster.shifts.select_related("leader", "staff")}


def unit_people(unit_id: int) -> list[User]:
    """The active users of the unit (its sections and windows too), by name."""
    qs = User.objects.filter(is_active=True).select_related("department")
    unit = Department.objects.filter(pk=unit_id).first()
    if unit is None:
        return []
    candidates = qs.filter(department__ancestors__startswith=unit.path) | qs.filter(
        department_id=unit_id
    )
    return sorted(
        (u for u in candidates.distinct() if is_member(u, unit_id)),
        key=lambda u: (u.department_id != unit_id, u.pk),
    )


def checks_for(actor: Any) -> QuerySet[SpotCheck]:
    return SpotCheck.objects.filter(scope_q(actor, dept_field="unit")).select_related(
        "unit", "checked_by", "shift__leader", "shift__staff"
    )


def on_duty(actor: Any, day: date) -> QuerySet[DutyShift]:
    """值班一览: the submitted rosters' shifts of `day` the actor may see."""
    return (
        DutyShift.objects.filter(
            day=day,
            roster__status=RosterStatus.SUBMITTED,
        )
        .filter(scope_q(actor, dept_field="roster__unit"))
        .select_related("roster__unit", "leader", "staff")
        .order_by("roster__unit__sort", "roster__unit__code")
    )


@dataclass(frozen=True)
class Light:
    level: str  # the kit's light: green, yellow, red
    label: str
    css: str
    text: str


def light_of(roster: DutyRoster | None, today: date) -> Light:
    if roster is None:
        return Light("red", "未建", "xn-tag-danger", "无值班表")
    if roster.status == RosterStatus.SUBMITTED:
        if roster.late:
            return Light("yellow", "逾期报送", "xn-tag-warning", "已报送")
        return Light("green", "按时报送", "xn-tag-success", "已报送")
    if today > roster.due_on:
        return Light("red", "逾期未报", "xn-tag-danger", "未报送")
    return Light("yellow" if today == roster.due_on else "green", "", "", "编制中")


@dataclass(frozen=True)
class DeskRow:
    unit: Department
    roster: DutyRoster | None
    light: Light
    failed_checks: int


def desk_rows(actor: Any, starts_on: date, today: date) -> list[DeskRow]:
    """Each unit that keeps duty with its roster of the holiday beginning
    `starts_on` (or none), its light and its failed spot checks."""
    rosters = {r.unit_id: r for r in rosters_for(actor).filter(starts_on=starts_on)}
    units = Department.objects.filter(active=True, kind__in=DUTY_KINDS).filter(
        scope_q(actor, dept_field="")
    )
    failed: dict[int, int] = {}
    for unit_id in (
        checks_for(actor)
        .filter(checked_at__date__gte=starts_on)
        .exclude(result="present")
        .values_list("unit_id", flat=True)
    ):
        failed[unit_id] = failed.get(unit_id, 0) + 1
    return [
        DeskRow(u, rosters.get(u.pk), light_of(rosters.get(u.pk), today), failed.get(u.pk, 0))
        for u in units.order_by("kind", "sort", "code")
    ]
