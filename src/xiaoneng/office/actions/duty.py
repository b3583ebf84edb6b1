"""Holiday duty (值班, seed art. 12; domain rules §14): each unit that keeps
duty (the municipal departments and the county governments) gives, before
each statutory holiday, a roster with a shift for every day of it — the
leader on duty (带班领导) and the staff on duty (值班人员), and the duty
phone. The government office and the supervision bureau call the phone on a
holiday day (查岗); anything but "present" is a finding for supervision.

Decisions (documented for the lead and the README):
- the leader on duty is any active user of the unit (the platform holds one
  head per unit; a holiday of nine days is shared among the unit's cadres),
  and not the same person as the staff on duty that day;
- a submitted roster may be edited until the holiday's first day (its
  version goes up, the edit is audited); a draft may be submitted at any
  time, late when after its due day (`late`);
- a failed spot check is one finding per unit and holiday (the subject is
  the roster); a second failure is in the checks' list and told to the
  unit's heads again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.office import Holiday, holiday_periods, roster_due
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.inputs import PHONE_RE, choice, optional
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.office.common import DUTY_KINDS, event, is_member, locked_row, subject
from xiaoneng.office.models.duty import CheckResult, DutyRoster, DutyShift, RosterStatus, SpotCheck
from xiaoneng.office.params import ROSTER_DUE_WORKDAYS
from xiaoneng.org.authority import covers_department, require
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.system.params import get_param

ROSTER = "duty.roster"
CHECK = "duty.check"
SUBJECT_KIND = "duty_roster"
FINDING = "duty_absent"


def _missing() -> NotFound:
    return NotFound("值班表不存在或无权查看", code="office_roster_not_found")


def duty_units() -> Any:
    """The units that keep duty: municipal departments and counties, active."""
    return Department.objects.filter(active=True, kind__in=DUTY_KINDS).order_by("sort", "code")


def holidays_ahead(today: date, days: int = 30) -> list[Holiday]:
    """The statutory holidays whose first day is within `days` from today (or
    under way today)."""
    calendar = current_calendar()
    runs = holiday_periods(calendar, today.year) + holiday_periods(calendar, today.year + 1)
    seen: dict[date, Holiday] = {}
    for run in runs:
        if run.end >= today and run.start <= today + timedelta(days=days):
            seen.setdefault(run.start, run)
    return [seen[k] for k in sorted(seen)]


def holiday_of(day: date) -> Holiday | None:
    """The holiday run that holds `day`, if any."""
    calendar = current_calendar()
    for run in holiday_periods(calendar, day.year):
        if run.start <= day <= run.end:
            return run
    return None


def open_rosters(holiday: Holiday, units: Iterable[Department]) -> int:
    """The holiday's rosters of `units` that are not there yet (idempotent);
    how many were opened."""
    due = roster_due(current_calendar(), holiday.start, get_param(ROSTER_DUE_WORKDAYS))
    unit_ids = [u.pk for u in units]
    have = set(
        DutyRoster.objects.filter(starts_on=holiday.start, unit_id__in=unit_ids).values_list(
            "unit_id", flat=True
        )
    )
    rows = [
        DutyRoster(
            unit_id=pk,
            holiday=holiday.name,
            starts_on=holiday.start,
            ends_on=holiday.end,
            due_on=due,
        )
        for pk in unit_ids
        if pk not in have
    ]
    DutyRoster.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _member(raw: Any, unit_id: int, *, label: str, day: date) -> User:
    user = User.objects.filter(pk=as_int(raw) or 0).select_related("department").first()
    if user is None or not is_member(user, unit_id):
        raise InvalidInput(
            f"{cn_date(day)}的{label}须为本单位在职人员",
            code="office_roster_person_invalid",
            detail={"day": day, "person": raw},
        )
    return user


def _shifts(
    roster: DutyRoster, shifts: Iterable[Mapping[str, Any]]
) -> dict[date, tuple[User, User]]:
    """The posted shifts, checked: a day of the holiday at most once, two
    different people of the unit."""
    out: dict[date, tuple[User, User]] = {}
    for item in shifts:
        raw = item.get("day")
        try:
            day = raw if type(raw) is date else date.fromisoformat(str(raw))
        except ValueError:
            day = None
        if day is None or not roster.starts_on <= day <= roster.ends_on or day in out:
            raise InvalidInput(
                "值班日期须为节假日当中的一天（每天一行）",
                code="office_roster_day_invalid",
                detail={"day": raw},
            )
        if item.get("leader") in (None, "") and item.get("staff") in (None, ""):
            continue  # a row left empty in the form
        leader = _member(item.get("leader"), roster.unit_id, label="带班领导", day=day)
        staff = _member(item.get("staff"), roster.unit_id, label="值班人员", day=day)
        if leader.pk == staff.pk:
            raise InvalidInput(
                f"{cn_date(day)}的带班领导和值班人员不能是同一人",
                code="office_roster_same_person",
                detail={"day": day},
            )
        out[day] = (leader, staff)
    return out


def missing_days(roster: DutyRoster, filled: Iterable[date]) -> list[date]:
    have = set(filled)
    days = (
        roster.starts_on + timedelta(days=i)
        for i in range((roster.ends_on - roster.starts_on).days + 1)
    )
    return [d for d in days if d not in have]


def _phone(value: Any) -> str:
    phone = optional(value, code="office_roster_phone_invalid", label="值班电话", limit=40)
    if phone and not PHONE_RE.match(phone):
        raise InvalidInput("值班电话不正确", code="office_roster_phone_invalid")
    return phone


def _complete(roster: DutyRoster, days: Iterable[date]) -> None:
    missing = missing_days(roster, days)
    if missing or not roster.duty_phone:
        raise InvalidInput(
            "值班表不完整：节假日每天都须安排带班领导和值班人员，并填写值班电话",
            code="office_roster_incomplete",
            detail={"missing_days": missing, "phone": bool(roster.duty_phone)},
        )


@transaction.atomic
def save_roster(
    *, actor: Any, roster_id: Any, duty_phone: Any, shifts: Iterable[Mapping[str, Any]]
) -> DutyRoster:
    """The unit's roster as posted (the days not posted are left empty). A
    submitted roster may be changed until the holiday begins, complete, as
    a new version."""
    user = require(actor, ROSTER)
    roster = locked_row(
        DutyRoster, roster_id, unit=lambda r: r.unit_id, missing=_missing, actor=user
    )
    today = timesource.today()
    if roster.status == RosterStatus.SUBMITTED and today >= roster.starts_on:
        raise Conflict(
            "节假日已开始，已报送的值班表不能再修改",
            code="office_roster_closed",
            detail={"starts_on": roster.starts_on},
        )
    if today > roster.ends_on:
        raise Conflict("节假日已过，值班表不能再修改", code="office_roster_closed")
    posted = _shifts(roster, shifts)
    roster.duty_phone = _phone(duty_phone)
    if roster.status == RosterStatus.SUBMITTED:
        _complete(roster, posted)
        roster.version += 1
    roster.shifts.all().delete()
    DutyShift.objects.bulk_create(
        [
            DutyShift(roster=roster, day=d, leader=lead, staff=staff)
            for d, (lead, staff) in posted.items()
        ]
    )
    roster.save(update_fields=["duty_phone", "version"])
    event(
        user,
        "roster",
        roster.pk,
        "roster_saved",
        holiday=roster.holiday,
        unit=roster.unit_id,
        days=len(posted),
        version=roster.version,
        after_submission=roster.status == RosterStatus.SUBMITTED,
    )
    return roster


@transaction.atomic
def submit_roster(*, actor: Any, roster_id: Any) -> DutyRoster:
    """报送: every day filled and the phone given; late after the due day."""
    user = require(actor, ROSTER)
    roster = locked_row(
        DutyRoster, roster_id, unit=lambda r: r.unit_id, missing=_missing, actor=user
    )
    if roster.status != RosterStatus.DRAFT:
        raise Conflict("值班表已报送", code="office_roster_submitted")
    _complete(roster, roster.shifts.values_list("day", flat=True))
    today = timesource.today()
    roster.status = RosterStatus.SUBMITTED
    roster.submitted_by = user
    roster.submitted_at = timesource.now()
    roster.late = today > roster.due_on
    roster.save(update_fields=["status", "submitted_by", "submitted_at", "late"])
    event(
        user,
        "roster",
        roster.pk,
        "roster_submitted",
        holiday=roster.holiday,
        unit=roster.unit_id,
        due_on=roster.due_on,
        late=roster.late,
    )
    return roster


def roster_subject(roster: DutyRoster, unit_name: str) -> Any:
    return subject(
        SUBJECT_KIND,
        roster.pk,
        f"{unit_name}{roster.starts_on.year}年{roster.holiday}值班",
        reverse("office:roster", args=[roster.pk]),
        roster.unit_id,
    )


def _roster_for_check(unit: Department, today: date) -> DutyRoster:
    """The unit's roster of the holiday under way (opened now if the sweep
    has not: a unit without a roster can be checked too)."""
    holiday = holiday_of(today)
    if holiday is None:
        raise InvalidInput(
            "今天不是法定节假日，不在查岗范围",
            code="office_check_not_holiday",
            detail={"today": today},
        )
    open_rosters(holiday, [unit])
    return DutyRoster.objects.select_for_update().get(unit=unit, starts_on=holiday.start)


@transaction.atomic
def record_check(*, actor: Any, unit_id: Any, result: Any, note: Any = "") -> SpotCheck:
    """查岗: a call to the unit's duty phone today, a holiday day. Anything
    but present is the finding duty_absent (once per unit and holiday) and
    the unit's heads are told."""
    user = require(actor, CHECK)
    unit = Department.objects.filter(pk=as_int(unit_id) or 0, kind__in=DUTY_KINDS).first()
    if unit is None or not covers_department(user, unit.pk):
        raise NotFound("被查单位不存在", code="office_check_unit_invalid")
    outcome = choice(
        result, CheckResult.values, code="office_check_result_invalid", label="查岗结果"
    )
    text = optional(note, code="office_check_note_invalid", label="情况说明", limit=300)
    today = timesource.today()
    roster = _roster_for_check(unit, today)
    shift = (
        roster.shifts.filter(day=today).select_related("leader", "staff").first()
        if roster.status == RosterStatus.SUBMITTED
        else None
    )
    check = SpotCheck.objects.create(
        unit=unit,
        shift=shift,
        checked_at=timesource.now(),
        checked_by=user,
        result=outcome,
        note=text,
    )
    evidence: dict[str, Any] = {
        "说明": f"{cn_date(today)}查岗：{CheckResult(outcome).label}",
        "day": today,
        "result": outcome,
        "roster": roster.get_status_display(),
        "leader": shift.leader.display_name if shift else "",
        "staff": shift.staff.display_name if shift else "",
        "phone": roster.duty_phone,
        "note": text,
        "check": check.pk,
    }
    event(
        user,
        "spot_check",
        check.pk,
        "spot_check_recorded",
        unit=unit.pk,
        **{k: v for k, v in evidence.items() if k != "说明"},
    )
    if outcome != CheckResult.PRESENT:
        found = raise_subject_anomaly(
            subject=roster_subject(roster, unit.name),
            kind=FINDING,
            evidence=evidence,
            found_on=today,
        )
        if found is None:  # already a finding this holiday: the heads hear of this one too
            notify(
                recipients=department_heads([unit.pk]).get(unit.pk, []),
                kind="office_duty_check",
                title=f"查岗：{unit.name}{CheckResult(outcome).label}"[:200],
                body=evidence["说明"] + (f"。{text}" if text else ""),
                link=reverse("office:rosters"),
            )
    return check
