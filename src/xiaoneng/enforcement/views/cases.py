"""The penalty case desks under /enforcement/: the body's cases with status
tabs and lights, the officer's own first (`enforcement:cases`); the phone
forms (`new_clue`, `simple`: views/cases_forms.py); the case's page and its
steps (views/cases_page.py); the head's desk (`head_desk`: clues to
register, cases to decide, limits running out) and the legal office's
review desk (`review_desk`); evidence downloads in scope (`evidence_file`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.enforcement import actions, gates
from xiaoneng.enforcement.common import ACT, DECIDE, LEGALITY
from xiaoneng.enforcement.selectors import cases as read
from xiaoneng.org.authority import has_perm
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

from . import cases_forms, cases_page
from .cases_tabs import case_tabs


def _rows(cases: Any) -> list[dict[str, Any]]:
    today, calendar = timesource.today(), current_calendar()
    return [{"c": c, "light": read.case_light(c, today, calendar)} for c in cases]


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    """执法案件: the cases in the actor's scope on a status tab."""
    require_perm(request, *read.READ_PERMISSIONS)
    tab = request.GET.get("tab", "open")
    tab = tab if tab in read.TABS else "open"
    pages = paginate(request, read.desk_cases(request.user, tab))
    context = {
        **pages,
        "rows": _rows(pages["page_obj"].object_list),
        "tab": tab,
        "status_tabs": [(key, label) for key, (label, _) in read.TABS.items()],
        "can_act": has_perm(request.user, ACT),
        **case_tabs(request),
    }
    return render(request, "enforcement/cases/list.html", context)


@login_required
def head_desk(request: HttpRequest) -> HttpResponse:
    """负责人审批: clues to register, cases to decide, the others running."""
    require_perm(request, DECIDE)
    desk = read.head_desk(request.user)
    context = {name: _rows(qs[:50]) for name, qs in desk.items()}
    context.update(case_tabs(request))
    return render(request, "enforcement/cases/head_desk.html", context)


@login_required
def review_desk(request: HttpRequest) -> HttpResponse:
    """法制审核: pending rounds with the case's running deadline, recent opinions."""
    require_perm(request, LEGALITY)
    today, calendar = timesource.today(), current_calendar()
    pages = paginate(request, read.pending_reviews(request.user))
    rows = [
        {
            "r": r,
            "light": read.case_light(r.case, today, calendar),
            "grounds": [
                gates.REVIEW_GROUNDS[g] for g in gates.review_grounds(read.facts_of(r.case))
            ],
        }
        for r in pages["page_obj"].object_list
    ]
    context = {
        **pages,
        "rows": rows,
        "recent": read.recent_reviews(request.user),
        **case_tabs(request),
    }
    return render(request, "enforcement/cases/review_desk.html", context)


@login_required
@require_POST
def review_step(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, LEGALITY)
    post = request.POST
    return post_action(
        request,
        lambda: actions.review_case(
            actor=request.user,
            review_id=pk,
            passed=post.get("result") == "passed",
            opinion=post.get("opinion", ""),
        ),
        "已出具法制审核意见",
        to="enforcement:review_desk",
        missing_is_404=True,
    )


@login_required
def evidence_file(request: HttpRequest, pk: int, file: int) -> FileResponse:
    require_perm(request, *read.READ_PERMISSIONS)
    try:
        row = read.evidence_file_for(request.user, pk, file)
        stream = read.open_evidence_file(row)
    except NotFound:
        raise Http404("证据文件不存在或无权查看") from None
    return FileResponse(
        stream, as_attachment=True, filename=row.filename, content_type=row.content_type
    )


urlpatterns = [
    path("", cases, name="cases"),
    path("new/", cases_forms.new_clue, name="new_clue"),
    path("simple/", cases_forms.simple, name="simple"),
    path("head/", head_desk, name="head_desk"),
    path("review/", review_desk, name="review_desk"),
    path("review/<int:pk>/", review_step, name="review"),
    path("<int:pk>/", cases_page.case_page, name="case"),
    path("<int:pk>/reveal/", cases_page.reveal, name="reveal_party"),
    path("<int:pk>/evidence/", cases_page.evidence, name="evidence"),
    path("<int:pk>/evidence/<int:file>/", evidence_file, name="evidence_file"),
    path(
        "<int:pk>/statements/<int:statement>/",
        cases_page.answer_statement,
        name="answer_statement",
    ),
    path("<int:pk>/<str:name>/", cases_page.case_step, name="case_step"),
]
