"""考核评比 desks. The 督查室 (`appraisal.manage`): bulletins, quarter
rankings, half-year inspections, year-end results (compute, review,
approve, publish) and the public task board. The organisation department
(`appraisal.results`): approved year-end results, the report (.xlsx and the
GB/T 9704 PDF), 兑现. Every step posts to one action (`run_record_step`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from xiaoneng.core.errors import NotFound
from xiaoneng.documents.responses import stored_pdf_response
from xiaoneng.org.models import Department
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action, run_record_step

from . import actions, selectors
from .actions.common import MANAGE, RESULTS
from .documents import bulletin_stored, result_pdf
from .exports import quarter_xlsx, year_xlsx
from .formula import GRADES
from .models import PublicationKind, RewardKind, YearStatus
from .parts import PARTS


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _found(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except NotFound:
        raise Http404 from None


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """考核评比 (督查室): every piece of the cycle on one page."""
    require_perm(request, MANAGE)
    user = request.user
    context = {
        "bulletins": list(selectors.bulletins_for(user)[:24]),
        "quarters": list(selectors.quarters_for(user)[:12]),
        "inspections": list(selectors.inspections_for(user)[:6]),
        "results": list(selectors.results_for(user)[:6]),
        "boards": list(selectors.published(PublicationKind.TASKS)[:5]),
        "months": range(1, 13),
    }
    return render(request, "appraisal/desk.html", context)


DESK_STEPS: dict[str, tuple[Any, str]] = {
    "bulletin": (
        lambda r: actions.generate_bulletin(
            actor=r.user, year=r.POST.get("year"), month=r.POST.get("month")
        ),
        "月通报已生成",
    ),
    "quarter": (
        lambda r: actions.compute_quarter_ranking(
            actor=r.user, year=r.POST.get("year"), quarter=r.POST.get("quarter")
        ),
        "季度评比已计算",
    ),
    "inspection": (
        lambda r: actions.create_inspection(
            actor=r.user,
            year=r.POST.get("year"),
            half=r.POST.get("half"),
            team=r.POST.get("team", ""),
            started_on=_date(r.POST.get("started_on", "")),  # type: ignore[arg-type]
            ended_on=_date(r.POST.get("ended_on", "")),  # type: ignore[arg-type]
        ),
        "半年检查已登记",
    ),
    "year": (
        lambda r: actions.compute_year(actor=r.user, year=r.POST.get("year")),
        "年终考核已计算",
    ),
    "board": (
        lambda r: actions.publish_task_board(actor=r.user, year=r.POST.get("year")),
        "重点工作与为民办实事进展已公布",
    ),
}


@login_required
@require_POST
def desk_step(request: HttpRequest, name: str) -> HttpResponse:
    require_perm(request, MANAGE)
    if name not in DESK_STEPS:
        raise Http404
    fn, done = DESK_STEPS[name]
    return post_action(request, lambda: fn(request), done, to="appraisal:desk")


@login_required
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    row = _found(selectors.bulletin_for, request.user, pk)
    return render(request, "appraisal/bulletin.html", {"b": row})


@login_required
def bulletin_document(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    row = _found(selectors.bulletin_for, request.user, pk)
    name = f"月通报{row.year}-{row.month:02d}.pdf"
    return stored_pdf_response(request, bulletin_stored(row), name, attachment=True)


@login_required
def quarter(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    row = _found(selectors.quarter_for, request.user, pk)
    context = {"q": row, "rows": selectors.ranked_units(row.rows.all())}
    return render(request, "appraisal/quarter.html", context)


@login_required
def quarter_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    row = _found(selectors.quarter_for, request.user, pk)
    names = selectors.unit_names(row.rows.values_list("department_id", flat=True))
    return _download(quarter_xlsx(row, names), f"季度评比{row.year}-Q{row.quarter}.xlsx", XLSX)


@login_required
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE)
    row = _found(selectors.inspection_for, request.user, pk)
    context = {
        "i": row,
        "findings": list(row.findings.select_related("department")),
        "departments": list(
            Department.objects.filter(active=True, kind__in=("county", "department")).order_by(
                "kind", "sort", "code"
            )
        ),
    }
    return render(request, "appraisal/inspection.html", context)


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """A year-end result: the 督查室 reviews and approves it; the organisation
    department reads it once approved, downloads the report, records 兑现."""
    require_perm(request, MANAGE, RESULTS)
    row = _found(selectors.result_for, request.user, pk)
    lines = selectors.ranked_units(row.rows.prefetch_related("rewards"))
    context = {
        "r": row,
        "rows": lines,
        "grades": GRADES,
        "parts": PARTS,
        "reward_kinds": RewardKind.choices,
        "manages": selectors.manages(request.user),
        "can_reward": row.status != YearStatus.DRAFT,
    }
    return render(request, "appraisal/result.html", context)


@login_required
def result_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE, RESULTS)
    row = _found(selectors.result_for, request.user, pk)
    names = selectors.unit_names(row.rows.values_list("department_id", flat=True))
    return _download(year_xlsx(row, names), f"年终考核结果{row.year}.xlsx", XLSX)


@login_required
def result_document(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, MANAGE, RESULTS)
    row = _found(selectors.result_for, request.user, pk)
    names = selectors.unit_names(row.rows.values_list("department_id", flat=True))
    data = _found(result_pdf, row, names)
    return _download(data, f"年终考核结果报告{row.year}.pdf", "application/pdf")


@login_required
def results(request: HttpRequest) -> HttpResponse:
    """年终考核结果 (组织部门): the approved and published results."""
    require_perm(request, MANAGE, RESULTS)
    return render(
        request, "appraisal/results.html", {"results": list(selectors.results_for(request.user))}
    )


RECORD_STEPS: dict[str, dict[str, tuple[Any, ...]]] = {
    "bulletins": {
        "issue": (
            actions.issue_bulletin,
            "月通报已印发",
            lambda p: {"text": p.get("text", ""), "number": p.get("number", "")},
        ),
    },
    "quarters": {"publish": (actions.publish_quarter, "季度评比已公布")},
    "inspections": {
        "finding": (
            actions.record_inspection_finding,
            "已记录发现的问题",
            lambda p: {
                "department_id": p.get("department_id", ""),
                "text": p.get("text", ""),
                "points": p.get("points", ""),
                "evidence": p.get("evidence", ""),
            },
        ),
    },
    "years": {
        "recompute": (
            lambda *, actor, result_id: actions.compute_year(
                actor=actor, year=selectors.result_for(actor, result_id).year
            ),
            "年终考核已重新计算",
        ),
        "approve": (actions.approve_year, "年终考核结果已审定"),
        "publish": (actions.publish_year, "年终考核结果已公布"),
        "reward": (
            actions.record_reward,
            "奖惩兑现已登记",
            lambda p: {
                "department_id": p.get("department_id", ""),
                "kind": p.get("kind", ""),
                "text": p.get("text", ""),
                "document": p.get("document", ""),
            },
        ),
    },
}
KEYS = {"bulletins": "bulletin_id", "quarters": "ranking_id", "inspections": "inspection_id"}
PAGES = {
    "bulletins": "appraisal:bulletin",
    "quarters": "appraisal:quarter",
    "inspections": "appraisal:inspection",
    "years": "appraisal:result",
}


@login_required
@require_POST
def record_step(request: HttpRequest, kind: str, pk: int, name: str) -> HttpResponse:
    if kind not in RECORD_STEPS:
        raise Http404
    # Seeing a row is not acting on it: each action checks its own step.
    require_perm(request, MANAGE, *((RESULTS,) if kind == "years" else ()))
    return run_record_step(
        request,
        RECORD_STEPS[kind],
        name,
        key=KEYS.get(kind, "result_id"),
        pk=pk,
        to=PAGES[kind],
    )
