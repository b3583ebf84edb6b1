"""The daily sweep (`enforcement.tasks.enforcement_sweep`): yellow cards for
the overdue steps (registration, decision, service, publication, the cash's
hand-over and banking), closed once done; anomalies `fine_not_remitted` and
`repeated_penalties` raised once — a second run the same day adds nothing."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from money_support import on, penalty_case, simple_case

from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.actions.money import collect_on_the_spot, hand_over_cash
from xiaoneng.enforcement.models import Item, PartyKind, PenaltyCase, Status
from xiaoneng.enforcement.params import REPEAT_PENALTIES
from xiaoneng.enforcement.supervise import check_repeated, sweep
from xiaoneng.enforcement.tasks import enforcement_sweep
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly, SubjectCard
from xiaoneng.system.models import Parameter
from xiaoneng.system.schedule import PERIODIC

pytestmark = pytest.mark.django_db


def cards() -> set[tuple[int, str, date, str]]:
    return set(
        SubjectCard.objects.filter(subject_kind="penalty_case", closed_on=None).values_list(
            "subject_ref", "step", "due_on", "colour"
        )
    )


def test_overdue_steps_get_a_yellow_card_once(
    users: dict[str, User], enforcement_item: Item
) -> None:
    clue = penalty_case(
        users,
        enforcement_item,
        status=Status.CLUE,
        number="",
        registered_on=None,
        fine=None,
        outcome="",
        decided_on=None,
        served_on=None,
        decision_no="",
        register_due=date(2026, 2, 2),
    )
    undecided = penalty_case(
        users,
        enforcement_item,
        status=Status.NOTIFIED,
        fine=None,
        outcome="",
        decided_on=None,
        served_on=None,
        decision_no="",
        number="张工商立〔2026〕5号",
        decision_due=date(2026, 4, 14),
    )
    unserved = penalty_case(
        users,
        enforcement_item,
        status=Status.DECIDED,
        served_on=None,
        number="张工商立〔2026〕6号",
        decision_no="张工商罚〔2026〕9号",
    )
    published = penalty_case(
        users,
        enforcement_item,
        published_on=date(2026, 3, 6),
        number="张工商立〔2026〕8号",
        decision_no="张工商罚〔2026〕10号",
    )
    today = date(2026, 4, 15)
    with travel_to(today):
        first = sweep(today)
        again = sweep(today)
    assert cards() == {
        (clue.pk, "register", date(2026, 2, 2), "yellow"),
        (undecided.pk, "decision", date(2026, 4, 14), "yellow"),
        (unserved.pk, "service", date(2026, 3, 11), "yellow"),  # 7 working days from 2 Mar
        (unserved.pk, "publish", date(2026, 3, 11), "yellow"),
    }
    assert published.pk not in {ref for ref, *_ in cards()}
    assert (first["yellow"], again["yellow"]) == (4, 0)
    assert SubjectCard.objects.count() == 4


def test_a_step_done_closes_its_card(users: dict[str, User], enforcement_item: Item) -> None:
    case = penalty_case(users, enforcement_item)
    with travel_to(date(2026, 3, 12)):
        sweep(date(2026, 3, 12))
    assert cards() == {(case.pk, "publish", date(2026, 3, 11), "yellow")}
    PenaltyCase.objects.filter(pk=case.pk).update(published_on=date(2026, 3, 12))
    with travel_to(date(2026, 3, 13)):
        result = sweep(date(2026, 3, 13))
    assert result["closed"] == 1
    assert cards() == set()


def test_cash_not_handed_over_gets_a_card_and_an_anomaly(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Collected Wed 30 Sep 2026: hand-over due Fri 9 Oct; on Mon 12 Oct it is late."""
    spot = date(2026, 9, 30)
    case = simple_case(users, enforcement_item, published_on=spot)
    on(
        spot,
        collect_on_the_spot,
        actor=users["zhifa"],
        case_id=case.pk,
        officer_ids=[users["zhifa"].pk, users["zhifa2"].pk],
        ground="small",
        receipt_no="R-1",
        amount="50",
    )
    with travel_to(date(2026, 10, 9)):
        assert sweep(date(2026, 10, 9))["fine_not_remitted"] == 0  # the last day: in time
    with travel_to(date(2026, 10, 12)):
        first = enforcement_sweep.call()
        again = enforcement_sweep.call()
    assert cards() == {(case.pk, "handover", date(2026, 10, 9), "yellow")}
    assert (first["fine_not_remitted"], again["fine_not_remitted"]) == (1, 0)
    anomaly = Anomaly.objects.get(kind="fine_not_remitted")
    assert (anomaly.subject_ref, anomaly.evidence["late"]) == (case.pk, ["handover"])


def test_cash_not_banked_by_its_day(users: dict[str, User], enforcement_item: Item) -> None:
    """Handed over Thu 8 Oct 2026: banking due Sat 10 Oct (a make-up working
    day); on Mon 12 Oct, still not banked, it is late."""
    spot = date(2026, 9, 30)
    case = simple_case(users, enforcement_item, published_on=spot)
    payment = on(
        spot,
        collect_on_the_spot,
        actor=users["zhifa"],
        case_id=case.pk,
        officer_ids=[users["zhifa"].pk, users["zhifa2"].pk],
        ground="small",
        receipt_no="R-1",
        amount="50",
    )
    on(date(2026, 10, 8), hand_over_cash, actor=users["zhifa"], payment_id=payment.pk)
    with travel_to(date(2026, 10, 10)):
        assert sweep(date(2026, 10, 10))["fine_not_remitted"] == 0
    with travel_to(date(2026, 10, 12)):
        assert sweep(date(2026, 10, 12))["fine_not_remitted"] == 1
    assert cards() == {(case.pk, "bank", date(2026, 10, 10), "yellow")}
    assert Anomaly.objects.get(kind="fine_not_remitted").evidence["late"] == ["bank"]


def test_a_case_marked_paid_without_a_bank_serial(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(
        users, enforcement_item, paid_on=date(2026, 3, 10), published_on=date(2026, 3, 6)
    )
    with travel_to(date(2026, 3, 12)):
        assert sweep(date(2026, 3, 12))["fine_not_remitted"] == 1
        assert sweep(date(2026, 3, 12))["fine_not_remitted"] == 0
    anomaly = Anomaly.objects.get(kind="fine_not_remitted")
    assert anomaly.subject_ref == case.pk
    assert anomaly.evidence["bank_serial"] is None


NUMBERS = itertools.count(100)


def penalties_on(
    users: dict[str, User], item: Item, days: list[date], **party: object
) -> list[PenaltyCase]:
    return [
        penalty_case(
            users,
            item,
            decided_on=day,
            served_on=day,
            published_on=day,
            number=f"张工商立〔2026〕{n}号",
            decision_no=f"张工商罚〔2026〕{n}号",
            **party,
        )
        for n, day in zip(NUMBERS, days, strict=False)
    ]


def test_three_penalties_on_one_party_within_the_window_are_flagged(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Default: 3 penalties within 90 days. 5 Jan, 3 Mar, 3 Apr: the third is
    89 days after the first — flagged; a 4th party's one is not."""
    cases = penalties_on(
        users, enforcement_item, [date(2026, 1, 5), date(2026, 3, 3), date(2026, 4, 3)]
    )
    with travel_to(date(2026, 4, 10)):
        first = sweep(date(2026, 4, 10))
        again = sweep(date(2026, 4, 10))
    assert (first["repeated_penalties"], again["repeated_penalties"]) == (1, 0)
    anomaly = Anomaly.objects.get(kind="repeated_penalties")
    assert anomaly.subject_ref == cases[2].pk
    assert anomaly.evidence["count"] == 3


def test_penalties_spread_beyond_the_window_are_not(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """5 Jan, 3 Mar, 6 Apr: 91 days from the first — two within any 90 days."""
    penalties_on(users, enforcement_item, [date(2026, 1, 5), date(2026, 3, 3), date(2026, 4, 6)])
    with travel_to(date(2026, 4, 10)):
        assert sweep(date(2026, 4, 10))["repeated_penalties"] == 0


def test_the_same_person_is_found_by_the_id_digest(
    users: dict[str, User], enforcement_item: Item
) -> None:
    Parameter.objects.update_or_create(key=REPEAT_PENALTIES, defaults={"value": "2"})
    same = {"party_kind": PartyKind.PERSON, "party_code": "", "party_id_digest": "d" * 64}
    first, second = penalties_on(
        users, enforcement_item, [date(2026, 3, 2), date(2026, 3, 9)], **same
    )
    PenaltyCase.objects.filter(pk=first.pk).update(party_name="王五")
    with travel_to(date(2026, 3, 10)):
        assert sweep(date(2026, 3, 10))["repeated_penalties"] == 1
    assert Anomaly.objects.get(kind="repeated_penalties").subject_ref == second.pk


def test_check_repeated_at_decision_time(users: dict[str, User], enforcement_item: Item) -> None:
    earlier = penalties_on(users, enforcement_item, [date(2026, 1, 5), date(2026, 3, 3)])
    assert check_repeated(earlier[1]) is False
    latest = penalties_on(users, enforcement_item, [date(2026, 4, 3)])[0]
    with travel_to(date(2026, 4, 3)):
        assert check_repeated(latest) is True
        assert check_repeated(latest) is False  # once
    assert Anomaly.objects.get(kind="repeated_penalties").subject_ref == latest.pk


def test_the_sweep_runs_daily() -> None:
    jobs = {job.task: job.every_seconds for job in PERIODIC}
    assert jobs["xiaoneng.enforcement.tasks.enforcement_sweep"] == 86400
    assert (
        next(j for j in PERIODIC if j.task.endswith("enforcement_sweep")).resolve()
        is enforcement_sweep
    )
