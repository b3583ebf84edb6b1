"""Batch work on the supervision lists (web.batch): the ticked anomalies
explained with one text or closed, the ticked overdue cases urged with one
order each, the ticked notifications marked read. Every row goes through
its own action, which checks the actor's permission and scope for that row;
the page reports what went through and what was refused, and why."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType
from xiaoneng.web.access import require_perm
from xiaoneng.web.batch import flash_batch, run_each, selected_ids
from xiaoneng.web.outcome import redirect_within

from . import actions


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    return redirect_within(request, request.POST.get("next", ""), fallback)


def _due(request: HttpRequest) -> date | None:
    try:
        return date.fromisoformat(request.POST.get("due_on", ""))
    except ValueError:
        return None


@login_required
@require_POST
@operation("批量提交异常情况说明", BusinessType.UPDATE)
def anomalies_explain_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "supervision.reply")
    text = request.POST.get("explanation", "")
    result = run_each(
        selected_ids(request),
        lambda pk: actions.explain_anomaly(actor=request.user, anomaly_id=pk, explanation=text),
    )
    flash_batch(request, result, done="已提交情况说明")
    return _back(request, "supervision:anomalies")


@login_required
@require_POST
@operation("批量办结异常", BusinessType.UPDATE)
def anomalies_close_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "supervision.manage")
    note = request.POST.get("note", "")
    result = run_each(
        selected_ids(request),
        lambda pk: actions.close_anomaly(actor=request.user, anomaly_id=pk, note=note),
    )
    flash_batch(request, result, done="已办结")
    return _back(request, "supervision:anomalies")


@login_required
@require_POST
@operation("批量发出督办", BusinessType.CREATE)
def cases_urge_view(request: HttpRequest) -> HttpResponse:
    """督办 for each ticked case, one order each, to its handling department."""
    require_perm(request, "supervision.manage")
    due = _due(request)
    if due is None:
        messages.error(request, "请填写答复期限")
        return _back(request, "supervision:desk")
    text = request.POST.get("text", "")
    result = run_each(
        selected_ids(request),
        lambda pk: actions.issue_order(
            actor=request.user, case_id=pk, kind="urge", text=text, due_on=due
        ),
    )
    flash_batch(request, result, done="已发出督办通知", unit="件")
    return _back(request, "supervision:desk")


@login_required
@require_POST
def notifications_read_view(request: HttpRequest) -> HttpResponse:
    """The ticked messages read (or all unread ones, from the page's button)."""
    ids = None if request.POST.get("all") == "1" else selected_ids(request)
    if ids == []:
        messages.error(request, "请先勾选要标为已读的通知")
        return _back(request, "supervision:notifications")
    count = actions.mark_read(actor=request.user, ids=ids)
    messages.success(request, f"已将 {count} 条通知标记为已读")
    return _back(request, "supervision:notifications")
