"""Reminders the workbench also sends as notifications: next year's holiday
schedule, owed from the fourth quarter (calendar/reminders.py)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from xiaoneng.calendar.reminders import calendar_keepers, reminder_text, schedule_owed
from xiaoneng.core import timesource
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.models import Notification

SCHEDULE_KIND = "calendar_schedule_owed"
# Once a fortnight per administrator while the schedule is owed.
REPEAT_AFTER = timedelta(days=14)


def remind_schedule(today: date) -> int:
    """Notify each calendar keeper not reminded in the last fortnight;
    the number notified. Idempotent within the fortnight."""
    year = schedule_owed(today)
    if year is None:
        return 0
    since = timesource.now() - REPEAT_AFTER
    with transaction.atomic():
        keepers = calendar_keepers()
        reminded = set(
            Notification.objects.filter(
                recipient_id__in=keepers, kind=SCHEDULE_KIND, created_at__gte=since
            ).values_list("recipient_id", flat=True)
        )
        due = [pk for pk in keepers if pk not in reminded]
        return notify(
            recipients=due,
            kind=SCHEDULE_KIND,
            title=f"请导入{year}年节假日安排",
            body=reminder_text(year),
            link=reverse("calendar:import"),
        )


@task()
def next_year_schedule_reminder() -> int:
    return remind_schedule(timesource.today())
