"""请示 pages: the unit's requests desk (submit one; the inbox of requests it
holds, to answer or pass on; the outbox of those it sent), and a request's
page with its transfers and the holder's steps. Leaders and the 督查室
(`target.view`) read the requests of the units in their scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.org.authority import has_perm, unit_of
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

from . import actions
from .models import RequestKind, RequestStatus
from .selectors import (
    HANDLE,
    REQUEST_READERS,
    overdue_requests,
    request_for,
    request_light,
    requests_for,
)
from .views import departments

BOXES = (("inbox", "待我答复"), ("outbox", "本单位报送"), ("all", "全部"))


def _box(request: HttpRequest, box: str) -> Any:
    qs = requests_for(request.user)
    unit = unit_of(request.user) if has_perm(request.user, HANDLE) else None
    if box == "inbox" and unit is not None:
        return qs.filter(holder=unit, status=RequestStatus.PENDING)
    if box == "outbox" and unit is not None:
        return qs.filter(from_department=unit)
    return qs


@login_required
@require_http_methods(["GET", "POST"])
def requests_desk(request: HttpRequest) -> HttpResponse:
    require_perm(request, *REQUEST_READERS)
    handler = has_perm(request.user, HANDLE)
    context: dict[str, Any] = {"data": {}, "error": ""}
    if request.method == "POST":
        require_perm(request, HANDLE)
        post = request.POST
        try:
            row = actions.submit_request(
                actor=request.user,
                to_department_id=post.get("to_department_id", ""),
                kind=post.get("kind", ""),
                title=post.get("title", ""),
                content=post.get("content", ""),
                files=request.FILES.getlist("files"),
            )
        except DomainError as exc:
            context.update(data=post, error=exc.message, error_code=exc.code)
        else:
            return redirect("directives:request", pk=row.pk)
    box = request.GET.get("box", "inbox" if handler else "all")
    today, calendar = timesource.today(), current_calendar()
    pages = paginate(request, _box(request, box).order_by("status", "due_on", "id"))
    context.update(
        pages,
        rows=[
            {"r": r, "light": request_light(r, today, calendar)}
            for r in pages["page_obj"].object_list
        ],
        box=box,
        boxes=BOXES,
        handler=handler,
        kinds=RequestKind.choices,
        departments=departments(),
        overdue_count=overdue_requests(_box(request, box), today).count(),
        upload_accept=uploads.ACCEPT,
    )
    return render(request, "directives/requests.html", context)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *REQUEST_READERS)
    try:
        row = request_for(request.user, pk)
    except NotFound:
        raise Http404("请示不存在或无权查看") from None
    unit = unit_of(request.user) if has_perm(request.user, HANDLE) else None
    files = list(row.files.all())
    context = {
        "r": row,
        "light": request_light(row, timesource.today(), current_calendar()),
        "transfers": list(row.transfer_log.select_related("from_department", "to_department")),
        "request_files": [f for f in files if f.part == "request"],
        "answer_files": [f for f in files if f.part == "answer"],
        "can_handle": unit is not None
        and unit.pk == row.holder_id
        and row.status == RequestStatus.PENDING,
        "departments": departments(),
        "upload_accept": uploads.ACCEPT,
    }
    return render(request, "directives/request.html", context)


def _answer(request: HttpRequest, pk: int) -> Any:
    return actions.answer_request(
        actor=request.user,
        request_id=pk,
        answer=request.POST.get("answer", ""),
        files=request.FILES.getlist("files"),
    )


def _transfer(request: HttpRequest, pk: int) -> Any:
    return actions.transfer_request(
        actor=request.user,
        request_id=pk,
        to_department_id=request.POST.get("to_department_id", ""),
        reason=request.POST.get("reason", ""),
    )


REQUEST_STEPS = {"answer": (_answer, "已答复"), "transfer": (_transfer, "已转办（答复时限不变）")}


@login_required
@require_POST
def request_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, HANDLE)
    if name not in REQUEST_STEPS:
        raise Http404
    step, done = REQUEST_STEPS[name]
    return post_action(
        request,
        lambda: step(request, pk),
        done,
        to="directives:request",
        missing_is_404=True,
        pk=pk,
    )
