"""Two answers to one request at once: exactly one wins (the row lock)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection

from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.core.errors import Conflict
from xiaoneng.core.timesource import travel_to
from xiaoneng.directives import actions
from xiaoneng.directives.models import Request
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User


@pytest.mark.django_db(transaction=True)
def test_two_answers_cannot_both_win(users: dict[str, User]) -> None:
    gongshang = Department.objects.get(code="620700005")
    second = org_actions.create_user(
        actor=users["admin"],
        username="gongshang2",
        password=DEMO_PASSWORD,
        real_name="吴建设",
        department=gongshang,
        roles=Role.objects.filter(code="dept_head"),
    )
    with travel_to(date(2026, 3, 2)):
        row = actions.submit_request(
            actor=users["minle"],
            to_department_id=gongshang.pk,
            kind="general",
            title="请示",
            content="妥否",
        )
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def answer(actor: User, words: str) -> None:
        try:
            barrier.wait()
            with travel_to(date(2026, 3, 3)):
                actions.answer_request(actor=actor, request_id=row.pk, answer=words)
            outcomes.append("answered")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=(u, w))
        for u, w in ((users["depthead"], "同意"), (second, "不同意"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["answered", "qingshi_already_answered"]
    stored = Request.objects.get(pk=row.pk)
    assert stored.status == "answered"
    assert stored.answer in ("同意", "不同意")
