"""The 督查室's steps (`directive.manage`): register a directive with its
scanned original, break it into tasks for the responsible units, urge a
task (a 督办通知 through supervision), close a reported task (办结销号) or
return it (退回重办)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.directives import supervising
from xiaoneng.directives.models import (
    Directive,
    DirectiveOriginal,
    DirectiveStatus,
    DirectiveTask,
    Source,
    TaskStatus,
)
from xiaoneng.directives.selectors import MANAGE
from xiaoneng.directives.vocabulary import directive_not_found
from xiaoneng.org.authority import require

from .common import (
    active_department,
    as_date,
    check_files,
    file_names,
    store_files,
    tell_unit,
    text,
)
from .common import locked_task as _locked_task

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


def _due(value: Any, today: date) -> date:
    due = as_date(value, code="directive_due_invalid", message="办结时限不正确")
    if due < today:
        raise InvalidInput(
            "办结时限不能早于今天", code="directive_due_invalid", detail={"due_on": due}
        )
    return due


def _link(task: DirectiveTask) -> str:
    return reverse("directives:task", args=[task.pk])


@transaction.atomic(durable=True)
def register_directive(
    *,
    actor: Actor,
    source: str,
    number: str,
    title: str,
    content: str,
    issued_on: Any,
    leader: str = "",
    originals: Iterable[Any] = (),
    tasks: Iterable[Mapping[str, Any]] = (),
) -> Directive:
    """登记督办事项 (a meeting's decision, a leader's instruction, a document),
    with its scanned originals and, at once, its tasks (each as `assign_task`'s
    arguments). Everything is checked before anything is stored."""
    user = require(actor, MANAGE)
    if source not in Source.values:
        raise InvalidInput("来源不正确", code="directive_source_invalid", detail={"source": source})
    issued = as_date(issued_on, code="directive_issued_on_invalid", message="决定或批示日期不正确")
    if issued > timesource.today():
        raise InvalidInput("决定或批示日期不能晚于今天", code="directive_issued_on_invalid")
    fields: dict[str, Any] = {
        "source": source,
        "number": text(number, code="directive_number_required", message="请填写会议、批示或文号")[
            :100
        ],
        "title": text(title, code="directive_title_required", message="请填写事项")[:200],
        "content": text(content, code="directive_content_required", message="请填写内容"),
        "issued_on": issued,
        "leader": (leader or "").strip()[:100],
    }
    checked = check_files(originals)
    planned = [_task_fields(spec, timesource.today()) for spec in tasks]
    row = Directive.objects.create(registered_by=user, **fields)
    stored = store_files(DirectiveOriginal, checked, user, "originals", directive=row)
    record_event(
        actor=user,
        event_type="directive.registered",
        object_type="directive",
        object_id=str(row.pk),
        payload={**fields, "originals": file_names(stored)},
    )
    for spec in planned:
        _create_task(user, row, **spec)
    return row


def _task_fields(spec: Mapping[str, Any], today: date) -> dict[str, Any]:
    department = active_department(
        spec.get("department_id"), code="directive_department_invalid", message="承办单位不正确"
    )
    cooperating = [
        active_department(d, code="directive_department_invalid", message="协办单位不正确")
        for d in spec.get("cooperating_ids") or ()
    ]
    return {
        "department": department,
        "cooperating": [d for d in cooperating if d.pk != department.pk],
        "requirement": text(
            spec.get("requirement"), code="directive_requirement_required", message="请填写办理要求"
        ),
        "due_on": _due(spec.get("due_on"), today),
    }


def _create_task(user: User, directive: Directive, **spec: Any) -> DirectiveTask:
    cooperating = spec.pop("cooperating")
    task = DirectiveTask.objects.create(directive=directive, assigned_on=timesource.today(), **spec)
    task.cooperating.set(cooperating)
    tell_unit(
        task.department_id,
        kind="directive.task",
        title=f"督办事项：{directive.title}，请于 {cn_date(task.due_on)} 前办结",
        body=task.requirement,
        link=_link(task),
    )
    record_event(
        actor=user,
        event_type="directive.task_assigned",
        object_type="directive_task",
        object_id=str(task.pk),
        payload={
            "directive": directive.pk,
            "department": task.department.code,
            "cooperating": [d.code for d in cooperating],
            "due_on": task.due_on,
        },
    )
    return task


@transaction.atomic(durable=True)
def assign_task(
    *,
    actor: Actor,
    directive_id: Any,
    department_id: Any,
    requirement: str,
    due_on: Any,
    cooperating_ids: Iterable[Any] = (),
) -> DirectiveTask:
    """分解交办: one more task of an open directive for a responsible unit."""
    user = require(actor, MANAGE)
    directive = Directive.objects.select_for_update().filter(pk=as_int(directive_id) or 0).first()
    if directive is None:
        raise directive_not_found()
    if directive.status == DirectiveStatus.CLOSED:
        raise Conflict("督办事项已办结", code="directive_closed")
    spec = {
        "department_id": department_id,
        "requirement": requirement,
        "due_on": due_on,
        "cooperating_ids": cooperating_ids,
    }
    return _create_task(user, directive, **_task_fields(spec, timesource.today()))


@transaction.atomic(durable=True)
def urge_task(
    *, actor: Actor, task_id: Any, message: str = "", due_on: Any = None
) -> DirectiveTask:
    """催办: a 督办通知 to the unit through supervision (its orders desk),
    answerable by `due_on` (the task's due day unless told)."""
    user, task = _locked_task(actor, task_id, MANAGE)
    if task.status not in (TaskStatus.ASSIGNED, TaskStatus.RETURNED):
        raise Conflict("该任务当前不在办理中", code="directive_task_not_running")
    words = text(message, code="directive_urge_text_required", message="请填写催办要求")
    reply_by = task.due_on if due_on in (None, "") else _due(due_on, timesource.today())
    order = supervising.issue_order(
        actor=user, subject=supervising.task_subject(task), text=words, due_on=reply_by
    )
    record_event(
        actor=user,
        event_type="directive.task_urged",
        object_type="directive_task",
        object_id=str(task.pk),
        payload={"text": words[:500], "reply_by": reply_by, "order": order.pk},
    )
    return task


@transaction.atomic(durable=True)
def close_task(*, actor: Actor, task_id: Any, note: str = "") -> DirectiveTask:
    """办结销号: the unit reported it done; the directive closes with its last task."""
    user, task = _locked_task(actor, task_id, MANAGE)
    if task.status != TaskStatus.REPORTED:
        raise Conflict("该任务尚未报办结", code="directive_task_not_reported")
    today = timesource.today()
    task.status = TaskStatus.CLOSED
    task.closed_on = today
    task.save(update_fields=["status", "closed_on", "updated_at"])
    directive = Directive.objects.select_for_update().get(pk=task.directive_id)
    if not directive.tasks.exclude(status=TaskStatus.CLOSED).exists():
        directive.status = DirectiveStatus.CLOSED
        directive.closed_on = today
        directive.save(update_fields=["status", "closed_on"])
    tell_unit(
        task.department_id,
        kind="directive.task",
        title=f"督办事项已办结销号：{directive.title}",
        body=(note or "").strip(),
        link=_link(task),
    )
    record_event(
        actor=user,
        event_type="directive.task_closed",
        object_type="directive_task",
        object_id=str(task.pk),
        payload={
            "closed_on": today,
            "due_on": task.due_on,
            "reported_on": task.reported_on,
            "directive_closed": directive.status == DirectiveStatus.CLOSED,
            "note": (note or "").strip()[:500],
        },
    )
    return task


@transaction.atomic(durable=True)
def return_task(
    *, actor: Actor, task_id: Any, reason: str, new_due_on: Any = None
) -> DirectiveTask:
    """退回重办: the completion evidence falls short; the unit owes the work
    again, by the same due day unless the 督查室 sets a new one."""
    user, task = _locked_task(actor, task_id, MANAGE)
    if task.status != TaskStatus.REPORTED:
        raise Conflict("该任务尚未报办结", code="directive_task_not_reported")
    why = text(reason, code="directive_reason_required", message="请说明理由")
    old_due = task.due_on
    if new_due_on not in (None, ""):
        task.due_on = _due(new_due_on, timesource.today())
    task.status = TaskStatus.RETURNED
    task.return_reason = why
    task.reported_on = None
    task.save(update_fields=["status", "return_reason", "reported_on", "due_on", "updated_at"])
    tell_unit(
        task.department_id,
        kind="directive.task",
        title=f"督办事项被退回重办：{task.directive.title}，请于 {cn_date(task.due_on)} 前办结",
        body=why,
        link=_link(task),
    )
    record_event(
        actor=user,
        event_type="directive.task_returned",
        object_type="directive_task",
        object_id=str(task.pk),
        payload={"reason": why[:500], "due_on": task.due_on, "old_due_on": old_due},
    )
    return task
