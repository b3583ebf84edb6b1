"""发文 desks: the unit's documents by status (search, new), the 发文稿纸 of
one document with the steps the actor may take now, the city leader's queue,
the statistics per unit and year (少发文、发短文, with the .xlsx), and the
issued document's PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.office.actions import dispatches as actions
from xiaoneng.office.dispatch_pdf import dispatch_pdf, pdf_name
from xiaoneng.office.models import DispatchStatus
from xiaoneng.office.selectors import dispatches as sel
from xiaoneng.org.authority import has_perm, signed_in
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

from .dispatches_forms import form_context, posted

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _row(request: HttpRequest, pk: int) -> Any:
    try:
        return sel.dispatch_for(request.user, pk)
    except NotFound:
        raise Http404("公文不存在或无权查看") from None


@login_required
def documents(request: HttpRequest) -> HttpResponse:
    """公文办理: the documents the actor sees, by status, searched by title or number."""
    require_perm(request, *sel.READ_PERMISSIONS)
    status = request.GET.get("status", "")
    text = request.GET.get("q", "")
    mine = sel.dispatches_for(request.user)
    qs = sel.search(mine, status=status, text=text)
    context = {
        **paginate(request, qs.order_by("-drafted_at", "-id")),
        "counts": sel.status_counts(mine),
        "status": status,
        "q": text[:50],
        "can_draft": has_perm(request.user, sel.DRAFT),
        "can_stats": any(has_perm(request.user, p) for p in sel.STATS_PERMISSIONS),
        "can_lead": has_perm(request.user, sel.LEADER),
        "max_chars": sel.max_chars(),
    }
    return render(request, "office/dispatches/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """拟稿."""
    require_perm(request, sel.DRAFT)
    if request.method == "GET":
        return render(request, "office/dispatches/form.html", form_context(request.user, {}))
    data = posted(request)
    try:
        row = actions.draft_dispatch(actor=request.user, **data)
    except DomainError as exc:
        context = form_context(request.user, request.POST, exc)
        return render(request, "office/dispatches/form.html", context, status=exc.status)
    return redirect("office:document", pk=row.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改 a draft (the drafter's own)."""
    require_perm(request, sel.DRAFT)
    row = _row(request, pk)
    if "edit" not in sel.steps_for(signed_in(request.user), row):
        raise Http404("该公文不能修改")
    if request.method == "GET":
        initial = {f: getattr(row, f) for f in ("kind", "title", "body", "urgency", "series")}
        initial["recipients"] = [str(d.pk) for d in row.recipients.all()]
        initial["copies"] = [str(d.pk) for d in row.copies.all()]
        context = form_context(request.user, initial, row=row)
        return render(request, "office/dispatches/form.html", context)
    data = posted(request)
    data.pop("issuer_id")
    try:
        actions.edit_dispatch(actor=request.user, dispatch_id=pk, **data)
    except DomainError as exc:
        context = form_context(request.user, request.POST, exc, row=row)
        return render(request, "office/dispatches/form.html", context, status=exc.status)
    return redirect("office:document", pk=pk)


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """发文稿纸: the document, its opinions, and the buttons for the steps the actor may take."""
    require_perm(request, *sel.READ_PERMISSIONS)
    row = _row(request, pk)
    context = {
        "d": row,
        "recipients": list(row.recipients.all()),
        "copies": list(row.copies.all()),
        "opinions": sel.opinions_of(row),
        "steps": sel.steps_for(signed_in(request.user), row),
        "max_chars": sel.max_chars(),
        "too_long": row.length > sel.max_chars(),
    }
    return render(request, "office/dispatches/detail.html", context)


def _with_note(action: Any, field: str = "note") -> Any:
    return lambda r, pk: action(actor=r.user, dispatch_id=pk, **{field: r.POST.get(field, "")})


STEPS: dict[str, tuple[Any, str]] = {
    "submit": (_with_note(actions.submit_dispatch), "已送审"),
    "review": (_with_note(actions.review_dispatch), "已核稿，送负责人签发"),
    "sign": (_with_note(actions.sign_dispatch), "已签发，可以印发"),
    "approve": (_with_note(actions.approve_dispatch), "已审批，可以印发"),
    "return": (_with_note(actions.return_dispatch, "reason"), "已退回拟稿人"),
    "issue": (lambda r, pk: actions.issue_dispatch(actor=r.user, dispatch_id=pk), "已印发"),
    "withdraw": (_with_note(actions.withdraw_dispatch, "reason"), "已撤销"),
}


def _done(name: str, text: str) -> Any:
    def say(row: Any) -> str:
        if name == "sign" and row.status == DispatchStatus.LEADER:
            text_ = "已签发，发往县区政府，待市分管领导审批"
        elif name == "issue":
            text_ = f"已印发，发文字号 {row.number}"
        else:
            text_ = text
        if name == "sign" and actions.too_long(row):
            text_ += f"。正文{row.length}字，超过{sel.max_chars()}字，请精简（发短文）"
        return text_

    return say


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, *sel.READ_PERMISSIONS)
    if name not in STEPS:
        raise Http404
    call, done = STEPS[name]
    return post_action(
        request,
        lambda: call(request, pk),
        _done(name, done),
        to="office:document",
        missing_is_404=True,
        pk=pk,
    )


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued document after GB/T 9704 (not before it is issued)."""
    require_perm(request, *sel.READ_PERMISSIONS)
    row = _row(request, pk)
    if row.status != DispatchStatus.ISSUED:
        raise Http404("公文尚未印发")
    response = HttpResponse(dispatch_pdf(row), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{pdf_name(row)}"
    return response


@login_required
def leader_queue(request: HttpRequest) -> HttpResponse:
    """市分管领导审批: the documents to the counties awaiting the actor."""
    require_perm(request, sel.LEADER)
    pages = paginate(request, sel.awaiting_leader(request.user))
    return render(request, "office/dispatches/leader.html", pages)


STATS_HEADERS = [
    "排名",
    "发文单位",
    "印发件数",
    "发往县区",
    "正文总字数",
    "平均字数",
    "控制数",
    "超过控制数",
]


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """发文统计 (少发文、发短文): per unit and year, fewest and shortest first."""
    require_perm(request, *sel.STATS_PERMISSIONS)
    today = timesource.today()
    try:
        year = sel.year_of(request.GET.get("year"), today)
    except DomainError:
        year = today.year
    rows = sel.stats(request.user, year)
    if request.GET.get("format") == "xlsx":
        table = [
            [n, r.name, r.issued, r.to_counties, r.total_length, r.average_length, r.cap, over]
            for n, r in enumerate(rows, start=1)
            for over in ["是" if r.over_cap else "否"]
        ]
        data = xlsx([Sheet(f"{year}年发文统计", STATS_HEADERS, table, widths_from_headers=True)])
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="dispatches-{year}.xlsx"'
        return response
    context = {
        "rows": rows,
        "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "max_chars": sel.max_chars(),
        "cap": rows[0].cap if rows else None,
    }
    return render(request, "office/dispatches/stats.html", context)


urlpatterns = [
    path("", documents, name="documents"),
    path("new/", new, name="document_new"),
    path("leader/", leader_queue, name="documents_leader"),
    path("stats/", stats, name="documents_stats"),
    path("<int:pk>/", document, name="document"),
    path("<int:pk>/edit/", edit, name="document_edit"),
    path("<int:pk>/pdf", pdf, name="document_pdf"),
    path("<int:pk>/<str:name>/", step, name="document_step"),
]
