"""One writer at a time on SQLite, across the server's workers.

SQLite has a single writer. When two workers' transactions meet, the loser
waits in SQLite's busy handler, which polls with sleeps of up to 100 ms, so
a burst of writes from several workers sleeps more than it works (the long
p99 of the Open311 intake bench). Writers that take `one_writer()` before
their `BEGIN` queue instead: a thread lock within a worker, then an
exclusive `flock` on a file in the database's directory across workers; the
kernel wakes the next one as soon as the lock is released. Taken by the
complaint intake (`complaints.actions.submit_complaint`) and by the
operation log's own row (`system.middleware`). Re-entrant within a thread.
On PostgreSQL (row locks, many writers) nothing is taken."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

_THREADS = threading.RLock()
_HELD = threading.local()
_FILES: dict[str, int] = {}
LOCK_NAME = ".sqlite-intake.lock"


def _descriptor(database: str) -> int:
    """This process's open lock file for the directory of `database` (opened
    once, never closed). One per directory, not per file, so test databases
    named by process leave no lock files behind; databases sharing a
    directory then share the queue, which is only slower."""
    folder = str(Path(database).resolve().parent)
    fd = _FILES.get(folder)
    if fd is None:
        fd = os.open(Path(folder) / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        _FILES[folder] = fd
    return fd


@contextmanager
def one_writer() -> Iterator[None]:
    """Hold the database's one writer's place (SQLite); take it before `BEGIN`."""
    if connection.vendor != "sqlite":
        yield
        return
    database = str(connection.settings_dict["NAME"])
    with _THREADS:
        depth = getattr(_HELD, "depth", 0)
        if depth or database.startswith((":memory:", "file:")):  # held, or one process only
            _HELD.depth = depth + 1
            try:
                yield
            finally:
                _HELD.depth = depth
            return
        fd = _descriptor(database)
        fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD.depth = 1
        try:
            yield
        finally:
            _HELD.depth = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
