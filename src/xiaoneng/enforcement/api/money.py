"""/api/v1/enforcement/money/…: the fine paid (the bank's receipt, on-the-spot
collection, hand-over and banking of the cash), the reminder and the court,
publication, closing, 乱罚款 complaint links, the case's papers as PDF, and
the reads (what a fine comes to today, the case's money section). The same
actions and selectors as the pages; errors are the house's coded ones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.enforcement import document
from xiaoneng.enforcement.actions import closing, money, publication
from xiaoneng.enforcement.actions.complaint_links import link_complaint
from xiaoneng.enforcement.actions.papers import open_paper
from xiaoneng.enforcement.common import case_for
from xiaoneng.enforcement.models import ComplaintLink, Payment, PenaltyCase
from xiaoneng.enforcement.selectors.money import (
    CLOSE_STEPS,
    amount_due,
    awaiting_payment,
    close_missing,
    complaint_links,
    court_earliest,
    owes_money,
    payments_of,
)
from xiaoneng.web.paging import api_window

router = Router()


class FineDueOut(Schema):
    case_id: int
    decision_no: str
    party: str
    body: str
    fine: Decimal
    confiscated: Decimal
    surcharge: Decimal
    amount_due: Decimal
    payment_due: date | None
    late_days: int
    on: date


class FinePaymentOut(Schema):
    id: int
    case_id: int
    channel: str
    channel_label: str
    amount: Decimal
    surcharge: Decimal
    paid_on: date
    bank_serial: str
    receipt_no: str
    on_the_spot_ground: str
    handed_over_on: date | None
    banked_on: date | None


class PenaltyComplaintLinkOut(Schema):
    id: int
    case_id: int
    case_number: str
    complaint_number: str
    complaint_title: str
    complaint_category: str
    note: str
    linked_on: date


class PenaltyMoneyOut(Schema):
    case_id: int
    status: str
    status_label: str
    due: FineDueOut | None
    payments: list[FinePaymentOut]
    paid_on: date | None
    urged_on: date | None
    court_earliest: date | None
    court_applied_on: date | None
    publish_due: date | None
    published_on: date | None
    closed_on: date | None
    close_missing: list[str]
    complaints: list[PenaltyComplaintLinkOut]


class BankPaymentIn(Schema):
    decision_no: str
    amount: str
    paid_on: date
    bank_serial: str


class OnTheSpotIn(Schema):
    officer_ids: list[int]
    ground: str
    receipt_no: str
    amount: str
    collected_on: date | None = None
    party_requested: bool = False


class CashHandOverIn(Schema):
    handed_over_on: date | None = None


class CashBankIn(Schema):
    bank_serial: str
    banked_on: date | None = None


class UrgeIn(Schema):
    urged_on: date | None = None
    note: str = ""


class CourtApplyIn(Schema):
    applied_on: date | None = None
    court: str = ""


class PenaltyPublishIn(Schema):
    published_on: date | None = None  # only today: the day it is published here


class PenaltyCloseIn(Schema):
    note: str


class PenaltyComplaintLinkIn(Schema):
    complaint_id: int
    case_reference: str
    note: str = ""


def due_out(case: PenaltyCase, on: date) -> dict[str, Any]:
    due = amount_due(case, on)
    return {
        "case_id": case.pk,
        "decision_no": case.decision_no,
        "party": case.party_name,
        "body": case.body.name,
        "fine": due.fine,
        "confiscated": due.confiscated,
        "surcharge": due.surcharge,
        "amount_due": due.total,
        "payment_due": due.payment_due,
        "late_days": due.late_days,
        "on": on,
    }


def payment_out(p: Payment) -> dict[str, Any]:
    return {
        "id": p.pk,
        "case_id": p.case_id,
        "channel": p.channel,
        "channel_label": p.get_channel_display(),
        "amount": p.amount,
        "surcharge": p.surcharge,
        "paid_on": p.paid_on,
        "bank_serial": p.bank_serial,
        "receipt_no": p.receipt_no,
        "on_the_spot_ground": p.on_the_spot_ground,
        "handed_over_on": p.handed_over_on,
        "banked_on": p.banked_on,
    }


def link_out(link: ComplaintLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "case_id": link.case_id,
        "case_number": link.case.number or link.case.decision_no,
        "complaint_number": link.complaint.number,
        "complaint_title": link.complaint.title,
        "complaint_category": link.complaint.get_category_display(),
        "note": link.note,
        "linked_on": link.linked_on,
    }


def money_out(case: PenaltyCase) -> dict[str, Any]:
    today = timesource.today()
    return {
        "case_id": case.pk,
        "status": case.status,
        "status_label": case.get_status_display(),
        "due": due_out(case, today) if owes_money(case) and case.served_on else None,
        "payments": [payment_out(p) for p in payments_of(case)],
        "paid_on": case.paid_on,
        "urged_on": case.urged_on,
        "court_earliest": court_earliest(case, current_calendar()),
        "court_applied_on": case.court_applied_on,
        "publish_due": case.publish_due,
        "published_on": case.published_on,
        "closed_on": case.closed_on,
        "close_missing": [CLOSE_STEPS[k] for k in close_missing(case)],
        "complaints": [link_out(link) for link in complaint_links(case)],
    }


def _case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return money_out(case_for(request.user, case_id))


@router.get("/money/awaiting", response=list[FineDueOut], summary="待缴罚款（含加处罚款）")
def awaiting(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    today = timesource.today()
    rows = api_window(awaiting_payment(request.user), limit, offset)
    return [due_out(c, today) for c in rows]


@router.get(
    "/money/cases/{case_id}", response=PenaltyMoneyOut, summary="案件缴款、执行、公示与结案"
)
def case_money(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _case(request, case_id)


@router.post(
    "/money/bank-payments", response={201: FinePaymentOut}, summary="登记银行代收罚款（财政部门）"
)
def bank_payment(request: HttpRequest, body: BankPaymentIn) -> Status[dict[str, Any]]:
    payment = money.record_bank_payment(actor=request.user, **body.model_dump())
    return Status(201, payment_out(payment))


@router.post(
    "/money/cases/{case_id}/on-the-spot",
    response={201: FinePaymentOut},
    summary="当场收缴罚款（第六十八、六十九条）",
)
def on_the_spot(request: HttpRequest, case_id: int, body: OnTheSpotIn) -> Status[dict[str, Any]]:
    payment = money.collect_on_the_spot(actor=request.user, case_id=case_id, **body.model_dump())
    return Status(201, payment_out(payment))


@router.post(
    "/money/cash/{payment_id}/handover", response=FinePaymentOut, summary="当场收缴罚款交至行政机关"
)
def hand_over(request: HttpRequest, payment_id: int, body: CashHandOverIn) -> dict[str, Any]:
    return payment_out(
        money.hand_over_cash(actor=request.user, payment_id=payment_id, **body.model_dump())
    )


@router.post(
    "/money/cash/{payment_id}/bank", response=FinePaymentOut, summary="当场收缴罚款缴付银行"
)
def bank(request: HttpRequest, payment_id: int, body: CashBankIn) -> dict[str, Any]:
    return payment_out(
        money.bank_cash(actor=request.user, payment_id=payment_id, **body.model_dump())
    )


@router.post("/money/cases/{case_id}/urge", response=PenaltyMoneyOut, summary="催告")
def urge(request: HttpRequest, case_id: int, body: UrgeIn) -> dict[str, Any]:
    money.urge_payment(actor=request.user, case_id=case_id, **body.model_dump())
    return _case(request, case_id)


@router.post(
    "/money/cases/{case_id}/court", response=PenaltyMoneyOut, summary="申请人民法院强制执行"
)
def court(request: HttpRequest, case_id: int, body: CourtApplyIn) -> dict[str, Any]:
    money.apply_court_enforcement(actor=request.user, case_id=case_id, **body.model_dump())
    return _case(request, case_id)


@router.post("/money/cases/{case_id}/publication", response=PenaltyMoneyOut, summary="公示处罚决定")
def publish(request: HttpRequest, case_id: int, body: PenaltyPublishIn) -> dict[str, Any]:
    publication.publish_decision(actor=request.user, case_id=case_id, **body.model_dump())
    return _case(request, case_id)


@router.post("/money/cases/{case_id}/closing", response=PenaltyMoneyOut, summary="结案")
def close(request: HttpRequest, case_id: int, body: PenaltyCloseIn) -> dict[str, Any]:
    closing.close_case(actor=request.user, case_id=case_id, **body.model_dump())
    return _case(request, case_id)


@router.post(
    "/money/complaint-links",
    response={201: PenaltyComplaintLinkOut},
    summary="乱罚款投诉关联处罚案件（效能投诉中心）",
)
def link(request: HttpRequest, body: PenaltyComplaintLinkIn) -> Status[dict[str, Any]]:
    row = link_complaint(actor=request.user, **body.model_dump())
    return Status(201, link_out(row))


@router.get(
    "/money/cases/{case_id}/papers/{paper}",
    summary="行政处罚决定书（decision）或事先告知书（notice），PDF："
    "承办的执法人员和负责人得当事人文本（记入审计），其他人得隐去个人信息的阅看副本",
)
def paper(request: HttpRequest, case_id: int, paper: str) -> HttpResponse:
    case, letter, full = open_paper(actor=request.user, case_id=case_id, paper=paper)
    return document.pdf_response(
        document.paper_pdf(letter, paper), document.paper_filename(case, paper, full=full)
    )
