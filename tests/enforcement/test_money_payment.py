"""罚缴分离 (行政处罚法 art. 66–67, 72): the bank's receipt is recorded by
finance only — never by the deciding body's officers or head — for the fine
plus the surcharge as of the day paid (3 % a day after the due day, never
more than the fine), checked here on hand-counted days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from money_support import PAYMENT_DUE, on, penalty_case

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.enforcement.actions.money import record_bank_payment
from xiaoneng.enforcement.models import Item, Payment, PaymentChannel, PenaltyCase, Status
from xiaoneng.enforcement.selectors.money import amount_due
from xiaoneng.org.models import Role, User

pytestmark = pytest.mark.django_db

DECISION = "张工商罚〔2026〕7号"


def pay(user: User, day: date, amount: str, serial: str = "ABC0001") -> Payment:
    return on(
        day,
        record_bank_payment,
        actor=user,
        decision_no=DECISION,
        amount=amount,
        paid_on=day,
        bank_serial=serial,
    )


@pytest.mark.parametrize(
    ("paid_on", "surcharge"),
    [
        (date(2026, 3, 5), "0.00"),  # the day served
        (PAYMENT_DUE, "0.00"),  # the last day: 20 March
        (date(2026, 3, 21), "150.00"),  # one day late: 3 % of 5,000
        (date(2026, 4, 22), "4950.00"),  # 33 days late: 99 %
        (date(2026, 4, 23), "5000.00"),  # 34 days late: 102 %, capped at the fine
        (date(2026, 6, 1), "5000.00"),  # long after: still the fine
    ],
)
def test_the_amount_due_is_the_fine_plus_the_capped_surcharge(
    users: dict[str, User], enforcement_item: Item, paid_on: date, surcharge: str
) -> None:
    case = penalty_case(users, enforcement_item)
    assert case.payment_due == PAYMENT_DUE
    due = amount_due(case, paid_on)
    assert due.surcharge == Decimal(surcharge)
    assert due.total == Decimal("5000") + Decimal(surcharge)


def test_finance_records_the_banks_receipt_with_the_surcharge(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(users, enforcement_item)
    day = date(2026, 3, 23)  # three days late: 450 yuan
    payment = pay(users["caizheng"], day, "5450.00")
    assert (payment.channel, payment.amount, payment.surcharge) == (
        PaymentChannel.BANK,
        Decimal("5000.00"),
        Decimal("450.00"),
    )
    case.refresh_from_db()
    assert case.paid_on == day
    audit = AuditEvent.objects.get(event_type="enforcement.fine_paid", object_id=str(case.pk))
    assert audit.payload["late_days"] == 3
    assert audit.payload["bank_serial"] == "ABC0001"


def test_a_wrong_amount_is_refused_with_the_amount_due(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(users, enforcement_item)
    with pytest.raises(InvalidInput) as refused:
        pay(users["caizheng"], date(2026, 3, 21), "5000")
    assert refused.value.code == "enforcement_payment_amount_wrong"
    assert refused.value.detail["amount_due"] == "5150.00"
    assert refused.value.detail["surcharge"] == "150.00"
    case.refresh_from_db()
    assert case.paid_on is None
    assert not Payment.objects.exists()


@pytest.mark.parametrize("who", ["zhifa", "zhifa2", "depthead"])
def test_the_deciding_bodys_officers_and_head_may_not_record_a_payment(
    users: dict[str, User], enforcement_item: Item, who: str
) -> None:
    penalty_case(users, enforcement_item)
    with pytest.raises(PermissionDenied):
        pay(users[who], date(2026, 3, 10), "5000")
    assert not Payment.objects.exists()


def test_finance_staff_who_also_handle_the_case_may_not_record_it(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """罚缴分离 holds even when one person holds both roles: an officer of the
    body given the finance role still cannot book the body's own fine."""
    penalty_case(users, enforcement_item)
    officer = users["zhifa"]
    officer.roles.add(Role.objects.get(code="finance"))
    with pytest.raises(PermissionDenied) as refused:
        pay(User.objects.get(pk=officer.pk), date(2026, 3, 10), "5000")
    assert refused.value.code == "enforcement_collection_separated"
    assert not Payment.objects.exists()


def test_a_bank_serial_is_used_once(users: dict[str, User], enforcement_item: Item) -> None:
    penalty_case(users, enforcement_item)
    penalty_case(
        users, enforcement_item, decision_no="张工商罚〔2026〕8号", number="张工商立〔2026〕4号"
    )
    pay(users["caizheng"], date(2026, 3, 10), "5000")
    with pytest.raises(Conflict) as refused:
        on(
            date(2026, 3, 10),
            record_bank_payment,
            actor=users["caizheng"],
            decision_no="张工商罚〔2026〕8号",
            amount="5000",
            paid_on=date(2026, 3, 10),
            bank_serial="ABC0001",
        )
    assert refused.value.code == "enforcement_payment_duplicate"


def test_a_paid_fine_is_not_paid_twice(users: dict[str, User], enforcement_item: Item) -> None:
    penalty_case(users, enforcement_item)
    pay(users["caizheng"], date(2026, 3, 10), "5000")
    with pytest.raises(Conflict) as refused:
        pay(users["caizheng"], date(2026, 3, 11), "5000", serial="ABC0002")
    assert refused.value.code == "enforcement_nothing_owed"


def test_only_a_served_decision_is_paid(users: dict[str, User], enforcement_item: Item) -> None:
    penalty_case(users, enforcement_item, status=Status.DECIDED, served_on=None)
    with pytest.raises(Conflict) as refused:
        pay(users["caizheng"], date(2026, 3, 10), "5000")
    assert refused.value.code == "enforcement_fine_not_served"


@pytest.mark.parametrize(
    ("decision_no", "amount", "paid_on", "serial", "code"),
    [
        (
            "张工商罚〔2026〕99号",
            "5000",
            date(2026, 3, 10),
            "S1",
            "enforcement_decision_no_unknown",
        ),
        ("", "5000", date(2026, 3, 10), "S1", "enforcement_decision_no_unknown"),
        (DECISION, "五千", date(2026, 3, 10), "S1", "enforcement_amount_invalid"),
        (DECISION, "5000.001", date(2026, 3, 10), "S1", "enforcement_amount_invalid"),
        (DECISION, "-1", date(2026, 3, 10), "S1", "enforcement_amount_invalid"),
        (DECISION, "5000", date(2026, 3, 11), "S1", "enforcement_paid_on_invalid"),  # tomorrow
        (DECISION, "5000", date(2026, 3, 4), "S1", "enforcement_paid_on_invalid"),  # before service
        (DECISION, "5000", "2026-13-01", "S1", "enforcement_paid_on_invalid"),
        (DECISION, "5000", date(2026, 3, 10), "  ", "enforcement_bank_serial_required"),
    ],
)
def test_bad_input_is_refused_with_its_code(
    users: dict[str, User],
    enforcement_item: Item,
    decision_no: str,
    amount: str,
    paid_on: object,
    serial: str,
    code: str,
) -> None:
    penalty_case(users, enforcement_item)
    with pytest.raises((InvalidInput, NotFound)) as refused:
        on(
            date(2026, 3, 10),
            record_bank_payment,
            actor=users["caizheng"],
            decision_no=decision_no,
            amount=amount,
            paid_on=paid_on,
            bank_serial=serial,
        )
    assert refused.value.code == code
    assert PenaltyCase.objects.get().paid_on is None


def test_confiscated_gains_are_owed_with_the_fine_the_surcharge_on_the_fine_only(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Fine 5,000 and 800 confiscated; paid one day late: 5,800 + 3 % of 5,000."""
    case = penalty_case(
        users, enforcement_item, confiscated=Decimal("800"), penalties=["fine", "confiscate"]
    )
    due = amount_due(case, date(2026, 3, 21))
    assert (due.principal, due.surcharge, due.total) == (
        Decimal("5800.00"),
        Decimal("150.00"),
        Decimal("5950.00"),
    )
    with pytest.raises(InvalidInput) as refused:
        pay(users["caizheng"], date(2026, 3, 21), "5150")  # the fine alone is not enough
    assert refused.value.detail["confiscated"] == "800.00"
    assert "没收违法所得800.00元" in refused.value.message
    payment = pay(users["caizheng"], date(2026, 3, 21), "5950")
    assert (payment.amount, payment.surcharge) == (Decimal("5800.00"), Decimal("150.00"))


def test_the_amount_due_names_its_day_in_chinese(
    users: dict[str, User], enforcement_item: Item
) -> None:
    penalty_case(users, enforcement_item)
    with pytest.raises(InvalidInput) as wrong:
        pay(users["caizheng"], date(2026, 3, 21), "5000")
    assert (
        "截至2026年3月21日应缴5150.00元（罚款5000.00元，加处罚款150.00元）" in wrong.value.message
    )
    with pytest.raises(InvalidInput) as early:
        pay(users["caizheng"], date(2026, 3, 4), "5000")
    assert "不能早于2026年3月5日" in early.value.message


@pytest.mark.parametrize(
    ("decision_no", "serial", "code"),
    [
        ("张" * 61, "S1", "enforcement_decision_no_invalid"),
        ("张工商罚\x00", "S1", "enforcement_decision_no_invalid"),
        (DECISION, "S" * 61, "enforcement_bank_serial_required"),
    ],
)
def test_over_long_or_unstorable_numbers_are_refused_not_cut(
    users: dict[str, User], enforcement_item: Item, decision_no: str, serial: str, code: str
) -> None:
    penalty_case(users, enforcement_item)
    with pytest.raises(InvalidInput) as refused:
        on(
            date(2026, 3, 10),
            record_bank_payment,
            actor=users["caizheng"],
            decision_no=decision_no,
            amount="5000",
            paid_on=date(2026, 3, 10),
            bank_serial=serial,
        )
    assert refused.value.code == code
    assert not Payment.objects.exists()
