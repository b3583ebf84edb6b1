"""One Open311 intake writing at a time, across the server's workers.

SQLite has a single writer. When two workers' transactions meet, the loser
waits in SQLite's busy handler, which polls with sleeps of up to 100 ms, so
a burst of intakes from several workers sleeps more than it works (the long
p99 of the intake bench). Here the intakes queue instead: a thread lock
within a worker, then an exclusive `flock` on a file in the database's
directory across workers. The kernel wakes the next one as soon as the
lock is released. On PostgreSQL (row locks, many writers) nothing is taken."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

_THREADS = threading.Lock()
_FILES: dict[str, int] = {}


def _descriptor(database: str) -> int:
    """This process's open lock file for the directory of `database` (opened
    once, never closed). One per directory, not per file, so test databases
    named by process leave no lock files behind; databases sharing a
    directory then share the queue, which is only slower."""
    folder = str(Path(database).resolve().parent)
    fd = _FILES.get(folder)
    if fd is None:
        fd = os.open(Path(folder) / ".sqlite-intake.lock", os.O_RDWR | os.O_CREAT, 0o600)
        _FILES[folder] = fd
    return fd


@contextmanager
def one_writer() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    database = str(connection.settings_dict["NAME"])
    if database.startswith((":memory:", "file:")):  # one process only
        with _THREADS:
            yield
        return
    with _THREADS:
        fd = _descriptor(database)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
