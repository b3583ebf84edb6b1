"""Two decisions on one activity at once: exactly one wins (the row lock)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from inspection_support import FIRM_A, REGISTER_DAY, register

from xiaoneng.core.errors import Conflict
from xiaoneng.core.timesource import travel_to
from xiaoneng.inspections import actions
from xiaoneng.inspections.models import Activity, Enterprise, Status
from xiaoneng.org.models import User


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_rejection_cannot_both_win(users: dict[str, User]) -> None:
    with travel_to(REGISTER_DAY):
        actions.add_enterprise(
            actor=users["inspector"],
            credit_code=FIRM_A,
            name="张掖市甘泉食品有限公司",
            industry="食品",
        )
    row = register(users["depthead"])
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def decide(step: Any, actor: User, **words: str) -> None:
        try:
            barrier.wait()
            with travel_to(REGISTER_DAY):
                step(actor=actor, activity_id=row.pk, **words)
            outcomes.append("decided")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(actions.approve_activity, users["leader"])),
        threading.Thread(
            target=decide,
            args=(actions.reject_activity, users["mayor"]),
            kwargs={"reason": "与年报重复"},
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["decided", "inspection_not_pending"]
    assert Activity.objects.get(pk=row.pk).status in (Status.APPROVED, Status.REJECTED)
    assert Enterprise.objects.count() == 1
