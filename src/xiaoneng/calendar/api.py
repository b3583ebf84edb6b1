"""Public JSON API of the working-day calendar (mounted at /api/v1/calendar/)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from xiaoneng.core.errors import InvalidInput

from .selectors import current_calendar

router = Router(tags=["工作日历"])

MAX_SPAN_DAYS = 3700  # about ten years per request
MAX_ADD_DAYS = 3650


class DaysQuery(Schema):
    start: date = Field(alias="from", description="起始日期（含），YYYY-MM-DD")
    end: date = Field(alias="to", description="截止日期（含），YYYY-MM-DD")


class AddQuery(Schema):
    start: date = Field(description="起算日，不计入（民法典第二百零一条）")
    days: int = Field(description="工作日数：第 N 个工作日；负数向前推算；0 为起算日本身")


class DayOut(Schema):
    date: date
    workday: bool
    name: str
    provisional: bool  # the year has no official schedule yet: Monday–Friday assumed


class AddOut(Schema):
    date: date
    provisional: bool


@router.get("/days", response=list[DayOut], auth=None, summary="逐日查询工作日（公开）")
def days(request: HttpRequest, query: Query[DaysQuery]) -> list[dict[str, object]]:
    span = (query.end - query.start).days + 1
    if span < 1:
        raise InvalidInput("截止日期早于起始日期", code="calendar_bad_range")
    if span > MAX_SPAN_DAYS:
        raise InvalidInput(
            f"一次最多查询 {MAX_SPAN_DAYS} 天",
            code="calendar_span_too_long",
            detail={"days": span, "max": MAX_SPAN_DAYS},
        )
    # Plain dicts: the response schema validates them once.
    return [day._asdict() for day in current_calendar().days(query.start, query.end)]


@router.get("/add", response=AddOut, auth=None, summary="推算第 N 个工作日（公开）")
def add(request: HttpRequest, query: Query[AddQuery]) -> AddOut:
    if abs(query.days) > MAX_ADD_DAYS:
        raise InvalidInput(
            f"工作日数应在 ±{MAX_ADD_DAYS} 以内",
            code="calendar_days_out_of_range",
            detail={"max": MAX_ADD_DAYS},
        )
    calendar = current_calendar()
    try:
        result = calendar.add_workdays(query.start, query.days)
    except OverflowError:
        raise InvalidInput("推算结果超出日期范围", code="calendar_date_out_of_range") from None
    return AddOut(date=result, provisional=calendar.span_is_provisional(query.start, result))
