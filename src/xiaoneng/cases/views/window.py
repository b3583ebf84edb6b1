"""窗口工作台 · 收件受理: the queue of the bureau's open cases, and intake on
the spot — receive, then accept (an instant item finishes at once) or issue
the one-time notice listing exactly what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions
from xiaoneng.cases.forms import IntakeForm, ItemSearchForm, QueueSearchForm
from xiaoneng.cases.labels import STATUS_TAGS, case_rows
from xiaoneng.cases.models import OPEN_STATUSES, Case, CaseStatus
from xiaoneng.cases.selectors import bureau_item, bureau_items, open_case_counts, open_cases
from xiaoneng.catalog.models import ApprovalItem, ItemMaterial
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.org.authority import unit_of
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import current_form_token, form_token_valid, once, spend_form_token
from xiaoneng.web.paging import paginate

from .attachments import attach_all, files_for_materials, upload_notes
from .shared import by_urgency, search, visible_case

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

TOKENS = "cases.intake_tokens"


@login_required
def queue_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "case.intake")
    statuses = [(s.value, s.label) for s in OPEN_STATUSES]
    form = QueueSearchForm(request.GET, statuses=statuses)
    form.is_valid()
    query, status = form.cleaned_data.get("q", ""), form.cleaned_data.get("status", "")
    counts = open_case_counts(request.user)
    pages = paginate(request, by_urgency(search(open_cases(request.user), query, status)))
    rows = case_rows(pages["page_obj"].object_list, timesource.today(), current_calendar())
    return render(
        request,
        "cases/window_queue.html",
        {"form": form, "counts": counts, "rows": rows, **pages},
    )


@dataclass
class Outcome:
    """What a window intake came to; `query_code` is shown on this page only."""

    case: Case
    query_code: str
    kind: str  # accepted / instant / notice / received (the second step failed)
    missing: list[str]
    error: DomainError | None = None
    upload_problems: list[str] = field(default_factory=list)


def receive(
    actor: Actor,
    item: ApprovalItem,
    form: IntakeForm,
    missing: list[str],
    chosen: list[tuple[ItemMaterial, Any]] | None = None,
) -> Outcome:
    """收件 (with the electronic materials handed in), then at once 受理 or
    一次性告知 (each an action of its own)."""
    data = form.cleaned_data
    case, query_code = actions.submit_application(
        actor=actor,
        item_code=item.code,
        applicant_name=data["applicant_name"],
        applicant_phone=data["applicant_phone"],
        summary=data["summary"],
        materials_received=form.received(),
        **form.certificate(),
    )
    outcome = Outcome(case, query_code, "received", missing)
    outcome.upload_problems = attach_all(actor, case, chosen or [])
    try:
        if missing:
            actions.issue_supplement_notice(actor=actor, case_id=case.pk, missing=missing)
            outcome.kind = "notice"
        else:
            actions.accept_case(actor=actor, case_id=case.pk)
            outcome.kind = "accepted"
    except DomainError as exc:
        outcome.error = exc
    outcome.case = visible_case(actor, case.pk)
    if outcome.case.status == CaseStatus.DELIVERED:
        outcome.kind = "instant"
    return outcome


@login_required
@require_http_methods(["GET", "POST"])
@operation("窗口收件", BusinessType.CREATE)
def intake_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "case.intake")
    code = request.POST.get("item") or request.GET.get("item") or ""
    if not code:
        return _choose_item(request)
    item = bureau_item(request.user, code)
    if item is None:
        raise Http404("事项不存在、未发布或不属于本部门")
    materials = list(item.materials.all())
    form = IntakeForm(request.POST or None, materials=materials)
    offer: list[str] = []
    error: DomainError | None = None
    if request.method == "POST":
        if not form_token_valid(request, TOKENS):
            messages.warning(
                request, "该收件表单已提交，请勿重复提交；如需继续收件请重新打开收件页面。"
            )
            return redirect("cases:window")
        if form.is_valid():
            missing = form.missing()
            if missing and not request.POST.get("confirm_notice"):
                offer = missing  # ask before the one notice the law allows is spent
            else:
                try:
                    chosen = files_for_materials(request, materials)
                    outcome = receive(request.user, item, form, missing, chosen)
                except DomainError as exc:
                    error = exc
                else:
                    spend_form_token(request, TOKENS)
                    for problem in outcome.upload_problems:
                        messages.warning(request, problem)
                    context = {
                        "outcome": outcome,
                        "status_css": STATUS_TAGS.get(outcome.case.status, ""),
                    }
                    return once(render(request, "cases/intake_done.html", context))
    token = current_form_token(request, TOKENS)
    context = {
        "item": item,
        "form": form,
        "offer": offer,
        "error": error,
        "form_token": token,
        **upload_notes(),
    }
    return render(request, "cases/intake_form.html", context, status=error.status if error else 200)


def _choose_item(request: HttpRequest) -> HttpResponse:
    search_form = ItemSearchForm(request.GET)
    search_form.is_valid()
    items = bureau_items(request.user, search_form.cleaned_data.get("q", ""))
    pages = paginate(request, items.prefetch_related("materials"))
    return render(
        request,
        "cases/intake_items.html",
        {"form": search_form, "unit": unit_of(request.user), **pages},
    )
