"""Two staff accepting the same case at once: exactly one wins."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.cases.steps import CaseConflict
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Role, User


@pytest.mark.django_db(transaction=True)
def test_two_windows_accept_at_once(promise_item: ApprovalItem, users: dict[str, User]) -> None:
    second = org_actions.create_user(
        actor=users["admin"],
        username="window2",
        password=DEMO_PASSWORD,
        real_name="吴倩",
        department=users["window"].department,
        roles=Role.objects.filter(code="window"),
    )
    with travel_to(date(2026, 3, 2)):
        case, _ = actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="甲公司"
        )
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def accept(actor: User) -> None:
        try:
            barrier.wait()
            with travel_to(date(2026, 3, 3)):
                actions.accept_case(actor=actor, case_id=case.pk)
            outcomes.append("accepted")
        except CaseConflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(a,)) for a in (users["window"], second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["accepted", "already_accepted"]
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == "accepted"
    assert list(stored.events.values_list("kind", flat=True)) == ["received", "accepted"]
