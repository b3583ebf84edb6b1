"""问责 pages. Staff: the desk (the supervision bureau's cases, the cases
referred to the organisation, a unit's own once it is told), a case's page
with the step each reader may take, opening a case, the 问责决定书 PDF, a
person's record (the organisation role and the person only). Public: the
通报批评 bulletins at /accountability/bulletins/."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.documents.errors import DocumentFontMissing, DocumentGlyphMissing
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.org.models import Department
from xiaoneng.system.params import get_param
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import run_record_step
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page

from . import actions, service
from .api import decision_response
from .leads import open_leads
from .models import (
    OPEN_STATUSES,
    AccountabilityCase,
    AppealOutcome,
    MeasureKind,
    RectificationStatus,
    Rule,
    SourceKind,
    Status,
    SubjectKind,
)
from .selectors import (
    bulletin,
    case_for,
    cases_for,
    people_with_records,
    published_bulletins,
    record_of,
    rectification_light,
)

SUBJECT_ROWS = 3


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """问责案件: what the reader may see, open first, newest first."""
    status = request.GET.get("status", "open")
    qs = cases_for(request.user)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "rectification_overdue":
        qs = qs.filter(
            rectification=RectificationStatus.RUNNING, rectification_due_on__lt=timesource.today()
        )
    elif status in Status.values:
        qs = qs.filter(status=status)
    pages = paginate(request, qs)
    today, calendar = timesource.today(), current_calendar()
    rows = [
        {"r": r, "light": rectification_light(r, today, calendar)}
        for r in pages["page_obj"].object_list
    ]
    context = {
        **pages,
        "rows": rows,
        "status": status,
        "statuses": Status.choices,
        "can_open": has_perm(request.user, "accountability.manage"),
        "leads": open_leads(request.user) if pages["page_obj"].number == 1 else [],
    }
    return render(request, "accountability/desk.html", context)


def _subjects_posted(post: Any) -> list[dict[str, Any]]:
    rows = []
    for i in range(SUBJECT_ROWS):
        kind = post.get(f"s{i}_kind", "")
        name = post.get(f"s{i}_name", "").strip()
        user_id = post.get(f"s{i}_user", "").strip()
        if not kind or (kind != SubjectKind.UNIT and not name and not user_id):
            continue
        rows.append(
            {
                "kind": kind,
                "name": name,
                "position": post.get(f"s{i}_position", ""),
                "user_id": int(user_id) if user_id.isdigit() else None,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def open_case(request: HttpRequest) -> HttpResponse:
    """立案: from a source (linked by its number) or directly. Source pages
    link here as /accountability/new/?source_kind=<kind>&source_ref=<number>."""
    require_perm(request, "accountability.manage")
    context: dict[str, Any] = {
        "sources": SourceKind.choices,
        "subject_kinds": SubjectKind.choices,
        "subject_rows": range(SUBJECT_ROWS),
        "departments": Department.objects.filter(active=True).order_by("kind", "sort"),
        "rules": Rule.objects.filter(active=True),
        # A source page links here prefilled: ?source_kind=complaint&source_ref=TS….
        "data": {k: request.GET.get(k, "") for k in ("source_kind", "source_ref")},
        "error": "",
    }
    if request.method == "POST":
        post = request.POST
        try:
            row = actions.open_case(
                actor=request.user,
                source_kind=post.get("source_kind", ""),
                source_ref=post.get("source_ref", ""),
                title=post.get("title", ""),
                facts=post.get("facts", ""),
                subjects=_subjects_posted(post),
                rule_ids=post.getlist("rule_ids"),
                department_id=post.get("department_id") or None,
            )
        except DomainError as exc:
            context.update(data=post.dict(), error=exc.message)
        else:
            return redirect("accountability:detail", pk=row.pk)
    return render(request, "accountability/open.html", context)


def _can(user: Any, row: AccountabilityCase) -> dict[str, bool]:
    """Which forms the page offers (the actions check again)."""
    unit = has_perm(user, "accountability.respond") and covers_department(user, row.department_id)
    person = any(s.user_id == user.pk for s in row.subjects.all())
    referral = row.measure is not None and row.measure.authority == "referral"
    return {
        "manage": has_perm(user, "accountability.manage"),
        "decide": has_perm(user, "accountability.decide"),
        "refer": has_perm(user, "accountability.refer"),
        "records": has_perm(user, "accountability.records"),
        "answer": unit or person,
        "appeal_decide": has_perm(
            user, "accountability.refer" if referral else "accountability.decide"
        ),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        row = case_for(request.user, pk)
    except NotFound:
        raise Http404("问责案件不存在或无权查看") from None
    today = timesource.today()
    context = {
        "r": row,
        "can": _can(request.user, row),
        "light": rectification_light(row, today, current_calendar()),
        "measures": MeasureKind.objects.filter(active=True),
        "outcomes": AppealOutcome.choices,
        "today": today,
        "statement_days": get_param("accountability.statement_days"),
    }
    return render(request, "accountability/detail.html", context)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _days(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


STEPS: dict[str, tuple[Any, str, Any]] = {
    "statement_request": (actions.request_statement, "已告知陈述申辩", lambda p: {}),
    "statement": (
        actions.submit_statement,
        "已提交陈述申辩意见",
        lambda p: {"text": p.get("text", "")},
    ),
    "propose": (
        actions.propose_measure,
        "已拟定问责方式",
        lambda p: {
            "measure_code": p.get("measure_code", ""),
            "proposal": p.get("proposal", ""),
            "rectify_days": _days(p.get("rectify_days", "")),
        },
    ),
    "decide": (
        actions.decide_measure,
        "已批准问责决定",
        lambda p: {"decision_text": p.get("decision_text", "")},
    ),
    "refer": (actions.refer_case, "已移送", lambda p: {"referred_to": p.get("referred_to", "")}),
    "referral_result": (
        actions.register_referral_result,
        "已登记移送处理结果",
        lambda p: {
            "adopted": p.get("adopted") == "1",
            "decision_body": p.get("decision_body", ""),
            "decision_text": p.get("decision_text", ""),
        },
    ),
    "dismiss": (actions.dismiss_case, "已决定不予问责", lambda p: {"reason": p.get("reason", "")}),
    "serve": (
        service.serve_decision,
        "已送达问责决定书",
        lambda p: {"served_on": _date(p.get("served_on", ""))},
    ),
    "appeal": (service.file_appeal, "已提出申诉", lambda p: {"reason": p.get("reason", "")}),
    "appeal_decision": (
        service.decide_appeal,
        "已作出申诉处理决定",
        lambda p: {
            "outcome": p.get("outcome", ""),
            "note": p.get("note", ""),
            "measure_code": p.get("measure_code", ""),
        },
    ),
    "rectification": (
        service.report_rectification,
        "已报送整改情况",
        lambda p: {"report": p.get("report", "")},
    ),
    "verify": (
        service.verify_rectification,
        "已核实整改情况",
        lambda p: {"accepted": p.get("accepted") == "1", "note": p.get("note", "")},
    ),
    "close": (service.close_case, "问责案件已办结", lambda p: {"note": p.get("note", "")}),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    return run_record_step(request, STEPS, name, key="case_id", pk=pk, to="accountability:detail")


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        return decision_response(case_for(request.user, pk))
    except NotFound as exc:
        raise Http404(exc.message) from None
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return render(request, "documents/unavailable.html", {"error": exc}, status=exc.status)


@login_required
def record(request: HttpRequest, user_id: int) -> HttpResponse:
    """个人问责记录: the organisation role and the person; 404 for anyone else."""
    try:
        person, rows = record_of(request.user, user_id)
    except NotFound:
        raise Http404("没有该人员的问责记录或无权查看") from None
    return render(request, "accountability/record.html", {"person": person, "rows": rows})


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    return record(request, request.user.pk or 0)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """The persons with measures in force (the organisation role)."""
    require_perm(request, "accountability.records")
    return render(request, "accountability/people.html", paginate(request, people_with_records()))


# --- public ------------------------------------------------------------------------


def bulletins(request: HttpRequest) -> HttpResponse:
    """通报批评 (public)."""
    pages = paginate(request, published_bulletins())
    return public_page(request, "accountability/bulletins.html", pages)


def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        row = bulletin(pk)
    except NotFound:
        raise Http404("通报不存在") from None
    return public_page(request, "accountability/bulletin.html", {"r": row})
