"""Shared values of the money part's tests: penalty cases laid down as rows
in the state a test needs (decided, served, paid …) — the money actions are
what these tests exercise, not how a case got there (the cases part's tests
and the end-to-end test do that)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.procedures import penalty
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.models import (
    ClueSource,
    Item,
    Outcome,
    PartyKind,
    PenaltyCase,
    Procedure,
    Status,
)
from xiaoneng.org.models import User

PARTY = "张掖市甘州区丝路阳光商贸有限公司"
CREDIT_CODE = "91620702MA71XXXX0Q"
# Served on Thursday 5 March 2026: 15 days → Friday 20 March, a working day.
SERVED_ON = date(2026, 3, 5)
PAYMENT_DUE = date(2026, 3, 20)


def on(day: date, action: Any, **kwargs: Any) -> Any:
    """Run an action as if today were `day`."""
    with travel_to(day):
        return action(**kwargs)


def penalty_case(
    users: dict[str, User],
    item: Item,
    *,
    fine: str | None = "5000",
    status: str = Status.SERVED,
    procedure: str = Procedure.GENERAL,
    outcome: str = Outcome.PENALTY,
    decided_on: date | None = date(2026, 3, 2),
    served_on: date | None = SERVED_ON,
    decision_no: str = "张工商罚〔2026〕7号",
    number: str = "张工商立〔2026〕3号",
    **extra: Any,
) -> PenaltyCase:
    """A case of 市工商局 handled by zhifa and zhifa2, decided by depthead,
    with its clock's dates as the decision and service set them."""
    calendar = current_calendar()
    fields: dict[str, Any] = {
        "body": item.body,
        "item": item,
        "procedure": procedure,
        "status": status,
        "number": number if procedure == Procedure.GENERAL else "",
        "party_kind": PartyKind.ORGANISATION,
        "party_name": PARTY,
        "party_code": CREDIT_CODE,
        "party_address": "张掖市甘州区县府街 88 号",
        "facts": "未取得营业执照，在县府街 88 号擅自从事日用百货批发经营活动",
        "place": "张掖市甘州区县府街 88 号",
        "violated_on": date(2026, 1, 10),
        "source": ClueSource.INSPECTION,
        "found_on": date(2026, 1, 12),
        "registered_on": date(2026, 1, 14) if procedure == Procedure.GENERAL else None,
        "outcome": outcome,
        "grade": "lighter" if outcome == Outcome.PENALTY and fine else "",
        "fine": Decimal(fine) if fine else None,
        "penalties": ["fine"] if fine else [],
        "decision_no": decision_no,
        "decided_on": decided_on,
        "decided_by": users["depthead"],
        "served_on": served_on,
        "created_by": users["zhifa"],
    }
    if decided_on and outcome == Outcome.PENALTY:
        fields["publish_due"] = penalty.publish_due(decided_on, calendar)
        if procedure == Procedure.GENERAL:
            fields["service_due"] = penalty.service_due(decided_on, calendar)
    if served_on and fine:
        fields["payment_due"] = penalty.payment_due(served_on, calendar)
    fields.update(extra)
    case = PenaltyCase.objects.create(**fields)
    case.officers.set([users["zhifa"], users["zhifa2"]])
    return case


def simple_case(
    users: dict[str, User],
    item: Item,
    *,
    fine: str = "50",
    on_day: date = date(2026, 9, 30),
    **extra: Any,
) -> PenaltyCase:
    """An on-the-spot decision (art. 51): decided and served the same day."""
    return penalty_case(
        users,
        item,
        fine=fine,
        procedure=Procedure.SIMPLE,
        decided_on=on_day,
        served_on=on_day,
        decision_no=extra.pop("decision_no", "张工商当罚〔2026〕1号"),
        party_kind=PartyKind.PERSON,
        party_name="李四",
        party_code="",
        **extra,
    )


def officers(users: dict[str, User]) -> list[int]:
    return [users["zhifa"].pk, users["zhifa2"].pk]
