"""Working days (ALL art. 82), counted by 民法典 art. 201: the start day is not counted.

Pure Python, no Django. Every day gets a *rank*: the number of working days up
to and including it since 0001-01-01. Inside the span of years that have
schedule data the ranks come from a table built once; outside it, from the
closed-form count of Monday–Friday days. So every question is O(1):

- ``workdays_between(a, b) = rank(b) - rank(a)``
- ``add_workdays(d, n) = select(rank(d) + n)`` where ``select`` is the inverse.

Dates must be ``datetime.date`` values, not ``datetime``: a ``datetime`` never
equals the ``date`` keys of the schedule.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Final, Literal, NamedTuple
from zoneinfo import ZoneInfo

from xiaoneng.core.errors import InvalidInput

SHANGHAI: Final = ZoneInfo("Asia/Shanghai")
ONE_DAY: Final = timedelta(days=1)

Kind = Literal["holiday", "workday"]
HOLIDAY: Final = "holiday"
WORKDAY: Final = "workday"
# File spellings of a kind: ours, and the 休/班 marks of printed calendars.
KIND_ALIASES: Final[Mapping[str, Kind]] = MappingProxyType(
    {"holiday": "holiday", "workday": "workday", "休": "holiday", "班": "workday"}
)

_MAX_ORDINAL: Final = date.max.toordinal()


def _weekdays_through(ordinal: int) -> int:
    """Monday–Friday days in [1, ordinal]; ordinal 1 (0001-01-01) is a Monday.
    Valid for any integer: it grows by one exactly on each Mon–Fri ordinal."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _nth_weekday(rank: int) -> int:
    """The Mon–Fri ordinal whose `_weekdays_through` is `rank` (its inverse)."""
    weeks, rest = divmod(rank - 1, 5)
    return 7 * weeks + rest + 1


def _from_ordinal(ordinal: int) -> date:
    if not 1 <= ordinal <= _MAX_ORDINAL:
        raise OverflowError("date value out of range")
    return date.fromordinal(ordinal)


class Day(NamedTuple):
    date: date
    workday: bool
    name: str
    provisional: bool


class WorkCalendar:
    """An immutable working-day calendar.

    `holidays`: days off with their names (weekend days inside a holiday may
    be listed too, for their name); `makeup_days`: weekend days that are
    working days (调休上班日); `known_years`: years whose official schedule
    is in: any other year is *provisional*. A year without special days is
    Monday–Friday.
    """

    __slots__ = (
        "_first",
        "_hi",
        "_holidays",
        "_index",
        "_known_years",
        "_lo",
        "_makeup",
        "_shift",
        "_workdays",
    )

    _holidays: Mapping[date, str]
    _makeup: Mapping[date, str]
    _known_years: frozenset[int]
    _lo: int  # first and last ordinal of the table
    _hi: int
    _workdays: list[date]  # the working days in [lo, hi], in order
    _first: int  # rank of _workdays[0]
    _index: dict[date, int]  # each day of [lo, hi] -> its rank - _first
    _shift: int  # rank(d) - _weekdays_through(d) after the table

    def __init__(
        self,
        holidays: Mapping[date, str],
        makeup_days: Mapping[date, str],
        known_years: Iterable[int],
    ) -> None:
        both = sorted(holidays.keys() & makeup_days.keys())
        if both:
            raise ValueError(f"both holiday and make-up working day: {both[0]}")
        weekday_makeup = sorted(d for d in makeup_days if d.weekday() < 5)
        if weekday_makeup:
            raise ValueError(f"make-up working day is not a weekend day: {weekday_makeup[0]}")
        self._set(
            _holidays=MappingProxyType(dict(holidays)),
            _makeup=MappingProxyType(dict(makeup_days)),
            _known_years=frozenset(known_years),
        )
        # The table covers the years with special days; elsewhere Mon–Fri is closed-form.
        years = {d.year for d in holidays} | {d.year for d in makeup_days}
        lo, hi = 1, 0  # an empty table
        if years:
            lo, hi = date(min(years), 1, 1).toordinal(), date(max(years), 12, 31).toordinal()
        first = _weekdays_through(lo - 1) + 1
        index: dict[date, int] = {}
        workdays: list[date] = []
        for ordinal in range(lo, hi + 1):
            day = date.fromordinal(ordinal)
            if self.is_workday(day):
                workdays.append(day)
            index[day] = len(workdays) - 1
        self._set(
            _lo=lo,
            _hi=hi,
            _workdays=workdays,
            _first=first,
            _index=index,
            _shift=first + len(workdays) - 1 - _weekdays_through(hi),
        )

    def _set(self, **attributes: object) -> None:
        for name, value in attributes.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkCalendar is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("WorkCalendar is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return (self._holidays, self._makeup, self._known_years) == (
            other._holidays,
            other._makeup,
            other._known_years,
        )

    def __hash__(self) -> int:
        return hash(
            (frozenset(self._holidays.items()), frozenset(self._makeup.items()), self._known_years)
        )

    def __repr__(self) -> str:
        years = sorted(self._known_years)
        span = f"{years[0]}–{years[-1]}" if years else "none"
        return (
            f"<WorkCalendar known years {span} ({len(years)}), "
            f"{len(self._holidays)} holidays, {len(self._makeup)} make-up days>"
        )

    # --- the schedule -----------------------------------------------------------

    @property
    def holidays(self) -> Mapping[date, str]:
        return self._holidays

    @property
    def makeup_days(self) -> Mapping[date, str]:
        return self._makeup

    @property
    def known_years(self) -> frozenset[int]:
        return self._known_years

    def is_workday(self, d: date) -> bool:
        return d in self._makeup or (d.weekday() < 5 and d not in self._holidays)

    def day_name(self, d: date) -> str:
        """The holiday or make-up day's name, or "" for an ordinary day."""
        return self._holidays.get(d) or self._makeup.get(d, "")

    def is_provisional(self, d: date) -> bool:
        """True when `d`'s year has no official schedule (Mon–Fri assumed)."""
        return d.year not in self._known_years

    def span_is_provisional(self, a: date, b: date) -> bool:
        """True when any year between `a` and `b` (either order) is provisional."""
        first, last = sorted((a.year, b.year))
        if last - first + 1 > len(self._known_years):
            return True
        return any(year not in self._known_years for year in range(first, last + 1))

    def days(self, start: date, end: date) -> Iterator[Day]:
        """Every day from `start` to `end`, both included."""
        for ordinal in range(start.toordinal(), end.toordinal() + 1):
            d = date.fromordinal(ordinal)
            yield Day(d, self.is_workday(d), self.day_name(d), self.is_provisional(d))

    # --- counting -----------------------------------------------------------------

    def _rank(self, ordinal: int) -> int:
        if ordinal < self._lo:
            return _weekdays_through(ordinal)
        if ordinal > self._hi:
            return _weekdays_through(ordinal) + self._shift
        return self._index[date.fromordinal(ordinal)] + self._first

    def _select(self, rank: int) -> date:
        """The working day with this rank."""
        index = rank - self._first
        if index < 0:
            return _from_ordinal(_nth_weekday(rank))
        if index < len(self._workdays):
            return self._workdays[index]
        return _from_ordinal(_nth_weekday(rank - self._shift))

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day strictly after `d` (n > 0), strictly before it
        (n < 0), or `d` itself (n = 0)."""
        if n > 0:
            # Hot path: one dict lookup and one list index (index + n >= 0 as n > 0).
            try:
                return self._workdays[self._index[d] + n]
            except (KeyError, IndexError):
                return self._select(self._rank(d.toordinal()) + n)
        if n == 0:
            return d
        # Working days before d end at rank(d - 1) = rank(d) - [d is one]; the last is n = -1.
        try:
            index = self._index[d]
            index += n + 1 - (self._workdays[index] == d)
        except (KeyError, IndexError):
            index = -1
        if index >= 0:  # a negative index would wrap around the list
            return self._workdays[index]
        return self._select(self._rank(d.toordinal() - 1) + n + 1)

    def workdays_between(self, a: date, b: date) -> int:
        """Working days x with a < x <= b; negative when b < a."""
        return self._rank(b.toordinal()) - self._rank(a.toordinal())

    def next_workday_on_or_after(self, d: date) -> date:
        return d if self.is_workday(d) else self.add_workdays(d, 1)


def deadline_end(d: date) -> datetime:
    """The instant a deadline on day `d` runs out: the next midnight in
    Asia/Shanghai (a deadline falls at the end of its day)."""
    return datetime.combine(d + ONE_DAY, time.min, tzinfo=SHANGHAI)


# --- schedule files ---------------------------------------------------------------


class ScheduleDay(NamedTuple):
    date: date
    kind: Kind
    name: str


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_CSV_HEADERS: Final = (("date", "kind", "name"), ("日期", "类型", "名称"))


def bad_file(line: int | None, reason: str) -> InvalidInput:
    """The error of an unreadable schedule file, naming the line when known."""
    where = f"文件第 {line} 行" if line else "文件"
    return InvalidInput(
        f"{where}有误：{reason}", code="calendar_bad_file", detail={"line": line, "reason": reason}
    )


def parse_date(text: str) -> date:
    """2026-02-15, 2026/2/15 (as spreadsheets write it) or 2026年2月15日."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a date: {text!r}")
    year, month, day = (int(part) for part in match.groups())
    return date(year, month, day)


def parse_schedule_csv(text: str) -> list[ScheduleDay]:
    """Read `date,kind,name` rows (header required; kind holiday/workday or 休/班).
    Raises InvalidInput `calendar_bad_file` naming the line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    days: list[ScheduleDay] = []
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip().lower() for h in header[:3]) not in _CSV_HEADERS:
            raise bad_file(1, "首行须为表头 date,kind,name（或 日期,类型,名称）")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) not in (2, 3):
                raise bad_file(reader.line_num, f"应为 3 列，实为 {len(row)} 列")
            try:
                day = parse_date(row[0])
            except ValueError:
                raise bad_file(reader.line_num, f"日期无法识别：{row[0]}") from None
            kind = KIND_ALIASES.get(row[1].strip().lower())
            if kind is None:
                raise bad_file(reader.line_num, f"类型应为 holiday/workday 或 休/班：{row[1]}")
            days.append(ScheduleDay(day, kind, row[2].strip() if len(row) == 3 else ""))
    except csv.Error as exc:
        raise bad_file(reader.line_num, f"CSV 格式错误：{exc}") from None
    return days


def calendar_from_days(
    days: Iterable[ScheduleDay], known_years: Iterable[int] | None = None
) -> WorkCalendar:
    """A calendar from schedule rows; the known years default to the years
    the rows cover."""
    holidays: dict[date, str] = {}
    makeup: dict[date, str] = {}
    for day in days:
        (holidays if day.kind == HOLIDAY else makeup)[day.date] = day.name
    if known_years is None:
        known_years = {d.year for d in holidays} | {d.year for d in makeup}
    return WorkCalendar(holidays, makeup, known_years)


def read_shipped_schedule() -> list[ScheduleDay]:
    """The official schedules that ship with the product (2004 onwards)."""
    path = files("xiaoneng.calendar").joinpath("data/schedules.csv")
    return parse_schedule_csv(path.read_text(encoding="utf-8"))


@cache
def load_shipped_calendar() -> WorkCalendar:
    """The shipped schedules as a calendar, built once per process."""
    return calendar_from_days(read_shipped_schedule())
