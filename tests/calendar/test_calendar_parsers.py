"""Schedule files: iCalendar events and file-level handling (CSV rows are
tested with the core module)."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.calendar.parsers import parse_file, parse_ical, split_by_year
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.workdays import ScheduleDay


def ics(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//zh//\r\n{body}END:VCALENDAR\r\n"


def test_all_day_events_cover_dtstart_to_dtend_exclusive() -> None:
    text = ics(
        "DTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261004\r\nSUMMARY:国庆节（休）",
        "DTSTART;VALUE=DATE:20261010\r\nSUMMARY:国庆节（班）",
        "DTSTART;VALUE=DATE:20260920\r\nDURATION:P1D\r\nSUMMARY:补班",
    )
    assert parse_ical(text) == [
        ScheduleDay(date(2026, 9, 20), "workday", ""),
        ScheduleDay(date(2026, 10, 1), "holiday", "国庆节"),
        ScheduleDay(date(2026, 10, 2), "holiday", "国庆节"),
        ScheduleDay(date(2026, 10, 3), "holiday", "国庆节"),
        ScheduleDay(date(2026, 10, 10), "workday", "国庆节"),
    ]


@pytest.mark.parametrize(
    ("summary", "kind", "name"),
    [
        ("春节", "holiday", "春节"),
        ("春节 放假", "holiday", "春节"),
        ("春节补班", "workday", "春节"),
        ("上班", "workday", ""),
        ("【班】劳动节", "workday", "劳动节"),
        ("休", "holiday", ""),
    ],
)
def test_summary_gives_kind_and_name(summary: str, kind: str, name: str) -> None:
    [day] = parse_ical(ics(f"DTSTART;VALUE=DATE:20260502\r\nSUMMARY:{summary}"))
    assert (day.kind, day.name) == (kind, name)


def test_timed_events_count_their_beijing_dates() -> None:
    # 2026-02-14 16:00 UTC is midnight of 2 月 15 日 in Beijing; ends at midnight 2 月 17 日.
    text = ics("DTSTART:20260214T160000Z\r\nDTEND:20260216T160000Z\r\nSUMMARY:春节")
    assert [d.date for d in parse_ical(text)] == [date(2026, 2, 15), date(2026, 2, 16)]
    text = ics("DTSTART;TZID=Asia/Shanghai:20260215T090000\r\nSUMMARY:春节")
    assert [d.date for d in parse_ical(text)] == [date(2026, 2, 15)]


def test_overlapping_events_of_one_kind_share_the_day() -> None:
    text = ics(
        "DTSTART;VALUE=DATE:20201001\r\nDTEND;VALUE=DATE:20201009\r\nSUMMARY:国庆节",
        "DTSTART;VALUE=DATE:20201001\r\nSUMMARY:中秋节",
    )
    days = parse_ical(text)
    assert days[0] == ScheduleDay(date(2020, 10, 1), "holiday", "国庆节、中秋节")
    assert len(days) == 8


def test_folded_lines_are_read() -> None:
    text = ics("DTSTART;VALUE=DATE:20260101\r\nSUMMARY:元\r\n 旦")
    assert parse_ical(text) == [ScheduleDay(date(2026, 1, 1), "holiday", "元旦")]


@pytest.mark.parametrize(
    ("event", "line", "reason"),
    [
        ("DTSTART;VALUE=DATE:2026XX01\r\nSUMMARY:元旦", 4, "DTSTART"),
        ("SUMMARY:元旦", 4, "日期"),
        ("DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:元旦", 4, "RRULE"),
        ("DTSTART;VALUE=DATE:20260105\r\nDTEND;VALUE=DATE:20260101\r\nSUMMARY:x", 4, "早于"),
        ("DTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20260601\r\nSUMMARY:x", 4, "超过"),
        ("DTSTART;VALUE=DATE:20260101\r\n这不是内容行", 6, "内容行"),
    ],
)
def test_bad_events_name_their_line(event: str, line: int, reason: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_ical(ics(event))
    assert info.value.code == "calendar_bad_file"
    assert info.value.detail["line"] == line
    assert reason in info.value.detail["reason"]


def test_one_day_both_off_and_working_is_refused() -> None:
    text = ics(
        "DTSTART;VALUE=DATE:20261010\r\nSUMMARY:休", "DTSTART;VALUE=DATE:20261010\r\nSUMMARY:班"
    )
    with pytest.raises(InvalidInput, match="同时"):
        parse_ical(text)


@pytest.mark.parametrize(
    "data",
    [b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"],
)
def test_calendars_without_events_are_refused(data: bytes) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_file(data)
    assert info.value.code == "calendar_bad_file"


def test_parse_file_reads_gbk_csv_and_ical() -> None:
    gbk = "日期,类型,名称\n2027-01-01,休,元旦\n".encode("gb18030")
    assert parse_file(gbk) == [ScheduleDay(date(2027, 1, 1), "holiday", "元旦")]
    data = ics("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:元旦").encode()
    assert parse_file(b"\xef\xbb\xbf" + data) == [ScheduleDay(date(2027, 1, 1), "holiday", "元旦")]


def test_split_by_year() -> None:
    days = [
        ScheduleDay(date(2026, 12, 31), "workday", "元旦"),
        ScheduleDay(date(2027, 1, 1), "holiday", "元旦"),
    ]
    assert split_by_year(days) == ({2026: days[:1], 2027: days[1:]}, [])
    assert split_by_year(days, 2027) == ({2027: days[1:]}, days[:1])
