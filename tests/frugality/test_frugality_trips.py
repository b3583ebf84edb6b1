"""Overseas trips (因公出国（境）): every person has official business or the
request is refused; the city leader in charge approves within his portfolio;
the cost is recorded after departure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from frugality_support import World

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.frugality import actions
from xiaoneng.frugality.models import Status, Trip, TripPerson

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 6)
START, END = date(2026, 6, 8), date(2026, 6, 14)
PERSONS = [
    {
        "name": "李明",
        "post": "市工商局副局长",
        "business": "带队，参加中哈边境贸易市场监管合作会谈",
    },
    {"name": "赵静", "post": "市工商局外资科科长", "business": "外资企业登记政策交流"},
]


@pytest.fixture
def ask(world: World) -> Any:
    def make(actor: str = "office", **extra: Any) -> Trip:
        fields: dict[str, Any] = {
            "purpose": "中哈边境贸易市场监管合作会谈",
            "destination": "哈萨克斯坦",
            "start_on": START,
            "end_on": END,
            "budget": Decimal("86000"),
            "persons": PERSONS,
        }
        fields.update(extra)
        with travel_to(DAY):
            return actions.request_trip(actor=world.users[actor], **fields)

    return make


def test_a_person_without_official_business_is_refused(ask: Any) -> None:
    people = [*PERSONS, {"name": "王芳", "post": "家属", "business": " "}]
    with pytest.raises(InvalidInput) as refused:
        ask(persons=people)
    assert refused.value.code == "trip_person_without_business"
    assert refused.value.detail == {"name": "王芳"}
    assert not Trip.objects.exists()
    assert not TripPerson.objects.exists()


def test_a_trip_needs_persons(ask: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        ask(persons=[])
    assert refused.value.code == "trip_persons_required"


def test_a_trip_with_each_persons_business(ask: Any) -> None:
    row = ask()
    assert [p.name for p in row.persons.all()] == ["李明", "赵静"]
    assert row.number.startswith("CF2026")


def test_the_leader_approves_within_his_portfolio(world: World, ask: Any) -> None:
    mine, other = ask(), ask(actor="zj_office")
    with travel_to(DAY):
        assert (
            actions.decide_trip(actor=world.users["leader"], trip_id=mine.pk, approve=True).status
            == Status.APPROVED
        )
        with pytest.raises(NotFound):
            actions.decide_trip(actor=world.users["leader"], trip_id=other.pk, approve=True)
        with pytest.raises(PermissionDenied):
            actions.decide_trip(actor=world.users["depthead"], trip_id=other.pk, approve=True)


def test_actuals_after_departure_and_approval(world: World, ask: Any) -> None:
    row = ask()
    with travel_to(START), pytest.raises(Conflict) as refused:
        actions.record_trip_actuals(actor=world.users["office"], trip_id=row.pk, actual_cost=1)
    assert refused.value.code == "trip_not_approved"
    with travel_to(DAY):
        actions.decide_trip(actor=world.users["leader"], trip_id=row.pk, approve=True)
        with pytest.raises(Conflict) as early:
            actions.record_trip_actuals(actor=world.users["office"], trip_id=row.pk, actual_cost=1)
    assert early.value.code == "trip_not_started"
    with travel_to(END):
        done = actions.record_trip_actuals(
            actor=world.users["office"], trip_id=row.pk, actual_cost="81234.50", report="会谈纪要"
        )
    assert done.status == Status.DONE
    assert done.actual_cost == Decimal("81234.50")


def test_a_refusal_says_why_and_each_decision_is_audited(world: World, ask: Any) -> None:
    row = ask()
    leader = world.users["leader"]
    with travel_to(DAY):
        with pytest.raises(InvalidInput) as bare:
            actions.decide_trip(actor=leader, trip_id=row.pk, approve=False, note=" ")
        assert bare.value.code == "frugality_note_required"
        done = actions.decide_trip(actor=leader, trip_id=row.pk, approve=False, note="预算超标")
    assert (done.status, done.decided_by, done.decided_on) == (Status.REJECTED, leader, DAY)
    assert done.decision_note == "预算超标"
    event = AuditEvent.objects.get(event_type="frugality.trip_rejected", object_id=row.number)
    assert (event.object_type, event.payload) == ("trip", {"note": "预算超标"})
