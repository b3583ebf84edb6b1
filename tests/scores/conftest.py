"""A small constructed world for the scores: cases walked through the real
case actions with `travel_to`, cards issued by the supervision sweep
(`supervision.actions.issue_cards`), never rows written by hand.

March 2026 has no holiday: Mon 2 Mar + 10 working days = Mon 16 Mar,
Tue 3 Mar + 10 = Tue 17 Mar. The item of 市工商局 commits 10 working days
with the default warning threshold of 1 working day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from worlds import accepted_case
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.actions import issue_cards


def decide(actor: User, case: Case, on: date, *, deliver_by: User | None = None) -> Case:
    """Decide, and deliver the same day (an undelivered decision would earn
    its own delivery-step cards ten working days later)."""
    with travel_to(on):
        case_actions.decide_case(actor=actor, case_id=case.pk, decision="approved")
        case_actions.deliver_case(actor=deliver_by or actor, case_id=case.pk)
    return Case.objects.get(pk=case.pk)


def sweep(on: date) -> None:
    with travel_to(on):
        issue_cards()


@dataclass
class World:
    gongshang: Department  # 市工商局
    other: Department
    cases: dict[str, Case]


@pytest.fixture
def world(users: dict[str, User], promise_item: ApprovalItem, other_item: ApprovalItem) -> World:
    """市工商局 in March 2026 (accepted by `window`, decided by `depthead`):

    A  accepted 2 Mar, due 16 Mar, decided 4 Mar   early
    B  accepted 2 Mar, due 16 Mar, decided 16 Mar  on time; lit yellow 13 Mar
    C  accepted 2 Mar, due 16 Mar, decided 18 Mar  late; lit 13 Mar; yellow card 17 Mar
    D  accepted 2 Mar, due 16 Mar, decided 3 Mar   early
    E  accepted 3 Mar, due 17 Mar, decided 13 Mar  early (lights on 16 Mar: not lit)
    F  accepted 2 Mar, due 16 Mar, never decided   overdue; lit 13 Mar;
       yellow card 17 Mar, red card 20 Mar (follow-up 2 working days: 19 Mar)
    G  accepted 2 Feb, decided 3 Feb               early (February)

    The other department: H accepted 2 Mar by admin, decided 3 Mar (early).
    """
    window, head, admin = users["window"], users["depthead"], users["admin"]
    cases: dict[str, Case] = {}
    for name in ("A", "B", "C", "D", "F"):
        cases[name] = accepted_case(window, promise_item, date(2026, 3, 2))
    cases["E"] = accepted_case(window, promise_item, date(2026, 3, 3))
    cases["G"] = accepted_case(window, promise_item, date(2026, 2, 2))
    cases["H"] = accepted_case(admin, other_item, date(2026, 3, 2))
    cases["G"] = decide(head, cases["G"], date(2026, 2, 3))
    cases["D"] = decide(head, cases["D"], date(2026, 3, 3))
    cases["A"] = decide(head, cases["A"], date(2026, 3, 4))
    cases["H"] = decide(admin, cases["H"], date(2026, 3, 3))
    cases["E"] = decide(head, cases["E"], date(2026, 3, 13))
    cases["B"] = decide(head, cases["B"], date(2026, 3, 16))
    sweep(date(2026, 3, 17))  # yellow cards for C and F
    cases["C"] = decide(head, cases["C"], date(2026, 3, 18))
    sweep(date(2026, 3, 20))  # C's card closes; F's turns red
    for case in cases.values():
        case.refresh_from_db()
    return World(
        gongshang=Department.objects.get(code="620700005"),
        other=other_item.department,
        cases=cases,
    )


@dataclass(frozen=True)
class Steps:
    accept = staticmethod(accepted_case)
    decide = staticmethod(decide)
    sweep = staticmethod(sweep)


@pytest.fixture
def steps() -> Steps:
    return Steps()
