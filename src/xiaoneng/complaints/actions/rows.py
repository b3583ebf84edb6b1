"""Rows written through the cursor, their values prepared beforehand.

The intake runs on every complaint from every channel, and on SQLite its
transaction holds the database's one writer: whatever it does between
`BEGIN` and `COMMIT` is done by one request at a time. So the rows it
inserts are prepared before the transaction — each value through its
model field's own conversions (`pre_save`, then `get_db_prep_save`: the
auto stamps, SM4 sealing of `SealedTextField`, JSON, dates) — and only the
statement runs inside it, without the ORM building it again for every
request (as `audit.actions.record_event` does for the audit chain).
Model signals are not sent (the complaints have none)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, models


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
