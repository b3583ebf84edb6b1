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
On PostgreSQL (row locks, many writers) nothing is taken.

What runs inside that window is done by one request at a time, so the
rows a writer inserts there can be prepared before it (`prepare`): each
value through its model field's own conversions (`pre_save`, then
`get_db_prep_save`: the auto stamps, SM4 sealing of `SealedTextField`,
JSON, dates), and only the statement runs inside (`insert`), without the
ORM building the same INSERT again for every request (as
`audit.actions.record_event` does for the audit chain). Model signals are
not sent: use it only for models that have none."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connection, models

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


# --- Rows prepared for the window ----------------------------------------------


@dataclass
class Prepared:
    """One INSERT with its values; `fill` sets a value known only inside
    the transaction (a foreign key to a row inserted just before)."""

    model: type[models.Model]
    params: list[Any]

    def fill(self, column: str, value: Any) -> None:
        self.params[_columns(self.model).index(column)] = value


@cache
def _fields(model: type[models.Model]) -> tuple[models.Field[Any, Any], ...]:
    """The concrete fields an INSERT names: all but an automatic primary key."""
    return tuple(f for f in model._meta.concrete_fields if not f.primary_key)


@cache
def _columns(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(str(f.column) for f in _fields(model))


def _pk_column(model: type[models.Model]) -> str:
    pk = model._meta.pk
    assert pk is not None
    return str(pk.column)


@cache
def _insert(model: type[models.Model], vendor: str) -> str:
    quote = connection.ops.quote_name
    returning = ""
    if connection.features.can_return_columns_from_insert:
        returning = f"RETURNING {quote(_pk_column(model))}"
    return "INSERT INTO {} ({}) VALUES ({}) {}".format(  # noqa: S608 - our own column names
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in _columns(model)),
        ", ".join(["%s"] * len(_columns(model))),
        returning,
    ).rstrip()


def prepare(row: models.Model) -> Prepared:
    """The row's INSERT values (auto stamps set on the row, as `save` does)."""
    return Prepared(
        type(row),
        [f.get_db_prep_save(f.pre_save(row, True), connection) for f in _fields(type(row))],
    )


def insert(prepared: Prepared, row: models.Model) -> None:
    """Run the INSERT (inside the caller's transaction) and give `row` its
    primary key; the row is then as after `save`."""
    with connection.cursor() as cursor:
        cursor.execute(_insert(prepared.model, connection.vendor), prepared.params)
        if connection.features.can_return_columns_from_insert:
            pk = cursor.fetchone()[0]
        else:
            pk = connection.ops.last_insert_id(
                cursor, prepared.model._meta.db_table, _pk_column(prepared.model)
            )
    row.pk = pk
    row._state.adding = False
    row._state.db = connection.alias
