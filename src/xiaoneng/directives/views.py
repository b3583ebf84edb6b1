"""督查督办 pages: the 督查室's desk (register a directive, its tasks with
lights, reported tasks waiting for 销号), a directive's page (originals,
tasks, assign one more), a task's page with each step as a block, the
unit's desk (its tasks), the leaders' adjustments to decide, and the files.
Requests (请示) have their own pages (request_views.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.org.authority import INTERNAL_KINDS, has_perm, unit_of
from xiaoneng.org.models import Department
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action, run_record_step
from xiaoneng.web.paging import paginate

from . import actions
from .models import RUNNING, Source, TaskStatus
from .selectors import (
    DECIDE,
    FILE_KINDS,
    MANAGE,
    REPORT,
    TASK_READERS,
    adjustments_to_decide,
    directive_for,
    directives_for,
    file_for,
    open_file,
    overdue_tasks,
    task_for,
    task_light,
    tasks_for,
)

STATES = (
    ("open", "办理中"),
    ("overdue", "逾期未办结"),
    ("reported", "已报办结待销号"),
    ("pending_adjustment", "调整申请待批"),
    ("closed", "已办结销号"),
    ("all", "全部"),
)


def departments() -> list[Department]:
    """The units a form offers (not their sections or windows)."""
    units = Department.objects.filter(active=True).exclude(kind__in=INTERNAL_KINDS)
    return list(units.order_by("ancestors", "sort", "code"))


def _filter(qs: Any, state: str, today: date) -> Any:
    if state == "open":
        return qs.filter(status__in=RUNNING)
    if state == "overdue":
        return overdue_tasks(qs, today)
    if state == "reported":
        return qs.filter(status=TaskStatus.REPORTED)
    if state == "pending_adjustment":
        return qs.filter(pending_adjustment=True)
    if state == "closed":
        return qs.filter(status=TaskStatus.CLOSED)
    return qs


def _task_rows(request: HttpRequest, qs: Any) -> dict[str, Any]:
    today, calendar = timesource.today(), current_calendar()
    state = request.GET.get("state", "open")
    pages = paginate(request, _filter(qs, state, today).order_by("due_on", "id"))
    rows = [
        {"t": t, "light": task_light(t, today, calendar)} for t in pages["page_obj"].object_list
    ]
    return {
        **pages,
        "rows": rows,
        "state": state,
        "states": STATES,
        "overdue_count": overdue_tasks(qs, today).count(),
    }


def _register(request: HttpRequest) -> Any:
    post = request.POST
    departments_chosen = post.getlist("department_id")
    requirements = post.getlist("requirement")
    dues = post.getlist("due_on")
    tasks = [
        {"department_id": d, "requirement": r, "due_on": due}
        for d, r, due in zip(departments_chosen, requirements, dues, strict=False)
        if d or r.strip()
    ]
    return actions.register_directive(
        actor=request.user,
        source=post.get("source", ""),
        number=post.get("number", ""),
        title=post.get("title", ""),
        content=post.get("content", ""),
        issued_on=post.get("issued_on", ""),
        leader=post.get("leader", ""),
        originals=request.FILES.getlist("originals"),
        tasks=tasks,
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest) -> HttpResponse:
    """督查督办台: the 督查室 registers and follows; leaders read their units'."""
    require_perm(request, MANAGE, DECIDE, "target.view")
    manager = has_perm(request.user, MANAGE)
    context: dict[str, Any] = {"data": {}, "error": ""}
    if request.method == "POST":
        require_perm(request, MANAGE)
        try:
            row = _register(request)
        except DomainError as exc:
            context.update(data=request.POST, error=exc.message, error_code=exc.code)
        else:
            return redirect("directives:directive", pk=row.pk)
    context.update(
        _task_rows(request, tasks_for(request.user)),
        manager=manager,
        sources=Source.choices,
        departments=departments(),
        directives=list(directives_for(request.user).order_by("-issued_on", "-id")[:10]),
        waiting=tasks_for(request.user).filter(status=TaskStatus.REPORTED).count(),
        adjustments=adjustments_to_decide(request.user).count(),
        upload_accept=uploads.ACCEPT,
        today=timesource.today(),
    )
    return render(request, "directives/desk.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """本单位督办任务: the unit's tasks (and those it cooperates on)."""
    require_perm(request, REPORT)
    context = _task_rows(request, tasks_for(request.user))
    context["unit"] = unit_of(request.user)
    return render(request, "directives/mine.html", context)


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *TASK_READERS)
    try:
        row = directive_for(request.user, pk)
    except NotFound:
        raise Http404("督办事项不存在或无权查看") from None
    today, calendar = timesource.today(), current_calendar()
    tasks = tasks_for(request.user).filter(directive=row).order_by("due_on", "id")
    context = {
        "d": row,
        "originals": list(row.originals.all()),
        "rows": [{"t": t, "light": task_light(t, today, calendar)} for t in tasks],
        "manager": has_perm(request.user, MANAGE),
        "departments": departments(),
        "today": today,
    }
    return render(request, "directives/directive.html", context)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    post = request.POST
    return post_action(
        request,
        lambda: actions.assign_task(
            actor=request.user,
            directive_id=pk,
            department_id=post.get("department_id", ""),
            requirement=post.get("requirement", ""),
            due_on=post.get("due_on", ""),
            cooperating_ids=post.getlist("cooperating_ids"),
        ),
        "已交办",
        to="directives:directive",
        missing_is_404=True,
        pk=pk,
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *TASK_READERS)
    try:
        task = task_for(request.user, pk)
    except NotFound:
        raise Http404("督办任务不存在或无权查看") from None
    unit = unit_of(request.user)
    own = has_perm(request.user, REPORT) and unit is not None and unit.pk == task.department_id
    pending = task.adjustments.filter(status="pending").first()
    context = {
        "t": task,
        "light": task_light(task, timesource.today(), current_calendar()),
        "cooperating": list(task.cooperating.all()),
        "reports": list(task.reports.select_related("submitted_by").prefetch_related("files")),
        "adjustments": list(task.adjustments.select_related("requested_by", "decided_by")),
        "pending": pending,
        "can_report": own and task.status in RUNNING,
        "can_manage": has_perm(request.user, MANAGE),
        "can_decide": pending is not None
        and adjustments_to_decide(request.user).filter(pk=pending.pk).exists(),
        "running": task.status in RUNNING,
        "upload_accept": uploads.ACCEPT,
        "today": timesource.today(),
    }
    return render(request, "directives/task.html", context)


def _bool(value: str) -> bool:
    return value in ("1", "true", "on")


STEPS: dict[str, tuple[Any, ...]] = {
    "urge": (
        actions.urge_task,
        "已催办（督办通知已发送承办单位）",
        lambda p: {"message": p.get("message", ""), "due_on": p.get("due_on", "")},
    ),
    "close": (actions.close_task, "已办结销号", lambda p: {"note": p.get("note", "")}),
    "return": (
        actions.return_task,
        "已退回重办",
        lambda p: {"reason": p.get("reason", ""), "new_due_on": p.get("new_due_on", "")},
    ),
    "adjust": (
        actions.request_adjustment,
        "调整申请已提交，批准前仍按原时限办理",
        lambda p: {"new_due_on": p.get("new_due_on", ""), "reason": p.get("reason", "")},
    ),
}


@login_required
@require_POST
def task_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name == "report":
        return post_action(
            request,
            lambda: actions.submit_report(
                actor=request.user,
                task_id=pk,
                report=request.POST.get("report", ""),
                is_final=_bool(request.POST.get("is_final", "")),
                files=request.FILES.getlist("files"),
            ),
            "已报送",
            to="directives:task",
            missing_is_404=True,
            pk=pk,
        )
    return run_record_step(request, STEPS, name, key="task_id", pk=pk, to="directives:task")


@login_required
def adjustments(request: HttpRequest) -> HttpResponse:
    """待审批的调整申请 (分管领导、市长): the tasks keep their due day meanwhile."""
    require_perm(request, DECIDE)
    pages = paginate(request, adjustments_to_decide(request.user).order_by("requested_on", "id"))
    return render(request, "directives/adjustments.html", pages)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, DECIDE)
    approve = request.POST.get("approve") == "1"
    return post_action(
        request,
        lambda: actions.decide_adjustment(
            actor=request.user,
            adjustment_id=pk,
            approve=approve,
            note=request.POST.get("note", ""),
        ),
        "已批准调整" if approve else "已决定不予调整",
        to="directives:adjustments",
        follow_next=True,
    )


@login_required
def download(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    if kind not in FILE_KINDS:
        raise Http404
    try:
        row = file_for(request.user, kind, pk)
        stream = open_file(row)
    except NotFound:
        raise Http404("文件不存在或无权查看") from None
    return FileResponse(
        stream, as_attachment=True, filename=row.filename, content_type=row.content_type
    )
