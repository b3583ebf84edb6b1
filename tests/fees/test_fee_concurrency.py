"""Two refunds of one charge at once: together they never exceed it (the row lock)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fee_support import charge

from races import at_once, row_locks
from xiaoneng.cases.models import Case
from xiaoneng.fees import actions
from xiaoneng.fees.actions import charges as charges_module
from xiaoneng.fees.models import Charge
from xiaoneng.org.models import User


@row_locks
@pytest.mark.django_db(transaction=True)
def test_two_refunds_at_once_never_exceed_the_charge(
    users: dict[str, User], case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = charge(users["window"], case)
    half_and_more = (row.amount / 2 + Decimal("1")).quantize(Decimal("0.01"))

    def refund() -> None:
        actions.refund_charge(
            actor=users["window"], charge_id=row.pk, amount=half_and_more, reason="申请撤回"
        )

    outcomes = at_once(monkeypatch, (charges_module, "money"), refund, refund)
    assert outcomes == ["done", "fee_refund_exceeds"]
    assert Charge.objects.get(pk=row.pk).refunded == half_and_more
