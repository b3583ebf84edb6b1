"""Two decisions on one reception at once: exactly one wins (the row lock)."""

from __future__ import annotations

from typing import Any

import pytest
from frugality_support import REGISTER_DAY, World

from races import at_once, row_locks
from xiaoneng.core.timesource import travel_to
from xiaoneng.frugality import actions
from xiaoneng.frugality.actions import receptions as receptions_module
from xiaoneng.frugality.models import Reception, Status


@row_locks
@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_refusal_cannot_both_win(
    world: World, registered: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = registered()
    head = world.users["depthead"]
    outcomes = at_once(
        monkeypatch,
        (receptions_module, "not_self"),
        lambda: actions.decide_reception(actor=head, reception_id=row.pk, approve=True),
        lambda: actions.decide_reception(
            actor=head, reception_id=row.pk, approve=False, note="超标准"
        ),
        around=lambda: travel_to(REGISTER_DAY),
    )
    assert outcomes == ["done", "reception_not_pending"]
    assert Reception.objects.get(pk=row.pk).status in (Status.APPROVED, Status.REJECTED)
