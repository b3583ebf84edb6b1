"""Two decisions at once take two numbers of the year's series, even the
year's first (no decided row exists yet to lock): the counter row queues them."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from accountability_support import open_case
from django.db import connection

from xiaoneng.accountability import actions
from xiaoneng.accountability.models import AccountabilityCase
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User


def _proposed(users: dict[str, User], title: str) -> AccountabilityCase:
    row = open_case(users, title=title, source_ref=f"批示：{title}")
    sup = users["supervisor"]
    with travel_to(date(2026, 9, 15)):
        actions.request_statement(actor=sup, case_id=row.pk)
    with travel_to(date(2026, 9, 16)):
        actions.submit_statement(actor=users["depthead"], case_id=row.pk, text="已整改。")
    with travel_to(date(2026, 9, 17)):
        return actions.propose_measure(
            actor=sup, case_id=row.pk, measure_code="admonition", proposal="诫勉谈话"
        )


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_take_two_numbers(users: dict[str, User]) -> None:
    rows = [_proposed(users, "窗口推诿"), _proposed(users, "窗口刁难")]
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def decide(row: AccountabilityCase) -> None:
        try:
            barrier.wait()
            with travel_to(date(2026, 9, 18)):
                outcomes.append(
                    actions.decide_measure(
                        actor=users["supervisor"], case_id=row.pk
                    ).decision_number
                )
        except Exception as exc:
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(r,)) for r in rows]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["张监问〔2026〕1号", "张监问〔2026〕2号"]
    stored = AccountabilityCase.objects.filter(pk__in=[r.pk for r in rows])
    assert sorted(stored.values_list("decision_seq", flat=True)) == [1, 2]
