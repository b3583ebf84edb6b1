"""Adding and editing a task of a draft book, with the import's checks: a
leaf without owner, standard or deadline is refused with the first error's
code and message (every error in `detail`). A signed book changes only by an
approved adjustment (art. 8)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import covers_department, require
from xiaoneng.targets.models import BookStatus, Milestone, TargetBook, Task
from xiaoneng.targets.rows import CODE, DepartmentIndex, TaskSpec, _Row, check_task
from xiaoneng.targets.selectors import MANAGE
from xiaoneng.targets.sheet import as_text

from .common import locked_task

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _checked(fields: dict[str, Any], *, code: str, is_leaf: bool) -> TaskSpec:
    errors: list[Any] = []
    spec = check_task(
        _Row(0, fields, errors), code=code, is_leaf=is_leaf, units=DepartmentIndex.load()
    )
    if errors:
        first = errors[0]
        raise InvalidInput(
            first.message,
            code=first.code,
            detail={
                "errors": [{k: v for k, v in e.as_dict().items() if k != "row"} for e in errors]
            },
        )
    return spec


def _draft(book: TargetBook) -> None:
    if book.status != BookStatus.DRAFT:
        raise Conflict("目标责任书已签订，任务的变更请通过调整申请报批", code="target_book_signed")


def _apply(task: Task, spec: TaskSpec) -> None:
    for name in (
        "title", "category", "is_key", "lead_department_id", "leader", "person", "deadline",
        "standard_kind", "indicator", "measure_unit", "baseline", "target_value", "standard",
    ):  # fmt: skip
        setattr(task, name, getattr(spec, name))
    if task.is_leaf:
        task.weight = spec.weight


def _milestones(task: Task, spec: TaskSpec) -> None:
    task.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(task=task, title=m.title, due_on=m.due_on, sort=n)
        for n, m in enumerate(spec.milestones, start=1)
    )
    task.cooperating.set(spec.cooperating_ids)


@transaction.atomic(durable=True)
def add_task(*, actor: Actor, book_id: Any, fields: dict[str, Any]) -> Task:
    """A new leaf under the book (or under a heading: its code says where)."""
    user = require(actor, MANAGE)
    book = TargetBook.objects.select_for_update().filter(pk=as_int(book_id) or 0).first()
    if book is None or not covers_department(user, book.department_id):
        raise NotFound("目标责任书不存在或无权查看", code="target_book_not_found")
    _draft(book)
    code = as_text(fields.get("code"))
    if not CODE.match(code) or book.tasks.filter(code=code).exists():
        raise InvalidInput("序号不正确或重复", code="target_code_invalid")
    parent = None
    if "." in code:
        parent = book.tasks.filter(code=code.rsplit(".", 1)[0]).first()
        if parent is None:
            raise InvalidInput("上级序号不存在", code="target_parent_unknown")
    spec = _checked(fields, code=code, is_leaf=True)
    task = Task(book=book, parent=parent, code=code, is_leaf=True)
    _apply(task, spec)
    task.save()
    _milestones(task, spec)
    if parent is not None and parent.is_leaf:
        parent.is_leaf = False  # a leaf given a child becomes its heading
        parent.save(update_fields=["is_leaf"])
    if parent is not None:
        for above in Task.objects.filter(book=book, code__in=_ancestors(code)):
            above.weight = sum(
                t.weight
                for t in Task.objects.filter(
                    book=book, is_leaf=True, code__startswith=f"{above.code}."
                )
            )
            above.save(update_fields=["weight"])
    record_event(
        actor=user,
        event_type="target.task_added",
        object_type="target_task",
        object_id=task.pk,
        payload={"book": book.pk, "code": code, "title": task.title},
    )
    return task


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


@transaction.atomic(durable=True)
def edit_task(*, actor: Actor, task_id: Any, fields: dict[str, Any]) -> Task:
    """Change a task of a draft book (the code stays: it places the task in the tree)."""
    user, task = locked_task(actor, task_id, MANAGE)
    _draft(task.book)
    spec = _checked(fields, code=task.code, is_leaf=task.is_leaf)
    before = {"deadline": task.deadline, "title": task.title, "person": task.person}
    _apply(task, spec)
    task.save()
    if task.is_leaf:
        _milestones(task, spec)
    record_event(
        actor=user,
        event_type="target.task_edited",
        object_type="target_task",
        object_id=task.pk,
        payload={"before": before, "deadline": task.deadline, "title": task.title},
    )
    return task
