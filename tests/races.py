"""Two writers meeting on one row, for the row-lock tests (PostgreSQL only:
SQLite has no `select_for_update`)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from xiaoneng.core.errors import DomainError

row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks (select_for_update)"
)


def at_once(
    monkeypatch: pytest.MonkeyPatch,
    meet: tuple[Any, str],
    *steps: Callable[[], Any],
    around: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext,
) -> list[str]:
    """Run the steps in threads, each one's outcome ("done" or the error's
    code). They wait for each other at `meet` (module, function), a call each
    makes after reading the row: two that both got there read it unlocked and
    both win; under the row lock the second is still waiting for the row, and
    the first goes on alone after a few seconds. `around` wraps each step
    (e.g. a day travelled to)."""
    module, name = meet
    real = getattr(module, name)
    met = threading.Barrier(len(steps), timeout=3)

    def meeting(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            met.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, meeting)
    outcomes: list[str] = []

    def run(step: Callable[[], Any]) -> None:
        try:
            with around():
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
