"""评标专家库 (/trading/evaluation/experts/): the centre's list of the pool,
identity numbers and phones masked, with the forms to register an expert,
record a declared tie and retire an expert; supervision reads it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.org.authority import has_perm
from xiaoneng.trading.actions import experts as actions
from xiaoneng.trading.common import OPERATE
from xiaoneng.trading.models import Party, Speciality, TieKind
from xiaoneng.trading.selectors import evaluation as selectors
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate

FIELDS = ("name", "id_no", "phone", "employer", "employer_party_id", "title")


def _register_input(post: QueryDict) -> dict[str, Any]:
    return {
        **{k: post.get(k, "") for k in FIELDS},
        "specialities": post.getlist("specialities"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def experts(request: HttpRequest) -> HttpResponse:
    """The pool: search by name or employer, by speciality; register (the form
    shown again with what was typed — never the identity number — when refused)."""
    require_perm(request, *selectors.POOL_READERS)
    error, typed = None, _register_input(request.POST)
    if request.method == "POST":
        require_perm(request, OPERATE)
        try:
            row = actions.register_expert(actor=request.user, **typed)
        except DomainError as exc:
            error = {"code": exc.code, "message": exc.message}
            typed["id_no"] = ""
        else:
            return redirect(f"{request.path}?q={row.name}")
    qs = selectors.experts_for(request.user)
    text = request.GET.get("q", "").strip()[:50]
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(employer__icontains=text))
    speciality = request.GET.get("speciality", "")
    if speciality in Speciality.values:
        qs = qs.filter(specialities__icontains=f'"{speciality}"')
    pages = paginate(request, qs.order_by("-active", "name", "pk"), per_page=20)
    rows = [selectors.expert_row(e) for e in pages["page_obj"]]
    labels = dict(Speciality.choices)
    for r in rows:
        r["speciality_labels"] = [labels.get(s, s) for s in r["specialities"]]
    context = {
        **pages,
        "rows": rows,
        "q": text,
        "speciality": speciality,
        "specialities": Speciality.choices,
        "relations": TieKind.choices,
        "parties": list(Party.objects.filter(active=True).order_by("name")),
        "can_manage": has_perm(request.user, OPERATE),
        "error": error,
        "form": typed,
        "today": timesource.today(),
    }
    return render(request, "trading/evaluation/experts.html", context)


@login_required
@require_POST
def expert_tie(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, OPERATE)
    post = request.POST
    return post_action(
        request,
        lambda: actions.declare_tie(
            actor=request.user,
            expert_id=pk,
            party_id=post.get("party_id"),
            relation=post.get("relation", ""),
            started_on=post.get("started_on", ""),
            ended_on=post.get("ended_on", ""),
            note=post.get("note", ""),
        ),
        "已登记回避关系",
        to="trading:experts",
        missing_is_404=True,
    )


@login_required
@require_POST
def expert_retire(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, OPERATE)
    return post_action(
        request,
        lambda: actions.retire_expert(actor=request.user, expert_id=pk),
        lambda row: f"{row.name} 已出库",
        to="trading:experts",
        missing_is_404=True,
    )


urlpatterns = [
    path("experts/", experts, name="experts"),
    path("experts/<int:pk>/ties/", expert_tie, name="expert_tie"),
    path("experts/<int:pk>/retire/", expert_retire, name="expert_retire"),
]
