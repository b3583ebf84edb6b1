"""交易主体 (/trading/parties/): the centre's register of the parties — the
list (search by name or credit code, kind filter, masked phones, counts of
accounts) with the registration form, a party's page (accounts, bids,
projects as agency) with the forms to correct it, deactivate it, open and
close its accounts. Supervision reads both. A new account's first password
is shown once, on the answer to the POST that made it, and never again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.org.authority import has_perm
from xiaoneng.trading.actions import parties as actions
from xiaoneng.trading.common import OPERATE
from xiaoneng.trading.models import Party
from xiaoneng.trading.selectors import parties as selectors
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

TEXT_FIELDS = ("name", "legal_representative", "contact_name", "contact_phone", "address")


def _party_input(post: QueryDict) -> dict[str, Any]:
    return {
        **{k: post.get(k, "") for k in TEXT_FIELDS},
        "is_bidder": post.get("is_bidder") == "on",
        "is_agency": post.get("is_agency") == "on",
    }


def _error(exc: DomainError) -> dict[str, str]:
    return {"code": exc.code, "message": exc.message}


@login_required
@require_http_methods(["GET", "POST"])
def parties(request: HttpRequest) -> HttpResponse:
    """The register; a POST registers a party (the form shown again with what
    was typed when refused)."""
    require_perm(request, *selectors.READERS)
    error, typed = None, {**_party_input(request.POST), "credit_code": ""}
    if request.method == "POST":
        require_perm(request, OPERATE)
        typed["credit_code"] = request.POST.get("credit_code", "")
        try:
            row = actions.register_party(request.user, **typed)
        except DomainError as exc:
            error = _error(exc)
        else:
            return redirect("trading:party", row.pk)
    else:
        typed["is_bidder"] = True
    text = request.GET.get("q", "").strip()[:50]
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    qs = selectors.search(selectors.parties_for(request.user), text=text, kind=kind, state=state)
    pages = paginate(request, qs, per_page=20)
    context = {
        **pages,
        "rows": [selectors.party_row(p) for p in pages["page_obj"]],
        "q": text,
        "kind": kind,
        "state": state,
        "kinds": selectors.KINDS,
        "can_manage": has_perm(request.user, OPERATE),
        "error": error,
        "form": typed,
    }
    return render(request, "trading/parties/list.html", context)


def _party_or_404(request: HttpRequest, pk: int) -> Party:
    try:
        return selectors.party_for(request.user, pk)
    except NotFound:
        raise Http404 from None


def _detail(request: HttpRequest, pk: int, **extra: Any) -> HttpResponse:
    party = _party_or_404(request, pk)
    context = {
        "party": party,
        "row": selectors.party_row(party),
        "accounts": selectors.account_rows(party),
        "bids_count": selectors.bids_count(party),
        "projects": list(selectors.agency_projects(party)[:50]),
        "can_manage": has_perm(request.user, OPERATE),
        "form": extra.pop("form", None) or {**selectors.party_row(party), "contact_phone": ""},
        "account_form": extra.pop("account_form", None) or {},
        **extra,
    }
    response = render(request, "trading/parties/detail.html", context)
    if "opened" in extra:
        response["Cache-Control"] = "no-store"  # the first password is on this page
    return response


@login_required
@require_http_methods(["GET"])
def party(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *selectors.READERS)
    return _detail(request, pk)


@login_required
@require_POST
def party_update(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, OPERATE)
    _party_or_404(request, pk)
    typed = _party_input(request.POST)
    if not typed["contact_phone"].strip():
        # The page shows the phone masked and the field empty: empty keeps it.
        del typed["contact_phone"]
    try:
        actions.update_party(request.user, pk, **typed)
    except DomainError as exc:
        return _detail(request, pk, error=_error(exc), form={**typed, "id": pk})
    messages.success(request, "登记信息已保存")
    return redirect("trading:party", pk)


@login_required
@require_POST
def party_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, OPERATE)
    return post_action(
        request,
        lambda: actions.deactivate_party(request.user, pk, request.POST.get("reason", "")),
        lambda row: f"{row.name} 已停用",
        to="trading:party",
        missing_is_404=True,
        pk=pk,
    )


@login_required
@require_POST
def account_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opens the account and answers with the party's page holding the first
    password once (no redirect: it is in no URL, session or message store)."""
    require_perm(request, OPERATE)
    _party_or_404(request, pk)
    typed = {k: request.POST.get(k, "") for k in ("username", "real_name", "phone")}
    try:
        opened = actions.open_account(request.user, pk, **typed)
    except DomainError as exc:
        return _detail(request, pk, account_error=_error(exc), account_form=typed)
    return _detail(
        request, pk, opened={"username": opened.user.username, "password": opened.password}
    )


@login_required
@require_POST
def account_close(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    require_perm(request, OPERATE)
    return post_action(
        request,
        lambda: actions.close_account(request.user, pk, user_id),
        lambda user: f"账号 {user.username} 已注销",
        to="trading:party",
        missing_is_404=True,
        pk=pk,
    )


urlpatterns = [
    path("", parties, name="parties"),
    path("<int:pk>/", party, name="party"),
    path("<int:pk>/edit/", party_update, name="party_update"),
    path("<int:pk>/deactivate/", party_deactivate, name="party_deactivate"),
    path("<int:pk>/accounts/", account_open, name="party_account_open"),
    path("<int:pk>/accounts/<int:user_id>/close/", account_close, name="party_account_close"),
]
