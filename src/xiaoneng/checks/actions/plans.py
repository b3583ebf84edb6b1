"""Plans and teams: made, staffed, approved and closed by the bureau
(`check.manage`). Nothing here tells the units checked: a plan is secret."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.checks.models import CheckPlan, CheckTeamMember, FindingStatus, PlanStatus
from xiaoneng.checks.selectors import MANAGE
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department, User

from .common import locked_plan, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _period(start: Any, end: Any) -> tuple[date, date]:
    if type(start) is not date or type(end) is not date or end < start:
        raise InvalidInput(
            "检查期间不正确（结束日期不能早于开始日期）",
            code="check_period_invalid",
        )
    return start, end


def _targets(department_ids: Any) -> list[Department]:
    ids = list(department_ids or ())
    if not ids:
        raise InvalidInput("请至少选择一个被检查单位", code="check_targets_required")
    wanted = {as_int(i) for i in ids}
    found = list(Department.objects.filter(pk__in=[i for i in wanted if i], active=True))
    if None in wanted or len(found) != len(wanted):
        raise InvalidInput(
            "被检查单位不正确",
            code="check_department_invalid",
            detail={"department_ids": [str(i) for i in ids]},
        )
    return found


@transaction.atomic(durable=True)
def create_plan(
    *,
    actor: Actor,
    title: str,
    period_start: date,
    period_end: date,
    focus: str,
    department_ids: Any,
) -> CheckPlan:
    """制定计划: which units, when, what to look for."""
    user = require(actor, MANAGE)
    name = text(title, code="check_title_required", message="请填写计划名称", limit=200)
    what = text(focus, code="check_focus_required", message="请填写检查重点")
    start, end = _period(period_start, period_end)
    targets = _targets(department_ids)
    plan = CheckPlan.objects.create(
        number=uuid.uuid4().hex[:32],  # replaced below, once the id is known
        title=name,
        period_start=start,
        period_end=end,
        focus=what,
        created_by=user,
    )
    plan.number = f"MCJH{timesource.today():%Y}{plan.pk:04d}"
    plan.save(update_fields=["number"])
    plan.targets.set(targets)
    record_event(
        actor=user,
        event_type="check.plan_created",
        object_type="check_plan",
        object_id=plan.number,
        payload={
            "period": [start, end],
            "targets": sorted(d.code for d in targets),
        },
    )
    return plan


@transaction.atomic(durable=True)
def add_team_member(
    *, actor: Actor, plan_id: int, user_id: int, leader: bool = False
) -> CheckTeamMember:
    """检查组增加成员; `leader` makes them the leader (组长) in place of any other."""
    user, plan = locked_plan(actor, plan_id)
    if plan.status == PlanStatus.DONE:
        raise Conflict("计划已完成", code="check_plan_closed")
    member = User.objects.filter(pk=as_int(user_id) or 0, is_active=True).first()
    if member is None:
        raise InvalidInput("检查组成员不正确", code="check_member_invalid")
    if CheckTeamMember.objects.filter(plan=plan, user=member).exists():
        raise Conflict("该人员已在检查组中", code="check_member_exists")
    if leader:
        CheckTeamMember.objects.filter(plan=plan, is_leader=True).update(is_leader=False)
    row = CheckTeamMember.objects.create(
        plan=plan, user=member, member_name=member.display_name, is_leader=bool(leader)
    )
    record_event(
        actor=user,
        event_type="check.member_added",
        object_type="check_plan",
        object_id=plan.number,
        payload={"user": member.pk, "leader": bool(leader)},
    )
    return row


@transaction.atomic(durable=True)
def approve_plan(*, actor: Actor, plan_id: int) -> CheckPlan:
    """批准计划: a draft with its team led by a leader."""
    user, plan = locked_plan(actor, plan_id)
    if plan.status != PlanStatus.DRAFT:
        raise Conflict("计划已批准，不能再批准", code="check_plan_not_draft")
    if not CheckTeamMember.objects.filter(plan=plan, is_leader=True).exists():
        raise Conflict("请先指定检查组组长", code="check_leader_required")
    plan.status = PlanStatus.APPROVED
    plan.approved_by = user
    plan.approved_on = timesource.today()
    plan.save(update_fields=["status", "approved_by", "approved_on", "updated_at"])
    record_event(
        actor=user,
        event_type="check.plan_approved",
        object_type="check_plan",
        object_id=plan.number,
        payload={"approved_on": plan.approved_on},
    )
    return plan


@transaction.atomic(durable=True)
def close_plan(*, actor: Actor, plan_id: int) -> CheckPlan:
    """计划完成: every finding notified to its unit (the follow-up goes on)."""
    user, plan = locked_plan(actor, plan_id)
    if plan.status == PlanStatus.DONE:
        raise Conflict("计划已完成", code="check_plan_closed")
    if plan.status == PlanStatus.DRAFT:
        raise Conflict("计划尚未批准", code="check_plan_not_approved")
    pending = plan.findings.filter(status=FindingStatus.RECORDED).count()
    if pending:
        raise Conflict(
            "还有问题未通报被检查单位",
            code="check_findings_not_notified",
            detail={"findings": pending},
        )
    plan.status = PlanStatus.DONE
    plan.done_on = timesource.today()
    plan.save(update_fields=["status", "done_on", "updated_at"])
    record_event(
        actor=user,
        event_type="check.plan_closed",
        object_type="check_plan",
        object_id=plan.number,
        payload={"findings": plan.findings.count()},
    )
    return plan
