"""Part D's forms: the tenderer's award (`trading:award`) and contract
(`trading:contract`), a bidder's objection to a published result
(`trading:objection_new`) and complaint to the regulator
(`trading:complaint_new`). A refused form is shown again with what was
typed and the rule's message and code (status 400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.core.text import cn_date
from xiaoneng.trading.actions import awards as award_actions
from xiaoneng.trading.actions import complaints as complaint_actions
from xiaoneng.trading.actions import contracts as contract_actions
from xiaoneng.trading.actions import objections as objection_actions
from xiaoneng.trading.common import BID, TENDER
from xiaoneng.trading.models import Bid, Objection, Project
from xiaoneng.trading.selectors import awards as read
from xiaoneng.trading.selectors.bids import party_for
from xiaoneng.web.access import require_perm


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], error: DomainError | None
) -> HttpResponse:
    context = {**context, "error": error, "today": timesource.today()}
    return render(request, template, context, status=400 if error else 200)


def _form(request: HttpRequest, names: tuple[str, ...]) -> dict[str, str]:
    return {k: request.POST.get(k, "") for k in names}


@login_required
@require_http_methods(["GET", "POST"])
def award(request: HttpRequest, round_id: int) -> HttpResponse:
    """定标: candidate 1 by default; another with the reason."""
    require_perm(request, TENDER)
    row = read.round_for(request.user, round_id)  # type: ignore[arg-type]
    if row is None:
        raise Http404
    context = {"round": row, "project": row.project, "candidates": read.candidates_of(row)}
    form = {"bid_id": "", "reason": ""}
    if request.method == "POST":
        form = _form(request, ("bid_id", "reason"))
        try:
            made = award_actions.award(request.user, row.pk, **form)
        except DomainError as exc:
            return _page(request, "trading/awards/award.html", {**context, "form": form}, exc)
        messages.success(request, f"已定标：{made.bid.bidder.name}，中标金额 {made.value} 元")
        return redirect("trading:project", pk=row.project_id)
    return _page(request, "trading/awards/award.html", {**context, "form": form}, None)


CONTRACT_FIELDS = ("number", "title", "value", "signed_on", "period_start", "period_end")


@login_required
@require_http_methods(["GET", "POST"])
def contract(request: HttpRequest, pk: int) -> HttpResponse:
    """合同登记: its value is the award's."""
    require_perm(request, TENDER)
    row = read.award_for(request.user, pk)  # type: ignore[arg-type]
    if row is None:
        raise Http404
    context = {"award": row, "project": row.round.project}
    form = dict.fromkeys(CONTRACT_FIELDS, "")
    form |= {"value": str(row.value), "title": f"{row.round.project.title}合同"}
    if request.method == "POST":
        form = _form(request, CONTRACT_FIELDS)
        try:
            contract_actions.sign_contract(request.user, row.pk, **form)
        except DomainError as exc:
            return _page(request, "trading/awards/contract.html", {**context, "form": form}, exc)
        messages.success(request, "合同已登记并公开")
        return redirect("trading:project", pk=row.round.project_id)
    return _page(request, "trading/awards/contract.html", {**context, "form": form}, None)


@login_required
@require_http_methods(["GET", "POST"])
def objection_new(request: HttpRequest, round_id: int) -> HttpResponse:
    """A bidder's objection (challenge) to the published candidates."""
    require_perm(request, BID)
    row = read.publicised_round(round_id)
    party = party_for(request.user)
    if row is None or party is None or not Bid.objects.filter(round=row, bidder=party).exists():
        raise Http404
    context = {"round": row, "project": row.project, "candidates": read.candidates_of(row)}
    form = {"stage": "评标结果", "text": "", "known_on": timesource.today().isoformat()}
    if request.method == "POST":
        form = _form(request, ("stage", "text", "known_on"))
        try:
            made = objection_actions.raise_objection(request.user, row.pk, **form)
        except DomainError as exc:
            return _page(
                request, "trading/awards/objection_new.html", {**context, "form": form}, exc
            )
        messages.success(request, f"已提出，招标人应于{cn_date(made.reply_due)}前答复")
        return redirect("trading:bidder")
    return _page(request, "trading/awards/objection_new.html", {**context, "form": form}, None)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest, project_id: int) -> HttpResponse:
    """A bidder's complaint to the kind's regulator."""
    require_perm(request, BID)
    party = party_for(request.user)
    project = Project.objects.filter(pk=project_id).first()
    if project is None or party is None:
        raise Http404
    if not Bid.objects.filter(round__project=project, bidder=party).exists():
        raise Http404
    own = Objection.objects.filter(round__project=project, party=party).order_by("id")
    context = {"project": project, "objections": own, "matters": complaint_actions.MATTERS}
    form = {
        "text": "",
        "known_on": timesource.today().isoformat(),
        "objection_id": "",
        "matter": "",
    }
    if request.method == "POST":
        form = _form(request, ("text", "known_on", "objection_id", "matter"))
        try:
            complaint_actions.file_complaint(request.user, project.pk, **form)
        except DomainError as exc:
            return _page(
                request, "trading/awards/complaint_new.html", {**context, "form": form}, exc
            )
        messages.success(request, "投诉已提交行业监管部门")
        return redirect("trading:bidder")
    return _page(request, "trading/awards/complaint_new.html", {**context, "form": form}, None)
