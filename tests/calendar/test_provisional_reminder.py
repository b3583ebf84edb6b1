"""Provisional deadlines explained where they apply, and the fourth-quarter
reminder to import next year's schedule (issue 19, item 14)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.template import Context, Template

from xiaoneng.calendar.actions import import_schedule_file
from xiaoneng.calendar.reminders import schedule_owed
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import User
from xiaoneng.system.schedule import PERIODIC
from xiaoneng.workbench.reminders import SCHEDULE_KIND, remind_schedule

pytestmark = pytest.mark.django_db


def render(value: date, compact: bool = False) -> str:
    template = Template("{% load xn_workdays %}{% provisional_tag d compact %}")
    return template.render(Context({"d": value, "compact": compact})).strip()


def test_the_tag_marks_only_dates_of_a_year_not_published() -> None:
    assert "期限待定" not in render(date(2026, 12, 31))
    tagged = render(date(2027, 1, 4))
    assert "期限待定" in tagged
    assert "2027年节假日安排尚未公布" in tagged
    assert "自动重算" in tagged
    assert "data-provisional-note" not in render(date(2027, 1, 4), compact=True)
    assert render("2027-01-04") == ""  # not a date: nothing to say


def test_the_tag_goes_once_the_year_is_imported(admin: User, csv_2027: str) -> None:
    assert "期限待定" in render(date(2027, 3, 1))
    with transaction.atomic():
        import_schedule_file(actor=admin, data=csv_2027.encode(), year=2027, source="测试")
    assert render(date(2027, 3, 1)) == ""


def test_the_schedule_is_owed_from_the_fourth_quarter(admin: User, csv_2027: str) -> None:
    assert schedule_owed(date(2026, 9, 30)) is None
    assert schedule_owed(date(2026, 10, 1)) == 2027
    assert schedule_owed(date(2026, 12, 31)) == 2027
    with transaction.atomic():
        import_schedule_file(actor=admin, data=csv_2027.encode(), year=2027, source="测试")
    assert schedule_owed(date(2026, 12, 31)) is None


def test_a_provisional_import_still_owes_the_official_one(admin: User, csv_2027: str) -> None:
    with transaction.atomic():
        import_schedule_file(
            actor=admin, data=csv_2027.encode(), year=2027, source="草案", provisional=True
        )
    assert schedule_owed(date(2026, 11, 2)) == 2027


def reminders_of(user: User) -> list[Any]:
    return list(Notification.objects.filter(recipient=user, kind=SCHEDULE_KIND))


def test_keepers_are_reminded_once_a_fortnight(admin: User, django_user_model: Any) -> None:
    stranger = django_user_model.objects.create_user("stranger", password="x")
    with travel_to(date(2026, 9, 30)):
        assert remind_schedule(date(2026, 9, 30)) == 0
    with travel_to(date(2026, 10, 8)):
        assert remind_schedule(date(2026, 10, 8)) >= 1
        assert remind_schedule(date(2026, 10, 8)) == 0  # the same day: nothing twice
    [first] = reminders_of(admin)
    assert first.title == "请导入2027年节假日安排"
    assert "期限待定" in first.body
    assert first.link.endswith("/import/")
    assert reminders_of(stranger) == []
    later = date(2026, 10, 8) + timedelta(days=15)
    with travel_to(later):
        assert remind_schedule(later) >= 1
    assert len(reminders_of(admin)) == 2


def test_the_reminder_runs_daily() -> None:
    jobs = {job.task: job.every_seconds for job in PERIODIC}
    assert jobs["xiaoneng.workbench.reminders.next_year_schedule_reminder"] == 86400


def test_the_keepers_workbench_lists_it_while_owed(client: Any, admin: User, csv_2027: str) -> None:
    client.force_login(admin)
    with travel_to(date(2026, 9, 30)):
        assert "导入2027年节假日安排" not in client.get("/workbench/").content.decode()
    with travel_to(date(2026, 11, 16)):
        page = client.get("/workbench/").content.decode()
    assert "导入2027年节假日安排" in page
    assert 'href="/calendar/import/"' in page
    with transaction.atomic():
        import_schedule_file(actor=admin, data=csv_2027.encode(), year=2027, source="测试")
    with travel_to(date(2026, 11, 16)):
        assert "导入2027年节假日安排" not in client.get("/workbench/").content.decode()
