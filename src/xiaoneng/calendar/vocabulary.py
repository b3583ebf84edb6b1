"""The audit event types and error codes of calendar (工作日历), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "calendar.schedule_imported": "导入节假日安排",
}

ERRORS: dict[str, str] = {
    "calendar_bad_kind": "… 的类型应为 holiday（休）或 workday（班）",
    "calendar_bad_range": "截止日期早于起始日期",
    "calendar_bad_year": "年份应在 …–… 之间",
    "calendar_date_out_of_range": "推算结果超出日期范围",
    "calendar_date_outside_year": "… 不在 … 年内",
    "calendar_days_out_of_range": "工作日数应在 ±… 以内",
    "calendar_duplicate_date": "… 重复出现",
    "calendar_empty_schedule": "… 年的安排中没有任何日期",
    "calendar_name_too_long": "… 的名称超过 … 字",
    "calendar_source_too_long": "依据超过 … 字",
    "calendar_span_too_long": "一次最多查询 … 天",
    "calendar_workday_not_weekend": "… 是工作日，调休上班日只能是周六或周日",
}

register_events("calendar", EVENTS)
register_errors("calendar", ERRORS)
