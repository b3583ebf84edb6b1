"""当场收缴 (行政处罚法 art. 68–71): only on the grounds the law names — a
simple-procedure fine of at most 100 yuan, one hard to collect later, or a
remote area on the party's request — by two certified officers, against a
fiscal receipt; the cash handed to the body within 2 working days and
banked within 2 more, counted here across 中秋 and 国庆 2026 (25 September,
1–7 October off; Saturday 10 October worked)."""

from __future__ import annotations

from datetime import date

import pytest
from money_support import officers, on, penalty_case, simple_case

from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.enforcement.actions.money import bank_cash, collect_on_the_spot, hand_over_cash
from xiaoneng.enforcement.common import Refused
from xiaoneng.enforcement.models import Certificate, Item, Payment, PenaltyCase
from xiaoneng.enforcement.selectors.money import cash_step
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

SPOT = date(2026, 9, 30)  # a Wednesday, the last working day before 国庆


@pytest.fixture
def certified_third(users: dict[str, User], enforcement_item: Item) -> User:
    """The head, holding a certificate too: a third certified person."""
    Certificate.objects.create(
        officer=users["depthead"],
        body=enforcement_item.body,
        number="620700202400009",
        field="市场监管",
        issued_on=date(2024, 1, 1),
        valid_until=date(2028, 12, 31),
        issued_by=users["fazhi"],
    )
    return users["depthead"]


def collect(users: dict[str, User], case: PenaltyCase, **changes: object) -> Payment:
    kwargs: dict[str, object] = {
        "actor": users["zhifa"],
        "case_id": case.pk,
        "officer_ids": officers(users),
        "ground": "small",
        "receipt_no": "甘财罚 0012345",
        "amount": str(case.fine),
        **changes,
    }
    return on(SPOT, collect_on_the_spot, **kwargs)


def test_two_certified_officers_collect_a_small_fine_on_the_spot(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = simple_case(users, enforcement_item, fine="50")
    payment = collect(users, case)
    assert (payment.receipt_no, payment.on_the_spot_ground, payment.paid_on) == (
        "甘财罚 0012345",
        "small",
        SPOT,
    )
    case.refresh_from_db()
    assert case.paid_on == SPOT
    audit = AuditEvent.objects.get(event_type="enforcement.fine_collected")
    assert audit.payload["handover_due"] == "2026-10-09"
    assert sorted(audit.payload["officers"]) == sorted(officers(users))


def test_more_than_100_yuan_is_not_a_small_fine(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = simple_case(users, enforcement_item, fine="100.01")
    with pytest.raises(Conflict) as refused:
        collect(users, case, amount="100.01")
    assert refused.value.code == "enforcement_on_the_spot_limit"
    exactly = simple_case(users, enforcement_item, fine="100", decision_no="张工商当罚〔2026〕2号")
    assert collect(users, exactly, amount="100", receipt_no="R-100").amount == 100


def test_a_fine_hard_to_collect_later_may_be_larger(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = simple_case(users, enforcement_item, fine="200")
    payment = collect(users, case, ground="hard_to_enforce", amount="200")
    assert payment.on_the_spot_ground == "hard_to_enforce"


def test_article_68_needs_the_simple_procedure_on_the_day(
    users: dict[str, User], enforcement_item: Item
) -> None:
    general = penalty_case(
        users, enforcement_item, fine="50", decided_on=date(2026, 9, 28), served_on=SPOT
    )
    with pytest.raises(Conflict) as refused:
        collect(users, general)
    assert refused.value.code == "enforcement_not_on_the_spot"
    assert not Payment.objects.exists()


def test_a_remote_area_needs_the_partys_request(
    users: dict[str, User], enforcement_item: Item
) -> None:
    general = penalty_case(
        users, enforcement_item, fine="3000", decided_on=date(2026, 9, 28), served_on=SPOT
    )
    with pytest.raises(InvalidInput) as refused:
        collect(users, general, ground="remote", amount="3000")
    assert refused.value.code == "enforcement_party_request_required"
    payment = collect(users, general, ground="remote", amount="3000", party_requested=True)
    assert payment.on_the_spot_ground == "remote"


@pytest.mark.parametrize("receipt", ["", "   ", None])
def test_the_fiscal_receipt_is_required(
    users: dict[str, User], enforcement_item: Item, receipt: object
) -> None:
    case = simple_case(users, enforcement_item)
    with pytest.raises(InvalidInput) as refused:
        collect(users, case, receipt_no=receipt)
    assert refused.value.code == "enforcement_receipt_required"


def test_a_receipt_number_is_used_once(users: dict[str, User], enforcement_item: Item) -> None:
    collect(users, simple_case(users, enforcement_item))
    other = simple_case(users, enforcement_item, decision_no="张工商当罚〔2026〕2号")
    with pytest.raises(Conflict) as refused:
        collect(users, other)
    assert refused.value.code == "enforcement_payment_duplicate"


def test_one_officer_alone_is_refused_and_recorded(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = simple_case(users, enforcement_item)
    with pytest.raises(Refused) as refused:
        collect(users, case, officer_ids=[users["zhifa"].pk])
    assert refused.value.code == "enforcement_two_officers_required"
    assert not Payment.objects.exists()
    case.refresh_from_db()
    assert case.paid_on is None  # the act rolled back; the anomaly stays
    anomaly = Anomaly.objects.get(subject_kind="penalty_case", subject_ref=case.pk)
    assert anomaly.kind == "officer_alone"


def test_an_officer_without_a_valid_certificate_is_refused_and_recorded(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = simple_case(users, enforcement_item)
    with pytest.raises(Refused) as refused:
        collect(users, case, officer_ids=[users["zhifa"].pk, users["depthead"].pk])
    assert refused.value.code == "enforcement_certificate_invalid"
    assert not Payment.objects.exists()
    assert Anomaly.objects.get(subject_ref=case.pk).kind == "officer_uncertified"


def test_the_recorder_is_one_of_the_collecting_officers(
    users: dict[str, User], enforcement_item: Item, certified_third: User
) -> None:
    case = simple_case(users, enforcement_item)
    with pytest.raises(InvalidInput) as refused:
        collect(users, case, officer_ids=[users["zhifa2"].pk, certified_third.pk])
    assert refused.value.code == "enforcement_collector_not_officer"


def test_the_amount_must_be_the_fine(users: dict[str, User], enforcement_item: Item) -> None:
    case = simple_case(users, enforcement_item, fine="50")
    with pytest.raises(InvalidInput) as refused:
        collect(users, case, amount="40")
    assert refused.value.code == "enforcement_payment_amount_wrong"


def test_hand_over_and_banking_count_working_days_across_the_holiday(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Collected Wed 30 Sep: hand-over due Fri 9 Oct (8, 9 Oct worked); handed
    over 9 Oct: banking due Mon 12 Oct (Sat 10 Oct is a make-up working day)."""
    calendar = current_calendar()
    payment = collect(users, simple_case(users, enforcement_item))
    assert cash_step(payment, calendar) == ("handover", date(2026, 10, 9))
    payment = on(date(2026, 10, 9), hand_over_cash, actor=users["zhifa2"], payment_id=payment.pk)
    assert payment.handed_over_on == date(2026, 10, 9)
    assert cash_step(payment, calendar) == ("bank", date(2026, 10, 12))
    payment = on(
        date(2026, 10, 12),
        bank_cash,
        actor=users["depthead"],
        payment_id=payment.pk,
        bank_serial="NB20261012001",
    )
    assert (payment.banked_on, payment.bank_serial) == (date(2026, 10, 12), "NB20261012001")
    assert cash_step(payment, calendar) is None
    late = AuditEvent.objects.filter(
        event_type__in=["enforcement.cash_handed_over", "enforcement.cash_banked"]
    )
    assert [e.payload["late"] for e in late.order_by("seq")] == [False, False]


def test_late_hand_over_and_banking_are_recorded_late(
    users: dict[str, User], enforcement_item: Item
) -> None:
    payment = collect(users, simple_case(users, enforcement_item))
    on(date(2026, 10, 10), hand_over_cash, actor=users["zhifa"], payment_id=payment.pk)
    on(
        date(2026, 10, 14),
        bank_cash,
        actor=users["caizheng"],
        payment_id=payment.pk,
        bank_serial="NB1",
    )
    events = AuditEvent.objects.filter(
        event_type__in=["enforcement.cash_handed_over", "enforcement.cash_banked"]
    ).order_by("seq")
    assert [(e.payload["due_on"], e.payload["late"]) for e in events] == [
        ("2026-10-09", True),
        ("2026-10-13", True),  # handed over Sat 10 Oct: 12, 13 Oct
    ]


def test_cash_is_banked_only_after_the_hand_over_and_by_the_head_or_finance(
    users: dict[str, User], enforcement_item: Item
) -> None:
    payment = collect(users, simple_case(users, enforcement_item))
    with pytest.raises(Conflict) as refused:
        on(SPOT, bank_cash, actor=users["depthead"], payment_id=payment.pk, bank_serial="X")
    assert refused.value.code == "enforcement_cash_not_handed_over"
    on(SPOT, hand_over_cash, actor=users["zhifa"], payment_id=payment.pk)
    with pytest.raises(Conflict) as again:
        on(SPOT, hand_over_cash, actor=users["zhifa"], payment_id=payment.pk)
    assert again.value.code == "enforcement_cash_done"
    with pytest.raises(PermissionDenied):
        on(SPOT, bank_cash, actor=users["zhifa"], payment_id=payment.pk, bank_serial="X")
    with pytest.raises(InvalidInput) as early:
        on(
            SPOT,
            bank_cash,
            actor=users["depthead"],
            payment_id=payment.pk,
            bank_serial="X",
            banked_on=date(2026, 9, 29),
        )
    assert early.value.code == "enforcement_banked_on_invalid"


def test_a_late_hand_over_backdated_is_still_late(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Collected Wed 30 Sep, due at the body Fri 9 Oct: entered on Tue 13 Oct
    as handed over on 9 Oct, and banked on 15 Oct as of 12 Oct — the days
    typed are kept, the lateness is the entry's."""
    payment = collect(users, simple_case(users, enforcement_item))
    on(
        date(2026, 10, 13),
        hand_over_cash,
        actor=users["zhifa"],
        payment_id=payment.pk,
        handed_over_on=date(2026, 10, 9),
    )
    on(
        date(2026, 10, 15),
        bank_cash,
        actor=users["depthead"],
        payment_id=payment.pk,
        bank_serial="NB-LATE",
        banked_on="2026-10-12",
    )
    payment.refresh_from_db()
    assert (payment.handed_over_on, payment.banked_on) == (date(2026, 10, 9), date(2026, 10, 12))
    events = AuditEvent.objects.filter(
        event_type__in=["enforcement.cash_handed_over", "enforcement.cash_banked"]
    ).order_by("seq")
    assert [(e.payload["due_on"], e.payload["recorded_on"], e.payload["late"]) for e in events] == [
        ("2026-10-09", "2026-10-13", True),
        ("2026-10-12", "2026-10-15", True),
    ]


def test_an_entry_on_time_is_on_time(users: dict[str, User], enforcement_item: Item) -> None:
    payment = collect(users, simple_case(users, enforcement_item))
    on(
        date(2026, 10, 9),
        hand_over_cash,
        actor=users["zhifa"],
        payment_id=payment.pk,
        handed_over_on=date(2026, 10, 8),
    )
    event = AuditEvent.objects.get(event_type="enforcement.cash_handed_over")
    assert (event.payload["handed_over_on"], event.payload["late"]) == ("2026-10-08", False)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (date(2026, 10, 10), "不能晚于今天"),  # tomorrow
        (date(2026, 9, 29), "不能早于2026年9月30日"),  # before the collection
        ("2026-10-32", "不正确"),
    ],
)
def test_the_hand_over_day_is_neither_ahead_nor_before_the_collection(
    users: dict[str, User], enforcement_item: Item, typed: object, message: str
) -> None:
    payment = collect(users, simple_case(users, enforcement_item))
    with pytest.raises(InvalidInput) as refused:
        on(
            date(2026, 10, 9),
            hand_over_cash,
            actor=users["zhifa"],
            payment_id=payment.pk,
            handed_over_on=typed,
        )
    assert refused.value.code == "enforcement_handed_over_on_invalid"
    assert message in refused.value.message
    payment.refresh_from_db()
    assert payment.handed_over_on is None


def test_the_banking_day_is_not_ahead(users: dict[str, User], enforcement_item: Item) -> None:
    payment = collect(users, simple_case(users, enforcement_item))
    on(SPOT, hand_over_cash, actor=users["zhifa"], payment_id=payment.pk)
    with pytest.raises(InvalidInput) as refused:
        on(
            SPOT,
            bank_cash,
            actor=users["depthead"],
            payment_id=payment.pk,
            bank_serial="X",
            banked_on=date(2026, 10, 8),
        )
    assert refused.value.code == "enforcement_banked_on_invalid"


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("receipt_no", "enforcement_receipt_required"),
        ("bank_serial", "enforcement_bank_serial_required"),
    ],
)
def test_a_number_longer_than_its_column_is_refused_not_cut(
    users: dict[str, User], enforcement_item: Item, field: str, code: str
) -> None:
    case = simple_case(users, enforcement_item)
    if field == "receipt_no":
        with pytest.raises(InvalidInput) as refused:
            collect(users, case, receipt_no="R" * 61)
    else:
        payment = collect(users, case)
        on(SPOT, hand_over_cash, actor=users["zhifa"], payment_id=payment.pk)
        with pytest.raises(InvalidInput) as refused:
            on(
                SPOT,
                bank_cash,
                actor=users["depthead"],
                payment_id=payment.pk,
                bank_serial="B" * 61,
            )
    assert refused.value.code == code
    assert refused.value.detail == {"limit": 60, "length": 61}
    assert not Payment.objects.exclude(bank_serial="").exists()
