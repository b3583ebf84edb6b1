"""Two refunds of one charge at once: together they never exceed it (the row lock)."""

from __future__ import annotations

import contextlib
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from fee_support import charge

from xiaoneng.cases.models import Case
from xiaoneng.core.errors import DomainError
from xiaoneng.fees import actions
from xiaoneng.fees.actions import charges as charges_module
from xiaoneng.fees.models import Charge
from xiaoneng.org.models import User


def at_once(monkeypatch: pytest.MonkeyPatch, meet: tuple[Any, str], *steps: Any) -> list[str]:
    """Run the steps in threads, each one's outcome. Both wait for each other
    at `meet` (module, function), a call each makes after reading the row: two
    that both got there read it unlocked and both win; under the row lock the
    second is still waiting for the row, and the first goes on alone after a
    few seconds."""
    module, name = meet
    real = getattr(module, name)
    met = threading.Barrier(len(steps), timeout=3)

    def meeting(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            met.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, meeting)
    outcomes: list[str] = []

    def run(step: Any) -> None:
        try:
            step()
            outcomes.append("done")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(s,)) for s in steps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks (select_for_update)"
)


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
