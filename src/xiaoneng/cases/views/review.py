"""审查决定: the reviewer's and the head's desk — the bureau's cases in
handling by time left, extension requests awaiting the head, and the opinions
the bureau owes on other departments' parallel cases."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.forms import QueueSearchForm
from xiaoneng.cases.labels import case_rows
from xiaoneng.cases.selectors import (
    DESK_LISTED,
    IN_HANDLING,
    bureau_cases_in_handling,
    extensions_to_approve,
    opinions_owed,
)
from xiaoneng.core import timesource
from xiaoneng.org.authority import has_perm
from xiaoneng.web.access import require_perm
from xiaoneng.web.paging import paginate

from .shared import by_urgency, search

# Who works at this desk: reviewers, deciders and the extensions' approvers.
DESK_PERMISSIONS = ("case.review", "case.decide", "case.extend.approve", "leader.approve")


@login_required
def desk_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, *DESK_PERMISSIONS)
    actor = request.user
    today, calendar = timesource.today(), current_calendar()
    form = QueueSearchForm(request.GET, statuses=[(s.value, s.label) for s in IN_HANDLING])
    form.is_valid()
    mine = bureau_cases_in_handling(actor)
    pages = paginate(
        request,
        by_urgency(
            search(mine, form.cleaned_data.get("q", ""), form.cleaned_data.get("status", ""))
        ),
    )
    can_approve = has_perm(actor, "case.extend.approve") or has_perm(actor, "leader.approve")
    approvals = []
    if can_approve:
        pending = extensions_to_approve(actor)
        approvals = case_rows(by_urgency(pending)[:DESK_LISTED], today, calendar)
    opinions = opinions_owed(actor)
    # The government's head comes here only to approve extensions (延期审批).
    approver_only = not any(has_perm(actor, p) for p in ("case.review", "case.decide"))
    context = {
        "desk_title": "延期审批" if approver_only else "审查决定",
        "approver_only": approver_only,
        "form": form,
        "rows": case_rows(pages["page_obj"].object_list, today, calendar),
        "approvals": approvals,
        "can_approve": can_approve,
        "opinions": opinions,
        "today": today,
        "total": pages["page_obj"].paginator.count,
        **pages,
    }
    return render(request, "cases/review_desk.html", context)
