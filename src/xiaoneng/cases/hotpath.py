"""The statements of a case transition, written once (docs/decisions.md,
"The case hot path").

Every step of a case (`steps.locked_case` + `steps.advance`) runs the same
few statements: lock the case row, read its events, insert the new event,
update the row's clock. Built by the ORM, compiling them anew on every call
was most of a transition's time (bench/RESULTS.md, "Case transitions"); the
database's own work was a tenth of it. Here each statement is a fixed SQL
string made once per process from the models' own metadata (table and
column names), and every value still passes through its model field's own
conversions both ways (`pre_save` + `get_db_prep_save` on the way in, the
backend's and the field's converters on the way out, as the ORM applies
them), so the rows written and the objects read are the ones the ORM would
write and build. This module and `audit.actions.record_event` are the only
places a case step leaves the ORM; every other read or write of a case uses
it, and no model here has signals that a cursor write would skip
(tests/cases/test_hotpath.py holds the twins equal).

What a caller gets:

- `lock(case_id)`: the case row, locked for the transaction (PostgreSQL:
  `FOR UPDATE`; SQLite: the immediate transaction already holds the one write
  lock), with its item's code and name and its department's name (what the
  API answers with), or None.
- `events(case)`: the case's events in order, read once per transaction and
  kept on the case, so the answer after a step needs no second read.
- `published_item(code)`: the item an intake files under, with its department.
- `insert_case(case)`, `insert_event(event)`: a new row, its key set.
- `update(case, fields, before)`: the named fields that changed since
  `snapshot` (and `updated_at`) in one UPDATE.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.org.models import Department

from .models import Case, CaseEvent

M = TypeVar("M", bound=models.Model)

# The related rows' columns the lock's read brings along (and nothing more:
# anything else of them is a deferred field, loaded if something asks).
ITEM_FIELDS = ("id", "code", "name")
DEPARTMENT_FIELDS = ("id", "name")
_EVENTS = "_xn_events"  # the case's attribute holding its events for this transaction


def _quote(name: Any) -> str:
    return str(connection.ops.quote_name(str(name)))


def _columns(model: type[models.Model], names: Sequence[str] | None = None) -> list[Any]:
    if names is None:
        return list(model._meta.concrete_fields)
    return [model._meta.get_field(n) for n in names]


@cache
def _reader(model: type[M], names: tuple[str, ...] | None) -> tuple[list[str], list[Any]]:
    """(attnames, per-column converters) of reading `model`'s columns: the
    backend's converters then the field's own, in the order the ORM's
    compiler applies them."""
    fields = _columns(model, names)
    converters = []
    for field in fields:
        col = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        converters.append((col, tuple(found)))
    return [f.attname for f in fields], converters


def _db() -> Any:
    # The connection itself, once per call: `django.db.connection` is a proxy
    # that looks the connection up again on every attribute read.
    return connections[DEFAULT_DB_ALIAS]


def model_from_row(
    model: type[M], names: tuple[str, ...] | None, values: Iterable[Any], db: Any
) -> M:
    """The instance of a row read through `select_list`, its values converted
    as the ORM converts them (other read paths written once use it too)."""
    attnames, converters = _reader(model, names)
    converted = []
    for stored, (col, found) in zip(values, converters, strict=True):
        value = stored
        for convert in found:
            value = convert(value, col, db)
        converted.append(value)
    return model.from_db(db.alias, attnames, converted)


def select_list(model: type[models.Model], alias: str, names: Sequence[str] | None) -> str:
    return ", ".join(f"{alias}.{_quote(f.column)}" for f in _columns(model, names))


@cache
def _lock_sql(for_update: bool) -> str:
    case_columns = select_list(Case, "c", None)
    item_columns = select_list(ApprovalItem, "i", ITEM_FIELDS)
    department_columns = select_list(Department, "d", DEPARTMENT_FIELDS)
    return (
        f"SELECT {case_columns}, {item_columns}, {department_columns} "  # noqa: S608 - model metadata
        f"FROM {_quote(Case._meta.db_table)} c "
        f"JOIN {_quote(ApprovalItem._meta.db_table)} i ON i.id = c.{_quote('item_id')} "
        f"JOIN {_quote(Department._meta.db_table)} d ON d.id = c.{_quote('department_id')} "
        "WHERE c.id = %s" + (" FOR UPDATE OF c" if for_update else "")
    )


def lock(case_id: int) -> Case | None:
    """The case row locked for this transaction, or None if there is none."""
    db = _db()
    with db.cursor() as cursor:
        cursor.execute(_lock_sql(db.features.has_select_for_update_of), [case_id])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(Case._meta.concrete_fields)
    case = model_from_row(Case, None, row[:width], db)
    item_width = width + len(ITEM_FIELDS)
    case.item = model_from_row(ApprovalItem, ITEM_FIELDS, row[width:item_width], db)
    case.department = model_from_row(Department, DEPARTMENT_FIELDS, row[item_width:], db)
    return case


@cache
def _item_sql() -> str:
    return (
        f"SELECT {select_list(ApprovalItem, 'i', None)}, {select_list(Department, 'd', None)} "  # noqa: S608 - model metadata
        f"FROM {_quote(ApprovalItem._meta.db_table)} i "
        f"JOIN {_quote(Department._meta.db_table)} d ON d.id = i.{_quote('department_id')} "
        f"WHERE i.{_quote('code')} = %s AND i.{_quote('status')} = %s"
    )


def published_item(code: str) -> ApprovalItem | None:
    """The published item an intake files under, with its department."""
    db = _db()
    with db.cursor() as cursor:
        cursor.execute(_item_sql(), [code, ItemStatus.PUBLISHED.value])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(ApprovalItem._meta.concrete_fields)
    item = model_from_row(ApprovalItem, None, row[:width], db)
    item.department = model_from_row(Department, None, row[width:], db)
    return item


@cache
def _events_sql() -> str:
    return (
        f"SELECT {select_list(CaseEvent, 'e', None)} "  # noqa: S608 - model metadata
        f"FROM {_quote(CaseEvent._meta.db_table)} e WHERE e.{_quote('case_id')} = %s "
        f"ORDER BY e.{_quote('seq')}"
    )


def events(case: Case) -> list[CaseEvent]:
    """The case's events in order: read once, then kept on the case (the
    steps of this transaction append to the same list)."""
    kept: list[CaseEvent] | None = getattr(case, _EVENTS, None)
    if kept is None:
        db = _db()
        with db.cursor() as cursor:
            cursor.execute(_events_sql(), [case.pk])
            kept = [model_from_row(CaseEvent, None, row, db) for row in cursor.fetchall()]
        for event in kept:
            event.case = case
        setattr(case, _EVENTS, kept)
    return kept


def kept_events(case: Case) -> list[CaseEvent] | None:
    """The events this transaction read or wrote, if it did."""
    kept: list[CaseEvent] | None = getattr(case, _EVENTS, None)
    return kept


@cache
def _insert_sql(model: type[models.Model], returning: bool) -> tuple[str, tuple[Any, ...]]:
    """The INSERT of every concrete field but the automatic key (as
    `system.writer` builds it), and those fields."""
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    sql = "INSERT INTO {} ({}) VALUES ({}){}".format(  # noqa: S608 - model metadata
        _quote(model._meta.db_table),
        ", ".join(_quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
        f" RETURNING {_quote(model._meta.pk.column)}" if returning else "",
    )
    return sql, fields


def _insert(row: models.Model) -> None:
    """INSERT the row (auto stamps set on it, as `save` does); its key set."""
    db = _db()
    returning = db.features.can_return_columns_from_insert
    sql, fields = _insert_sql(type(row), returning)
    params = [f.get_db_prep_save(f.pre_save(row, True), db) for f in fields]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            row.pk = cursor.fetchone()[0]
        else:
            row.pk = db.ops.last_insert_id(cursor, row._meta.db_table, row._meta.pk.column)
    row._state.adding = False
    row._state.db = db.alias


def insert_case(case: Case) -> None:
    """INSERT a new case; it then has no events (nothing to read back)."""
    _insert(case)
    setattr(case, _EVENTS, [])


def insert_event(event: CaseEvent) -> None:
    """INSERT the event and append it to its case's kept events."""
    _insert(event)
    kept = kept_events(event.case)
    if kept is not None:
        kept.append(event)


@cache
def _update_sql(fields: tuple[str, ...]) -> tuple[str, tuple[Any, ...]]:
    chosen: tuple[Any, ...] = tuple(Case._meta.get_field(name) for name in fields)
    assignments = ", ".join(f"{_quote(f.column)} = %s" for f in chosen)
    sql = f"UPDATE {_quote(Case._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    return sql, chosen


def snapshot(case: Case, fields: Sequence[str]) -> dict[str, Any]:
    """The fields' values now: `update` then writes only those that change."""
    return {name: getattr(case, name) for name in fields}


def update(case: Case, fields: Sequence[str], before: dict[str, Any] | None = None) -> None:
    """UPDATE the named fields of the locked case and its `updated_at` stamp;
    with `before` (a `snapshot` taken since the lock read the row), only
    those of them whose value changed: the others are as stored."""
    if before is not None:
        fields = [f for f in fields if f not in before or before[f] != getattr(case, f)]
    names = tuple(dict.fromkeys([*fields, "updated_at"]))
    sql, chosen = _update_sql(names)
    db = _db()
    values = [f.get_db_prep_save(f.pre_save(case, False), db) for f in chosen]
    with db.cursor() as cursor:
        cursor.execute(sql, [*values, case.pk])
