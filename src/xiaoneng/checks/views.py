"""明察暗访 pages. Staff: the bureau's plans (secret: `check.manage` only),
a plan with its team and findings, the findings desk (the bureau: every
finding with its report deadline's light, overdue first; a checked unit:
its own notified findings) and a finding's page with each step. Public: the
exposure page (曝光台), published findings only, without staff names."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.org.models import Department, User
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page

from . import actions
from .models import AWAITING_REPORT, FindingKind, FindingStatus, PlanStatus
from .selectors import (
    MANAGE,
    READ_PERMISSIONS,
    RECTIFY,
    by_urgency,
    evidence_for,
    finding_for,
    findings_for,
    open_evidence,
    overdue,
    plan_for,
    plans_for,
    public_row,
    published_findings,
    time_left,
)

STATES = (("open", "待报送整改"), ("overdue", "逾期未报送"), ("all", "全部"))


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _moment(value: str) -> datetime | None:
    """A `datetime-local` input: Beijing time."""
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


# --- plans (check.manage) ------------------------------------------------------------


def _plan_form() -> dict[str, Any]:
    return {
        "departments": list(
            Department.objects.filter(active=True).order_by("ancestors", "sort", "code")
        ),
        "data": {},
        "chosen": [],
        "error": "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    """明察暗访计划: the list, and a new plan."""
    require_perm(request, MANAGE)
    context = _plan_form()
    if request.method == "POST":
        data = {k: request.POST.get(k, "") for k in ("title", "focus", "start", "end")}
        chosen = request.POST.getlist("departments")
        try:
            row = actions.create_plan(
                actor=request.user,
                title=data["title"],
                focus=data["focus"],
                period_start=_date(data["start"]),  # type: ignore[arg-type]  # checked there
                period_end=_date(data["end"]),  # type: ignore[arg-type]
                department_ids=chosen,
            )
        except DomainError as exc:
            context.update(data=data, chosen=chosen, error=exc.message, error_code=exc.code)
        else:
            return redirect("checks:plan", pk=row.pk)
    pages = paginate(request, plans_for(request.user).order_by("-id"))
    return render(request, "checks/plans.html", {**context, **pages})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    try:
        plan = plan_for(request.user, pk)
    except NotFound:
        raise Http404("检查计划不存在或无权查看") from None
    today, calendar = timesource.today(), current_calendar()
    rows = list(plan.findings.select_related("department").order_by("-id"))
    context = {
        "plan": plan,
        "targets": list(plan.targets.order_by("ancestors", "sort", "code")),
        "members": list(plan.members.all()),
        "staff": list(
            User.objects.filter(is_active=True, department__isnull=False).order_by("username")
        ),
        "rows": [{"f": f, "light": time_left(f, today, calendar)} for f in rows],
        "kinds": FindingKind.choices,
        "can_record": plan.status in (PlanStatus.APPROVED, PlanStatus.IN_PROGRESS),
        "upload_accept": uploads.ACCEPT,
    }
    return render(request, "checks/plan_detail.html", context)


def _record(request: HttpRequest, pk: int) -> Any:
    post = request.POST
    return actions.record_finding(
        actor=request.user,
        plan_id=pk,
        department_id=post.get("department_id", ""),
        kind=post.get("kind", ""),
        observed_at=_moment(post.get("observed_at", "")),  # type: ignore[arg-type]  # checked there
        place=post.get("place", ""),
        description=post.get("description", ""),
        staff_name=post.get("staff_name", ""),
        photos=request.FILES.getlist("photos"),
    )


PLAN_STEPS: dict[str, tuple[Any, str]] = {
    "member": (
        lambda r, pk: actions.add_team_member(
            actor=r.user,
            plan_id=pk,
            user_id=r.POST.get("user_id", ""),
            leader=r.POST.get("leader") == "1",
        ),
        "已加入检查组",
    ),
    "approve": (lambda r, pk: actions.approve_plan(actor=r.user, plan_id=pk), "计划已批准"),
    "close": (lambda r, pk: actions.close_plan(actor=r.user, plan_id=pk), "计划已完成"),
    "finding": (_record, "已记录发现的问题"),
}


@login_required
@require_POST
def plan_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, MANAGE)
    if name not in PLAN_STEPS:
        raise Http404
    fn, done = PLAN_STEPS[name]
    return post_action(
        request, lambda: fn(request, pk), done, to="checks:plan", missing_is_404=True, pk=pk
    )


# --- findings: the bureau and the unit checked ------------------------------------------


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    """明察暗访问题台: reports owed first, earliest deadline first, with lights."""
    require_perm(request, *READ_PERMISSIONS)
    state = request.GET.get("state", "open")
    qs = findings_for(request.user)
    today, calendar = timesource.today(), current_calendar()
    if state == "open":
        qs = qs.filter(status__in=AWAITING_REPORT)
    elif state == "overdue":
        qs = overdue(qs, today)
    elif state in FindingStatus.values:
        qs = qs.filter(status=state)
    pages = paginate(request, by_urgency(qs))
    context = {
        "rows": [
            {"f": f, "light": time_left(f, today, calendar)} for f in pages["page_obj"].object_list
        ],
        **pages,
        "state": state,
        "states": STATES,
        "statuses": FindingStatus.choices,
        "overdue_count": overdue(findings_for(request.user), today).count(),
        "bureau": has_perm(request.user, MANAGE),
    }
    return render(request, "checks/findings.html", context)


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = finding_for(request.user, pk)
    except NotFound:
        raise Http404("问题不存在或无权查看") from None
    bureau = has_perm(request.user, MANAGE)
    own = has_perm(request.user, RECTIFY) and covers_department(request.user, row.department_id)
    context = {
        "f": row,
        "light": time_left(row, timesource.today(), current_calendar()),
        "evidence": list(row.evidence.all()),
        "reports": list(row.reports.select_related("submitted_by", "reviewed_by")),
        "bureau": bureau,
        "can_report": own and row.status in AWAITING_REPORT,
        "upload_accept": uploads.ACCEPT,
    }
    return render(request, "checks/finding_detail.html", context)


FINDING_STEPS: dict[str, tuple[Any, str]] = {
    "notify": (
        lambda r, pk: actions.notify_finding(actor=r.user, finding_id=pk),
        "已通报被检查单位",
    ),
    "publish": (
        lambda r, pk: actions.publish_finding(
            actor=r.user, finding_id=pk, summary=r.POST.get("summary", "")
        ),
        "已批准曝光",
    ),
    "evidence": (
        lambda r, pk: actions.add_evidence(
            actor=r.user, finding_id=pk, file=r.FILES.get("file"), caption=r.POST.get("caption", "")
        ),
        "证据已上传",
    ),
    "report": (
        lambda r, pk: actions.submit_rectification(
            actor=r.user, finding_id=pk, report=r.POST.get("report", "")
        ),
        "整改情况已报送",
    ),
    "verify": (
        lambda r, pk: actions.verify_rectification(
            actor=r.user, finding_id=pk, note=r.POST.get("note", "")
        ),
        "整改情况已核实",
    ),
    "return": (
        lambda r, pk: actions.return_rectification(
            actor=r.user, finding_id=pk, note=r.POST.get("note", "")
        ),
        "整改情况已退回",
    ),
}


@login_required
@require_POST
def finding_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    if name not in FINDING_STEPS:
        raise Http404
    fn, done = FINDING_STEPS[name]
    return post_action(
        request, lambda: fn(request, pk), done, to="checks:finding", missing_is_404=True, pk=pk
    )


@login_required
def evidence_download(request: HttpRequest, pk: int, eid: int) -> FileResponse:
    try:
        row = evidence_for(request.user, pk, eid)
        stream = open_evidence(row)
    except NotFound:
        raise Http404("证据材料不存在或无权查看") from None
    return FileResponse(
        stream, as_attachment=True, filename=row.filename, content_type=row.content_type
    )


# --- public ------------------------------------------------------------


def exposures(request: HttpRequest) -> HttpResponse:
    """曝光台: the findings the bureau approved for publication. Staff are
    not named (PIPL; see `selectors.public_row`)."""
    pages = paginate(request, published_findings())
    today = timesource.today()
    rows = [public_row(r, today) for r in pages["page_obj"].object_list]
    return public_page(request, "checks/exposures.html", {"rows": rows, **pages})
