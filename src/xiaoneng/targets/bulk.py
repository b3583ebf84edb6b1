"""Plain row inserts for the province-scale paths (a year of 70,000 tasks and
840,000 reports): the ORM's bulk_create spends most of its time preparing
each field of each model instance; here the rows are tuples already checked
by the callers, written with COPY on PostgreSQL and executemany elsewhere.

On PostgreSQL a foreign key is otherwise checked by one trigger query per
row and key at commit (840,000 reports × 3 keys took about 10 s of a 20 s
run); where the role may, the COPY runs with `session_replication_role =
replica` (no triggers, as pg_restore loads data) and every key is then checked
set-based: the distinct ids read back from the referenced table and locked
FOR KEY SHARE, as the triggers lock them. A missing one refuses the whole run
(IntegrityError), as the triggers would. No table is altered or locked beyond
what the triggers take."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, models, transaction

BATCH = 5000


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> int:
    """Insert `rows` (values in the order of `fields`, attnames such as
    task_id) into the model's table; the number inserted. Must run inside
    the caller's transaction; the rows may be a generator, but it must not
    query the database (on PostgreSQL the connection is busy with the COPY)."""
    meta = model._meta
    columns: list[str] = []
    keys: list[tuple[int, models.ForeignKey[Any, Any]]] = []
    for at, name in enumerate(fields):  # field names or attnames (task_id)
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or field.column is None:
            raise LookupError(f"{model.__name__}.{name} is not a column")
        columns.append(field.column)
        if isinstance(field, models.ForeignKey):
            keys.append((at, field))
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _copy(cursor, model, f"COPY {table} ({names}) FROM STDIN", keys, rows)
        marks = ", ".join(["%s"] * len(columns))
        # Table and columns come from the model's metadata; the values are parameters.
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        for batch in _batches(rows, BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _copy(
    cursor: Any,
    model: type[models.Model],
    sql: str,
    keys: list[tuple[int, models.ForeignKey[Any, Any]]],
    rows: Iterable[tuple[Any, ...]],
) -> int:
    """PostgreSQL: COPY the rows; their keys checked set-based where the role may."""
    count = 0
    checked_here, before = _without_triggers(cursor) if keys else (False, None)
    seen: list[set[Any]] = [set() for _ in keys]
    with cursor.cursor.copy(sql) as copy:
        if checked_here:
            for row in rows:
                copy.write_row(row)
                for (at, _), ids in zip(keys, seen, strict=True):
                    ids.add(row[at])
                count += 1
        else:
            for row in rows:
                copy.write_row(row)
                count += 1
    if checked_here:
        if before is not None:
            cursor.execute("SELECT set_config('session_replication_role', %s, true)", [before])
        for (_, field), ids in zip(keys, seen, strict=True):
            _check_references(cursor, model, field, ids - {None})
    # Fresh statistics: the planner otherwise takes the just-filled
    # table for empty and scans it once per row of the next query.
    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return count


def _without_triggers(cursor: Any) -> tuple[bool, str | None]:
    """Triggers (the per-row key checks) off for the COPY, if this role may
    set session_replication_role: (whether the keys are to be checked here,
    the value to set back after the COPY). Already off (replica): checked
    here, nothing to set back. Refused: (False, None), the triggers check."""
    cursor.execute("SELECT current_setting('session_replication_role')")
    before = str(cursor.fetchone()[0])
    if before == "replica":
        return True, None
    try:
        with transaction.atomic():  # a savepoint: a refusal must not abort the caller's work
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False, None
    return True, before


def _check_references(
    cursor: Any, model: type[models.Model], field: models.ForeignKey[Any, Any], ids: set[Any]
) -> None:
    """Every id in `ids` exists in the referenced table, locked FOR KEY SHARE
    until commit (what the foreign key's own triggers do, row by row)."""
    if not ids:
        return
    quote = connection.ops.quote_name
    target = field.target_field
    table, column = quote(target.model._meta.db_table), quote(str(target.column))
    # Table and column come from the model's metadata; the ids are a parameter.
    cursor.execute(
        f"SELECT {column} FROM {table} WHERE {column} = ANY(%s) FOR KEY SHARE",  # noqa: S608
        [list(ids)],
    )
    missing = ids - {row[0] for row in cursor.fetchall()}
    if missing:
        raise IntegrityError(
            f"{model._meta.db_table}.{field.column}: {len(missing)} id(s) not in "
            f"{target.model._meta.db_table}, e.g. {sorted(missing)[:5]}"
        )
