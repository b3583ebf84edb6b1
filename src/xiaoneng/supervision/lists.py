"""The supervision lists as they leave the screen (web.exports): the columns of
the desk, the cards, the subject cards, the orders, the anomalies and the
opinion steps, each with the words a reader of the sheet or the printout
needs (labels, not codes; Chinese dates in the print view)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.alerts import days_left
from xiaoneng.core import timesource
from xiaoneng.org.authority import unit_of
from xiaoneng.web.exports import Column, list_export
from xiaoneng.web.lights import is_lit, light_words

from .anomalies import step_label
from .models import Step


def _about(row: Any) -> str:
    """What a row is about: its case's number, or its subject's kind and title."""
    if row.case_id:
        return f"{row.case.tracking_no} {row.case.item.name}"
    return f"{row.subject_kind_label}：{row.subject_title}"


def _level(row: Any) -> str:
    return light_words(row.alert_level)[0] or "不计时"


def _remaining(case: Any) -> int | None:
    """Working days left (negative: overdue), while a deadline runs."""
    if case.due_on is None or not is_lit(case.alert_level):
        return None
    remaining, _due = days_left(case, timesource.today(), current_calendar())
    return remaining


DESK = (
    Column("办件编号", lambda c: c.tracking_no),
    Column("事项", lambda c: c.item.name),
    Column("申请人", lambda c: c.applicant_name),
    Column("责任部门", lambda c: c.department.name),
    Column("环节", lambda c: Step(c.step).label if c.step else "—"),
    Column("状态", lambda c: c.get_status_display()),
    Column("收件日期", lambda c: c.received_on),
    Column("期限", lambda c: c.due_on),
    Column("预警", _level),
    Column("剩余工作日", _remaining, numeric=True),
    Column("预警阈值（工作日）", lambda c: c.warning_days, numeric=True),
)

CARDS = (
    Column("牌色", lambda c: c.get_colour_display()),
    Column("办件编号", lambda c: c.case.tracking_no),
    Column("事项", lambda c: c.case.item.name),
    Column("责任部门", lambda c: c.department.name),
    Column("事由", lambda c: c.reason),
    Column("亮牌日期", lambda c: c.issued_on),
    Column("整改期限", lambda c: c.follow_up_due_on),
    Column("消除日期", lambda c: c.closed_on),
    Column("整改说明", lambda c: c.reply),
)

SUBJECT_CARDS = (
    Column("牌色", lambda c: c.get_colour_display()),
    Column("督办事项", _about),
    Column("责任单位", lambda c: c.department.name),
    Column("事由", lambda c: c.reason),
    Column("亮牌日期", lambda c: c.issued_on),
    Column("整改期限", lambda c: c.follow_up_due_on),
    Column("消除日期", lambda c: c.closed_on),
)

ORDERS = (
    Column("类型", lambda o: o.get_kind_display()),
    Column("办件 / 督办事项", _about),
    Column("责任部门", lambda o: o.department.name),
    Column("内容", lambda o: o.text),
    Column("发出人", lambda o: o.issued_by.display_name),
    Column("发出日期", lambda o: o.issued_on),
    Column("答复期限", lambda o: o.due_on),
    Column("状态", lambda o: o.get_status_display()),
    Column("答复", lambda o: o.reply),
    Column("答复日期", lambda o: o.replied_on),
    Column("办结日期", lambda o: o.closed_on),
    Column("办结意见", lambda o: o.closing_note),
)

ANOMALIES = (
    Column("异常类型", lambda a: a.get_kind_display()),
    Column("环节", lambda a: step_label(a.step)),
    Column("办件 / 督办事项", _about),
    Column("责任部门", lambda a: a.department.name),
    Column("异常情况", lambda a: a.summary),
    Column("发现日期", lambda a: a.detected_on),
    Column("状态", lambda a: a.get_status_display()),
    Column("情况说明", lambda a: a.explanation),
    Column("办结日期", lambda a: a.closed_on),
)

STEPS = (
    Column("办件编号", lambda o: o.case.tracking_no),
    Column("事项", lambda o: o.case.item.name),
    Column("牵头部门", lambda o: o.case.department.name),
    Column("会签部门", lambda o: o.department.name),
    Column("意见期限", lambda o: o.due_on),
    Column("预警", _level),
)


def _unit(request: HttpRequest) -> str:
    unit = unit_of(request.user)
    return unit.name if unit is not None else ""


def export(
    request: HttpRequest, rows: Any, columns: tuple[Column, ...], title: str, period: str = ""
) -> HttpResponse | None:
    """The list's export when asked for (`?export=xlsx|print`), with the
    actor's unit on the title rows and today in the stamp's period."""
    today = timesource.today()
    shown = period or f"{today.year}年{today.month}月{today.day}日"
    return list_export(request, rows, columns, title=title, unit=_unit(request), period=shown)
