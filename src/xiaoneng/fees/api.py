"""The fees API: `/api/v1/fees` (the catalog: the fees in force are public;
the whole catalog and its writes for `fee.catalog`) and `/api/v1/charges`
(charges, refunds, approvals and the monthly reconciliation, scoped as the
pages are). The same actions and selectors as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from xiaoneng.core import timesource
from xiaoneng.org.authority import has_perm
from xiaoneng.web.paging import api_window

from . import actions
from .models import Charge, FeeApproval, FeeItem, PayeeAccount, Reconciliation
from .notice import notice_pdf, notice_response
from .selectors import (
    CATALOG,
    approval_for,
    approvals_for,
    case_for_fees,
    catalog_for,
    charge_for,
    charges_for,
    fee_complaints,
    fees_in_force,
    reconciliations_for,
)
from .vocabulary import fee_not_found

catalog_router = Router(tags=["收费目录"])
charges_router = Router(tags=["收费"])


class FeeTermsIn(Schema):
    name: str
    department_id: int
    legal_basis: str
    price_doc: str
    finance_doc: str
    kind: str
    lower: Decimal
    upper: Decimal | None = None
    unit: str
    effective_from: date
    effective_to: date | None = None
    item_codes: list[str] = []


class FeeCreateIn(FeeTermsIn):
    code: str


class FeeChangeIn(FeeTermsIn):
    valid_from: date | None = None
    note: str = ""


class FeeCancelIn(Schema):
    cancelled_on: date
    note: str = ""


class FeeOut(Schema):
    code: str
    name: str
    department: str
    legal_basis: str
    price_doc: str
    finance_doc: str
    kind: str
    lower: Decimal
    upper: Decimal
    unit: str
    effective_from: date
    effective_to: date | None
    status: str
    cancelled_on: date | None
    item_codes: list[str]
    version: int | None = None


class ChargeIn(Schema):
    case_id: int
    fee_code: str
    quantity: Decimal
    unit_amount: Decimal | None = None
    notice_no: str
    receipt_no: str
    payee_account: str = PayeeAccount.FISCAL
    into_budget: bool = True
    charged_on: date | None = None
    confirm: bool = False


class ChargeOut(Schema):
    id: int
    case: str
    department: str
    fee_code: str
    fee_name: str
    fee_version: int | None
    basis: str
    quantity: Decimal
    unit: str
    unit_amount: Decimal
    amount: Decimal
    refunded: Decimal
    notice_no: str
    receipt_no: str
    payee_account: str
    into_budget: bool
    charged_on: date
    approval_id: int | None
    breaches: list[str]


class FeeRefundIn(Schema):
    amount: Decimal
    reason: str


class FeeApprovalIn(Schema):
    case_id: int
    fee_code: str
    unit_amount: Decimal
    reason: str


class FeeDecisionIn(Schema):
    approve: bool
    note: str = ""


class FeeApprovalOut(Schema):
    id: int
    case: str
    fee_code: str
    unit_amount: Decimal
    reason: str
    status: str
    requested_on: date
    decided_on: date | None
    decision_note: str


class RemittanceIn(Schema):
    department_id: int
    month: str
    amount: Decimal
    document: str


class ReconcileIn(Schema):
    department_id: int
    month: str


class ReconciliationOut(Schema):
    department: str
    month: date
    charged: Decimal
    refunded: Decimal
    remitted: Decimal
    difference: Decimal
    reconciled_on: date


class FeeComplaintOut(Schema):
    number: str
    title: str
    status: str
    received_on: date


def fee_out(f: FeeItem, *, internal: bool) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "department": f.department.name,
        "legal_basis": f.legal_basis,
        "price_doc": f.price_doc,
        "finance_doc": f.finance_doc,
        "kind": f.kind,
        "lower": f.lower,
        "upper": f.upper,
        "unit": f.unit,
        "effective_from": f.effective_from,
        "effective_to": f.effective_to,
        "status": f.status,
        "cancelled_on": f.cancelled_on,
        "item_codes": list(f.item_codes or ()),
        "version": f.version if internal else None,
    }


def charge_out(c: Charge) -> dict[str, Any]:
    return {
        "id": c.pk,
        "case": c.case.tracking_no,
        "department": c.department.name,
        **{
            k: getattr(c, k)
            for k in (
                "fee_code",
                "fee_name",
                "fee_version",
                "basis",
                "quantity",
                "unit",
                "unit_amount",
                "amount",
                "refunded",
                "notice_no",
                "receipt_no",
                "payee_account",
                "into_budget",
                "charged_on",
                "approval_id",
            )
        },
        "breaches": list(c.breaches or ()),
    }


def approval_out(a: FeeApproval) -> dict[str, Any]:
    return {
        "id": a.pk,
        "case": a.case.tracking_no,
        **{
            k: getattr(a, k)
            for k in ("fee_code", "unit_amount", "reason", "status", "requested_on", "decided_on")
        },
        "decision_note": a.decision_note,
    }


def _terms(body: FeeTermsIn) -> dict[str, Any]:
    data = body.model_dump(exclude={"code", "valid_from", "note", "item_codes"})
    data["item_codes_"] = body.item_codes
    return data


# --- /api/v1/fees ---------------------------------------------------------------------


@catalog_router.get("", response=list[FeeOut], auth=None, summary="收费目录（公开：现行有效）")
def list_fees(
    request: HttpRequest,
    department_id: int | None = None,
    all: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    internal = all and has_perm(request.user, CATALOG)
    qs = catalog_for(request.user) if internal else fees_in_force(timesource.today())
    if department_id:
        qs = qs.filter(department_id=department_id)
    return [fee_out(f, internal=internal) for f in api_window(qs, limit, offset)]


@catalog_router.get("/{code}", response=FeeOut, auth=None, summary="收费项目")
def get_fee(request: HttpRequest, code: str) -> dict[str, Any]:
    internal = has_perm(request.user, CATALOG)
    qs = catalog_for(request.user) if internal else fees_in_force(timesource.today())
    row = qs.filter(code=code).first()
    if row is None:
        raise fee_not_found()
    return fee_out(row, internal=internal)


@catalog_router.post("", response={201: FeeOut}, summary="新增收费项目")
def create_fee(request: HttpRequest, body: FeeCreateIn) -> Status[dict[str, Any]]:
    row = actions.create_fee(actor=request.user, code=body.code, **_terms(body))
    return Status(201, fee_out(row, internal=True))


@catalog_router.put("/{code}", response=FeeOut, summary="变更收费项目（新版本）")
def change_fee(request: HttpRequest, code: str, body: FeeChangeIn) -> dict[str, Any]:
    row = actions.change_fee(
        actor=request.user, code=code, valid_from=body.valid_from, note=body.note, **_terms(body)
    )
    return fee_out(row, internal=True)


@catalog_router.post("/{code}/cancel", response=FeeOut, summary="取消收费项目")
def cancel_fee(request: HttpRequest, code: str, body: FeeCancelIn) -> dict[str, Any]:
    row = actions.cancel_fee(actor=request.user, code=code, **body.model_dump())
    return fee_out(row, internal=True)


# --- /api/v1/charges -------------------------------------------------------------------


@charges_router.get("", response=list[ChargeOut], summary="收费记录（本人数据范围）")
def list_charges(
    request: HttpRequest, flagged: bool = False, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = charges_for(request.user).order_by("-charged_on", "-id")
    if flagged:
        qs = qs.exclude(breaches=[])
    return [charge_out(c) for c in api_window(qs, limit, offset)]


@charges_router.post("", response={201: ChargeOut}, summary="登记收费")
def record_charge(request: HttpRequest, body: ChargeIn) -> Status[dict[str, Any]]:
    row = actions.record_charge(actor=request.user, **body.model_dump())
    return Status(201, charge_out(charge_for(request.user, row.pk)))


@charges_router.get("/approvals", response=list[FeeApprovalOut], summary="高于下限收费申请")
def list_approvals(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    return [
        approval_out(a)
        for a in api_window(approvals_for(request.user).order_by("-id"), limit, offset)
    ]


@charges_router.post("/approvals", response={201: FeeApprovalOut}, summary="申请高于下限收费")
def request_approval(request: HttpRequest, body: FeeApprovalIn) -> Status[dict[str, Any]]:
    row = actions.request_approval(actor=request.user, **body.model_dump())
    return Status(201, approval_out(approval_for(request.user, row.pk)))


@charges_router.post("/approvals/{approval_id}/decide", response=FeeApprovalOut, summary="审批")
def decide_approval(request: HttpRequest, approval_id: int, body: FeeDecisionIn) -> dict[str, Any]:
    actions.decide_approval(actor=request.user, approval_id=approval_id, **body.model_dump())
    return approval_out(approval_for(request.user, approval_id))


@charges_router.post("/remittances", response={201: ReconciliationOut}, summary="登记缴库")
def record_remittance(request: HttpRequest, body: RemittanceIn) -> Status[dict[str, Any]]:
    actions.record_remittance(actor=request.user, **body.model_dump())
    row = actions.reconcile_month(
        actor=request.user, department_id=body.department_id, month=body.month
    )
    return Status(201, reconciliation_out(row))


def reconciliation_out(r: Reconciliation) -> dict[str, Any]:
    return {
        "department": r.department.name,
        **{
            k: getattr(r, k)
            for k in ("month", "charged", "refunded", "remitted", "difference", "reconciled_on")
        },
    }


@charges_router.get("/reconciliations", response=list[ReconciliationOut], summary="月度对账")
def list_reconciliations(
    request: HttpRequest, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    return [
        reconciliation_out(r) for r in api_window(reconciliations_for(request.user), limit, offset)
    ]


@charges_router.post("/reconciliations", response=ReconciliationOut, summary="对账")
def reconcile(request: HttpRequest, body: ReconcileIn) -> dict[str, Any]:
    return reconciliation_out(actions.reconcile_month(actor=request.user, **body.model_dump()))


@charges_router.get(
    "/cases/{case_id}/notice",
    summary="下载办件的收费通知书（PDF，GB/T 9704 版式）",
    url_name="fee_case_notice",
    openapi_extra={
        "responses": {
            200: {
                "description": "收费通知书 PDF；收费、退费不变时重复生成得到相同字节",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def case_notice(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_for_fees(request.user, case_id)
    return notice_response(case, notice_pdf(case))


@charges_router.get("/{charge_id}", response=ChargeOut, summary="收费记录")
def get_charge(request: HttpRequest, charge_id: int) -> dict[str, Any]:
    return charge_out(charge_for(request.user, charge_id))


@charges_router.get(
    "/{charge_id}/complaints", response=list[FeeComplaintOut], summary="该办件的乱收费投诉"
)
def charge_complaints(request: HttpRequest, charge_id: int) -> list[dict[str, Any]]:
    return fee_complaints([charge_for(request.user, charge_id).case_id])


@charges_router.post("/{charge_id}/refunds", response={201: ChargeOut}, summary="登记退费")
def refund(request: HttpRequest, charge_id: int, body: FeeRefundIn) -> Status[dict[str, Any]]:
    actions.refund_charge(actor=request.user, charge_id=charge_id, **body.model_dump())
    return Status(201, charge_out(charge_for(request.user, charge_id)))
