"""Target books (目标责任书): the 督查室 imports a unit's book from the
offices' sheet (every row checked first; one error anywhere and nothing is
stored, every bad row reported), signs it, and adds or edits tasks with the
same checks. `import_books_bulk` is the province-scale path: the same
checks, rows inserted in batches, one audit event per book."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import covers_department, require
from xiaoneng.org.models import Department
from xiaoneng.targets.bulk import insert_rows
from xiaoneng.targets.models import BookStatus, Milestone, TargetBook, Task, TaskStatus
from xiaoneng.targets.rows import (
    DepartmentIndex,
    RowError,
    TaskSpec,
    check_rows,
)
from xiaoneng.targets.selectors import MANAGE
from xiaoneng.targets.sheet import SheetRow, read_xlsx

from .common import text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

BATCH = 2000
ERRORS_SHOWN = 500  # a whole sheet of errors is reported; beyond this the count says the rest


@dataclass(slots=True)
class BookRows:
    """One book for the bulk path: its unit, year and rows (column key → value)."""

    year: int
    department_id: int
    rows: Sequence[dict[str, Any]]
    title: str = ""
    signed_on: date | None = None
    signed_by: str = ""
    signed_for: str = ""
    first_row: int = 3  # the rows' numbers as printed (title row, header row, then tasks)
    specs: list[TaskSpec] = field(default_factory=list)


def _year(value: Any) -> int:
    year = as_int(value)
    if year is None or not 2000 <= year <= 2100:
        raise InvalidInput("年度不正确", code="target_year_invalid")
    return year


def _unit(department_id: Any) -> Department:
    unit = Department.objects.filter(pk=as_int(department_id) or 0, active=True).first()
    if unit is None:
        raise InvalidInput("请选择责任单位", code="target_department_unknown")
    return unit


def _refuse(errors: list[RowError], *, book: str = "") -> InvalidInput:
    rows = sorted({e.row for e in errors})
    shown = "、".join(str(r) for r in rows[:20]) + ("等" if len(rows) > 20 else "")
    prefix = f"{book}：" if book else ""
    return InvalidInput(
        f"{prefix}目标责任分解表有 {len(errors)} 处错误（第 {shown} 行），未导入任何内容",
        code="target_import_invalid",
        detail={
            "rows": [e.as_dict() for e in errors[:ERRORS_SHOWN]],
            "errors": len(errors),
            **({"book": book} if book else {}),
        },
    )


def _sheet_rows(rows: Sequence[dict[str, Any] | SheetRow], first_row: int) -> list[SheetRow]:
    return [
        r if isinstance(r, SheetRow) else SheetRow(number=first_row + i, cells=dict(r))
        for i, r in enumerate(rows)
    ]


@transaction.atomic(durable=True)
def import_book(
    *,
    actor: Actor,
    year: Any,
    department_id: Any,
    rows: Sequence[dict[str, Any] | SheetRow] | None = None,
    xlsx: bytes | None = None,
    title: str = "",
) -> TargetBook:
    """导入目标责任书: `rows` (column key → value) or the offices' `xlsx` sheet."""
    user = require(actor, MANAGE)
    year_ = _year(year)
    unit = _unit(department_id)
    if not covers_department(user, unit.pk):
        raise NotFound("单位不存在或无权查看", code="target_department_unknown")
    sheet_title = ""
    if xlsx is not None:
        sheet_title, sheet_rows = read_xlsx(xlsx)
    else:
        sheet_rows = _sheet_rows(rows or [], 3)
    if not sheet_rows:
        raise InvalidInput("目标责任分解表没有任务", code="target_book_empty")
    specs, errors = check_rows(sheet_rows, DepartmentIndex.load())
    if errors:
        raise _refuse(errors)
    if TargetBook.objects.filter(year=year_, department=unit).exists():
        raise Conflict(f"{unit.name}{year_}年度已有目标责任书", code="target_book_exists")
    name = (title or sheet_title or f"{unit.name}{year_}年度目标责任书").strip()[:200]
    book = TargetBook.objects.create(year=year_, department=unit, title=name, imported_by=user)
    _store([(book, specs)])
    record_event(
        actor=user,
        event_type="target.book_imported",
        object_type="target_book",
        object_id=book.pk,
        payload={"year": year_, "department": unit.pk, "tasks": len(specs), "title": name},
    )
    return book


TASK_FIELDS = (
    "book_id", "parent_id", "code", "title", "category", "is_key", "is_leaf",
    "lead_department_id", "leader", "person", "deadline", "standard_kind", "indicator",
    "measure_unit", "baseline", "target_value", "standard", "weight", "status", "done_on",
    "latest_value", "latest_percent", "pending_adjustment",
)  # fmt: skip


def _store(books: Sequence[tuple[TargetBook, Sequence[TaskSpec]]]) -> int:
    """Insert checked books' tasks, level by level (a parent before its
    children: the specs' codes place them), then their milestones and
    cooperating units, as plain rows (`bulk.insert_rows`). A heading's
    weight is the sum of the leaves under it."""
    levels: dict[int, list[tuple[int, TaskSpec]]] = {}
    totals: dict[tuple[int, str], Decimal] = {}
    for book, specs in books:
        for spec in specs:
            levels.setdefault(spec.code.count("."), []).append((book.pk, spec))
            if spec.is_leaf:
                parts = spec.code.split(".")
                for depth in range(1, len(parts)):
                    key = (book.pk, ".".join(parts[:depth]))
                    totals[key] = totals.get(key, Decimal(0)) + spec.weight
    book_ids = [book.pk for book, _ in books]
    ids: dict[tuple[int, str], int] = {}
    for depth in sorted(levels):
        insert_rows(
            Task,
            TASK_FIELDS,
            (
                _task_row(book_id, spec, ids, totals.get((book_id, spec.code), Decimal(0)))
                for book_id, spec in levels[depth]
            ),
        )
        found = Task.objects.filter(book_id__in=book_ids).values_list("book_id", "code", "pk")
        ids = {(b, c): pk for b, c, pk in found.iterator(chunk_size=BATCH)}
    every = [spec_ for level in levels.values() for spec_ in level]
    insert_rows(
        Milestone,
        ("task_id", "title", "due_on", "done_on", "sort"),
        (
            (ids[(book_id, spec.code)], m.title, m.due_on, None, n)
            for book_id, spec in every
            for n, m in enumerate(spec.milestones, start=1)
        ),
    )
    insert_rows(
        Task.cooperating.through,
        ("task_id", "department_id"),
        ((ids[(book_id, spec.code)], d) for book_id, spec in every for d in spec.cooperating_ids),
    )
    return len(every)


def _task_row(
    book_id: int, spec: TaskSpec, ids: dict[tuple[int, str], int], heading_weight: Decimal
) -> tuple[Any, ...]:
    parent = ids.get((book_id, spec.parent_code)) if spec.parent_code else None
    return (
        book_id, parent, spec.code, spec.title, spec.category, spec.is_key, spec.is_leaf,
        spec.lead_department_id, spec.leader, spec.person, spec.deadline, spec.standard_kind,
        spec.indicator, spec.measure_unit, spec.baseline, spec.target_value, spec.standard,
        spec.weight if spec.is_leaf else heading_weight, TaskStatus.OPEN.value, None, None, 0,
        False,
    )  # fmt: skip


@transaction.atomic(durable=True)
def sign_book(
    *, actor: Actor, book_id: Any, signed_by: str, signed_for: str, signed_on: date | None = None
) -> TargetBook:
    """签订: the unit's principal and the government side sign; from the
    signing month on the unit owes monthly reports."""
    user = require(actor, MANAGE)
    book = TargetBook.objects.select_for_update().filter(pk=as_int(book_id) or 0).first()
    if book is None or not covers_department(user, book.department_id):
        raise NotFound("目标责任书不存在或无权查看", code="target_book_not_found")
    if book.status == BookStatus.SIGNED:
        raise Conflict("目标责任书已签订", code="target_book_signed")
    book.signed_by = text(signed_by, code="target_signer_required", message="请填写责任单位签订人")[
        :50
    ]
    book.signed_for = text(signed_for, code="target_signer_required", message="请填写政府方签订人")[
        :50
    ]
    today = timesource.today()
    book.signed_on = signed_on or today
    if book.signed_on > today:
        raise InvalidInput("签订日期不能晚于今天", code="target_date_invalid")
    book.status = BookStatus.SIGNED
    book.save(update_fields=["status", "signed_on", "signed_by", "signed_for"])
    record_event(
        actor=user,
        event_type="target.book_signed",
        object_type="target_book",
        object_id=book.pk,
        payload={"signed_on": book.signed_on, "by": book.signed_by, "for": book.signed_for},
    )
    return book


@transaction.atomic(durable=True)
def import_books_bulk(*, actor: Actor, books: Iterable[BookRows]) -> int:
    """Many books at once (a province's year): every book's rows checked
    first (errors of all books reported together, nothing stored), then
    inserted in batches; one audit event per book. Returns the tasks stored."""
    user = require(actor, MANAGE)
    units = DepartmentIndex.load()
    wanted = list(books)
    errors: list[dict[str, Any]] = []
    for item in wanted:
        item.year = _year(item.year)
        if item.department_id not in units.ids:
            raise InvalidInput("请选择责任单位", code="target_department_unknown")
        specs, bad = check_rows(_sheet_rows(item.rows, item.first_row), units)
        item.specs = specs
        errors += [{**e.as_dict(), "department": item.department_id} for e in bad]
    if errors:
        raise InvalidInput(
            f"目标责任分解表有 {len(errors)} 处错误，未导入任何内容",
            code="target_import_invalid",
            detail={"rows": errors[:ERRORS_SHOWN], "errors": len(errors)},
        )
    clash = TargetBook.objects.filter(
        year__in={b.year for b in wanted}, department_id__in={b.department_id for b in wanted}
    ).values_list("year", "department_id")
    taken = set(clash) & {(b.year, b.department_id) for b in wanted}
    if taken:
        raise Conflict("部分单位本年度已有目标责任书", code="target_book_exists")
    made = TargetBook.objects.bulk_create(
        [
            TargetBook(
                year=item.year,
                department_id=item.department_id,
                title=item.title or f"{item.year}年度目标责任书",
                imported_by=user,
                status=BookStatus.SIGNED if item.signed_on else BookStatus.DRAFT,
                signed_on=item.signed_on,
                signed_by=item.signed_by,
                signed_for=item.signed_for,
            )
            for item in wanted
        ],
        batch_size=BATCH,
    )
    stored = _store([(book, item.specs) for book, item in zip(made, wanted, strict=True)])
    for book, item in zip(made, wanted, strict=True):
        record_event(
            actor=user,
            event_type="target.book_imported",
            object_type="target_book",
            object_id=book.pk,
            payload={"year": item.year, "department": item.department_id, "tasks": len(item.specs)},
        )
    return stored
