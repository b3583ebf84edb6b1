"""The writers' queue (`system.writer.one_writer`) is re-entrant within a
thread (an action inside a request that holds it does not deadlock) and
still makes another thread wait for the outermost release."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from xiaoneng.system.writer import one_writer


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the writers' queue is SQLite's; PostgreSQL locks rows"
)
def test_nested_in_one_thread_and_others_wait_for_the_outer_release() -> None:
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with one_writer():
            with one_writer():  # nested: no deadlock
                inside.set()
                order.append("inner")
            time.sleep(0.2)  # still held after the inner release
            order.append("outer done")

    def second() -> None:
        inside.wait(5)
        with one_writer():
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert order == ["inner", "outer done", "second in"]
