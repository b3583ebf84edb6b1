"""Adjustments (art. 8: 调整须报告并经决定；决定尚未更改的，不得以任何理由
拖延执行): the lead unit requests (`target.report`), a leader within his
portfolio or the mayor decides (`target.adjust.decide`). While pending the
task keeps its deadline, standard, lights and cards; approved, the new
deadline / target / standard apply from then on."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import require
from xiaoneng.targets.models import (
    Adjustment,
    AdjustmentStatus,
    BookStatus,
    StandardKind,
    TaskStatus,
)
from xiaoneng.targets.rows import parse_date, parse_decimal
from xiaoneng.targets.selectors import DECIDE, REPORT, task_scope_q

from .common import locked_task, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _new_deadline(value: Any, today: date) -> date | None:
    if value in (None, ""):
        return None
    day = parse_date(value)
    if day is None:
        raise InvalidInput("调整后时限应为日期", code="target_date_invalid")
    if day < today:
        raise InvalidInput("调整后时限不能早于今天", code="target_date_invalid")
    return day


@transaction.atomic(durable=True)
def request_adjustment(
    *,
    actor: Actor,
    task_id: Any,
    reason: str,
    new_deadline: Any = None,
    new_target_value: Any = None,
    new_standard: str = "",
) -> Adjustment:
    user, task = locked_task(actor, task_id, REPORT)
    if task.status == TaskStatus.DONE:
        raise Conflict("任务已完成", code="target_task_done")
    if task.book.status != BookStatus.SIGNED:
        raise Conflict("目标责任书尚未签订，可直接修改任务", code="target_book_not_signed")
    if task.pending_adjustment:
        raise Conflict("已有待审批的调整申请", code="target_adjustment_pending")
    why = text(reason, code="target_reason_required", message="请说明调整理由")
    today = timesource.today()
    deadline = _new_deadline(new_deadline, today)
    try:
        target = parse_decimal(new_target_value)
    except ValueError:
        raise InvalidInput("调整后目标值应为数字", code="target_number_invalid") from None
    if target is not None and task.standard_kind != StandardKind.QUANTITATIVE:
        raise InvalidInput("定性任务请调整定性标准", code="target_number_invalid")
    standard = (new_standard or "").strip()[:4000]
    if deadline is None and target is None and not standard:
        raise InvalidInput("请填写调整后的时限、目标值或定性标准", code="target_adjustment_empty")
    row = Adjustment.objects.create(
        task=task,
        requested_by=user,
        requested_on=today,
        reason=why,
        new_deadline=deadline,
        new_target_value=target,
        new_standard=standard,
    )
    task.pending_adjustment = True
    task.save(update_fields=["pending_adjustment"])
    record_event(
        actor=user,
        event_type="target.adjustment_requested",
        object_type="target_task",
        object_id=task.pk,
        payload={
            "adjustment": row.pk,
            "reason": why,
            "new_deadline": deadline,
            "new_target_value": target,
            "new_standard": standard,
        },
    )
    return row


@transaction.atomic(durable=True)
def decide_adjustment(
    *, actor: Actor, adjustment_id: Any, approve: bool, note: str = ""
) -> Adjustment:
    user = require(actor, DECIDE)
    row = (
        Adjustment.objects.select_for_update(of=("self",))
        .filter(task_scope_q(user, "task__"), pk=as_int(adjustment_id) or 0)
        .first()
    )
    if row is None:
        raise NotFound("调整申请不存在或无权查看", code="target_adjustment_not_found")
    _, task = locked_task(user, row.task_id, DECIDE)
    if row.status != AdjustmentStatus.PENDING:
        raise Conflict("调整申请已审批", code="target_adjustment_decided")
    words = (note or "").strip()[:4000]
    if not approve and not words:
        raise InvalidInput("不批准的，请说明理由", code="target_reason_required")
    today = timesource.today()
    before = {
        "deadline": task.deadline,
        "target_value": task.target_value,
        "standard": task.standard,
    }
    row.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
    row.decided_by, row.decided_on, row.decision_note = user, today, words
    row.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    if approve:
        if row.new_deadline is not None:
            task.deadline = row.new_deadline
            task.milestones.filter(done_on__isnull=True, due_on__gt=row.new_deadline).update(
                due_on=row.new_deadline
            )
        if row.new_target_value is not None:
            task.target_value = row.new_target_value
        if row.new_standard:
            task.standard = row.new_standard
    task.pending_adjustment = False
    task.save(update_fields=["deadline", "target_value", "standard", "pending_adjustment"])
    lead = task.lead_department_id or 0
    notify(
        recipients=department_heads([lead]).get(lead, []),
        kind="target.adjustment_decided",
        title=f"调整申请{row.get_status_display()}：{task.title}"[:200],
        body=words,
        link=f"/targets/tasks/{task.pk}/",
    )
    record_event(
        actor=user,
        event_type="target.adjustment_approved" if approve else "target.adjustment_rejected",
        object_type="target_task",
        object_id=task.pk,
        payload={
            "adjustment": row.pk,
            "note": words,
            "before": before,
            "after": {
                "deadline": task.deadline,
                "target_value": task.target_value,
                "standard": task.standard,
            },
        },
    )
    return row
