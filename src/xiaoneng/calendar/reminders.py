"""When next year's holiday schedule is owed (domain rules §1).

The State Council publishes the coming year's schedule in the autumn,
usually in November. Until an administrator imports it, every deadline that
reaches into that year is provisional (Monday–Friday assumed). From the
first day of the fourth quarter the administrators are reminded: on their
workbench, and once a fortnight in their notifications, until it is in."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from xiaoneng.org.models import Role, User

from .selectors import current_calendar

# From 1 October, the quarter in which the schedule is published.
REMINDER_FROM_MONTH = 10


def schedule_owed(today: date) -> int | None:
    """Next year, when it is the fourth quarter and next year's official
    schedule is not imported (a provisional import does not count); else None."""
    if today.month < REMINDER_FROM_MONTH:
        return None
    year = today.year + 1
    if not current_calendar().is_provisional(date(year, 1, 1)):
        return None
    return year


def reminder_text(year: int) -> str:
    return (
        f"{year}年节假日安排尚未导入：跨入{year}年的期限暂按周一至周五推算，"
        f"标注“期限待定”。国务院办公厅公布{year}年部分节假日安排后，"
        "请在“工作日历 → 导入节假日安排”中导入，系统将自动重算所有待定期限。"
    )


def calendar_keepers() -> list[int]:
    """Active users who may import a schedule (calendar.manage): whom the
    reminder goes to."""
    roles = [
        r.pk
        for r in Role.objects.filter(active=True)
        if "*" in r.permissions or "calendar.manage" in r.permissions
    ]
    rows = (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(roles__in=roles))
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    return list(rows)
