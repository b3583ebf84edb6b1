"""/api/v1/duty: the holidays ahead, the rosters (list, get, save the
shifts, submit), the spot checks (list, record) and today's duty: the same
actions and selectors as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.core import timesource
from xiaoneng.office.actions import duty as actions
from xiaoneng.office.models.duty import DutyRoster, SpotCheck
from xiaoneng.office.selectors import duty as sel
from xiaoneng.org.authority import require_any
from xiaoneng.web.paging import api_window

router = Router(tags=["节假日值班"])
READ = ("duty.roster", "duty.check", "supervision.view")


class DutyHolidayOut(Schema):
    name: str
    start: date
    end: date


class DutyShiftOut(Schema):
    day: date
    leader_id: int
    leader: str
    staff_id: int
    staff: str


class DutyRosterOut(Schema):
    id: int
    unit_id: int
    unit: str
    holiday: str
    starts_on: date
    ends_on: date
    due_on: date
    status: str
    status_label: str
    duty_phone: str
    submitted_at: datetime | None
    late: bool
    version: int
    shifts: list[DutyShiftOut]


class DutyShiftIn(Schema):
    day: date
    leader_id: int
    staff_id: int


class DutyRosterIn(Schema):
    duty_phone: str
    shifts: list[DutyShiftIn]


class DutyCheckIn(Schema):
    unit_id: int
    result: str
    note: str = ""


class DutyCheckOut(Schema):
    id: int
    unit_id: int
    unit: str
    checked_at: datetime
    result: str
    result_label: str
    note: str
    leader: str
    staff: str


def roster_out(row: DutyRoster, *, detail: bool = True) -> dict[str, Any]:
    shifts = sel.shifts_of(row) if detail else {}
    return {
        "id": row.pk,
        "unit_id": row.unit_id,
        "unit": row.unit.name,
        "holiday": row.holiday,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "due_on": row.due_on,
        "status": row.status,
        "status_label": row.get_status_display(),
        "duty_phone": row.duty_phone,
        "submitted_at": row.submitted_at,
        "late": row.late,
        "version": row.version,
        "shifts": [
            {
                "day": s.day,
                "leader_id": s.leader_id,
                "leader": s.leader.display_name,
                "staff_id": s.staff_id,
                "staff": s.staff.display_name,
            }
            for s in shifts.values()
        ],
    }


def check_out(c: SpotCheck) -> dict[str, Any]:
    return {
        "id": c.pk,
        "unit_id": c.unit_id,
        "unit": c.unit.name,
        "checked_at": c.checked_at,
        "result": c.result,
        "result_label": c.get_result_display(),
        "note": c.note,
        "leader": c.shift.leader.display_name if c.shift else "",
        "staff": c.shift.staff.display_name if c.shift else "",
    }


@router.get("/holidays", response=list[DutyHolidayOut], summary="未来30天内开始的法定节假日")
def holidays(request: HttpRequest) -> list[dict[str, Any]]:
    require_any(request.user, READ)
    runs = actions.holidays_ahead(timesource.today())
    return [{"name": h.name, "start": h.start, "end": h.end} for h in runs]


@router.get("/rosters", response=list[DutyRosterOut], summary="值班表（按数据范围）")
def rosters(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    require_any(request.user, READ)
    qs = sel.rosters_for(request.user).order_by("-starts_on", "unit__sort", "pk")
    if status:
        qs = qs.filter(status=status)
    return [roster_out(r, detail=False) for r in api_window(qs, limit, offset)]


@router.get("/rosters/{roster_id}", response=DutyRosterOut, summary="值班表详情")
def roster(request: HttpRequest, roster_id: int) -> dict[str, Any]:
    require_any(request.user, READ)
    return roster_out(sel.roster_for(request.user, roster_id))


@router.post("/rosters/{roster_id}", response=DutyRosterOut, summary="保存值班安排")
def save(request: HttpRequest, roster_id: int, body: DutyRosterIn) -> dict[str, Any]:
    actions.save_roster(
        actor=request.user,
        roster_id=roster_id,
        duty_phone=body.duty_phone,
        shifts=[{"day": s.day, "leader": s.leader_id, "staff": s.staff_id} for s in body.shifts],
    )
    return roster_out(sel.roster_for(request.user, roster_id))


@router.post("/rosters/{roster_id}/submit", response=DutyRosterOut, summary="报送值班表")
def submit(request: HttpRequest, roster_id: int) -> dict[str, Any]:
    actions.submit_roster(actor=request.user, roster_id=roster_id)
    return roster_out(sel.roster_for(request.user, roster_id))


@router.get("/checks", response=list[DutyCheckOut], summary="查岗记录")
def checks(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    require_any(request.user, READ)
    return [check_out(c) for c in api_window(sel.checks_for(request.user), limit, offset)]


@router.post("/checks", response={201: DutyCheckOut}, summary="登记查岗结果")
def record(request: HttpRequest, body: DutyCheckIn) -> Status[dict[str, Any]]:
    c = actions.record_check(
        actor=request.user, unit_id=body.unit_id, result=body.result, note=body.note
    )
    return Status(201, check_out(sel.checks_for(request.user).get(pk=c.pk)))


@router.get("/today", response=list[DutyShiftOut], summary="今日值班一览")
def today(request: HttpRequest) -> list[dict[str, Any]]:
    require_any(request.user, READ)
    return [
        {
            "day": s.day,
            "leader_id": s.leader_id,
            "leader": f"{s.roster.unit.name} {s.leader.display_name}（{s.roster.duty_phone}）",
            "staff_id": s.staff_id,
            "staff": s.staff.display_name,
        }
        for s in sel.on_duty(request.user, timesource.today())
    ]
