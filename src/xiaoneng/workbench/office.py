"""What daily government work asks of a role today, on its workbench (待办):
documents to check, sign, approve or issue; reports due; invitations to
answer; rosters to submit; leave and meetings awaiting a leader; calls to an
emergency not yet answered; problems from leaders' visits to handle. Each
count links to the desk where the work is. A count shows when the role can
act on it; the urgent ones (an emergency call) only when there is one."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.office.models import AttendStatus, DispatchStatus, EmergencyStatus, RosterStatus
from xiaoneng.office.selectors import (
    dispatches,
    duty,
    emergencies,
    leave,
    meetings,
    reports,
    visits,
)
from xiaoneng.org.authority import has_perm

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# How far ahead a report or a roster counts as "due soon" on the workbench.
SOON_DAYS = 7


def _kpi(label: str, value: int, unit: str, url_name: str) -> dict[str, Any]:
    return {"label": label, "value": value, "unit": unit, "url": reverse(url_name)}


def _documents(actor: Actor) -> list[dict[str, Any]]:
    out = []
    mine = dispatches.dispatches_for(actor)
    if has_perm(actor, "dispatch.draft"):
        out.append(
            _kpi(
                "待印发公文",
                mine.filter(status=DispatchStatus.APPROVED).count(),
                "件",
                "office:documents",
            )
        )
    if has_perm(actor, "dispatch.sign"):
        out.append(
            _kpi(
                "待签发公文",
                mine.filter(status=DispatchStatus.SIGNING).count(),
                "件",
                "office:documents",
            )
        )
    if has_perm(actor, "leader.approve"):
        waiting = dispatches.awaiting_leader(actor).count()
        out.append(_kpi("待审批公文", waiting, "件", "office:documents_leader"))
        out.append(_kpi("待审批离张请假", leave.awaiting(actor).count(), "件", "office:leave_desk"))
    if any(has_perm(actor, p) for p in ("leader.approve", "meeting.approve", "meeting.manage")):
        queue = len(meetings.queue_for(actor))
        out.append(_kpi("待审批会议", queue, "个", "office:meetings_approve"))
    return out


def _unit_work(actor: Actor) -> list[dict[str, Any]]:
    today = timesource.today()
    soon = today + timedelta(days=SOON_DAYS)
    out = []
    if has_perm(actor, "report.submit"):
        open_dues = reports.dues_for(actor).filter(submitted_at__isnull=True, due_on__lte=soon)
        out.append(_kpi("近期应报送", open_dues.count(), "项", "office:reports"))
    if has_perm(actor, "report.manage"):
        missing = reports.dues_for(actor).filter(submitted_at__isnull=True, due_on__lt=today)
        out.append(_kpi("逾期未报送", missing.count(), "项", "office:report_calendar"))
    if has_perm(actor, "meeting.attend"):
        unanswered = meetings.invitations_for(actor).filter(
            status=AttendStatus.INVITED, meeting__starts_at__date__gte=today
        )
        out.append(_kpi("待确认参会", unanswered.count(), "个", "office:meetings"))
    if has_perm(actor, "duty.roster"):
        rosters = duty.rosters_for(actor).filter(status=RosterStatus.DRAFT, starts_on__gte=today)
        out.append(_kpi("待报值班表", rosters.count(), "份", "office:rosters"))
    if has_perm(actor, "frontline.follow"):
        out.append(
            _kpi("调研问题待办理", visits.to_handle(actor).count(), "件", "office:frontline")
        )
    return out


def _emergencies(actor: Actor) -> list[dict[str, Any]]:
    out = []
    if has_perm(actor, "emergency.respond"):
        calls = emergencies.awaiting_checkin(actor).count()
        if calls:
            out.append(_kpi("突发事件待到场签到", calls, "起", "office:emergencies"))
    if has_perm(actor, "emergency.register"):
        responding = emergencies.emergencies_for(actor).filter(status=EmergencyStatus.RESPONDING)
        out.append(_kpi("处置中突发事件", responding.count(), "起", "office:emergencies"))
    return out


def office_kpis(actor: Actor) -> list[dict[str, Any]]:
    return [*_documents(actor), *_unit_work(actor), *_emergencies(actor)]
