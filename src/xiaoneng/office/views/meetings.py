"""会风 desks: 会议 (the unit's meetings as host and the invitations it
received, the application form, a meeting's page with its approval,
invitations, leaves, QR sheet and sign-in list), 会议审批 (the leader in
charge's, the mayor's and the government office's queue), 会议出勤统计
(meetings_stats.py) and the phone page for signing in at the door
(meetings_door.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.office.actions import meetings as actions
from xiaoneng.office.common import leader_in_charge
from xiaoneng.office.models.meetings import (
    Level,
    MeetingKind,
    MeetingStatus,
)
from xiaoneng.office.selectors import meetings as sel
from xiaoneng.org.authority import covers_department, departments_in_scope, has_perm, unit_of
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate
from xiaoneng.web.tabs import desk_tabs

from . import meetings_door, meetings_stats

S = MeetingStatus
TABS = (
    ("office:meetings", "会议", ("meeting.apply", "meeting.attend", "meeting.manage")),
    (
        "office:meetings_approve",
        "会议审批",
        ("leader.approve", "meeting.approve", "meeting.manage"),
    ),
    ("office:meeting_stats", "出勤统计", sel.READ),
)
INVITABLE = (DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY, DepartmentKind.GOVERNMENT)


def tabs(request: HttpRequest) -> dict[str, Any]:
    return desk_tabs(request, "会风", TABS)


def _units() -> list[Department]:
    return list(
        Department.objects.filter(active=True, kind__in=INVITABLE)
        .exclude(parent__isnull=True)
        .order_by("code")
    )


def _hosts(request: HttpRequest) -> list[Department]:
    scope = departments_in_scope(request.user)
    own = unit_of(request.user)
    units = [d for d in _units() if scope is None or d.pk in scope]
    if own is not None and own not in units:
        units.insert(0, own)
    return units


def _apply_args(post: Any) -> dict[str, Any]:
    invitations = [
        {"unit_id": unit, "level": post.get(f"level_{unit}", Level.PRINCIPAL)}
        for unit in post.getlist("invite")
    ]
    return {
        "kind": post.get("kind", ""),
        "title": post.get("title", ""),
        "host_id": post.get("host_id") or None,
        "starts_at": post.get("starts_at", ""),
        "ends_at": post.get("ends_at", ""),
        "place": post.get("place", ""),
        "agenda": post.get("agenda", ""),
        "invites_city_leaders": post.get("invites_city_leaders") == "1",
        "invites_county_leaders": post.get("invites_county_leaders") == "1",
        "invitations": invitations,
    }


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """会议: what the unit hosts, what it is invited to, the application form."""
    require_perm(request, "meeting.apply", "meeting.attend", "meeting.manage")
    error = None
    if request.method == "POST":
        require_perm(request, "meeting.apply")
        try:
            row = actions.apply_meeting(actor=request.user, **_apply_args(request.POST))
        except DomainError as exc:
            error = {"code": exc.code or "", "message": exc.message}
        else:
            return redirect("office:meeting", pk=row.pk)
    pages = paginate(request, sel.hosted_by(request.user).order_by("-starts_at", "-id"))
    context = {
        **pages,
        **tabs(request),
        "invited": list(sel.invitations_for(request.user)[:30]),
        "can_apply": has_perm(request.user, "meeting.apply"),
        "kinds": MeetingKind.choices,
        "levels": Level.choices,
        "units": _units(),
        "hosts": _hosts(request),
        "own": unit_of(request.user),
        "error": error,
        "posted": request.POST if error else {},
        "picked": set(request.POST.getlist("invite")) if error else set(),
    }
    return render(request, "office/meetings/desk.html", context, status=400 if error else 200)


def _abilities(request: HttpRequest, m: Any) -> dict[str, bool]:
    user = request.user
    host = has_perm(user, "meeting.apply") and covers_department(user, m.host_id)
    leader = leader_in_charge(m.host_id)
    return {
        "is_host": host,
        "can_review": m.status == S.REVIEWING
        and has_perm(user, "leader.approve")
        and leader is not None
        and leader.pk == user.pk,
        "can_approve": m.status == S.APPROVING and has_perm(user, "meeting.approve"),
        "can_executive": m.kind == MeetingKind.GOVERNMENT
        and m.status in (S.REVIEWING, S.APPROVING)
        and has_perm(user, "meeting.manage"),
        "can_notify": host and m.status == S.APPROVED,
        "can_cancel": host and m.status not in (S.HELD, S.CANCELLED, S.REJECTED),
        "can_hold": (host or has_perm(user, "meeting.manage")) and m.status == S.NOTIFIED,
        "can_publish": (host or has_perm(user, "meeting.manage"))
        and m.status == S.HELD
        and m.attendance_published_at is None,
        "can_attend": has_perm(user, "meeting.attend") and m.status == S.NOTIFIED,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *sel.READ)
    try:
        m = sel.meeting_for(request.user, pk)
    except NotFound:
        raise Http404("会议不存在或无权查看") from None
    invitations = sel.invitations_of(request.user, m)
    abilities = _abilities(request, m)
    for inv in invitations:
        inv.mine = abilities["can_attend"] and covers_department(  # type: ignore[attr-defined]
            request.user, inv.unit_id
        )
    context = {
        "m": m,
        **tabs(request),
        **abilities,
        "invitations": invitations,
        "leaves": sel.leaves_of(invitations),
        "levels": Level.choices,
    }
    return render(request, "office/meetings/detail.html", context)


def _decide(request: HttpRequest, pk: int) -> Any:
    approve = request.POST.get("decision") == "approve"
    note = request.POST.get("note", "")
    step = request.POST.get("step", "")
    if step == "executive":
        return actions.record_executive(
            actor=request.user,
            meeting_id=pk,
            executive_ref=request.POST.get("executive_ref", ""),
            approve=approve,
            note=note,
        )
    call = actions.approve_meeting if step == "approve" else actions.review_meeting
    return call(actor=request.user, meeting_id=pk, approve=approve, note=note)


STEPS = {
    "decide": (_decide, "已办理"),
    "notify": (lambda r, pk: actions.notify_meeting(actor=r.user, meeting_id=pk), "会议通知已发出"),
    "cancel": (
        lambda r, pk: actions.cancel_meeting(
            actor=r.user, meeting_id=pk, reason=r.POST.get("reason", "")
        ),
        "会议已取消",
    ),
    "held": (lambda r, pk: actions.mark_held(actor=r.user, meeting_id=pk), "已确认会议召开"),
    "publish": (
        lambda r, pk: actions.publish_attendance(actor=r.user, meeting_id=pk),
        "出勤情况已通报市监察局",
    ),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    if what not in STEPS:
        raise Http404
    run, done = STEPS[what]
    return post_action(
        request, lambda: run(request, pk), done, to="office:meeting", follow_next=True, pk=pk
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """The invited unit names its attendee."""
    p = request.POST
    return post_action(
        request,
        lambda: actions.confirm_attendee(
            actor=request.user,
            invitation_id=pk,
            attendee_level=p.get("attendee_level", ""),
            attendee_id=p.get("attendee_id") or None,
            attendee_name=p.get("attendee_name", ""),
            attendee_title=p.get("attendee_title", ""),
        ),
        "已确认参会人员",
        to="office:meeting",
        pk=meeting,
    )


@login_required
@require_POST
def leave(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    p = request.POST
    return post_action(
        request,
        lambda: actions.request_leave(
            actor=request.user,
            invitation_id=pk,
            reason=p.get("reason", ""),
            substitute_name=p.get("substitute_name", ""),
            substitute_title=p.get("substitute_title", ""),
        ),
        "请假已提交会议承办单位",
        to="office:meeting",
        pk=meeting,
    )


@login_required
@require_POST
def leave_decide(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    return post_action(
        request,
        lambda: actions.decide_leave(
            actor=request.user,
            leave_id=pk,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        ),
        "已审批请假",
        to="office:meeting",
        pk=meeting,
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """会议审批: the leader in charge's reviews, the mayor's approvals, the
    government office's meetings awaiting the executive meeting."""
    require_perm(request, "leader.approve", "meeting.approve", "meeting.manage")
    return render(
        request,
        "office/meetings/queue.html",
        {**tabs(request), "rows": sel.queue_for(request.user)},
    )


urlpatterns = [
    path("", desk, name="meetings"),
    path("approve/", queue, name="meetings_approve"),
    path("stats/", meetings_stats.stats, name="meeting_stats"),
    path("sign/<str:token>/", meetings_door.sign, name="meeting_sign"),
    path("<int:pk>/", detail, name="meeting"),
    path("<int:pk>/qr/", meetings_door.qr_sheet, name="meeting_qr"),
    path("<int:pk>/signin/", meetings_door.clerk_list, name="meeting_signin"),
    path("<int:pk>/step/<str:what>/", step, name="meeting_step"),
    path("<int:meeting>/invitations/<int:pk>/confirm/", confirm, name="meeting_confirm"),
    path("<int:meeting>/invitations/<int:pk>/leave/", leave, name="meeting_leave"),
    path("<int:meeting>/leaves/<int:pk>/decide/", leave_decide, name="meeting_leave_decide"),
]
