"""After the decision: the reminder (催告, 行政强制法 art. 35, 54) only after
the payment's due day; the court only ten working days after the reminder
(art. 54, 69 — counted across 劳动节 2026) and once the party can no longer
sue (art. 53); publication (penalties, recorded late past `publish_due`);
closing only when nothing is left, and a closed case is final."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from money_support import PAYMENT_DUE, on, penalty_case, simple_case

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.enforcement.actions.closing import close_case
from xiaoneng.enforcement.actions.money import (
    apply_court_enforcement,
    collect_on_the_spot,
    hand_over_cash,
    record_bank_payment,
    urge_payment,
)
from xiaoneng.enforcement.actions.publication import publish_decision
from xiaoneng.enforcement.models import Item, Outcome, PenaltyCase, Status
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_the_reminder_comes_only_after_the_due_day(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(users, enforcement_item)
    with pytest.raises(Conflict) as early:
        on(PAYMENT_DUE, urge_payment, actor=users["depthead"], case_id=case.pk)
    assert early.value.code == "enforcement_payment_not_overdue"
    with pytest.raises(PermissionDenied):
        on(date(2026, 3, 23), urge_payment, actor=users["zhifa"], case_id=case.pk)
    on(
        date(2026, 3, 23),
        urge_payment,
        actor=users["depthead"],
        case_id=case.pk,
        note="限十日内缴纳",
    )
    case.refresh_from_db()
    assert (case.status, case.urged_on) == (Status.ENFORCING, date(2026, 3, 23))
    with pytest.raises(Conflict) as twice:
        on(date(2026, 3, 24), urge_payment, actor=users["depthead"], case_id=case.pk)
    assert twice.value.code == "enforcement_already_urged"


def test_the_court_ten_working_days_after_the_reminder(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Served 1 Oct 2025 (the six months to sue ended 1 Apr 2026); reminded
    Tue 28 Apr 2026: ten working days are 29, 30 Apr, 6, 7, 8, 9 (a make-up
    Saturday), 11, 12, 13, 14 May — the court from Fri 15 May."""
    case = penalty_case(
        users,
        enforcement_item,
        decided_on=date(2025, 9, 28),
        served_on=date(2025, 10, 1),
    )
    on(date(2026, 4, 28), urge_payment, actor=users["depthead"], case_id=case.pk)
    with pytest.raises(Conflict) as early:
        on(date(2026, 5, 14), apply_court_enforcement, actor=users["depthead"], case_id=case.pk)
    assert early.value.code == "enforcement_court_too_early"
    assert early.value.detail["earliest"] == date(2026, 5, 15)
    on(
        date(2026, 5, 15),
        apply_court_enforcement,
        actor=users["depthead"],
        case_id=case.pk,
        court="张掖市甘州区人民法院",
    )
    case.refresh_from_db()
    assert case.court_applied_on == date(2026, 5, 15)


def test_not_while_the_party_may_still_sue(users: dict[str, User], enforcement_item: Item) -> None:
    """Served 5 Mar 2026: six months run to 5 Sep; the court from 6 Sep."""
    case = penalty_case(users, enforcement_item)
    on(date(2026, 3, 25), urge_payment, actor=users["depthead"], case_id=case.pk)
    with pytest.raises(Conflict) as early:
        on(date(2026, 9, 5), apply_court_enforcement, actor=users["depthead"], case_id=case.pk)
    assert early.value.detail["earliest"] == date(2026, 9, 6)
    on(date(2026, 9, 6), apply_court_enforcement, actor=users["depthead"], case_id=case.pk)


def test_no_court_without_a_reminder(users: dict[str, User], enforcement_item: Item) -> None:
    case = penalty_case(users, enforcement_item)
    with pytest.raises(Conflict) as refused:
        on(date(2026, 10, 1), apply_court_enforcement, actor=users["depthead"], case_id=case.pk)
    assert refused.value.code == "enforcement_not_urged"


def test_publication_of_a_penalty_late_is_recorded_late(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Decided Mon 2 Mar 2026: seven working days → Wed 11 Mar."""
    case = penalty_case(users, enforcement_item)
    assert case.publish_due == date(2026, 3, 11)
    on(date(2026, 3, 12), publish_decision, actor=users["depthead"], case_id=case.pk)
    case.refresh_from_db()
    assert case.published_on == date(2026, 3, 12)
    audit = AuditEvent.objects.get(event_type="enforcement.decision_published")
    assert audit.payload["late"] is True
    with pytest.raises(Conflict) as twice:
        on(date(2026, 3, 13), publish_decision, actor=users["depthead"], case_id=case.pk)
    assert twice.value.code == "enforcement_already_published"


@pytest.mark.parametrize("typed", [date(2026, 3, 11), "2026-03-11", date(2026, 3, 13)])
def test_publication_is_dated_the_day_it_is_made_here(
    users: dict[str, User], enforcement_item: Item, typed: object
) -> None:
    """The product is where the decision is published: a day other than today
    (backdated into the 7 working days, or ahead) is refused, not stored."""
    case = penalty_case(users, enforcement_item)
    with pytest.raises(InvalidInput) as refused:
        on(
            date(2026, 3, 12),
            publish_decision,
            actor=users["depthead"],
            case_id=case.pk,
            published_on=typed,
        )
    assert refused.value.code == "enforcement_published_on_invalid"
    case.refresh_from_db()
    assert case.published_on is None
    on(
        date(2026, 3, 12),
        publish_decision,
        actor=users["depthead"],
        case_id=case.pk,
        published_on="2026-03-12",
    )
    case.refresh_from_db()
    assert case.published_on == date(2026, 3, 12)
    audit = AuditEvent.objects.get(event_type="enforcement.decision_published")
    assert audit.payload["late"] is True


def test_a_decision_not_to_penalise_is_not_published(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(users, enforcement_item, fine=None, outcome=Outcome.NO_PENALTY_FIRST)
    with pytest.raises(Conflict) as refused:
        on(date(2026, 3, 5), publish_decision, actor=users["depthead"], case_id=case.pk)
    assert refused.value.code == "enforcement_nothing_to_publish"


def close(users: dict[str, User], case: PenaltyCase, day: date = date(2026, 3, 30)) -> PenaltyCase:
    return on(
        day,
        close_case,
        actor=users["depthead"],
        case_id=case.pk,
        note="罚款已缴清，处罚决定已公示，执行完毕。",
    )


def test_closing_needs_payment_and_publication(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(users, enforcement_item)
    with pytest.raises(Conflict) as refused:
        close(users, case)
    assert refused.value.code == "enforcement_close_incomplete"
    assert refused.value.detail["missing"] == ["paid", "published"]
    on(
        date(2026, 3, 10),
        record_bank_payment,
        actor=users["caizheng"],
        decision_no=case.decision_no,
        amount="5000",
        paid_on=date(2026, 3, 10),
        bank_serial="S-1",
    )
    with pytest.raises(Conflict) as still:
        close(users, case)
    assert still.value.detail["missing"] == ["published"]
    on(date(2026, 3, 10), publish_decision, actor=users["depthead"], case_id=case.pk)
    with pytest.raises(InvalidInput) as no_note:
        on(date(2026, 3, 30), close_case, actor=users["depthead"], case_id=case.pk, note=" ")
    assert no_note.value.code == "enforcement_closing_note_required"
    close(users, case)
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.due_on) == (Status.CLOSED, date(2026, 3, 30), None)


def test_a_closed_case_is_final(users: dict[str, User], enforcement_item: Item) -> None:
    case = penalty_case(users, enforcement_item, fine=None, outcome=Outcome.NO_PENALTY_MINOR)
    close(users, case)
    with pytest.raises(Conflict) as refused:
        on(date(2026, 3, 31), publish_decision, actor=users["depthead"], case_id=case.pk)
    assert refused.value.code == "enforcement_case_closed"


def test_a_decision_not_to_penalise_closes_once_served(
    users: dict[str, User], enforcement_item: Item
) -> None:
    unserved = penalty_case(
        users,
        enforcement_item,
        fine=None,
        outcome=Outcome.NO_PENALTY_FIRST,
        status=Status.DECIDED,
        served_on=None,
    )
    with pytest.raises(Conflict) as refused:
        close(users, unserved)
    assert refused.value.detail["missing"] == ["served"]


def test_an_unpaid_fine_closes_once_the_court_is_asked(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(
        users,
        enforcement_item,
        status=Status.ENFORCING,
        urged_on=date(2026, 3, 25),
        court_applied_on=date(2026, 9, 7),
        published_on=date(2026, 3, 6),
    )
    close(users, case, day=date(2026, 9, 8))
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_cash_must_be_banked_before_closing(users: dict[str, User], enforcement_item: Item) -> None:
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
    on(spot, hand_over_cash, actor=users["zhifa"], payment_id=payment.pk)
    with pytest.raises(Conflict) as refused:
        close(users, case, day=spot)
    assert refused.value.detail["missing"] == ["banked"]


def test_a_case_not_registered_is_already_at_its_end(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(
        users,
        enforcement_item,
        fine=None,
        outcome="",
        status=Status.NOT_REGISTERED,
        decided_on=None,
        served_on=None,
        decision_no="",
    )
    with pytest.raises(Conflict) as refused:
        close(users, case)
    assert refused.value.code == "enforcement_close_not_registered"


@pytest.mark.parametrize("who", ["zhifa", "fagai", "window", "caizheng", "supervisor"])
def test_only_the_bodys_head_closes(
    users: dict[str, User], enforcement_item: Item, who: str
) -> None:
    case = penalty_case(users, enforcement_item, fine=None, outcome=Outcome.NO_PENALTY_MINOR)
    with pytest.raises((PermissionDenied, NotFound)):
        on(date(2026, 3, 30), close_case, actor=users[who], case_id=case.pk, note="结案")
    case.refresh_from_db()
    assert case.status == Status.SERVED


def test_confiscated_gains_unpaid_keep_the_case_open(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """A decision that only confiscates (没收违法所得 800 yuan): the gains are
    paid through the bank like a fine (罚没款), and the case closes only then."""
    case = penalty_case(
        users,
        enforcement_item,
        fine=None,
        confiscated=Decimal("800"),
        penalties=["confiscate"],
        published_on=date(2026, 3, 6),
    )
    with pytest.raises(Conflict) as refused:
        close(users, case)
    assert refused.value.detail["missing"] == ["paid"]
    on(
        date(2026, 3, 10),
        record_bank_payment,
        actor=users["caizheng"],
        decision_no=case.decision_no,
        amount="800",
        paid_on=date(2026, 3, 10),
        bank_serial="S-800",
    )
    close(users, case)
    case.refresh_from_db()
    assert case.status == Status.CLOSED


@pytest.mark.parametrize(
    ("step", "field", "code", "limit"),
    [
        ("urge", "note", "enforcement_note_invalid", 1000),
        ("court", "court", "enforcement_note_invalid", 200),
        ("close", "note", "enforcement_closing_note_required", 4000),
    ],
)
def test_long_text_is_refused_not_cut(
    users: dict[str, User], enforcement_item: Item, step: str, field: str, code: str, limit: int
) -> None:
    case = penalty_case(
        users,
        enforcement_item,
        status=Status.ENFORCING if step == "court" else Status.SERVED,
        urged_on=date(2026, 3, 25) if step == "court" else None,
        fine=None if step == "close" else "5000",
        outcome=Outcome.NO_PENALTY_MINOR if step == "close" else Outcome.PENALTY,
    )
    action = {"urge": urge_payment, "court": apply_court_enforcement, "close": close_case}[step]
    day = date(2026, 9, 7)
    with pytest.raises(InvalidInput) as refused:
        on(day, action, actor=users["depthead"], case_id=case.pk, **{field: "字" * (limit + 1)})
    assert refused.value.code == code
    assert refused.value.detail == {"limit": limit, "length": limit + 1}
    on(day, action, actor=users["depthead"], case_id=case.pk, **{field: "字" * limit})
    event = AuditEvent.objects.filter(object_id=str(case.pk)).order_by("seq").last()
    assert event is not None
    assert event.payload[field] == "字" * limit


def test_the_courts_earliest_day_is_written_in_chinese(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(users, enforcement_item)
    on(date(2026, 3, 25), urge_payment, actor=users["depthead"], case_id=case.pk)
    with pytest.raises(Conflict) as early:
        on(date(2026, 9, 5), apply_court_enforcement, actor=users["depthead"], case_id=case.pk)
    assert "最早2026年9月6日" in early.value.message
