"""The officers' phone forms: the on-site record that opens a clue
(`enforcement:new_clue`) and the decision on the spot (`enforcement:simple`).
Phone-first: one column, large targets, the camera through
`<input type=file accept="image/*" capture="environment" multiple>` and the
location through a "获取定位" button (static/enforcement/onsite.js, where
the browser allows: these two pages allow geolocation for this origin in
their Permissions-Policy). A refused form is shown again with what was
typed and the rule's message and code (files must be chosen again)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.common import ACT
from xiaoneng.enforcement.models import (
    ClueSource,
    EvidenceKind,
    Grade,
    Item,
    PartyKind,
    PenaltyKind,
)
from xiaoneng.enforcement.selectors.cases import certified_on
from xiaoneng.org.authority import unit_of
from xiaoneng.web.access import require_perm

from .cases_tabs import case_tabs

# The on-site pages may ask for the device's location (the house's policy denies it elsewhere).
ONSITE_PERMISSIONS = "camera=(self), microphone=(), geolocation=(self), payment=(), usb=()"
PARTY_FIELDS = (
    "party_kind",
    "party_name",
    "party_code",
    "party_id_no",
    "party_phone",
    "party_address",
)
CLUE_FIELDS = (*PARTY_FIELDS, "item_id", "facts", "place", "violated_on", "found_on", "source")
SIMPLE_FIELDS = (*PARTY_FIELDS, "item_id", "facts", "place", "violated_on", "grade", "fine")
EVIDENCE_FIELDS = (
    "evidence_kind",
    "evidence_description",
    "taken_at",
    "evidence_place",
    "latitude",
    "longitude",
)


def evidence_of(request: HttpRequest, default_kind: str) -> dict[str, Any] | None:
    """The on-site record given with the form, or None when nothing was."""
    post, files = request.POST, request.FILES.getlist("files")
    if not (post.get("evidence_description", "").strip() or files):
        return None
    return {
        "kind": post.get("evidence_kind") or default_kind,
        "description": post.get("evidence_description", "") or "现场照片",
        "taken_at": post.get("taken_at") or timesource.now(),
        "place": post.get("evidence_place") or post.get("place", ""),
        "latitude": post.get("latitude"),
        "longitude": post.get("longitude"),
        "officer_ids": post.getlist("officer_ids"),
        "files": files,
    }


def _choices(request: HttpRequest) -> dict[str, Any]:
    unit = unit_of(request.user)
    today = timesource.today()
    items = (
        Item.objects.filter(body=unit, active=True).order_by("code")
        if unit
        else Item.objects.none()
    )
    return {
        "items": items,
        "officers": certified_on(unit.pk, today) if unit else [],
        "party_kinds": PartyKind.choices,
        "sources": ClueSource.choices,
        "evidence_kinds": EvidenceKind.choices,
        "grades": Grade.choices,
        "penalty_kinds": [
            (v, label) for v, label in PenaltyKind.choices if v in ("warning", "fine")
        ],
        "today": today,
        "now": timesource.now(),
    }


def _blank(request: HttpRequest) -> dict[str, Any]:
    today = timesource.today().isoformat()
    return {"officer_ids": [str(request.user.pk)], "violated_on": today, "found_on": today}


def _page(request: HttpRequest, template: str, form: dict[str, Any], error: Any) -> HttpResponse:
    context = {**_choices(request), **case_tabs(request), "form": form, "error": error}
    response = render(request, template, context, status=400 if error else 200)
    response.headers["Permissions-Policy"] = ONSITE_PERMISSIONS
    return response


def _form(request: HttpRequest, names: tuple[str, ...]) -> dict[str, Any]:
    post = request.POST
    form: dict[str, Any] = {k: post.get(k, "") for k in (*names, *EVIDENCE_FIELDS)}
    form["officer_ids"] = post.getlist("officer_ids")
    form["penalties"] = post.getlist("penalties")
    return form


@login_required
@require_http_methods(["GET", "POST"])
def new_clue(request: HttpRequest) -> HttpResponse:
    """现场检查记录: the clue and the on-site evidence in one form."""
    require_perm(request, ACT)
    if request.method != "POST":
        return _page(request, "enforcement/cases/new_clue.html", _blank(request), None)
    form = _form(request, CLUE_FIELDS)
    try:
        case = actions.open_clue(
            actor=request.user,
            **{k: form[k] for k in CLUE_FIELDS},
            officer_ids=form["officer_ids"],
            evidence=evidence_of(request, EvidenceKind.ONSITE),
        )
    except DomainError as exc:
        return _page(request, "enforcement/cases/new_clue.html", form, exc)
    return redirect("enforcement:case", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def simple(request: HttpRequest) -> HttpResponse:
    """当场处罚 (简易程序): decided, handed over and filed at once."""
    require_perm(request, ACT)
    if request.method != "POST":
        return _page(request, "enforcement/cases/simple.html", _blank(request), None)
    form = _form(request, SIMPLE_FIELDS)
    form["decision_text"] = request.POST.get("decision_text", "")
    try:
        case = actions.decide_on_the_spot(
            actor=request.user,
            **{k: form[k] for k in SIMPLE_FIELDS},
            penalties=form["penalties"],
            decision_text=form["decision_text"],
            officer_ids=form["officer_ids"],
            evidence=evidence_of(request, EvidenceKind.PHOTO),
        )
    except DomainError as exc:
        return _page(request, "enforcement/cases/simple.html", form, exc)
    return redirect("enforcement:case", pk=case.pk)
