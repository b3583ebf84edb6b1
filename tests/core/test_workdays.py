"""The working-day calendar against the official 2026 schedule, worked by hand,
and against chinesecalendar on every day it knows."""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.workdays import (
    SHANGHAI,
    Day,
    ScheduleDay,
    WorkCalendar,
    deadline_end,
    load_shipped_calendar,
    parse_schedule_csv,
    read_shipped_schedule,
)

ROOT = Path(__file__).resolve().parents[2]
CAL = load_shipped_calendar()


def test_shipped_calendar_equals_chinesecalendar_on_every_day() -> None:
    d, mismatches = date(2004, 1, 1), []
    while d <= date(2026, 12, 31):
        if CAL.is_workday(d) != chinese_calendar.is_workday(d):
            mismatches.append(d)
        d += timedelta(days=1)
    assert mismatches == []
    assert CAL.known_years == frozenset(range(2004, 2027))


def test_shipped_file_is_what_the_generator_writes() -> None:
    path = ROOT / "scripts" / "generate_calendar_data.py"
    spec = importlib.util.spec_from_file_location("generate_calendar_data", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == module.OUTPUT.read_text(encoding="utf-8")


def test_every_special_day_has_a_chinese_name() -> None:
    days = read_shipped_schedule()
    assert {d.date.year for d in days} == set(range(2004, 2027))
    assert all(d.name and d.name.isascii() is False for d in days)
    assert CAL.day_name(date(2026, 2, 14)) == "春节"
    assert CAL.day_name(date(2026, 10, 1)) == "国庆节"
    assert CAL.day_name(date(2026, 1, 1)) == "元旦"
    assert CAL.day_name(date(2026, 3, 4)) == ""


# 2026 Spring Festival: off Sun Feb 15 – Mon Feb 23; make-up Sat Feb 14 and Sat Feb 28.
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 2, 12), 1, date(2026, 2, 13)),  # Thu → Fri
        (date(2026, 2, 12), 2, date(2026, 2, 14)),  # → the make-up Saturday
        (date(2026, 2, 12), 3, date(2026, 2, 24)),  # → Tue after the holiday
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 2, 15), 1, date(2026, 2, 24)),  # start inside the holiday
        (date(2026, 2, 13), 6, date(2026, 2, 28)),  # 14, 24, 25, 26, 27, 28 (Sat)
        (date(2026, 2, 13), 7, date(2026, 3, 2)),
        (date(2026, 2, 10), 5, date(2026, 2, 24)),  # 11, 12, 13, 14, 24
        (date(2026, 2, 10), 20, date(2026, 3, 16)),  # the ALL art. 42 default limit
        (date(2026, 2, 24), -1, date(2026, 2, 14)),
        (date(2026, 2, 24), -2, date(2026, 2, 13)),
        (date(2026, 2, 23), -1, date(2026, 2, 14)),
        (date(2026, 3, 2), -1, date(2026, 2, 28)),
        (date(2026, 2, 18), 0, date(2026, 2, 18)),  # instant items: the day itself
    ],
)
def test_add_across_spring_festival_2026(start: date, n: int, expected: date) -> None:
    assert CAL.add_workdays(start, n) == expected


# 2026 National Day: Mid-Autumn off Fri Sep 25 – Sun Sep 27, National Day off
# Thu Oct 1 – Wed Oct 7; make-up Sun Sep 20 and Sat Oct 10.
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Fri → the make-up Sunday
        (date(2026, 9, 18), 2, date(2026, 9, 21)),
        (date(2026, 9, 24), 1, date(2026, 9, 28)),  # over Mid-Autumn
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # 8, 9, 10 (Sat)
        (date(2026, 9, 30), 4, date(2026, 10, 12)),
        (date(2026, 9, 29), 5, date(2026, 10, 12)),  # 30, 8, 9, 10, 12
        (date(2026, 9, 15), 20, date(2026, 10, 19)),
        (date(2026, 10, 8), -1, date(2026, 9, 30)),
        (date(2026, 10, 12), -1, date(2026, 10, 10)),
        (date(2026, 9, 21), -1, date(2026, 9, 20)),
        (date(2026, 9, 28), -1, date(2026, 9, 24)),
    ],
)
def test_add_across_national_day_2026(start: date, n: int, expected: date) -> None:
    assert CAL.add_workdays(start, n) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2026, 2, 13), date(2026, 2, 24), 2),  # 14, 24
        (date(2026, 2, 14), date(2026, 2, 23), 0),
        (date(2026, 2, 12), date(2026, 3, 16), 18),
        (date(2026, 9, 30), date(2026, 10, 8), 1),
        (date(2026, 9, 19), date(2026, 9, 20), 1),
        (date(2026, 10, 1), date(2026, 10, 7), 0),
        (date(2026, 10, 8), date(2026, 9, 30), -1),
        (date(2026, 5, 6), date(2026, 5, 6), 0),
    ],
)
def test_workdays_between_2026(a: date, b: date, expected: int) -> None:
    assert CAL.workdays_between(a, b) == expected


def test_years_without_schedule_are_monday_to_friday_and_provisional() -> None:
    assert CAL.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 1)  # a Friday, unknown year
    assert CAL.add_workdays(date(2003, 12, 31), 1) == date(2004, 1, 2)  # 2004-01-01 元旦
    assert CAL.add_workdays(date(2003, 12, 26), 3) == date(2003, 12, 31)
    assert CAL.is_provisional(date(2027, 3, 1))
    assert not CAL.is_provisional(date(2026, 3, 1))
    assert CAL.span_is_provisional(date(2026, 12, 20), date(2027, 1, 10))
    assert CAL.span_is_provisional(date(2027, 1, 10), date(2026, 12, 20))
    assert not CAL.span_is_provisional(date(2004, 1, 1), date(2026, 12, 31))
    assert CAL.span_is_provisional(date(2003, 12, 31), date(2004, 1, 1))


def test_next_workday_on_or_after() -> None:
    assert CAL.next_workday_on_or_after(date(2026, 2, 14)) == date(2026, 2, 14)
    assert CAL.next_workday_on_or_after(date(2026, 2, 15)) == date(2026, 2, 24)
    assert CAL.next_workday_on_or_after(date(2026, 10, 11)) == date(2026, 10, 12)


def test_days_lists_each_day_inclusive() -> None:
    days = list(CAL.days(date(2026, 12, 31), date(2027, 1, 1)))
    assert days == [
        Day(date(2026, 12, 31), True, "", False),
        Day(date(2027, 1, 1), True, "", True),
    ]
    assert list(CAL.days(date(2026, 1, 2), date(2026, 1, 1))) == []


def test_deadline_ends_at_the_next_midnight_in_shanghai() -> None:
    end = deadline_end(date(2026, 2, 24))
    assert end == datetime(2026, 2, 25, tzinfo=SHANGHAI)
    assert end.astimezone(UTC) == datetime(2026, 2, 24, 16, tzinfo=UTC)


def test_calendar_is_immutable() -> None:
    with pytest.raises(AttributeError):
        CAL._known_years = frozenset()
    with pytest.raises(TypeError):
        CAL.holidays[date(2026, 3, 3)] = "x"  # type: ignore[index]


def test_calendar_rejects_inconsistent_schedules() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkCalendar({date(2026, 2, 14): "a"}, {date(2026, 2, 14): "b"}, {2026})
    with pytest.raises(ValueError, match="weekend"):
        WorkCalendar({}, {date(2026, 2, 13): "a"}, {2026})


def test_an_empty_calendar_is_monday_to_friday_everywhere() -> None:
    empty = WorkCalendar({}, {}, ())
    assert empty.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 16)
    assert empty.workdays_between(date(2026, 2, 13), date(2026, 2, 20)) == 5
    assert empty.span_is_provisional(date(2026, 1, 1), date(2026, 1, 1))


def test_beyond_the_date_range_overflows() -> None:
    with pytest.raises(OverflowError):
        CAL.add_workdays(date.max - timedelta(days=3), 10)
    with pytest.raises(OverflowError):
        CAL.add_workdays(date.min + timedelta(days=3), -10)


def test_equal_calendars_compare_and_hash_equal() -> None:
    again = WorkCalendar(dict(CAL.holidays), dict(CAL.makeup_days), CAL.known_years)
    assert again == CAL
    assert hash(again) == hash(CAL)
    assert again != WorkCalendar(dict(CAL.holidays), dict(CAL.makeup_days), {2004})
    assert "2004–2026" in repr(CAL)


def test_csv_accepts_chinese_marks_headers_and_spreadsheet_dates() -> None:
    text = "\ufeff日期,类型,名称\n2027/1/1,休,元旦\n\n2027年2月6日,班,春节\n2027-02-07,holiday\n"
    assert parse_schedule_csv(text) == [
        ScheduleDay(date(2027, 1, 1), "holiday", "元旦"),
        ScheduleDay(date(2027, 2, 6), "workday", "春节"),
        ScheduleDay(date(2027, 2, 7), "holiday", ""),
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("2027-01-01,休,元旦\n", 1),  # no header
        ("date,kind,name\n2027-01-01,休,元旦\n2027-01-02,off,x\n", 3),
        ("date,kind,name\n2027-13-01,休,元旦\n", 2),
        ("date,kind,name\n2027-02-30,休,元旦\n", 2),
        ("date,kind,name\n2027-01-01,休,元旦,多余\n", 2),
        ("date,kind,name\n\n\n2027-01-01\n", 4),
        ('date,kind,name\n2027-01-01,休,"元旦\n', 2),  # unterminated quote
    ],
)
def test_bad_csv_names_the_line(text: str, line: int) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_schedule_csv(text)
    assert info.value.code == "calendar_bad_file"
    assert info.value.detail["line"] == line
    assert f"第 {line} 行" in info.value.message
