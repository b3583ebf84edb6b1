"""Holiday schedule files → schedule rows. Pure (no Django); a bad file raises
InvalidInput `calendar_bad_file` naming the line, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import icalendar

from xiaoneng.core.workdays import (
    HOLIDAY,
    ONE_DAY,
    SHANGHAI,
    WORKDAY,
    Kind,
    ScheduleDay,
    bad_file,
    parse_schedule_csv,
)

__all__ = ["FILE_FORMATS", "parse_csv", "parse_file", "parse_ical", "split_by_year"]

FILE_FORMATS = """\
CSV：首行为表头 date,kind,name（或 日期,类型,名称），每行一天。
  类型：holiday 或“休”为放假；workday 或“班”为调休上班（只能是周六、周日）。
  日期：2027-02-06、2027/2/6 或 2027年2月6日。编码：UTF-8（可带 BOM）或 GBK/GB18030。
    date,kind,name
    2027-01-01,休,元旦
    2027-02-06,班,春节

iCalendar（.ics）：每个事件（VEVENT）覆盖 DTSTART 至 DTEND（不含，全天事件的写法）
  的各天；没有 DTEND 时为一天。标题（SUMMARY）含“班”（补班、上班）的为调休上班日，
  其余为放假；名称取标题去掉“休”“班”“放假”等字样，如“春节（班）”→ 春节。
"""

parse_csv = parse_schedule_csv
MAX_EVENT_DAYS = 60  # no holiday or make-up run is longer; a longer event is a mistake
_MARKS = re.compile(r"[（(\[【]?\s*(?:补班|上班|调休|放假|休息|假期|班|休)\s*[)）\]】]?")
_CONTENT_LINE = re.compile(r"[A-Za-z0-9-]+[;:]")


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise bad_file(None, "文件编码无法识别（应为 UTF-8 或 GB18030）")


def parse_file(data: bytes) -> list[ScheduleDay]:
    """CSV or iCalendar, told apart by content."""
    text = decode(data)
    if text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return parse_ical(text)
    return parse_csv(text)


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines (RFC 5545 §3.1) with their first physical line number."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    return lines


def _local(value: date) -> date:
    """A timed value as its Beijing-time wall clock; dates pass through."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(SHANGHAI)
    return value


def _event_days(event: icalendar.Event, line: int | None) -> tuple[list[date], Kind, str]:
    if event.errors:
        prop, reason = event.errors[0]
        raise bad_file(line, f"{prop} 无法识别：{reason}")
    if "RRULE" in event:
        raise bad_file(line, "不支持重复规则（RRULE），请逐次列出")
    summary = str(event.get("SUMMARY", "")).strip()
    kind: Kind = WORKDAY if "班" in summary else HOLIDAY
    name = _MARKS.sub("", summary).strip(" \t-—_·:：,，、")
    try:
        # icalendar derives the exclusive end from DTEND, DURATION or the RFC default.
        start, end = _local(event.start), _local(event.end)
    except ValueError as exc:
        raise bad_file(line, f"事件日期无法识别：{exc}") from None
    first = start.date() if isinstance(start, datetime) else start
    if isinstance(end, datetime):
        # A timed event counts every day it touches; an end at midnight is exclusive.
        last = end.date() if end.time() != time.min or end == start else end.date() - ONE_DAY
    else:
        last = end - ONE_DAY
    span = (last - first).days + 1
    if span < 1:
        raise bad_file(line, "结束时间早于开始时间")
    if span > MAX_EVENT_DAYS:
        raise bad_file(line, f"事件跨 {span} 天，超过 {MAX_EVENT_DAYS} 天")
    return [first + timedelta(days=i) for i in range(span)], kind, name


def parse_ical(text: str) -> list[ScheduleDay]:
    lines = _content_lines(text)
    for number, content in lines:
        if not _CONTENT_LINE.match(content):
            raise bad_file(number, f"不是 iCalendar 内容行：{content[:40]}")
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise bad_file(None, f"iCalendar 格式错误：{exc}") from None
    event_lines = [n for n, content in lines if content.strip().upper() == "BEGIN:VEVENT"]
    days: dict[date, ScheduleDay] = {}
    events = [event for event in calendar.walk("VEVENT") if isinstance(event, icalendar.Event)]
    for index, event in enumerate(events):
        line = event_lines[index] if index < len(event_lines) else None
        event_days, kind, name = _event_days(event, line)
        for day in event_days:
            days[day] = _merge(days.get(day), ScheduleDay(day, kind, name), line)
    if not days:
        raise bad_file(None, "文件中没有任何事件（VEVENT）")
    return sorted(days.values())


def _merge(old: ScheduleDay | None, new: ScheduleDay, line: int | None) -> ScheduleDay:
    """Overlapping events of one kind (国庆节 and 中秋节) share the day."""
    if old is None:
        return new
    if old.kind != new.kind:
        raise bad_file(line, f"{new.date} 同时被标为放假和上班")
    names = [n for n in dict.fromkeys((old.name, new.name)) if n]
    return old._replace(name="、".join(names))


def split_by_year(
    days: Iterable[ScheduleDay], year: int | None = None
) -> tuple[dict[int, list[ScheduleDay]], list[ScheduleDay]]:
    """Group rows by year; with `year`, keep that year only and return the
    other rows as ignored (a notice's make-up day in the previous December
    belongs to that earlier year's schedule)."""
    by_year: dict[int, list[ScheduleDay]] = {}
    ignored: list[ScheduleDay] = []
    for day in days:
        if year is not None and day.date.year != year:
            ignored.append(day)
        else:
            by_year.setdefault(day.date.year, []).append(day)
    return by_year, ignored
