"""The intake's writer lock: one intake at a time, the others wait (not fail)."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from xiaoneng.system.writer import one_writer


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the writers' queue is SQLite's; PostgreSQL locks rows"
)
def test_second_writer_waits_for_the_first() -> None:
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with one_writer():
            inside.set()
            time.sleep(0.2)
            order.append("first done")

    def second() -> None:
        inside.wait(5)
        with one_writer():
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert order == ["first done", "second in"]


@pytest.mark.django_db
def test_other_processes_see_the_lock_file_held() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the file lock is SQLite's")
    lock = Path(str(connection.settings_dict["NAME"])).resolve().parent / ".sqlite-intake.lock"
    with one_writer():
        fd = os.open(lock, os.O_RDWR)  # another open file description, as another worker's
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again once the intake is done
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
