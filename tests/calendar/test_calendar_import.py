"""Importing a year's schedule: validation, replacement, audit, caches, and the
provisional recompute hook. The 2027 schedule in conftest is made up."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction

from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar import recompute
from xiaoneng.calendar.actions import import_schedule, import_schedule_file
from xiaoneng.calendar.models import HolidaySchedule, SpecialDay
from xiaoneng.calendar.selectors import STAMP_CHECK_SECONDS, current_calendar
from xiaoneng.core.errors import InvalidInput, NotAuthenticated, PermissionDenied
from xiaoneng.core.workdays import WorkCalendar, load_shipped_calendar
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

ICS_2027 = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//zh//\r
BEGIN:VEVENT\r
UID:1@test\r
DTSTART;VALUE=DATE:20270101\r
DTEND;VALUE=DATE:20270102\r
SUMMARY:\xe5\x85\x83\xe6\x97\xa6\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2@test\r
DTSTART;VALUE=DATE:20270206\r
SUMMARY:\xe6\x98\xa5\xe8\x8a\x82\xe8\xa1\xa5\xe7\x8f\xad\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:3@test\r
DTSTART;VALUE=DATE:20270208\r
DTEND;VALUE=DATE:20270213\r
SUMMARY:\xe6\x98\xa5\xe8\x8a\x82\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def imp(csv_2027: str) -> Any:
    """imp(actor, text=the 2027 CSV, year=2027, …) imports a file."""

    def run(actor: Any, text: str = csv_2027, **kw: Any) -> Any:
        defaults: dict[str, Any] = {"year": 2027, "source": "国办发明电〔2026〕×号（测试）"}
        return import_schedule_file(actor=actor, data=text.encode(), **{**defaults, **kw})

    return run


def test_shipped_schedules_are_in_the_database() -> None:
    assert set(HolidaySchedule.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert current_calendar() == load_shipped_calendar()


def test_csv_import_makes_the_year_known(imp: Any, admin: User) -> None:
    before = current_calendar()
    assert before.is_provisional(date(2027, 2, 8))
    assert before.is_workday(date(2027, 2, 8))

    result = imp(admin)

    after = current_calendar()
    assert not after.is_provisional(date(2027, 2, 8))
    assert not after.is_workday(date(2027, 2, 8))
    assert after.is_workday(date(2027, 2, 6))  # the make-up Saturday
    assert after.day_name(date(2027, 2, 6)) == "春节"
    assert after.add_workdays(date(2027, 2, 5), 2) == date(2027, 2, 15)
    assert result.summary() == ["2027 年：放假 6 天，调休上班 2 天"]
    schedule = HolidaySchedule.objects.get(year=2027)
    assert schedule.imported_by == admin
    assert schedule.source == "国办发明电〔2026〕×号（测试）"
    assert SpecialDay.objects.filter(schedule=schedule).count() == 8


def test_import_writes_one_audit_event(imp: Any, admin: User) -> None:
    imp(admin)
    event = AuditEvent.objects.get(event_type="calendar.schedule_imported")
    assert event.actor == admin
    assert (event.object_type, event.object_id) == ("holiday_schedule", "2027")
    assert event.payload["holidays"] == 6
    assert event.payload["workdays"] == 2
    assert event.payload["days"][0] == ["2027-01-01", "holiday", "元旦"]


def test_ical_import(imp: Any, admin: User) -> None:
    result = import_schedule_file(actor=admin, data=ICS_2027, year=None, source="")
    assert [r.schedule.year for r in result.years] == [2027]
    cal = current_calendar()
    assert [d for d in cal.holidays if d.year == 2027] == [
        date(2027, 1, 1),
        *(date(2027, 2, day) for day in range(8, 13)),
    ]
    assert cal.makeup_days == {**load_shipped_calendar().makeup_days, date(2027, 2, 6): "春节"}


def test_reimport_replaces_the_year(imp: Any, admin: User) -> None:
    imp(admin)
    imp(admin, "date,kind,name\n2027-10-01,休,国庆节\n")
    cal = current_calendar()
    assert cal.is_workday(date(2027, 2, 8))
    assert not cal.is_workday(date(2027, 10, 1))
    assert SpecialDay.objects.filter(date__year=2027).count() == 1
    assert AuditEvent.objects.filter(event_type="calendar.schedule_imported").count() == 2


def test_a_year_filter_ignores_and_reports_other_years(
    imp: Any, admin: User, csv_2027: str
) -> None:
    text = csv_2027 + "2026-12-31,休,元旦\n"
    result = imp(admin, text)
    assert result.ignored_summary() == "文件中另有 1 天不属于所选年份，未导入：2026-12-31"
    assert current_calendar().is_workday(date(2026, 12, 31))


def test_a_file_without_year_replaces_every_year_it_contains(
    imp: Any, admin: User, csv_2027: str
) -> None:
    text = csv_2027 + "2028-01-03,休,元旦\n"
    result = imp(admin, text, year=None)
    assert [r.schedule.year for r in result.years] == [2027, 2028]
    assert not current_calendar().span_is_provisional(date(2027, 1, 1), date(2028, 12, 31))


def test_provisional_schedule_applies_but_stays_provisional(imp: Any, admin: User) -> None:
    imp(admin, provisional=True)
    cal = current_calendar()
    assert not cal.is_workday(date(2027, 2, 8))
    assert cal.is_provisional(date(2027, 2, 8))


@pytest.mark.parametrize(
    ("days", "code"),
    [
        ([(date(2026, 12, 31), "holiday", "元旦")], "calendar_date_outside_year"),
        ([(date(2027, 1, 1), "off", "元旦")], "calendar_bad_kind"),
        (
            [(date(2027, 1, 1), "休", "元旦"), (date(2027, 1, 1), "休", "元旦")],
            "calendar_duplicate_date",
        ),
        ([(date(2027, 2, 5), "班", "春节")], "calendar_workday_not_weekend"),
        ([], "calendar_empty_schedule"),
        ([(date(2027, 1, 1), "休", "元" * 65)], "calendar_name_too_long"),
    ],
)
def test_invalid_schedules_name_the_rule(
    admin: User, days: list[tuple[date, str, str]], code: str
) -> None:
    with pytest.raises(InvalidInput) as info:
        import_schedule(actor=admin, year=2027, days=days, source="")
    assert info.value.code == code
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_bad_year_and_source(admin: User) -> None:
    day = [(date(2027, 1, 1), "休", "元旦")]
    with pytest.raises(InvalidInput) as info:
        import_schedule(actor=admin, year=1800, days=day, source="")
    assert info.value.code == "calendar_bad_year"
    with pytest.raises(InvalidInput) as info:
        import_schedule(actor=admin, year=2027, days=day, source="文" * 201)
    assert info.value.code == "calendar_source_too_long"


def test_empty_names_get_a_default(admin: User) -> None:
    import_schedule(
        actor=admin,
        year=2027,
        days=[(date(2027, 1, 1), "holiday", " "), (date(2027, 2, 6), "workday", "")],
        source="",
    )
    cal = current_calendar()
    assert cal.day_name(date(2027, 1, 1)) == "节假日"
    assert cal.day_name(date(2027, 2, 6)) == "调休上班"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("date,kind\n", 1),
        ("date,kind,name\n2027-01-01,休,元旦\n2027-01-0x,休,元旦\n", 3),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nnot a property line\nEND:VEVENT\n", 4),
    ],
)
def test_bad_files_are_refused_with_the_line(imp: Any, admin: User, text: str, line: int) -> None:
    with pytest.raises(InvalidInput) as info:
        imp(admin, text)
    assert info.value.code == "calendar_bad_file"
    assert info.value.detail["line"] == line


def test_a_file_without_the_year_is_refused(imp: Any, admin: User) -> None:
    with pytest.raises(InvalidInput) as info:
        imp(admin, "date,kind,name\n2028-01-03,休,元旦\n")
    assert info.value.code == "calendar_empty_schedule"


def test_import_needs_calendar_manage(imp: Any, admin: User) -> None:
    with transaction.atomic():
        clerk = org_actions.create_user(
            actor=admin, username="clerk", password="Rili-2027-kanban", real_name="办事员"
        )
    with pytest.raises(PermissionDenied):
        imp(clerk)
    with pytest.raises(NotAuthenticated):
        imp(None)
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_recompute_hook_runs_inside_the_import(imp: Any, admin: User, recorder: Any) -> None:
    result = imp(admin)
    assert result.years[0].recomputed == 3
    assert "重新计算暂定期限 3 件" in result.summary()[0]
    [call] = recorder.calls
    assert call["actor"] == admin
    assert call["year"] == 2027
    assert call["in_transaction"]
    assert not call["calendar"].is_provisional(date(2027, 2, 8))
    assert not call["calendar"].is_workday(date(2027, 2, 8))


def test_a_failing_hook_undoes_the_import(imp: Any, admin: User) -> None:
    def broken(*, actor: Any, year: int, calendar: WorkCalendar) -> int:
        raise RuntimeError("recompute failed")

    recompute.register(broken)
    try:
        with pytest.raises(RuntimeError):
            imp(admin)
    finally:
        recompute.unregister(broken)
    assert not HolidaySchedule.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.filter(event_type="calendar.schedule_imported").exists()
    assert current_calendar().is_provisional(date(2027, 2, 8))


def test_register_is_idempotent_and_a_decorator(recorder: Any) -> None:
    assert recompute.register(recorder) is recorder
    assert recompute.run_all(actor=None, year=2027, calendar=load_shipped_calendar()) == 3
    assert len(recorder.calls) == 1


FROZEN = 1e12  # beyond any real monotonic reading


def _later(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Hold the calendar cache's monotonic clock at a fixed point plus `seconds`."""
    monkeypatch.setattr("xiaoneng.calendar.selectors.time.monotonic", lambda: FROZEN + seconds)


def test_cached_calendar_costs_no_query_then_one(
    django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _later(monkeypatch, 0)
    first = current_calendar()
    with django_assert_num_queries(0):
        assert current_calendar() is first
    _later(monkeypatch, STAMP_CHECK_SECONDS)
    with django_assert_num_queries(1):
        assert current_calendar() is first


def test_other_processes_see_an_import_through_the_stamp(
    imp: Any, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _later(monkeypatch, 0)
    stale = current_calendar()
    # Another process imports: this process's cache is not cleared, only the stamp moves.
    monkeypatch.setattr("xiaoneng.calendar.actions.calendar_changed", lambda: None)
    imp(admin)
    assert current_calendar() is stale  # within the stamp-check window
    _later(monkeypatch, STAMP_CHECK_SECONDS)
    fresh = current_calendar()
    assert fresh is not stale
    assert not fresh.is_provisional(date(2027, 2, 8))
