"""A case's 收费 page (the charges, the window's form, approvals, refunds
and the 乱收费 complaints about the case), a charge's page, the window's
charges list, the head's approvals, the monthly reconciliation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from xiaoneng.cases.selectors import case_for_actor
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.documents.errors import DocumentFontMissing, DocumentGlyphMissing
from xiaoneng.fees import actions
from xiaoneng.fees.models import ApprovalStatus, Charge, PayeeAccount
from xiaoneng.fees.notice import notice_pdf, notice_response
from xiaoneng.fees.selectors import (
    APPROVE,
    CHARGE,
    CHARGE_READERS,
    RECONCILE,
    approvals_for,
    case_approvals,
    case_charges,
    case_for_fees,
    charge_for,
    charges_for,
    departments_charging,
    fee_as_of,
    fee_complaints,
    item_fees,
    month_sums,
    reconciliations_for,
)
from xiaoneng.fees.standard import BREACHES
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.org.models import Department
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate


def _breaches(charge: Charge) -> list[str]:
    return [BREACHES.get(b, b) for b in charge.breaches or ()]


@login_required
def case_fees(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's 收费 page."""
    require_perm(request, *CHARGE_READERS)
    try:
        case = case_for_actor(request.user, case_id)
    except NotFound:
        raise Http404("办件不存在或无权查看") from None
    today = timesource.today()
    may_charge = has_perm(request.user, CHARGE) and covers_department(
        request.user, case.department_id
    )
    charges = case_charges(case)
    context = {
        "case": case,
        "charges": [{"c": c, "breaches": _breaches(c)} for c in charges],
        "fees": [{"f": f, "v": fee_as_of(f.code, today)} for f in item_fees(case, today)]
        if may_charge
        else [],
        "may_charge": may_charge,
        "may_approve": has_perm(request.user, APPROVE)
        and covers_department(request.user, case.department_id),
        "approvals": case_approvals(case),
        "complaints": fee_complaints([case.pk]),
        "accounts": PayeeAccount.choices,
        "today": today,
    }
    return render(request, "fees/case.html", context)


@login_required
def case_notice(request: HttpRequest, case_id: int) -> HttpResponse:
    """下载收费通知书: the case's 行政事业性收费通知书 as PDF."""
    require_perm(request, *CHARGE_READERS)
    try:
        case = case_for_fees(request.user, case_id)
        pdf = notice_pdf(case)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return render(request, "documents/unavailable.html", {"error": exc}, status=exc.status)
    return notice_response(case, pdf)


def _case_step(request: HttpRequest, case_id: int, name: str) -> Any:
    post = request.POST
    if name == "charge":
        return actions.record_charge(
            actor=request.user,
            case_id=case_id,
            fee_code=post.get("fee_code", ""),
            quantity=post.get("quantity", ""),
            unit_amount=post.get("unit_amount", ""),
            notice_no=post.get("notice_no", ""),
            receipt_no=post.get("receipt_no", ""),
            payee_account=post.get("payee_account", PayeeAccount.FISCAL),
            into_budget=post.get("into_budget") == "1",
            confirm=post.get("confirm") == "1",
        )
    return actions.request_approval(
        actor=request.user,
        case_id=case_id,
        fee_code=post.get("fee_code", ""),
        unit_amount=post.get("unit_amount", ""),
        reason=post.get("reason", ""),
    )


CASE_DONE = {"charge": "已登记收费", "approval": "已提交高于下限收费申请"}


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    require_perm(request, CHARGE)
    if name not in CASE_DONE:
        raise Http404
    return post_action(
        request,
        lambda: _case_step(request, case_id, name),
        CASE_DONE[name],
        to="fees:case",
        missing_is_404=True,
        case_id=case_id,
    )


@login_required
def charges(request: HttpRequest) -> HttpResponse:
    """收费登记: the charges the actor may see, flagged first if asked."""
    require_perm(request, *CHARGE_READERS)
    qs = charges_for(request.user)
    state, month = request.GET.get("state", ""), request.GET.get("month", "")
    if state == "flagged":
        qs = qs.exclude(breaches=[])
    if month:
        try:
            start = actions.a_month(month)
        except DomainError:  # a bad filter shows everything
            start = None
        if start is not None:
            qs = qs.filter(charged_on__year=start.year, charged_on__month=start.month)
    pages = paginate(request, qs.order_by("-charged_on", "-id"))
    rows = [{"c": c, "breaches": _breaches(c)} for c in pages["page_obj"].object_list]
    context = {**pages, "rows": rows, "state": state, "month": month}
    return render(request, "fees/charges.html", context)


@login_required
def charge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *CHARGE_READERS)
    try:
        charge = charge_for(request.user, pk)
    except NotFound:
        raise Http404("收费记录不存在或无权查看") from None
    context = {
        "c": charge,
        "breaches": _breaches(charge),
        "refunds": list(charge.refunds.all()),
        "may_refund": has_perm(request.user, CHARGE)
        and covers_department(request.user, charge.department_id),
        "complaints": fee_complaints([charge.case_id]),
        "left": charge.amount - charge.refunded,
    }
    return render(request, "fees/charge.html", context)


@login_required
@require_POST
def charge_refund(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, CHARGE)
    return post_action(
        request,
        lambda: actions.refund_charge(
            actor=request.user,
            charge_id=pk,
            amount=request.POST.get("amount", ""),
            reason=request.POST.get("reason", ""),
        ),
        "已登记退费",
        to="fees:charge",
        missing_is_404=True,
        pk=pk,
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """收费审批: the requests to charge above the lower bound, pending first."""
    require_perm(request, APPROVE, CHARGE)
    state = request.GET.get("state", ApprovalStatus.PENDING)
    qs = approvals_for(request.user)
    if state in ApprovalStatus.values:
        qs = qs.filter(status=state)
    pages = paginate(request, qs.order_by("-id"))
    context = {
        **pages,
        "state": state,
        "statuses": ApprovalStatus.choices,
        "may_approve": has_perm(request.user, APPROVE),
    }
    return render(request, "fees/approvals.html", context)


@login_required
@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, APPROVE)
    approve = request.POST.get("decision") == "approve"
    return post_action(
        request,
        lambda: actions.decide_approval(
            actor=request.user, approval_id=pk, approve=approve, note=request.POST.get("note", "")
        ),
        "已批准" if approve else "已不予批准",
        to="fees:approvals",
        missing_is_404=True,
    )


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    """收费对账: a month's departments: charged, refunded, remitted, the difference."""
    require_perm(request, RECONCILE)
    today = timesource.today()
    try:
        month = actions.a_month(request.GET.get("month") or today.strftime("%Y-%m"))
    except DomainError:  # a bad month shows this month
        month = actions.a_month(today.strftime("%Y-%m"))
    done = {r.department_id: r for r in reconciliations_for(request.user).filter(month=month)}
    names = dict(Department.objects.values_list("pk", "name"))
    rows = []
    for dept_id in departments_charging(month):
        if not covers_department(request.user, dept_id):
            continue
        sums = month_sums(dept_id, month)
        rows.append(
            {
                "department_id": dept_id,
                "department": names.get(dept_id, ""),
                **sums,
                "difference": sums["charged"] - sums["refunded"] - sums["remitted"],
                "reconciled": done.get(dept_id),
            }
        )
    cases = list(
        charges_for(request.user)
        .filter(charged_on__year=month.year, charged_on__month=month.month)
        .values_list("case_id", flat=True)
    )
    context = {
        "month": month,
        "rows": rows,
        "departments": list(Department.objects.filter(active=True).order_by("sort", "code")),
        "complaints": fee_complaints(cases),
    }
    return render(request, "fees/reconciliation.html", context)


@login_required
@require_POST
def reconciliation_step(request: HttpRequest, name: str) -> HttpResponse:
    require_perm(request, RECONCILE)
    post = request.POST
    month = post.get("month", "")
    if name == "remit":
        call: Any = lambda: actions.record_remittance(  # noqa: E731
            actor=request.user,
            department_id=post.get("department_id", ""),  # type: ignore[arg-type]
            month=month,
            amount=post.get("amount", ""),
            document=post.get("document", ""),
        )
        done = "已登记缴库"
    elif name == "reconcile":
        call = lambda: actions.reconcile_month(  # noqa: E731
            actor=request.user,
            department_id=post.get("department_id", ""),  # type: ignore[arg-type]
            month=month,
        )
        done = "已对账"
    else:
        raise Http404
    response = post_action(request, call, done, to="fees:reconciliation")
    response["Location"] += f"?month={month[:7]}"
    return response
