"""Monthly reconciliation: charged − refunded against remitted, per
department per month; a difference is flagged (`fee_unremitted`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from fee_support import charge

from xiaoneng.cases.models import Case
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.fees import actions
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db


def _unremitted() -> list[Anomaly]:
    return list(Anomaly.objects.filter(kind="fee_unremitted", subject_kind="fee_reconciliation"))


def test_a_difference_is_flagged(users: dict[str, User], case: Case) -> None:
    row = charge(users["window"], case, quantity="3")  # 240.00 on 16 March
    actions.refund_charge(actor=users["window"], charge_id=row.pk, amount="40", reason="多收")
    dept = case.department_id
    fin = users["caizheng"]
    actions.record_remittance(
        actor=fin, department_id=dept, month="2026-03", amount="150", document="JK-1"
    )
    result = actions.reconcile_month(actor=fin, department_id=dept, month="2026-03")
    assert (result.charged, result.refunded, result.remitted, result.difference) == (
        Decimal("240.00"),
        Decimal("40.00"),
        Decimal("150.00"),
        Decimal("50.00"),
    )
    (flag,) = _unremitted()
    assert flag.evidence == {
        "month": "2026-03",
        "charged": "240.00",
        "refunded": "40.00",
        "remitted": "150.00",
        "difference": "50.00",
    }
    assert flag.department_id == dept


def test_a_month_that_balances_is_not_flagged(users: dict[str, User], case: Case) -> None:
    charge(users["window"], case)
    dept = case.department_id
    actions.record_remittance(
        actor=users["supervisor"], department_id=dept, month="2026-03", amount="80", document="JK-1"
    )
    again = actions.reconcile_month(actor=users["caizheng"], department_id=dept, month="2026-03")
    assert again.difference == 0
    assert _unremitted() == []


def test_only_the_months_charges_count(users: dict[str, User], case: Case) -> None:
    charge(users["window"], case, charged_on=date(2026, 3, 2))
    with travel_to(date(2026, 4, 1)):
        result = actions.reconcile_month(
            actor=users["caizheng"], department_id=case.department_id, month="2026-04"
        )
    assert (result.charged, result.difference) == (Decimal("0.00"), Decimal("0.00"))


@pytest.mark.parametrize("month", ["2026-04", "2026-13", "soon", ""])
def test_a_bad_or_future_month_is_refused(users: dict[str, User], case: Case, month: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        actions.reconcile_month(
            actor=users["caizheng"], department_id=case.department_id, month=month
        )
    assert exc.value.code == "fee_month_invalid"


def test_the_window_does_not_reconcile(users: dict[str, User], case: Case) -> None:
    with pytest.raises(DomainError):
        actions.reconcile_month(
            actor=users["window"], department_id=case.department_id, month="2026-03"
        )
    with pytest.raises(DomainError):
        actions.record_remittance(
            actor=users["window"],
            department_id=case.department_id,
            month="2026-03",
            amount="1",
            document="x",
        )
