"""The green-channel pages: the agent's desk (代办员工作台), the dossier
register for project staff, a dossier with its cases, opening a dossier, and
the agent applying for an item on the enterprise's behalf."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.labels import case_rows
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.errors import PermissionDenied as Denied
from xiaoneng.org.authority import has_perm
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import current_form_token, form_token_valid, once, spend_form_token
from xiaoneng.web.paging import paginate

from . import actions
from .forms import ApplyForm, CloseForm, DossierForm, DossierSearchForm, ReassignForm
from .models import DossierStatus, ProjectDossier
from .selectors import (
    agent_dossiers,
    dossier_for_actor,
    dossier_timeline,
    dossiers_for_actor,
    open_first,
)

TOKENS = "projects.apply_tokens"
STATUS_CSS = {
    DossierStatus.OPENED: "xn-tag-info",
    DossierStatus.IN_PROGRESS: "",
    DossierStatus.CLOSED: "xn-tag-success",
}


def _visible(request: HttpRequest, pk: int) -> ProjectDossier:
    """The dossier through the actor's scope: 404 when absent or out of scope."""
    try:
        return dossier_for_actor(request.user, pk)
    except NotFound:
        raise Http404("项目档案不存在或无权查看") from None
    except Denied:
        raise PermissionDenied from None


def _with_cases(dossiers: Any) -> list[dict[str, Any]]:
    """Each dossier with its cases' status and light (the clock's time left)."""
    today, calendar = timesource.today(), current_calendar()
    out = []
    for dossier in dossiers:
        links = list(dossier.links.all())
        rows = case_rows([link.case for link in links], today, calendar)
        out.append(
            {
                "dossier": dossier,
                "status_css": STATUS_CSS.get(dossier.status, ""),
                "cases": list(zip(links, rows, strict=True)),
                "open_cases": sum(1 for link in links if link.case.is_open),
            }
        )
    return out


@login_required
def desk_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "case.agent")
    dossiers = list(agent_dossiers(request.user))
    entries = _with_cases(dossiers)
    stats = {
        "dossiers": sum(1 for d in dossiers if d.status != DossierStatus.CLOSED),
        "cases": sum(e["open_cases"] for e in entries),
        "warning": sum(
            1 for e in entries for _, row in e["cases"] if row.light.level in ("warning", "overdue")
        ),
        "closed": sum(1 for d in dossiers if d.status == DossierStatus.CLOSED),
    }
    return render(request, "projects/desk.html", {"entries": entries, "stats": stats})


@login_required
def list_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "project.view")
    form = DossierSearchForm(request.GET)
    form.is_valid()
    qs = dossiers_for_actor(request.user)
    query = form.cleaned_data.get("q", "").strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(project_code__icontains=query)
            | Q(enterprise_name__icontains=query)
        )
    if status := form.cleaned_data.get("status"):
        qs = qs.filter(status=status)
    pages = paginate(request, open_first(qs))
    entries = _with_cases(pages["page_obj"].object_list)
    context = {
        "form": form,
        "entries": entries,
        "can_manage": has_perm(request.user, "project.manage"),
        **pages,
    }
    return render(request, "projects/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@operation("重大项目建档", BusinessType.CREATE)
def create_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "project.manage")
    form = DossierForm(request.POST or None)
    error: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            dossier = actions.open_dossier(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            error = exc
        else:
            messages.success(
                request,
                f"已建档：牵头部门 {dossier.lead_department.name}，"
                f"帮办代办员 {dossier.agent.display_name}。",
            )
            return redirect("projects:detail", pk=dossier.pk)
    status = error.status if error else (400 if form.errors else 200)
    return render(request, "projects/create.html", {"form": form, "error": error}, status=status)


def render_detail(
    request: HttpRequest,
    dossier: ProjectDossier,
    *,
    error: DomainError | None = None,
    reassign: ReassignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_agent = dossier.agent_id == user.pk
    context = {
        "entry": _with_cases([dossier])[0],
        "dossier": dossier,
        "error": error,
        "is_agent": is_agent,
        "can_manage": has_perm(user, "project.manage") and dossier.status != DossierStatus.CLOSED,
        "case_url": "cases:my_detail" if is_agent else "cases:detail",
        "reassign_form": reassign or ReassignForm(dossier=dossier),
        "close_form": CloseForm(),
        "timeline": dossier_timeline(dossier),
    }
    return render(request, "projects/detail.html", context, status=status)


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, _visible(request, pk))


@login_required
@require_POST
@operation("改派帮办代办员", BusinessType.UPDATE)
def reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "project.manage")
    dossier = _visible(request, pk)
    form = ReassignForm(request.POST, dossier=dossier)
    if not form.is_valid():
        return render_detail(request, dossier, reassign=form, status=400)
    try:
        dossier = actions.reassign_agent(actor=request.user, dossier_id=pk, **form.cleaned_data)
    except DomainError as exc:
        return render_detail(request, _visible(request, pk), error=exc, status=exc.status)
    messages.success(request, f"已改派给 {dossier.agent.display_name}。")
    return redirect("projects:detail", pk=pk)


@login_required
@require_POST
@operation("办结项目档案", BusinessType.UPDATE)
def close_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "project.manage")
    _visible(request, pk)
    form = CloseForm(request.POST)
    form.is_valid()
    try:
        actions.close_dossier(
            actor=request.user, dossier_id=pk, note=form.cleaned_data.get("note", "")
        )
    except DomainError as exc:
        return render_detail(request, _visible(request, pk), error=exc, status=exc.status)
    messages.success(request, "项目档案已办结。")
    return redirect("projects:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
@operation("代办申请", BusinessType.CREATE)
def apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "case.agent")
    dossier = _visible(request, pk)
    if dossier.agent_id != request.user.pk:
        raise Http404("项目档案不存在或无权查看")
    form = ApplyForm(request.POST or None)
    error: DomainError | None = None
    if request.method == "POST":
        if not form_token_valid(request, TOKENS):
            messages.warning(request, "该申请已提交，请勿重复提交。")
            return redirect("projects:detail", pk=pk)
        if form.is_valid():
            try:
                case, query_code = actions.apply_in_dossier(
                    actor=request.user, dossier_id=pk, **form.cleaned_data
                )
            except DomainError as exc:
                error = exc
            else:
                spend_form_token(request, TOKENS)
                context = {"dossier": dossier, "case": case, "query_code": query_code}
                return once(render(request, "projects/apply_done.html", context))
    context = {
        "dossier": dossier,
        "form": form,
        "error": error,
        "form_token": current_form_token(request, TOKENS),
    }
    status = error.status if error else (400 if form.errors else 200)
    return render(request, "projects/apply_form.html", context, status=status)
