"""报送 pages under /office/reports/.

- 报送任务 (`office:reports`): the unit's dues — to submit, submitted on
  time, late — of a year;
- a due's page (`office:report_due`) for the unit, the receiver and
  supervision: what is asked, the submission and its files, the submit form;
- 报送日历 (`office:report_calendar`, the government office and
  supervision): the kinds and their editor, the matrix of units × periods
  with lights for a kind and year, late and missing counts per unit, the
  .xlsx, and "生成本期报送任务"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.office import CADENCES
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.office.actions import reports as actions
from xiaoneng.office.selectors.reports import (
    LIGHTS,
    MANAGE,
    READ,
    SUBMIT,
    due_for,
    file_for,
    kind_for,
    kinds_for,
    light,
    matrix,
    owing_units,
    unit_lists,
    year_counts,
)
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import year_param
from xiaoneng.web.outcome import post_action

from .reports_sheet import matrix_xlsx

CALENDAR_READ = (MANAGE, "supervision.view")


def _tabs(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    tabs = []
    if has_perm(request.user, SUBMIT):
        tabs.append(("office:reports", "报送任务"))
    if any(has_perm(request.user, p) for p in CALENDAR_READ):
        tabs.append(("office:report_calendar", "报送日历"))
    return [{"url": reverse(n), "label": label, "current": n == current} for n, label in tabs]


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """报送任务: the dues of the units in the actor's scope."""
    require_perm(request, *READ)
    year = year_param(request)
    lists = unit_lists(request.user, year)
    return render(
        request,
        "office/reports/desk.html",
        {
            "year": year,
            "lists": lists,
            "today": timesource.today(),
            "tabs": _tabs(request, "office:reports"),
        },
    )


@login_required
def due_page(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ)
    try:
        due = due_for(request.user, pk)
    except NotFound:
        raise Http404("报送任务不存在或无权查看") from None
    colour = light(due)
    can_submit = (
        has_perm(request.user, SUBMIT)
        and covers_department(request.user, due.unit_id)
        and (due.submitted_at is None or timesource.today() <= due.due_on)
    )
    return render(
        request,
        "office/reports/due.html",
        {
            "d": due,
            "light": {"code": colour, "label": LIGHTS[colour][0], "css": LIGHTS[colour][1]},
            "files": list(due.files.order_by("uploaded_at", "pk")),
            "can_submit": can_submit,
            "upload_accept": uploads.ACCEPT,
            "tabs": _tabs(request, "office:reports"),
        },
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, SUBMIT)
    return post_action(
        request,
        lambda: actions.submit_report(
            actor=request.user,
            due_id=pk,
            title=request.POST.get("title", ""),
            content=request.POST.get("content", ""),
            files=request.FILES.getlist("files"),
        ),
        lambda d: "已报送（逾期）" if d.late else f"已报送（第 {d.version} 版）",
        to="office:report_due",
        missing_is_404=True,
        pk=pk,
    )


@login_required
def file_download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    require_perm(request, *READ)
    try:
        row = file_for(request.user, pk, file_id)
    except NotFound:
        raise Http404("附件不存在或无权查看") from None
    return FileResponse(
        default_storage.open(row.stored_path, "rb"),
        as_attachment=True,
        filename=row.filename,
        content_type=row.content_type,
    )


def _chosen_kind(request: HttpRequest, kinds: list[Any]) -> Any:
    wanted = request.GET.get("kind", "")
    for kind in kinds:
        if str(kind.pk) == wanted:
            return kind
    return next((k for k in kinds if k.active), kinds[0] if kinds else None)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """报送日历: kinds, the matrix for one kind and year, the counts per unit."""
    require_perm(request, *CALENDAR_READ)
    year = year_param(request)
    kinds = list(kinds_for(request.user))
    kind = _chosen_kind(request, kinds)
    grid = matrix(request.user, kind, year) if kind is not None else None
    return render(
        request,
        "office/reports/calendar.html",
        {
            "year": year,
            "kinds": kinds,
            "kind": kind,
            "grid": grid,
            "lights": LIGHTS,
            "counts": year_counts(request.user, year),
            "cadences": CADENCES,
            "can_manage": has_perm(request.user, MANAGE),
            "tabs": _tabs(request, "office:report_calendar"),
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    require_perm(request, *CALENDAR_READ)
    year = year_param(request)
    try:
        kind = kind_for(request.user, request.GET.get("kind"))
    except NotFound:
        raise Http404("报送事项不存在") from None
    body = matrix_xlsx(matrix(request.user, kind, year))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="report-{kind.code}-{year}.xlsx"'
    return response


@login_required
@require_POST
def open_now(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    return post_action(
        request,
        lambda: actions.open_dues(actor=request.user, today=timesource.today()),
        lambda opened: f"已生成 {len(opened)} 项报送任务" if opened else "本期报送任务均已生成",
        to="office:report_calendar",
    )


def _kind_args(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    return {
        "name": post.get("name", ""),
        "cadence": post.get("cadence", ""),
        "due_workdays": post.get("due_workdays", ""),
        "unit_ids": post.getlist("units"),
        "receiver_id": post.get("receiver", ""),
        "requirement": post.get("requirement", ""),
    }


def _kind_form(
    request: HttpRequest, kind: Any, error: DomainError | None, status: int = 200
) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    chosen = (
        set(post.getlist("units"))
        if post is not None
        else {str(u.pk) for u in kind.units.all()}
        if kind is not None
        else set()
    )
    return render(
        request,
        "office/reports/kind_form.html",
        {
            "kind": kind,
            "values": post or {},
            "units": owing_units(),
            "chosen": chosen,
            "cadences": CADENCES,
            "error": {"code": error.code, "message": error.message} if error else None,
            "tabs": _tabs(request, "office:report_calendar"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def kind_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE)
    if request.method == "POST":
        try:
            fields = {**_kind_args(request), "code": request.POST.get("code", "")}
            kind = actions.create_kind(actor=request.user, **fields)
        except DomainError as exc:
            return _kind_form(request, None, exc, status=400)
        return redirect(f"{reverse('office:report_calendar')}?kind={kind.pk}")
    return _kind_form(request, None, None)


@login_required
@require_http_methods(["GET", "POST"])
def kind_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    try:
        kind = kind_for(request.user, pk)
    except NotFound:
        raise Http404("报送事项不存在") from None
    if request.method == "POST":
        try:
            actions.update_kind(actor=request.user, kind_id=pk, **_kind_args(request))
        except DomainError as exc:
            return _kind_form(request, kind, exc, status=400)
        return redirect(f"{reverse('office:report_calendar')}?kind={pk}")
    return _kind_form(request, kind, None)


@login_required
@require_POST
def kind_active(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    active = request.POST.get("active") == "1"
    post_action(
        request,
        lambda: actions.set_kind_active(actor=request.user, kind_id=pk, active=active),
        "已启用" if active else "已停用",
        to="office:report_calendar",
        missing_is_404=True,
    )
    return redirect(f"{reverse('office:report_calendar')}?kind={pk}")


urlpatterns = [
    path("", desk, name="reports"),
    path("dues/<int:pk>/", due_page, name="report_due"),
    path("dues/<int:pk>/submit/", submit, name="report_submit"),
    path("dues/<int:pk>/files/<int:file_id>/", file_download, name="report_file"),
    path("calendar/", calendar, name="report_calendar"),
    path("calendar/export.xlsx", export, name="report_export"),
    path("calendar/open/", open_now, name="report_open"),
    path("kinds/new/", kind_new, name="report_kind_new"),
    path("kinds/<int:pk>/", kind_edit, name="report_kind_edit"),
    path("kinds/<int:pk>/active/", kind_active, name="report_kind_active"),
]
