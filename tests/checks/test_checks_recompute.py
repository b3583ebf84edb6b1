"""Importing next year's schedule recounts the report deadlines still owed
that were provisional (domain rules §1); a report already in keeps the date
it was judged by."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from checks_support import CSV_2027, SHANGHAI

from conftest import World
from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.actions import import_schedule_file
from xiaoneng.checks import actions
from xiaoneng.checks.models import Finding
from xiaoneng.core.timesource import travel_to

pytestmark = pytest.mark.django_db


def _finding_notified_1_feb_2027(world: World) -> Finding:
    boss = world.users["supervisor"]
    with travel_to(date(2027, 1, 25)):
        plan = actions.create_plan(
            actor=boss,
            title="春节前作风检查",
            period_start=date(2027, 1, 25),
            period_end=date(2027, 1, 29),
            focus="在岗",
            department_ids=[world.gongshang.pk],
        )
        actions.add_team_member(actor=boss, plan_id=plan.pk, user_id=boss.pk, leader=True)
        actions.approve_plan(actor=boss, plan_id=plan.pk)
    with travel_to(date(2027, 1, 29)):
        row = actions.record_finding(
            actor=boss,
            plan_id=plan.pk,
            department_id=world.gongshang.pk,
            kind="attitude",
            observed_at=datetime(2027, 1, 28, 9, 0, tzinfo=SHANGHAI),
            place="窗口",
            description="对群众态度生硬",
        )
    with travel_to(date(2027, 2, 1)):
        return actions.notify_finding(actor=boss, finding_id=row.pk)


def test_a_provisional_report_deadline_is_recounted(world: World, users: Any) -> None:
    owed = _finding_notified_1_feb_2027(world)
    reported = _finding_notified_1_feb_2027(world)
    assert owed.provisional
    assert owed.due_on == date(2027, 2, 15)  # 10 working days, Monday to Friday
    with travel_to(date(2027, 2, 2)):
        actions.submit_rectification(
            actor=users["depthead"], finding_id=reported.pk, report="已整改"
        )
        import_schedule_file(
            actor=users["admin"], data=CSV_2027.encode(), year=2027, source="国办发明电（测试）"
        )
    owed.refresh_from_db()
    reported.refresh_from_db()
    # 2–5 Feb (4), Sat 6 Feb (5), 15–19 Feb (10).
    assert (owed.due_on, owed.provisional) == (date(2027, 2, 19), False)
    assert reported.due_on == date(2027, 2, 15)
    assert AuditEvent.objects.filter(
        event_type="check.deadline_recomputed", object_id=owed.number
    ).exists()
