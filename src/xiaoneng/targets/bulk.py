"""Plain row inserts for the province-scale paths (a year of 70,000 tasks and
840,000 reports): the ORM's bulk_create spends most of its time preparing
each field of each model instance; here the rows are tuples already checked
by the callers, written with COPY on PostgreSQL and executemany elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

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
    for name in fields:  # field names or attnames (task_id)
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or field.column is None:
            raise LookupError(f"{model.__name__}.{name} is not a column")
        columns.append(field.column)
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            # Fresh statistics: the planner otherwise takes the just-filled
            # table for empty and scans it once per row of the next query.
            cursor.execute(f"ANALYZE {table}")
            return count
        marks = ", ".join(["%s"] * len(columns))
        # Table and columns come from the model's metadata; the values are parameters.
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        for batch in _batches(rows, BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
