"""The pages of leave: 离张请假 (a principal leader's own requests, the
request form, 撤回 and 销假) and 请假审批 (for leader.approve: the requests
awaiting me and who of my units is away now; supervision.view sees all —
离张报备情况)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.office.actions import leave as actions
from xiaoneng.office.common import MAYOR_ROLE, approver_for, leader_in_charge
from xiaoneng.office.models.leave import LeaveStatus
from xiaoneng.office.selectors import leave as sel
from xiaoneng.office.selectors.duty import unit_people
from xiaoneng.org.authority import has_perm, role_codes, unit_of
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

REQUEST = "leave.request"
DESK = ("leader.approve", "supervision.view")
FIELDS = ("destination", "purpose", "starts_on", "ends_on", "acting_id")


def _form(request: HttpRequest, data: dict[str, Any], error: str = "") -> dict[str, Any]:
    unit = unit_of(request.user)
    people = [u for u in unit_people(unit.pk) if u.pk != request.user.pk] if unit else []
    approver = approver_for(unit.pk) if unit else None
    in_charge = unit is not None and approver is not None and approver == leader_in_charge(unit.pk)
    return {
        **paginate(request, sel.my_leaves(request.user)),
        "data": data,
        "error": error,
        "people": people,
        "approver": approver,
        "approver_role": "分管市领导" if in_charge else "市长",
        "today": timesource.today(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest) -> HttpResponse:
    """离张请假: my requests and the form."""
    require_perm(request, REQUEST)
    if request.method == "GET":
        return render(request, "office/leave/mine.html", _form(request, {}))
    data = {k: request.POST.get(k, "") for k in FIELDS}
    try:
        row = actions.request_leave(actor=request.user, **data)
    except DomainError as exc:
        context = _form(request, data, f"{exc.message}（{exc.code}）")
        return render(request, "office/leave/mine.html", context, status=exc.status)
    return redirect("office:leave_request", pk=row.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, REQUEST, *DESK)
    try:
        row = sel.leave_for(request.user, pk)
    except NotFound:
        raise Http404("请假申请不存在或无权查看") from None
    user = request.user
    approver = approver_for(row.unit_id)
    can_decide = (
        row.status == LeaveStatus.REQUESTED
        and has_perm(user, "leader.approve")
        and ((approver is not None and approver.pk == user.pk) or MAYOR_ROLE in role_codes(user))
    )
    today = timesource.today()
    mine = row.person_id == user.pk
    context = {
        "l": row,
        "approver": approver,
        "approver_role": "市长" if approver != leader_in_charge(row.unit_id) else "分管市领导",
        "can_decide": can_decide,
        "can_cancel": mine
        and row.status in (LeaveStatus.REQUESTED, LeaveStatus.APPROVED)
        and today < row.starts_on,
        "can_return": mine
        and today >= row.starts_on
        and (
            row.status == LeaveStatus.APPROVED
            or (row.status == LeaveStatus.REQUESTED and row.after_the_fact)
        ),
        "today": today,
        "overdue": row.returned_at is None
        and row.status in (LeaveStatus.APPROVED, LeaveStatus.REQUESTED)
        and today > row.return_due,
    }
    return render(request, "office/leave/detail.html", context)


STEPS: dict[str, tuple[Any, str]] = {
    "approve": (
        lambda r, pk: actions.approve_leave(actor=r.user, leave_id=pk, note=r.POST.get("note", "")),
        "已批准",
    ),
    "refuse": (
        lambda r, pk: actions.refuse_leave(actor=r.user, leave_id=pk, note=r.POST.get("note", "")),
        "已不予批准",
    ),
    "cancel": (lambda r, pk: actions.cancel_leave(actor=r.user, leave_id=pk), "已撤回"),
    "return": (
        lambda r, pk: actions.report_return(
            actor=r.user, leave_id=pk, returned_on=r.POST.get("returned_on", "")
        ),
        "已销假",
    ),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, REQUEST, *DESK)
    if name not in STEPS:
        raise Http404
    fn, done = STEPS[name]
    return post_action(
        request,
        lambda: fn(request, pk),
        done,
        to="office:leave_request",
        missing_is_404=True,
        pk=pk,
    )


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """请假审批 / 离张报备情况."""
    require_perm(request, *DESK)
    today = timesource.today()
    context = {
        "awaiting": list(sel.awaiting(request.user)),
        "away": list(sel.away_now(request.user, today)),
        **paginate(request, sel.leaves_for(request.user)),
        "today": today,
        "statuses": LeaveStatus.choices,
    }
    return render(request, "office/leave/desk.html", context)


urlpatterns = [
    path("", leave, name="leave"),
    path("desk/", desk, name="leave_desk"),
    path("<int:pk>/", detail, name="leave_request"),
    path("<int:pk>/<str:name>/", step, name="leave_step"),
]
