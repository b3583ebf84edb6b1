"""突发事件 pages: the list (处置中 / 待复盘 / 已复盘) with the duty room's
register form, an event's page (responders, their arrival and light, the
log, the buttons of each role), the responder's phone check-in page (the
browser's location where allowed) and the printable review."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.office.actions import emergencies as actions
from xiaoneng.office.models.emergencies import (
    Action,
    Category,
    Duty,
    Emergency,
    EmergencyStatus,
    Grade,
)
from xiaoneng.office.selectors.emergencies import (
    READ,
    actions_of,
    arrivals,
    awaiting_checkin,
    emergencies_for,
    emergency_for,
    own_responder,
)
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.org.models import Department, User
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action, run_record_step
from xiaoneng.web.paging import paginate

CHECKIN_PERMISSIONS = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"
TABS = (
    (EmergencyStatus.RESPONDING, "处置中"),
    (EmergencyStatus.CLOSED, "待复盘"),
    (EmergencyStatus.REVIEWED, "已复盘"),
)
FORM_FIELDS = (
    "title",
    "category",
    "grade",
    "place",
    "latitude",
    "longitude",
    "occurred_at",
    "description",
    "department_id",
)


def _units() -> list[Department]:
    return list(
        Department.objects.filter(active=True, kind__in=("department", "county", "government"))
        .exclude(code__in=("620700",))
        .order_by("ancestors", "sort", "code")
    )


def _one(request: HttpRequest, pk: int) -> Emergency:
    try:
        return emergency_for(request.user, pk)
    except NotFound:
        raise Http404("突发事件不存在或无权查看") from None


# --- the list and registration --------------------------------------------------------


def _list_context(request: HttpRequest, status: str) -> dict[str, Any]:
    qs = emergencies_for(request.user).filter(status=status).order_by("-occurred_at", "-id")
    base = reverse("office:emergencies")
    return {
        **paginate(request, qs),
        "status": status,
        "tabs": [
            {"url": f"{base}?status={v}", "label": label, "current": v == status}
            for v, label in TABS
        ],
        "calls": list(awaiting_checkin(request.user)),
        "can_register": has_perm(request.user, actions.REGISTER),
        "categories": Category.choices,
        "grades": Grade.choices,
        "units": _units(),
        "now": timesource.now(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def emergencies(request: HttpRequest) -> HttpResponse:
    """突发事件: the list by status; the duty room registers here."""
    require_perm(request, *READ)
    status = request.GET.get("status", EmergencyStatus.RESPONDING)
    if status not in EmergencyStatus.values:
        status = EmergencyStatus.RESPONDING
    context = _list_context(request, status)
    if request.method == "GET":
        return render(request, "office/emergencies/list.html", context)
    require_perm(request, actions.REGISTER)
    data = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
    try:
        row = actions.register_emergency(actor=request.user, **data)
    except DomainError as exc:
        context.update(data=data, error=exc, open_form=True)
        return render(request, "office/emergencies/list.html", context, status=exc.status)
    return redirect("office:emergency", pk=row.pk)


# --- an event -------------------------------------------------------------------------


@login_required
def emergency(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ)
    row = _one(request, pk)
    user = request.user
    desk = has_perm(user, actions.REGISTER) and covers_department(user, row.department_id)
    mine = own_responder(user, row)
    responding = row.status == EmergencyStatus.RESPONDING
    context = {
        "e": row,
        "arrivals": arrivals(row),
        "log": actions_of(row),
        "mine": mine,
        "desk": desk,
        "can_log": (desk or mine is not None) and row.status != EmergencyStatus.REVIEWED,
        "can_add": desk and responding,
        "can_close": desk and responding,
        "can_review": has_perm(user, actions.REVIEW) and row.status == EmergencyStatus.CLOSED,
        "log_kinds": Action.Kind.choices,
        "duties": Duty.choices,
        "people": (
            User.objects.filter(is_active=True, department__isnull=False)
            .exclude(pk__in=row.responders.values("user_id"))
            .select_related("department")
            .order_by("department__sort", "pk")
            if desk and responding
            else []
        ),
    }
    return render(request, "office/emergencies/detail.html", context)


STEPS: dict[str, tuple[Any, ...]] = {
    "add": (
        actions.add_responder,
        "已增加到场人员并通知",
        lambda p: {"user_id": p.get("user_id", ""), "duty": p.get("duty", Duty.ON_DUTY)},
    ),
    "log": (
        actions.log_action,
        "已记录",
        lambda p: {"kind": p.get("kind", Action.Kind.ACTION), "text": p.get("text", "")},
    ),
    "duties": (
        actions.record_duties,
        "履职情况已保存",
        lambda p: {"duties_done": p.get("duties_done", "")},
    ),
    "close": (actions.close_emergency, "已确认处置完毕，待复盘"),
}


@login_required
@require_POST
def emergency_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, *READ)
    return run_record_step(request, STEPS, name, key="emergency_id", pk=pk, to="office:emergency")


# --- the phone check-in ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """到场签到 (phone): the place typed, the browser's location where allowed."""
    require_perm(request, actions.RESPOND)
    row = _one(request, pk)
    mine = own_responder(request.user, row)
    if mine is None:
        raise Http404("您不是该事件的到场人员")
    context: dict[str, Any] = {"e": row, "mine": mine, "data": {}}
    status = 200
    if request.method == "POST":
        post = request.POST
        data = {k: post.get(k, "") for k in ("place", "latitude", "longitude")}
        try:
            mine = actions.check_in(actor=request.user, emergency_id=row.pk, **data)
        except DomainError as exc:
            context.update(data=data, error=exc)
            status = exc.status
        else:
            context["mine"] = mine
            context["done"] = True
    response = render(request, "office/emergencies/checkin.html", context, status=status)
    response["Permissions-Policy"] = CHECKIN_PERMISSIONS
    return response


# --- the review -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """复盘评估报告 (printable): the arrival table generated from the check-ins."""
    require_perm(request, *READ)
    row = _one(request, pk)
    if request.method == "POST":
        require_perm(request, actions.REVIEW)
        return post_action(
            request,
            lambda: actions.review_emergency(
                actor=request.user, emergency_id=row.pk, review=request.POST.get("review", "")
            ),
            "复盘评估报告已保存",
            to="office:emergency_review",
            pk=row.pk,
        )
    table = arrivals(row)
    context = {
        "e": row,
        "arrivals": table,
        "log": actions_of(row),
        "late": [a for a in table if a.responder.late],
        "arrived": [a for a in table if a.responder.arrived_at is not None],
        "can_review": has_perm(request.user, actions.REVIEW)
        and row.status == EmergencyStatus.CLOSED,
    }
    return render(request, "office/emergencies/review.html", context)


urlpatterns = [
    path("", emergencies, name="emergencies"),
    path("<int:pk>/", emergency, name="emergency"),
    path("<int:pk>/checkin/", checkin, name="emergency_checkin"),
    path("<int:pk>/review/", review, name="emergency_review"),
    path("<int:pk>/<str:name>/", emergency_step, name="emergency_step"),
]
