"""一线工作 page (office:frontline): the leader's log and form (下基层调研,
联村联户, 现场办公 with the problems raised), the unit's problems to handle,
and per-leader counts for a year. `supervision.view` sees all."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.core.text import as_int
from xiaoneng.office.actions import visits as actions
from xiaoneng.office.models.emergencies import VisitKind
from xiaoneng.office.params import VISIT_ISSUE_DAYS
from xiaoneng.office.selectors.visits import READ, issues_for, leader_counts, to_handle, visits_for
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import Department
from xiaoneng.system.params import get_param
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

ISSUE_ROWS = 3
TABS = (("log", "一线工作记录"), ("issues", "交办问题"), ("counts", "年度统计"))


def _units() -> list[Department]:
    return list(
        Department.objects.filter(active=True, kind__in=("department", "county", "government"))
        .exclude(code="620700")
        .order_by("ancestors", "sort", "code")
    )


def _issues_posted(post: Any) -> list[dict[str, str]]:
    """The form's problem rows (problem_N, unit_N, due_N); blank rows are skipped."""
    rows = []
    for i in range(ISSUE_ROWS):
        problem = post.get(f"problem_{i}", "").strip()
        unit = post.get(f"unit_{i}", "")
        if problem or unit:
            rows.append({"problem": problem, "unit_id": unit, "due_on": post.get(f"due_{i}", "")})
    return rows


def _context(request: HttpRequest, tab: str) -> dict[str, Any]:
    user = request.user
    today = timesource.today()
    year = as_int(request.GET.get("year")) or today.year
    base = reverse("office:frontline")
    context: dict[str, Any] = {
        "tab": tab,
        "tabs": [
            {"url": f"{base}?tab={k}", "label": label, "current": k == tab} for k, label in TABS
        ],
        "can_log": has_perm(user, actions.LOG),
        "can_follow": has_perm(user, actions.FOLLOW),
        "kinds": VisitKind.choices,
        "units": _units(),
        "rows": range(ISSUE_ROWS),
        "today": today,
        "year": year,
        "default_days": get_param(VISIT_ISSUE_DAYS),
    }
    if tab == "issues":
        context["handle"] = list(to_handle(user))
        context.update(paginate(request, issues_for(user).order_by("-visit__visited_on", "id")))
    elif tab == "counts":
        context["counts"] = leader_counts(user, year, today)
        context["kind_columns"] = VisitKind.choices
    else:
        qs = visits_for(user).prefetch_related("issues__unit").order_by("-visited_on", "-id")
        context.update(paginate(request, qs))
    return context


@login_required
@require_http_methods(["GET", "POST"])
def frontline(request: HttpRequest) -> HttpResponse:
    require_perm(request, *READ)
    tab = request.GET.get("tab", "log")
    tab = tab if tab in dict(TABS) else "log"
    if request.method == "GET":
        return render(request, "office/visits/frontline.html", _context(request, tab))
    require_perm(request, actions.LOG)
    post = request.POST
    data = {k: post.get(k, "") for k in ("kind", "visited_on", "place", "people_met", "summary")}
    issues = _issues_posted(post)
    try:
        actions.log_visit(actor=request.user, issues=issues, **data)
    except DomainError as exc:
        context = _context(request, "log") | {"data": data, "posted": issues, "error": exc}
        return render(request, "office/visits/frontline.html", context, status=exc.status)
    messages.success(request, "已记录一线工作，交办问题已通知责任单位")
    return redirect("office:frontline")


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, actions.FOLLOW)
    response: HttpResponse = post_action(
        request,
        lambda: actions.resolve_issue(
            actor=request.user, issue_id=pk, result=request.POST.get("result", "")
        ),
        "已办结",
        to=reverse("office:frontline") + "?tab=issues",
        missing_is_404=True,
    )
    return response


urlpatterns = [
    path("", frontline, name="frontline"),
    path("issues/<int:pk>/resolve/", resolve, name="frontline_resolve"),
]
