"""催办: the 督查室 urges a unit on a task through supervision's 督办通知
(the unit replies on the orders desk; closing it needs target.manage)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict
from xiaoneng.supervision.actions.subjects import issue_subject_order
from xiaoneng.supervision.models import SupervisionOrder
from xiaoneng.targets.models import TaskStatus
from xiaoneng.targets.selectors import MANAGE

from .common import locked_task, subject_of, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

REPLY_WORKDAYS = 3  # the default answer day of an urge: three working days


@transaction.atomic(durable=True)
def urge_task(
    *, actor: Actor, task_id: Any, text_: str, due_on: date | None = None
) -> SupervisionOrder:
    user, task = locked_task(actor, task_id, MANAGE)
    if task.status == TaskStatus.DONE:
        raise Conflict("任务已完成", code="target_task_done")
    words = text(text_, code="target_urge_text_required", message="请填写催办要求")
    due = due_on or current_calendar().add_workdays(timesource.today(), REPLY_WORKDAYS)
    order = issue_subject_order(
        actor=user, subject=subject_of(task), permission=MANAGE, text=words, due_on=due
    )
    record_event(
        actor=user,
        event_type="target.task_urged",
        object_type="target_task",
        object_id=task.pk,
        payload={"order": order.pk, "due_on": due, "text": words},
    )
    return order
