"""Charges on cases: the lower bound by default, above it only with a
recorded approval, every departure from the catalog of the day recorded
only when confirmed and then flagged with its evidence; refunds; scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fee_support import FIXED_CODE, RANGE_CODE, charge

from xiaoneng.cases.models import Case
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, NotFound
from xiaoneng.fees import actions
from xiaoneng.fees.models import Charge, FeeApproval
from xiaoneng.fees.selectors import charges_for
from xiaoneng.fees.supervise import sweep
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db


def _flags() -> list[Anomaly]:
    return list(Anomaly.objects.filter(kind="fee_outside_catalog", subject_kind="fee_charge"))


def test_a_range_is_charged_at_its_lower_bound(users: dict[str, User], case: Case) -> None:
    row = charge(users["window"], case, quantity="2")
    assert (row.unit_amount, row.amount, row.breaches) == (Decimal("80"), Decimal("160.00"), [])
    assert (row.fee_version, row.into_budget, row.payee_account) == (1, True, "fiscal")
    assert "甘价费〔2010〕12号" in row.basis
    assert _flags() == []


def test_above_the_lower_bound_without_approval_is_refused_then_flagged(
    users: dict[str, User], case: Case
) -> None:
    with pytest.raises(Conflict) as exc:
        charge(users["window"], case, unit_amount="200")
    assert exc.value.code == "fee_charge_outside_catalog"
    assert exc.value.detail == {"breaches": ["above_floor_unapproved"]}
    assert not Charge.objects.exists()

    row = charge(users["window"], case, unit_amount="200", confirm=True)
    assert row.breaches == ["above_floor_unapproved"]
    (flag,) = _flags()
    assert (flag.subject_ref, flag.department_id) == (row.pk, case.department_id)
    assert flag.subject_url == f"/fees/charges/{row.pk}/"
    facts = flag.evidence
    assert facts["code"] == RANGE_CODE
    assert facts["version"] == 1
    assert facts["standard"] == {"kind": "range", "lower": "80.00", "upper": "550.00", "unit": "件"}
    assert (facts["amount"], facts["unit_amount"], facts["charged_on"]) == (
        "200.00",
        "200.00",
        "2026-03-16",
    )
    assert facts["breaches"][0]["code"] == "above_floor_unapproved"


def test_the_approval_path(users: dict[str, User], case: Case) -> None:
    asked = actions.request_approval(
        actor=users["window"],
        case_id=case.pk,
        fee_code=RANGE_CODE,
        unit_amount="300",
        reason="非住房登记，按上级文件收取",
    )
    with pytest.raises(DomainError):  # the window may ask, never approve
        actions.decide_approval(actor=users["window"], approval_id=asked.pk, approve=True)
    with pytest.raises(InvalidInput) as exc:
        actions.decide_approval(actor=users["depthead"], approval_id=asked.pk, approve=False)
    assert exc.value.code == "fee_reason_required"
    actions.decide_approval(actor=users["depthead"], approval_id=asked.pk, approve=True)
    with pytest.raises(Conflict) as again:
        actions.decide_approval(actor=users["depthead"], approval_id=asked.pk, approve=True)
    assert again.value.code == "fee_approval_decided"

    row = charge(users["window"], case, unit_amount="300")
    assert (row.breaches, row.approval_id, row.amount) == ([], asked.pk, Decimal("300.00"))
    over = charge(users["window"], case, receipt="GS0000002", unit_amount="350", confirm=True)
    assert over.breaches == ["above_floor_unapproved"]
    assert [a.subject_ref for a in _flags()] == [over.pk]


def test_an_approval_from_outside_the_heads_scope_is_not_found(
    users: dict[str, User], case: Case
) -> None:
    asked = actions.request_approval(
        actor=users["window"], case_id=case.pk, fee_code=RANGE_CODE, unit_amount="300", reason="x"
    )
    with pytest.raises(NotFound):
        actions.decide_approval(actor=users["fagai"], approval_id=asked.pk, approve=True)
    assert FeeApproval.objects.get().status == "pending"


def test_an_approval_must_be_above_the_floor_and_within_the_range(
    users: dict[str, User], case: Case
) -> None:
    for unit in ("80", "551"):
        with pytest.raises(InvalidInput) as exc:
            actions.request_approval(
                actor=users["window"],
                case_id=case.pk,
                fee_code=RANGE_CODE,
                unit_amount=unit,
                reason="x",
            )
        assert exc.value.code == "fee_standard_invalid"


def test_a_fee_cancelled_before_the_charge_date_is_outside_the_catalog(
    users: dict[str, User], case: Case
) -> None:
    actions.cancel_fee(actor=users["caizheng"], code=RANGE_CODE, cancelled_on=date(2026, 3, 10))
    before = charge(users["window"], case, charged_on=date(2026, 3, 9))
    assert before.breaches == []
    with pytest.raises(Conflict):
        charge(users["window"], case, receipt="GS0000002", charged_on=date(2026, 3, 10))
    after = charge(
        users["window"], case, receipt="GS0000002", charged_on=date(2026, 3, 10), confirm=True
    )
    assert after.breaches == ["not_in_force"]
    (flag,) = _flags()
    assert flag.evidence["status"] == "cancelled"
    assert flag.evidence["cancelled_on"] == "2026-03-10"
    assert flag.evidence["version"] == 2


def test_a_fee_not_in_the_catalog(users: dict[str, User], case: Case) -> None:
    row = charge(users["window"], case, fee_code="SF-UNKNOWN", unit_amount="50", confirm=True)
    assert row.breaches == ["not_in_catalog", "item_no_fee"]
    (flag,) = _flags()
    assert "version" not in flag.evidence
    assert flag.evidence["code"] == "SF-UNKNOWN"


def test_a_charge_on_an_item_that_charges_no_fee(users: dict[str, User], free_case: Case) -> None:
    row = charge(users["window"], free_case, confirm=True)
    assert row.breaches == ["item_no_fee"]
    assert len(_flags()) == 1


def test_a_fixed_fee_is_charged_at_its_amount(users: dict[str, User], case: Case) -> None:
    row = charge(users["window"], case, fee_code=FIXED_CODE, quantity="3")
    assert (row.amount, row.breaches) == (Decimal("30.00"), [])
    off = charge(
        users["window"], case, receipt="GS2", fee_code=FIXED_CODE, unit_amount="12", confirm=True
    )
    assert off.breaches == ["above_upper"]


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"into_budget": False}, "fee_budget_required"),
        ({"payee_account": "department"}, "fee_budget_required"),
        ({"notice_no": " "}, "fee_notice_required"),
        ({"receipt_no": ""}, "fee_receipt_required"),
        ({"quantity": "0"}, "fee_quantity_invalid"),
        ({"quantity": "abc"}, "fee_quantity_invalid"),
        ({"unit_amount": "1.234"}, "fee_amount_invalid"),
        ({"charged_on": date(2026, 3, 17)}, "fee_charge_date_invalid"),
        ({"charged_on": date(2026, 3, 1)}, "fee_charge_date_invalid"),
    ],
)
def test_form_errors_are_refused_outright(
    users: dict[str, User], case: Case, over: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as exc:
        charge(users["window"], case, confirm=True, **over)
    assert exc.value.code == code
    assert not Charge.objects.exists()


def test_a_receipt_number_is_used_once(users: dict[str, User], case: Case) -> None:
    charge(users["window"], case)
    with pytest.raises(Conflict) as exc:
        charge(users["window"], case)
    assert exc.value.code == "fee_receipt_exists"


def test_refunds_never_exceed_what_was_charged(users: dict[str, User], case: Case) -> None:
    row = charge(users["window"], case, quantity="2")
    with pytest.raises(InvalidInput) as exc:
        actions.refund_charge(
            actor=users["window"], charge_id=row.pk, amount="160.01", reason="多收"
        )
    assert exc.value.code == "fee_refund_exceeds"
    with pytest.raises(InvalidInput) as why:
        actions.refund_charge(actor=users["window"], charge_id=row.pk, amount="60", reason="")
    assert why.value.code == "fee_reason_required"
    actions.refund_charge(actor=users["window"], charge_id=row.pk, amount="60", reason="申请撤回")
    with pytest.raises(InvalidInput):
        actions.refund_charge(actor=users["window"], charge_id=row.pk, amount="100.01", reason="x")
    actions.refund_charge(actor=users["window"], charge_id=row.pk, amount="100", reason="x")
    row.refresh_from_db()
    assert row.refunded == row.amount == Decimal("160.00")


def test_a_window_of_another_department_cannot_charge_on_the_case(
    users: dict[str, User], case: Case, other_window: User
) -> None:
    with pytest.raises(NotFound) as exc:
        charge(other_window, case)
    assert exc.value.code == "case_not_found"
    row = charge(users["window"], case)
    assert not charges_for(other_window).exists()
    with pytest.raises(NotFound):
        actions.refund_charge(actor=other_window, charge_id=row.pk, amount="1", reason="x")


def test_seeing_is_not_acting(users: dict[str, User], case: Case) -> None:
    row = charge(users["window"], case)
    for name in ("depthead", "caizheng", "supervisor"):
        assert charges_for(users[name]).filter(pk=row.pk).exists()
        with pytest.raises(DomainError) as exc:
            charge(users[name], case, receipt=f"R-{name}")
        assert exc.value.code != "case_not_found"
        with pytest.raises(DomainError):
            actions.refund_charge(actor=users[name], charge_id=row.pk, amount="1", reason="x")
    assert not charges_for(users["applicant"]).exists()


def test_the_sweep_flags_again_and_only_once(users: dict[str, User], case: Case) -> None:
    charge(users["window"], case)
    flagged = charge(users["window"], case, receipt="GS2", unit_amount="90", confirm=True)
    Anomaly.objects.filter(subject_ref=flagged.pk).delete()
    assert sweep() == 1
    assert sweep() == 1
    assert [a.subject_ref for a in _flags()] == [flagged.pk]


def test_an_approval_must_be_decided_by_the_charge_date(users: dict[str, User], case: Case) -> None:
    asked = actions.request_approval(
        actor=users["window"], case_id=case.pk, fee_code=RANGE_CODE, unit_amount="300", reason="x"
    )
    actions.decide_approval(actor=users["depthead"], approval_id=asked.pk, approve=True)
    backdated = charge(
        users["window"], case, unit_amount="300", charged_on=date(2026, 3, 13), confirm=True
    )
    assert (backdated.breaches, backdated.approval_id) == (["above_floor_unapproved"], None)
