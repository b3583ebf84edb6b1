"""目标责任 desks. The 督查室 (`target.manage`): books by unit and year,
the import form (every bad row listed), tasks with their lights and filters,
reports waiting to be verified. A unit (`target.report`): the tasks it leads.
A leader (`target.view` / `target.adjust.decide`): his units at a glance and
the adjustments to decide. A task's page: milestones, reports, adjustments,
orders, and each step the viewer may take as an `.xn-steps` block."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound
from xiaoneng.org.authority import covers_department, departments_in_scope, has_perm, unit_of
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.supervision.models import SupervisionOrder
from xiaoneng.web.access import require_perm
from xiaoneng.web.lights import Light, lit, unlit
from xiaoneng.web.outcome import post_action, run_record_step
from xiaoneng.web.paging import paginate

from . import actions
from .exports import book_xlsx
from .models import Category, ProgressReport, ReportFile, ReportStatus, TaskStatus
from .selectors import (
    DECIDE,
    MANAGE,
    READERS,
    REPORT,
    LitTask,
    book_for,
    counts_by_light,
    light_q,
    milestone_level,
    pending_adjustments,
    reports_waiting,
    task_for,
    visible_books,
    visible_tasks,
    with_lights,
)
from .sheet import write_xlsx

LIGHTS = (
    (AlertLevel.OVERDUE.value, "红灯"),
    (AlertLevel.WARNING.value, "黄灯"),
    (AlertLevel.NORMAL.value, "绿灯"),
)
DONE_TEXT = "已完成"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def light_of(row: LitTask, today: date) -> Light:
    """The page's light of a task: the level, and the working days to its
    nearest open date (a milestone or the deadline)."""
    task = row.task
    if row.light == AlertLevel.NONE:
        return unlit(DONE_TEXT if task.status == TaskStatus.DONE else "—")
    dues = [m.due_on for m in task.milestones.all() if m.done_on is None]
    due = min([*dues, task.deadline]) if task.deadline else min(dues)
    return lit(row.light, current_calendar().workdays_between(today, due), due=due)


def _rows(tasks: list[Any], today: date) -> list[dict[str, Any]]:
    return [{"t": r.task, "light": light_of(r, today)} for r in with_lights(tasks, today)]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _filtered(request: HttpRequest, today: date) -> tuple[Any, dict[str, Any]]:
    tasks = visible_tasks(request.user).filter(is_leaf=True).prefetch_related("milestones")
    chosen: dict[str, Any] = {
        "unit": _int(request.GET.get("unit")),
        "category": request.GET.get("category", ""),
        "light": request.GET.get("light", ""),
        "year": _int(request.GET.get("year")),
    }
    if chosen["unit"]:
        tasks = tasks.filter(lead_department_id=chosen["unit"])
    if chosen["category"] in Category.values:
        tasks = tasks.filter(category=chosen["category"])
    if chosen["light"] in dict(LIGHTS):
        tasks = tasks.filter(light_q(chosen["light"], today))
    if chosen["year"]:
        tasks = tasks.filter(book__year=chosen["year"])
    return tasks.order_by("deadline", "book_id", "code"), chosen


def _units(request: HttpRequest) -> list[Department]:
    ids = departments_in_scope(request.user)
    units = Department.objects.filter(
        active=True, kind__in=(DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)
    )
    if ids is not None:
        units = units.filter(pk__in=ids)
    return list(units.order_by("ancestors", "sort", "code"))


# --- the 督查室's desk ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    require_perm(request, MANAGE, "target.view")
    today = timesource.today()
    import_errors: list[dict[str, Any]] = []
    import_message = ""
    if request.method == "POST":
        require_perm(request, MANAGE)
        try:
            book = actions.import_book(
                actor=request.user,
                year=request.POST.get("year"),
                department_id=request.POST.get("department"),
                xlsx=_upload(request),
            )
        except DomainError as exc:
            import_message = f"{exc.message}（{exc.code}）"
            if isinstance(exc, InvalidInput) and isinstance(exc.detail, dict):
                import_errors = list(exc.detail.get("rows", []))
        else:
            messages.success(request, f"已导入“{book.title}”，共 {book.tasks.count()} 项任务")
            return redirect("targets:book", pk=book.pk)
    tasks, chosen = _filtered(request, today)
    page = paginate(request, tasks)
    page["rows"] = _rows(list(page["page_obj"].object_list), today)
    return render(
        request,
        "targets/desk.html",
        {
            **page,
            "books": visible_books(request.user).order_by("-year", "department__sort")[:200],
            "waiting": reports_waiting(request.user)[:50],
            "units": _units(request),
            "categories": Category.choices,
            "lights": LIGHTS,
            "chosen": chosen,
            "manage": has_perm(request.user, MANAGE),
            "import_errors": import_errors,
            "import_message": import_message,
            "this_year": today.year,
            "status_values": ReportStatus,
        },
        status=400 if import_message else 200,
    )


def _upload(request: HttpRequest) -> bytes:
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput("请选择目标责任分解表（.xlsx）", code="target_file_unreadable")
    data: bytes = upload.read()
    return data


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READERS)
    try:
        found = book_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    if request.method == "POST":
        require_perm(request, MANAGE)
        return post_action(
            request,
            lambda: actions.sign_book(
                actor=request.user,
                book_id=pk,
                signed_by=request.POST.get("signed_by", ""),
                signed_for=request.POST.get("signed_for", ""),
            ),
            "目标责任书已签订",
            to="targets:book",
            pk=pk,
        )
    today = timesource.today()
    tasks = list(visible_tasks(request.user).filter(book=found).prefetch_related("milestones"))
    lights = {r.task.pk: light_of(r, today) for r in with_lights(tasks, today)}
    return render(
        request,
        "targets/book.html",
        {
            "b": found,
            "rows": [{"t": t, "light": lights[t.pk], "depth": t.code.count(".")} for t in tasks],
            "manage": has_perm(request.user, MANAGE),
        },
    )


@login_required
def book_export(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READERS)
    try:
        found = book_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(
        book_xlsx(found),
        content_type=XLSX,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="target-book-{found.year}-{found.pk}.xlsx"'
    )
    return response


EXAMPLE_ROWS: list[list[object]] = [
    ["1", "政府工作报告", "经济发展目标", *[""] * 18],
    ["1.1", "政府工作报告", "完成固定资产投资", "是", "市发改委", "市工商局", "分管副市长",
     "发改委主任", "2026-12-31", "固定资产投资", "亿元", "40", "55", "", "30",
     "完成年度目标的40%", "2026-06-30", "", "", "", ""],
    ["1.2", "为民办实事", "城区集中供热改造", "是", "市发改委", "", "分管副市长", "发改委副主任",
     "2026-10-15", "", "", "", "", "完成管网改造，按期供暖", "20", "", "", "", "", "", ""],
]  # fmt: skip


@login_required
def template(request: HttpRequest) -> HttpResponse:
    """An example sheet in the layout the import reads (title row, header row, tasks)."""
    require_perm(request, MANAGE)
    response = HttpResponse(
        write_xlsx("××单位××年度目标管理责任书", EXAMPLE_ROWS), content_type=XLSX
    )
    response["Content-Disposition"] = 'attachment; filename="target-book-template.xlsx"'
    return response


# --- a unit's desk ------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    require_perm(request, REPORT)
    today = timesource.today()
    unit = unit_of(request.user)
    tasks = (
        visible_tasks(request.user)
        .filter(is_leaf=True, lead_department=unit)
        .prefetch_related("milestones")
        .order_by("status", "deadline", "code")
    )
    cooperating = (
        visible_tasks(request.user)
        .filter(is_leaf=True, cooperating=unit)
        .order_by("deadline")[:100]
    )
    returned = (
        ProgressReport.objects.filter(task__lead_department=unit, status=ReportStatus.RETURNED)
        .select_related("task")
        .order_by("year", "month")
    )
    return render(
        request,
        "targets/mine.html",
        {
            "unit": unit,
            "rows": _rows(list(tasks[:500]), today),
            "cooperating": cooperating,
            "returned": returned,
        },
    )


# --- a leader's view ----------------------------------------------------------------


@login_required
def leader(request: HttpRequest) -> HttpResponse:
    require_perm(request, "target.view", DECIDE)
    today = timesource.today()
    tasks = visible_tasks(request.user)
    red = tasks.filter(light_q(AlertLevel.OVERDUE, today)).prefetch_related("milestones")
    by_unit: dict[str, dict[str, int]] = {}
    leaves = tasks.filter(is_leaf=True)
    for level in ("overdue", "warning", "normal", "none"):
        counted = (
            leaves.filter(light_q(level, today))
            .values_list("lead_department__name")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for name, n in counted:
            row = by_unit.setdefault(
                name or "—", dict.fromkeys(("overdue", "warning", "normal", "none"), 0)
            )
            row[level] = n
    return render(
        request,
        "targets/leader.html",
        {
            "counts": counts_by_light(tasks, today),
            "by_unit": sorted(by_unit.items()),
            "red": _rows(list(red.order_by("deadline")[:100]), today),
            "adjustments": pending_adjustments(request.user)[:100],
            "can_decide": has_perm(request.user, DECIDE),
        },
    )


# --- a task's page and its steps ------------------------------------------------------


@login_required
def task(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READERS)
    try:
        found = task_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    today = timesource.today()
    (lit_row,) = with_lights([found], today)
    unit = unit_of(request.user)
    is_lead = (
        has_perm(request.user, REPORT) and unit is not None and unit.pk == found.lead_department_id
    )
    scope_lead = found.lead_department_id or found.book.department_id
    return render(
        request,
        "targets/task.html",
        {
            "t": found,
            "light": light_of(lit_row, today),
            "milestones": [
                {"m": m, "light": _milestone_light(m, today)} for m in found.milestones.all()
            ],
            "reports": found.reports.select_related("submitted_by", "verified_by")
            .prefetch_related("files")
            .order_by("-year", "-month"),
            "adjustments": found.adjustments.select_related("requested_by", "decided_by"),
            "orders": SupervisionOrder.objects.filter(
                subject_kind="target_task", subject_ref=found.pk
            ).order_by("-pk"),
            "cooperating": found.cooperating.all(),
            "can_report": is_lead and found.status == TaskStatus.OPEN and found.is_leaf,
            "manage": has_perm(request.user, MANAGE)
            and covers_department(request.user, scope_lead),
            "can_decide": has_perm(request.user, DECIDE)
            and covers_department(request.user, scope_lead),
            "months": _months(found.book.year, today),
            "upload_accept": uploads.ACCEPT,
        },
    )


def _milestone_light(m: Any, today: date) -> Light:
    level = milestone_level(m, today)
    if level == AlertLevel.NONE:
        return unlit(f"{m.done_on:%Y-%m-%d} 完成")
    return lit(level, current_calendar().workdays_between(today, m.due_on), due=m.due_on)


def _months(year: int, today: date) -> list[tuple[str, str]]:
    last = 12 if today.year > year else today.month
    return [(str(m), f"{year}年{m}月") for m in range(last, 0, -1)]


def _report_fields(post: Any) -> dict[str, Any]:
    return {
        "year": post.get("year"),
        "month": post.get("month"),
        "text_": post.get("text", ""),
        "value": post.get("value"),
        "percent": post.get("percent"),
        "milestone_ids": post.getlist("milestones"),
    }


STEPS: dict[str, tuple[Any, ...]] = {
    "urge": (
        actions.urge_task,
        "已发出催办通知",
        lambda post: {"text_": post.get("text", "")},
    ),
    "adjust": (
        actions.request_adjustment,
        "调整申请已报送，待分管领导审批；审批前仍按原时限和标准执行",
        lambda post: {
            "reason": post.get("reason", ""),
            "new_deadline": post.get("new_deadline"),
            "new_target_value": post.get("new_target_value"),
            "new_standard": post.get("new_standard", ""),
        },
    ),
}


@login_required
@require_POST
def task_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One step on a task; the action checks the permission of that step."""
    if name == "report":
        files = request.FILES.getlist("files")
        return post_action(
            request,
            lambda: actions.submit_report(
                actor=request.user, task_id=pk, files=files, **_report_fields(request.POST)
            ),
            "进度已报送，待督查室核实",
            to="targets:task",
            missing_is_404=True,
            pk=pk,
        )
    if name in ("verify", "return", "decide", "milestone"):
        return _by_child(request, pk, name)
    return run_record_step(request, STEPS, name, key="task_id", pk=pk, to="targets:task")


def _by_child(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Steps on a task's report, adjustment or milestone (named in the form)."""
    child = request.POST.get("id")
    calls = {
        "verify": (
            lambda: actions.verify_report(actor=request.user, report_id=child),
            "进度已核实",
        ),
        "return": (
            lambda: actions.return_report(
                actor=request.user, report_id=child, reason=request.POST.get("reason", "")
            ),
            "进度已退回，请责任单位重新报送",
        ),
        "decide": (
            lambda: actions.decide_adjustment(
                actor=request.user,
                adjustment_id=child,
                approve=request.POST.get("approve") == "1",
                note=request.POST.get("note", ""),
            ),
            "调整申请已审批",
        ),
        "milestone": (
            lambda: actions.complete_milestone(actor=request.user, milestone_id=child),
            "节点已完成",
        ),
    }
    call, done = calls[name]
    to = request.POST.get("next", "")
    return post_action(request, call, done, to="targets:task", follow_next=bool(to), pk=pk)


@login_required
def report_file(request: HttpRequest, pk: int, fid: int) -> FileResponse:
    """A report's evidence: whoever may see the task."""
    require_perm(request, *READERS)
    try:
        found = task_for(request.user, pk)
    except NotFound:
        raise Http404("材料不存在或无权查看") from None
    item = ReportFile.objects.filter(pk=fid, report__task=found).first()
    if item is None:
        raise Http404("材料不存在或无权查看")
    try:
        stream = default_storage.open(item.stored_path, "rb")
    except FileNotFoundError:
        raise Http404("材料文件已不存在") from None
    return FileResponse(
        stream, as_attachment=True, filename=item.filename, content_type=item.content_type
    )
