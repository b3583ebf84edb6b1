"""The money desks under /enforcement/money/: the finance desk
(`enforcement:money_desk`: served fines awaiting payment with what they come
to today, the bank's receipt form, on-the-spot cash awaiting hand-over or
banking with lights), the POSTs of the case page's payment, enforcement,
publication and closing forms, and the complaint centre's links of 乱罚款
complaints to cases. Every POST calls one action; the forms come back to
the page they were posted from (`next`), else to the desk."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.complaints.selectors import complaints_for
from xiaoneng.core import timesource
from xiaoneng.enforcement.actions import closing, complaint_links, money, publication
from xiaoneng.enforcement.common import ACT, DECIDE, PAYMENT, SUPERVISE
from xiaoneng.enforcement.models import ComplaintLink
from xiaoneng.enforcement.selectors.money import (
    GROUNDS,
    amount_due,
    awaiting_payment,
    cash_awaiting,
    cash_light,
    cash_step,
    due_light,
)
from xiaoneng.org.authority import has_perm
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import flash_outcome, post_action, redirect_within
from xiaoneng.web.paging import paginate

DESK_PERMISSIONS = (PAYMENT, DECIDE, ACT, SUPERVISE)
LINK_PERMISSION = "complaint.handle"


@login_required
@require_http_methods(["GET", "POST"])
def money_desk(request: HttpRequest) -> HttpResponse:
    """罚没款: fines awaiting payment (amount due today), the bank's receipt
    form (finance), the cash collected on the spot."""
    require_perm(request, *DESK_PERMISSIONS)
    if request.method == "POST":
        require_perm(request, PAYMENT)
        post = request.POST
        return post_action(
            request,
            lambda: money.record_bank_payment(
                actor=request.user,
                decision_no=post.get("decision_no", ""),
                amount=post.get("amount", ""),
                paid_on=post.get("paid_on", ""),
                bank_serial=post.get("bank_serial", ""),
            ),
            lambda p: f"已登记银行缴款 {p.amount + p.surcharge} 元（{p.case.decision_no}）",
            to="enforcement:money_desk",
            follow_next=True,
        )
    today = timesource.today()
    calendar = current_calendar()
    pages = paginate(request, awaiting_payment(request.user))
    owing = [
        {
            "c": c,
            "due": amount_due(c, today),
            "light": due_light(c.payment_due, today, calendar) if c.payment_due else None,
        }
        for c in pages["page_obj"].object_list
    ]
    cash = [
        {"p": p, "step": cash_step(p, calendar), "light": cash_light(p, today, calendar)}
        for p in cash_awaiting(request.user)[:200]
    ]
    context = {
        **pages,
        "owing": owing,
        "cash": cash,
        "grounds": GROUNDS,
        "today": today,
        "can_record": has_perm(request.user, PAYMENT),
        "can_hand_over": has_perm(request.user, ACT),
        "can_bank": has_perm(request.user, DECIDE) or has_perm(request.user, PAYMENT),
    }
    return render(request, "enforcement/money/desk.html", context)


def _ids(post: Any) -> list[str]:
    return [v for v in post.getlist("officer_ids") if v]


# name → (action, done message, the action's arguments from the POST)
CASE_STEPS: dict[str, tuple[Any, str, Any]] = {
    "collect": (
        money.collect_on_the_spot,
        "已登记当场收缴的罚款",
        lambda p: {
            "officer_ids": _ids(p),
            "ground": p.get("ground", ""),
            "receipt_no": p.get("receipt_no", ""),
            "amount": p.get("amount", ""),
            "collected_on": p.get("collected_on", ""),
            "party_requested": p.get("party_requested") in ("1", "on"),
        },
    ),
    "urge": (
        money.urge_payment,
        "已登记催告",
        lambda p: {"urged_on": p.get("urged_on", ""), "note": p.get("note", "")},
    ),
    "court": (
        money.apply_court_enforcement,
        "已登记申请人民法院强制执行",
        lambda p: {"applied_on": p.get("applied_on", ""), "court": p.get("court", "")},
    ),
    "publish": (publication.publish_decision, "处罚决定已公示", lambda p: {}),
    "close": (closing.close_case, "已结案", lambda p: {"note": p.get("note", "")}),
}
CASH_STEPS: dict[str, tuple[Any, str, Any]] = {
    "hand_over": (
        money.hand_over_cash,
        "已登记交款",
        lambda p: {"handed_over_on": p.get("handed_over_on", "")},
    ),
    "bank": (
        money.bank_cash,
        "已登记缴存银行",
        lambda p: {"banked_on": p.get("banked_on", ""), "bank_serial": p.get("bank_serial", "")},
    ),
}


def _step(
    request: HttpRequest, steps: dict[str, tuple[Any, str, Any]], name: str, **target: Any
) -> HttpResponse:
    entry = steps.get(name)
    if entry is None:
        raise Http404
    action, done, read = entry
    flash_outcome(
        request,
        lambda: action(actor=request.user, **target, **read(request.POST)),
        done,
        missing_is_404=True,
    )
    return redirect_within(request, request.POST.get("next", ""), "enforcement:money_desk")


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A form of the case page's money section (`next` brings it back)."""
    require_perm(request, ACT, DECIDE)
    return _step(request, CASE_STEPS, name, case_id=pk)


@login_required
@require_POST
def cash_step_view(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Hand-over (officer) or banking (head, finance) of cash collected on the spot."""
    require_perm(request, ACT, DECIDE, PAYMENT)
    return _step(request, CASH_STEPS, name, payment_id=pk)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_links_desk(request: HttpRequest) -> HttpResponse:
    """The complaint centre ties a 乱罚款 complaint (by its number) to the
    case it names (by case or decision number)."""
    require_perm(request, LINK_PERMISSION)
    if request.method == "POST":
        post = request.POST
        number = post.get("complaint_no", "").strip()[:32]
        row = complaints_for(request.user).filter(number=number).values_list("pk").first()
        return post_action(
            request,
            lambda: complaint_links.link_complaint(
                actor=request.user,
                complaint_id=row[0] if row else 0,
                case_reference=post.get("case_reference", ""),
                note=post.get("note", ""),
            ),
            lambda link: f"投诉 {link.complaint.number} 已关联案件 {link.case}",
            to="enforcement:complaint_links",
        )
    links = (
        ComplaintLink.objects.filter(complaint__in=complaints_for(request.user))
        .select_related("case", "case__body", "complaint")
        .order_by("-linked_on", "-id")
    )
    return render(request, "enforcement/money/complaint_links.html", paginate(request, links))


urlpatterns = [
    path("", money_desk, name="money_desk"),
    path("cases/<int:pk>/<str:name>/", case_step, name="money_step"),
    path("cash/<int:pk>/<str:name>/", cash_step_view, name="cash_step"),
    path("complaints/", complaint_links_desk, name="complaint_links"),
]
