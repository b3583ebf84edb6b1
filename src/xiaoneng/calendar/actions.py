"""The only writers of the calendar's state."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.workdays import HOLIDAY, KIND_ALIASES, WORKDAY, ScheduleDay
from xiaoneng.org.authority import require

from . import recompute
from .models import (
    NAME_MAX_LENGTH,
    SOURCE_MAX_LENGTH,
    CalendarStamp,
    HolidaySchedule,
    SpecialDay,
)
from .parsers import parse_file, split_by_year
from .selectors import build_calendar, calendar_changed

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

FIRST_YEAR, LAST_YEAR = 1949, 2100
DEFAULT_NAMES = {HOLIDAY: "节假日", WORKDAY: "调休上班"}


@dataclass(frozen=True)
class ImportResult:
    schedule: HolidaySchedule
    holidays: int
    workdays: int
    recomputed: int  # records the recompute callbacks changed

    def summary(self) -> str:
        text = f"{self.schedule.year} 年：放假 {self.holidays} 天，调休上班 {self.workdays} 天"
        if self.recomputed:
            text += f"，重新计算暂定期限 {self.recomputed} 件"
        return text


@dataclass(frozen=True)
class FileImportResult:
    years: list[ImportResult]
    ignored: list[ScheduleDay]  # rows outside the chosen year

    def summary(self) -> list[str]:
        return [result.summary() for result in self.years]

    def ignored_summary(self) -> str:
        if not self.ignored:
            return ""
        dates = "、".join(day.date.isoformat() for day in self.ignored[:5])
        more = " 等" if len(self.ignored) > 5 else ""
        return f"文件中另有 {len(self.ignored)} 天不属于所选年份，未导入：{dates}{more}"


def _invalid(message: str, code: str, **detail: Any) -> InvalidInput:
    return InvalidInput(message, code=code, detail=detail or None)


def clean_schedule(year: int, days: Iterable[tuple[date, str, str]]) -> list[ScheduleDay]:
    """Check one year's special days; raise InvalidInput naming the rule."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _invalid(f"年份应在 {FIRST_YEAR}–{LAST_YEAR} 之间", "calendar_bad_year", year=year)
    cleaned: dict[date, ScheduleDay] = {}
    for day, kind_text, name_text in days:
        iso = day.isoformat()
        kind = KIND_ALIASES.get(str(kind_text).strip().lower())
        if kind is None:
            raise _invalid(
                f"{iso} 的类型应为 holiday（休）或 workday（班）",
                "calendar_bad_kind",
                date=iso,
                kind=kind_text,
            )
        if day.year != year:
            raise _invalid(
                f"{iso} 不在 {year} 年内", "calendar_date_outside_year", date=iso, year=year
            )
        if day in cleaned:
            raise _invalid(f"{iso} 重复出现", "calendar_duplicate_date", date=iso)
        if kind == WORKDAY and day.weekday() < 5:
            # Monday–Friday already works; only a weekend day can be a make-up day.
            raise _invalid(
                f"{iso} 是工作日，调休上班日只能是周六或周日",
                "calendar_workday_not_weekend",
                date=iso,
            )
        name = name_text.strip() or DEFAULT_NAMES[kind]
        if len(name) > NAME_MAX_LENGTH:
            raise _invalid(
                f"{iso} 的名称超过 {NAME_MAX_LENGTH} 字", "calendar_name_too_long", date=iso
            )
        cleaned[day] = ScheduleDay(day, kind, name)
    if not cleaned:
        raise _invalid(f"{year} 年的安排中没有任何日期", "calendar_empty_schedule", year=year)
    return sorted(cleaned.values())


def import_schedule(
    *,
    actor: Actor,
    year: int,
    days: Iterable[tuple[date, str, str]],
    source: str,
    provisional: bool = False,
) -> ImportResult:
    """Replace `year`'s holiday schedule, then recompute the provisional
    deadlines that touch it (see `calendar.recompute`)."""
    with transaction.atomic():
        actor = require(actor, "calendar.manage")
        cleaned = clean_schedule(year, days)
        source = source.strip()
        if len(source) > SOURCE_MAX_LENGTH:
            raise _invalid(f"依据超过 {SOURCE_MAX_LENGTH} 字", "calendar_source_too_long")
        schedule, _ = HolidaySchedule.objects.update_or_create(
            year=year,
            defaults={
                "source": source,
                "imported_at": timezone.now(),
                "imported_by": actor,
                "provisional": provisional,
            },
        )
        replaced, _ = SpecialDay.objects.filter(Q(schedule=schedule) | Q(date__year=year)).delete()
        SpecialDay.objects.bulk_create(
            SpecialDay(date=d.date, kind=d.kind, name=d.name, schedule=schedule) for d in cleaned
        )
        CalendarStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
        holidays = sum(d.kind == HOLIDAY for d in cleaned)
        record_event(
            actor=actor,
            event_type="calendar.schedule_imported",
            object_type="holiday_schedule",
            object_id=year,
            payload={
                "year": year,
                "source": source,
                "provisional": provisional,
                "holidays": holidays,
                "workdays": len(cleaned) - holidays,
                "replaced": replaced,
                "days": [[d.date.isoformat(), d.kind, d.name] for d in cleaned],
            },
        )
        calendar_changed()
        changed = recompute.run_all(actor=actor, year=year, calendar=build_calendar())
    return ImportResult(schedule, holidays, len(cleaned) - holidays, changed)


def import_schedule_file(
    *, actor: Actor, data: bytes, year: int | None, source: str, provisional: bool = False
) -> FileImportResult:
    """Import a CSV or iCalendar file: only `year`'s days, or, without a year,
    every year the file contains (each replaced as a whole), all or nothing."""
    require(actor, "calendar.manage")  # before reading: refuse strangers without detail
    by_year, ignored = split_by_year(parse_file(data), year)
    if not by_year:
        wanted = f" {year} 年" if year else ""
        raise _invalid(f"文件中没有{wanted}的日期", "calendar_empty_schedule", year=year)
    with transaction.atomic():
        results = [
            import_schedule(actor=actor, year=y, days=days, source=source, provisional=provisional)
            for y, days in sorted(by_year.items())
        ]
    return FileImportResult(results, ignored)
