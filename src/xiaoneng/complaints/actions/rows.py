"""The intake's reads as SQL written once, not built by the ORM on every
request: the ORM's building of a one-row look-up costs about twenty times
the look-up itself on SQLite (bench/RESULTS.md "Open311 intake"), and the
intake runs on every complaint of every channel. Rows come back through
`Model.objects.raw`, so the fields' own conversions still apply."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


def column(model: type[models.Model], name: str) -> str:
    """The quoted column of `model`'s field `name`, for SQL."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(connection.ops.quote_name(str(field.column)))


def table(model: type[models.Model]) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


@cache
def _select(model: type[models.Model], where: str) -> str:
    columns = ", ".join(
        connection.ops.quote_name(str(f.column)) for f in model._meta.concrete_fields
    )
    return f"SELECT {columns} FROM {table(model)} WHERE {where} LIMIT 1"  # noqa: S608 - our own names


def one(model: type[M], where: str, params: list[Any]) -> M | None:
    """The first row of `model` where `where` (its own SQL, `%s` for each
    of `params`) holds, or None."""
    found = list(model._default_manager.raw(_select(model, where), params))
    return found[0] if found else None
