"""Two verifications of one report at once: exactly one wins (the report is
locked and its status checked under the lock)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection
from target_world import BUREAU, START, YEAR, rows

from xiaoneng.core.errors import Conflict
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, User
from xiaoneng.targets import actions
from xiaoneng.targets.models import ProgressReport


@pytest.mark.django_db(transaction=True)
def test_two_verifications_cannot_both_win(users: dict[str, User]) -> None:
    second = org_actions.create_user(
        actor=users["admin"],
        username="inspector2",
        password=DEMO_PASSWORD,
        real_name="周督查",
        department=users["inspector"].department,
        roles=users["inspector"].roles.all(),
    )
    unit = Department.objects.get(code=BUREAU)
    with travel_to(START):
        book = actions.import_book(
            actor=users["inspector"], year=YEAR, department_id=unit.pk, rows=rows()
        )
        actions.sign_book(
            actor=users["inspector"], book_id=book.pk, signed_by="甲", signed_for="乙"
        )
    task = book.tasks.get(code="1.1")
    with travel_to(date(2026, 3, 3)):
        report = actions.submit_report(
            actor=users["depthead"], task_id=task.pk, year=YEAR, month=2, text_="x", value="10"
        )
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def decide(actor: User, verify: bool) -> None:
        try:
            barrier.wait()
            with travel_to(date(2026, 3, 4)):
                if verify:
                    actions.verify_report(actor=actor, report_id=report.pk)
                else:
                    actions.return_report(actor=actor, report_id=report.pk, reason="重报")
            outcomes.append("done")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(users["inspector"], True)),
        threading.Thread(target=decide, args=(second, False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["done", "target_report_wrong_status"]
    stored = ProgressReport.objects.get(pk=report.pk)
    assert stored.status in {"verified", "returned"}
    assert (stored.status == "returned") == bool(stored.return_reason)
