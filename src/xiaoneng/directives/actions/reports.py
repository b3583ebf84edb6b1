"""The responsible unit's steps (`directive.report`, its own tasks only):
progress reports and the final report with its completion evidence, and a
request to move the due day. A leader (`target.adjust.decide`, units in his
scope) decides the request; until he approves it the task keeps its due
day, its light and its cards (art. 8: 决定尚未更改的，不得以任何理由拖延执行)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.directives.models import (
    RUNNING,
    AdjustmentStatus,
    DirectiveAdjustment,
    DirectiveReport,
    DirectiveReportFile,
    DirectiveTask,
    TaskStatus,
)
from xiaoneng.directives.selectors import DECIDE, MANAGE, REPORT
from xiaoneng.directives.vocabulary import adjustment_not_found
from xiaoneng.notifications.actions import notify
from xiaoneng.org.authority import covers_department, has_perm, require
from xiaoneng.org.models import LeaderPortfolio, User

from .common import as_date, check_files, file_names, own_unit, store_files, text
from .common import locked_task as _locked_task

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _own_running_task(actor: Actor, task_id: Any) -> tuple[User, DirectiveTask]:
    user, task = _locked_task(actor, task_id, REPORT)
    own_unit(
        user, task.department_id, code="directive_not_own_task", message="只能办理本单位承办的任务"
    )
    if task.status not in RUNNING:
        raise Conflict(
            "该任务当前不在办理中",
            code="directive_task_not_running",
            detail={"status": task.status},
        )
    return user, task


def _deciders(task: DirectiveTask) -> list[int]:
    """The leaders in charge of the unit (分管), or the mayor when none is."""
    leaders = LeaderPortfolio.objects.filter(
        department_id=task.department_id, leader__is_active=True
    ).values_list("leader_id", flat=True)
    if ids := list(leaders):
        return ids
    mayors = User.objects.filter(is_active=True, roles__code="mayor", roles__active=True)
    return list(mayors.values_list("pk", flat=True).distinct())


def _inspectors(task: DirectiveTask) -> list[int]:
    """Who registered the directive, and the 督查室's staff (role `inspector`)."""
    staff = User.objects.filter(is_active=True, roles__code="inspector", roles__active=True)
    return [task.directive.registered_by_id, *staff.values_list("pk", flat=True).distinct()]


@transaction.atomic(durable=True)
def submit_report(
    *, actor: Actor, task_id: Any, report: str, is_final: bool = False, files: Any = ()
) -> DirectiveReport:
    """报送进展; `is_final` reports the task done (报办结) with its evidence,
    for the 督查室 to close or return."""
    user, task = _own_running_task(actor, task_id)
    words = text(report, code="directive_report_required", message="请填写进展情况")
    checked = check_files(files)
    today = timesource.today()
    row = DirectiveReport.objects.create(
        task=task, text=words, is_final=bool(is_final), submitted_on=today, submitted_by=user
    )
    stored = store_files(DirectiveReportFile, checked, user, "reports", report=row)
    if row.is_final:
        task.status = TaskStatus.REPORTED
        task.reported_on = today
        task.save(update_fields=["status", "reported_on", "updated_at"])
        notify(
            recipients=_inspectors(task),
            kind="directive.report",
            title=f"{task.department.name}报办结：{task.directive.title}，请审核销号",
            body=words[:1000],
            link=reverse("directives:task", args=[task.pk]),
        )
    record_event(
        actor=user,
        event_type="directive.report_submitted",
        object_type="directive_task",
        object_id=str(task.pk),
        payload={
            "final": row.is_final,
            "due_on": task.due_on,
            "on_time": today <= task.due_on,
            "files": file_names(stored),
        },
    )
    return row


@transaction.atomic(durable=True)
def request_adjustment(
    *, actor: Actor, task_id: Any, new_due_on: Any, reason: str
) -> DirectiveAdjustment:
    """申请调整办结时限: recorded and sent to the leaders; the task stays due."""
    user, task = _own_running_task(actor, task_id)
    if task.pending_adjustment:
        raise Conflict("已有待审批的调整申请", code="directive_adjustment_pending")
    new_due = as_date(new_due_on, code="directive_due_invalid", message="调整后的时限不正确")
    today = timesource.today()
    if new_due < today or new_due == task.due_on:
        raise InvalidInput(
            "调整后的时限须不早于今天且不同于原时限",
            code="directive_due_invalid",
            detail={"due_on": task.due_on, "new_due_on": new_due},
        )
    why = text(reason, code="directive_reason_required", message="请说明理由")
    row = DirectiveAdjustment.objects.create(
        task=task,
        new_due_on=new_due,
        old_due_on=task.due_on,
        reason=why,
        requested_by=user,
        requested_on=today,
    )
    task.pending_adjustment = True
    task.save(update_fields=["pending_adjustment", "updated_at"])
    notify(
        recipients=_deciders(task),
        kind="directive.adjustment",
        title=f"{task.department.name}申请调整督办事项办结时限：{task.directive.title}",
        body=f"原时限 {cn_date(task.due_on)}，申请调整为 {cn_date(new_due)}。{why}"[:1000],
        link=reverse("directives:adjustments"),
    )
    record_event(
        actor=user,
        event_type="directive.adjustment_requested",
        object_type="directive_task",
        object_id=str(task.pk),
        payload={"adjustment": row.pk, "due_on": task.due_on, "new_due_on": new_due},
    )
    return row


@transaction.atomic(durable=True)
def decide_adjustment(
    *, actor: Actor, adjustment_id: Any, approve: bool, note: str = ""
) -> DirectiveAdjustment:
    """审批调整申请: approved, the task's due day moves (its light and cards
    follow at once); rejected, nothing changes but the record."""
    user = require(actor, DECIDE)
    row = (
        DirectiveAdjustment.objects.select_for_update(of=("self",))
        .filter(pk=as_int(adjustment_id) or 0)
        .first()
    )
    if row is None or not covers_department(user, _department_of(row)):
        raise adjustment_not_found()
    _, task = _locked_task(user, row.task_id, DECIDE)
    if row.status != AdjustmentStatus.PENDING:
        raise Conflict("该调整申请已审批", code="directive_adjustment_decided")
    why = (note or "").strip()[:2000]
    if not approve and not why:
        raise InvalidInput("不予批准时请说明理由", code="directive_reason_required")
    today = timesource.today()
    row.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
    row.decided_by, row.decided_on, row.decision_note = user, today, why
    row.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    task.pending_adjustment = False
    if approve and task.status in RUNNING:
        task.due_on = row.new_due_on
    task.save(update_fields=["pending_adjustment", "due_on", "updated_at"])
    notify(
        recipients=[row.requested_by_id],
        kind="directive.adjustment",
        title=(
            f"调整申请已批准，办结时限调整为 {cn_date(row.new_due_on)}"
            if approve
            else f"调整申请未获批准，仍须于 {cn_date(task.due_on)} 前办结"
        ),
        body=why,
        link=reverse("directives:task", args=[task.pk]),
    )
    record_event(
        actor=user,
        event_type="directive.adjustment_decided",
        object_type="directive_task",
        object_id=str(task.pk),
        payload={
            "adjustment": row.pk,
            "approved": bool(approve),
            "due_on": task.due_on,
            "old_due_on": row.old_due_on,
            "by_manager": has_perm(user, MANAGE),
        },
    )
    return row


def _department_of(row: DirectiveAdjustment) -> int:
    ids = DirectiveTask.objects.filter(pk=row.task_id).values_list("department_id", flat=True)
    return int(ids[0])
