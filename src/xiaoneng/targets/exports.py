"""A book as the offices' sheet (目标责任分解表): the same columns the
import reads, so a book exported and imported again is the same book."""

from __future__ import annotations

from collections.abc import Iterator

from .models import TargetBook, Task
from .sheet import MILESTONE_SLOTS, write_xlsx


def _number(value: object) -> object:
    """A Decimal as the office wrote it: 1000, not 1000.0000."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def book_rows(book: TargetBook) -> Iterator[list[object]]:
    tasks = (
        Task.objects.filter(book=book)
        .select_related("lead_department")
        .prefetch_related("cooperating", "milestones")
        .order_by("id")
    )
    for t in sorted(tasks, key=lambda t: [int(p) for p in t.code.split(".")]):
        if not t.is_leaf:
            yield [t.code, t.get_category_display(), t.title, "是" if t.is_key else "", *[""] * 17]
            continue
        marks: list[object] = []
        for m in list(t.milestones.all())[:MILESTONE_SLOTS]:
            marks += [m.title, m.due_on]
        marks += [""] * (2 * MILESTONE_SLOTS - len(marks))
        yield [
            t.code,
            t.get_category_display(),
            t.title,
            "是" if t.is_key else "",
            t.lead_department.name if t.lead_department else "",
            "、".join(d.name for d in t.cooperating.all()),
            t.leader,
            t.person,
            t.deadline,
            t.indicator,
            t.measure_unit,
            _number(t.baseline),
            _number(t.target_value),
            t.standard,
            _number(t.weight),
            *marks,
        ]


def book_xlsx(book: TargetBook) -> bytes:
    return write_xlsx(book.title, book_rows(book))
