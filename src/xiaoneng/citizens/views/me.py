"""我的办件: the signed-in public account's own space in the portal's look —
applications (open and finished), drafts, materials to reuse, documents to
download, ratings given, disclosure requests, and an enterprise's
green-channel projects. Every list reads through `citizens.selectors`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.labels import case_rows
from xiaoneng.cases.views.detail import case_context
from xiaoneng.citizens import actions, selectors
from xiaoneng.citizens.drafts import DRAFT_SESSION_KEY
from xiaoneng.citizens.forms import LinkDisclosureForm
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.documents.templatetags.case_documents import case_documents
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page

View = Callable[..., HttpResponse]


def public_only(view: View) -> View:
    """Signed in with a public account, else to the public login (and back)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if selectors.account_of(request.user) is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('citizens:login')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped


def _page(request: HttpRequest, template: str, tab: str, **context: Any) -> HttpResponse:
    account = selectors.account_of(request.user)
    return public_page(
        request,
        template,
        {
            "account": account,
            "tab": tab,
            "has_projects": bool(account and account.is_enterprise),
            **context,
        },
    )


@public_only
def cases_view(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    cases = selectors.own_cases(request.user)
    if state == "open":
        cases = cases.filter(is_open=True)
    elif state == "done":
        cases = cases.filter(is_open=False)
    pages = paginate(request, cases.order_by("-received_on", "-id"))
    rows = case_rows(pages["page_obj"].object_list, timesource.today(), current_calendar())
    return _page(request, "citizens/me_cases.html", "cases", rows=rows, state=state, **pages)


@public_only
def case_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.own_case(request.user, pk)
    if case is None:
        raise Http404("办件不存在或无权查看")
    mine = case.applicant_id == request.user.pk
    return _page(request, "citizens/me_case.html", "cases", mine=mine, **case_context(case))


@public_only
def drafts_view(request: HttpRequest) -> HttpResponse:
    drafts = selectors.own_drafts(request.user)
    return _page(request, "citizens/me_drafts.html", "drafts", **paginate(request, drafts))


@require_POST
@public_only
def save_draft_view(request: HttpRequest, code: str) -> HttpResponse:
    kept = request.session.get(DRAFT_SESSION_KEY) or {}
    try:
        actions.save_draft(
            actor=request.user,
            item_code=code,
            applicant_name=request.POST.get("applicant_name", ""),
            summary=request.POST.get("summary", ""),
            draft_id=kept.get("id") if kept.get("code") == code else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("citizens:drafts")
    request.session.pop(DRAFT_SESSION_KEY, None)
    messages.success(
        request, "草稿已保存。电子材料不随草稿保存，继续填写时请重新选择或复用已上传的材料。"
    )
    return redirect("citizens:drafts")


@public_only
def resume_draft_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.own_drafts(request.user).filter(pk=pk).first()
    if draft is None:
        raise Http404("草稿不存在")
    request.session[DRAFT_SESSION_KEY] = {
        "id": draft.pk,
        "code": draft.item.code,
        "applicant_name": draft.applicant_name,
        "summary": draft.summary,
    }
    return redirect("cases:apply_item", code=draft.item.code)


@require_POST
@public_only
def delete_draft_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.delete_draft(actor=request.user, draft_id=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "草稿已删除。")
    return redirect("citizens:drafts")


@public_only
def materials_view(request: HttpRequest) -> HttpResponse:
    materials = selectors.reusable_materials(request.user)
    return _page(request, "citizens/me_materials.html", "materials", **paginate(request, materials))


@public_only
def documents_view(request: HttpRequest) -> HttpResponse:
    cases = selectors.own_cases(request.user).order_by("-received_on", "-id")
    pages = paginate(request, cases)
    groups = [(case, case_documents(case)) for case in pages["page_obj"].object_list]
    return _page(request, "citizens/me_documents.html", "documents", groups=groups, **pages)


@public_only
def ratings_view(request: HttpRequest) -> HttpResponse:
    ratings = selectors.own_ratings(request.user)
    return _page(request, "citizens/me_ratings.html", "ratings", **paginate(request, ratings))


@public_only
def disclosures_view(request: HttpRequest) -> HttpResponse:
    form = LinkDisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.link_disclosure(
                actor=request.user,
                tracking_no=form.cleaned_data["tracking_no"],
                query_code=form.cleaned_data["query_code"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已添加到我的办件。")
            return redirect("citizens:disclosures")
    requests = selectors.own_disclosures(request.user)
    response = _page(
        request,
        "citizens/me_disclosures.html",
        "disclosures",
        form=form,
        **paginate(request, requests),
    )
    if form.errors:
        response.status_code = 400
    return response


@public_only
def projects_view(request: HttpRequest) -> HttpResponse:
    dossiers = (
        selectors.own_dossiers(request.user)
        .select_related("lead_department", "agent")
        .prefetch_related("links__case__item")
    )
    return _page(request, "citizens/me_projects.html", "projects", **paginate(request, dossiers))
