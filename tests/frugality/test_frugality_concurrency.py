"""Two decisions on one reception at once: exactly one wins (the row lock)."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from django.db import connection
from frugality_support import REGISTER_DAY, World

from xiaoneng.core.errors import Conflict
from xiaoneng.core.timesource import travel_to
from xiaoneng.frugality import actions
from xiaoneng.frugality.actions import receptions as receptions_module
from xiaoneng.frugality.models import Reception, Status


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
            with travel_to(REGISTER_DAY):
                step()
            outcomes.append("done")
        except Conflict as exc:
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
    )
    assert outcomes == ["done", "reception_not_pending"]
    assert Reception.objects.get(pk=row.pk).status in (Status.APPROVED, Status.REJECTED)
