"""Part A's staff pages under /trading/: the project list with filters and
its .xlsx export (`trading:projects`), the registration form
(`trading:register`), the project page (`trading:project`, with the
sections of the bids, evaluation and awards parts) and its step forms
(views/projects_steps.py), the centre's and regulator's desks and the
venues' schedule (views/projects_desks.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.org.authority import has_perm, unit_of
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.trading.actions import projects as actions
from xiaoneng.trading.common import AGENCY, TENDER, agency_ids, project_for
from xiaoneng.trading.models import Criteria, Kind, Party, Speciality, Status
from xiaoneng.trading.selectors import projects as read
from xiaoneng.trading.views import awards, bids, evaluation
from xiaoneng.web.access import require_perm
from xiaoneng.web.paging import paginate

from . import projects_desks, projects_steps
from .projects_tabs import STAFF, project_tabs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = (
    "项目编号",
    "交易类别",
    "项目名称",
    "招标人",
    "招标代理机构",
    "估算价（元）",
    "状态",
    "轮次",
    "登记日期",
)
EXPORT_MAX = 5000
# The other parts' sections of the project page, in the order of the process.
SECTIONS = (
    ("trading/project/_bids.html", bids.project_section),
    ("trading/project/_evaluation.html", evaluation.project_section),
    ("trading/project/_awards.html", awards.project_section),
)


def _filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip()[:50] for k in ("kind", "status", "keyword")}


@login_required
def projects(request: HttpRequest) -> HttpResponse:
    """交易项目: the actor's projects, filtered; `?format=xlsx` exports them."""
    require_perm(request, *STAFF)
    filters = _filters(request)
    qs = read.filtered(request.user, **filters)
    if request.GET.get("format") == "xlsx":
        sheet = Sheet(
            "交易项目", HEADERS, read.export_rows(qs[:EXPORT_MAX]), widths_from_headers=True
        )
        response = HttpResponse(xlsx([sheet], creator="效能平台"), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename*=UTF-8''trading-projects.xlsx"
        return response
    pages = paginate(request, qs)
    runner = has_perm(request.user, TENDER) or has_perm(request.user, AGENCY)
    context = {
        "mine": read.runner_desk(request.user) if runner and not any(filters.values()) else None,
        **pages,
        "filters": filters,
        "kinds": Kind.choices,
        "statuses": Status.choices,
        "may_register": runner,
        "export_query": request.GET.urlencode(),
        **project_tabs(request),
    }
    return render(request, "trading/projects/list.html", context)


FIELDS = (
    "kind",
    "title",
    "description",
    "criteria",
    "speciality",
    "estimate",
    "approval_document",
    "funding",
    "location",
    "tenderer_id",
    "agency_id",
)


def _register_choices(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    tenderer = has_perm(user, TENDER)
    own = unit_of(user) if tenderer else None
    return {
        "kinds": Kind.choices,
        "criteria_choices": Criteria.choices,
        "specialities": Speciality.choices,
        "as_tenderer": tenderer,
        "own_unit": own,
        "tenderers": []
        if tenderer
        else Department.objects.filter(kind=DepartmentKind.DEPARTMENT).order_by("sort", "id"),
        "agencies": Party.objects.filter(is_agency=True, active=True)
        if tenderer
        else Party.objects.filter(pk__in=agency_ids(user)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """进场登记: the tenderer's staff for their department, or an agency for a
    tenderer that entrusted it."""
    require_perm(request, TENDER, AGENCY)
    form: dict[str, Any] = {k: request.POST.get(k, "") for k in FIELDS}
    error: DomainError | None = None
    if request.method == "POST":
        try:
            row = actions.register_project(
                request.user, **{k: v or None if k.endswith("_id") else v for k, v in form.items()}
            )
        except DomainError as exc:
            error = exc
        else:
            return redirect("trading:project", pk=row.pk)
    elif agencies := agency_ids(request.user):
        form["agency_id"] = str(agencies[0])
    context = {**_register_choices(request), "form": form, "error": error, **project_tabs(request)}
    return render(request, "trading/projects/register.html", context, status=400 if error else 200)


def sections(request: HttpRequest, project: Any) -> tuple[list[str], dict[str, Any]]:
    """The other parts' sections this user sees: templates to include, their context."""
    shown, context = [], {}
    for template, section in SECTIONS:
        part = section(request, project)
        if not part:
            continue
        try:
            get_template(template)
        except TemplateDoesNotExist:
            continue
        shown.append(template)
        context.update(part)
    return shown, context


@login_required
def project_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The project: summary, rounds, notices with files, the dated timeline,
    the steps this user may take, and the other parts' sections."""
    require_perm(request, *STAFF)
    try:
        project = project_for(request.user, pk)
    except NotFound:
        raise Http404("交易项目不存在或无权查看") from None
    round_ = read.current_round(project)
    included, parts = sections(request, project)
    context = {
        "p": project,
        "rounds": read.rounds_of(project),
        "current": round_,
        "next": read.next_step_of(project, round_),
        "notices": read.notices_of(project),
        "timeline": read.timeline(project),
        "steps": read.next_steps(request.user, project),
        "venues": read.venues(),
        "today": timesource.today(),
        "sections": included,
        **parts,
        **project_tabs(request),
    }
    return render(request, "trading/project.html", context)


urlpatterns: list[URLPattern] = [
    path("", projects, name="projects"),
    path("register/", register, name="register"),
    path("centre/", projects_desks.centre, name="centre"),
    path("venues/", projects_desks.venues, name="venues"),
    path("venues/book/", projects_desks.book, name="book_venue"),
    path("venues/<int:pk>/cancel/", projects_desks.cancel, name="cancel_booking"),
    path("regulator/", projects_desks.regulator, name="regulator"),
    path("<int:pk>/", project_page, name="project"),
    path("<int:pk>/files/<int:file>/", projects_steps.notice_file, name="notice_file"),
    path("<int:pk>/<str:name>/", projects_steps.project_step, name="project_step"),
]
