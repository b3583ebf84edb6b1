"""Charges on cases (`fee.charge`, the window of the case's department),
approvals to charge above a range's lower bound (`fee.approve`, the head
within his scope) and refunds.

Refused or recorded-and-flagged? A charge is a fact: the payer holds the
payment notice and the fiscal receipt. A charge that departs from the
catalog as it stood that day (not in it, out of its period or cancelled
before that day, on an item that charges no such fee, off the standard, or
above the lower bound without a recorded approval) is therefore never
silently refused — refusing would leave money taken off the books, the very
thing seed art. 4 forbids. It is refused once with
`fee_charge_outside_catalog` (the window sees what is wrong and corrects a
typing slip); recorded only when the window confirms (`confirm=True`, on the
page a checkbox, in the API a field), and then flagged in the same
transaction: the anomaly `fee_outside_catalog` with the facts compared goes
to the supervision desk. Form errors (no notice or receipt number, a
receipt number already used, money not paid into the budget account, a
case outside the window's department) are refused outright."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.cases.models import Case
from xiaoneng.cases.vocabulary import case_not_found
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import require_text
from xiaoneng.fees.models import (
    ApprovalStatus,
    Charge,
    FeeApproval,
    FeeItem,
    FeeVersion,
    PayeeAccount,
    Refund,
)
from xiaoneng.fees.selectors import APPROVE, CHARGE, fee_as_of
from xiaoneng.fees.standard import BREACHES, amount_of, money, quantity_of
from xiaoneng.fees.supervise import approved_to, breaches_of, flag_charge
from xiaoneng.fees.vocabulary import approval_not_found, charge_not_found
from xiaoneng.org.authority import covers_department, require

from .common import a_date, as_int

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


def _case(user: User, case_id: Any) -> Case:
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("item")
        .filter(pk=as_int(case_id))
        .first()
    )
    if case is None or not covers_department(user, case.department_id):
        raise case_not_found()
    return case


def _day(value: Any, case: Case) -> date:
    today = timesource.today()
    day = a_date(
        value if value not in (None, "") else today,
        code="fee_charge_date_invalid",
        message="收费日期不正确",
    )
    assert day is not None
    if day > today or day < case.received_on:
        raise InvalidInput("收费日期不能早于收件日期或晚于今天", code="fee_charge_date_invalid")
    return day


def _numbers(notice_no: Any, receipt_no: Any) -> tuple[str, str]:
    notice = require_text(
        notice_no, code="fee_notice_required", message="请填写缴款通知书编号", limit=40
    )
    receipt = require_text(
        receipt_no, code="fee_receipt_required", message="请填写财政票据号", limit=40
    )
    if Charge.objects.filter(receipt_no=receipt).exists():
        raise Conflict("该财政票据号已登记", code="fee_receipt_exists")
    return notice, receipt


def _unit(unit_amount: Any, version: FeeVersion | None) -> Decimal:
    """The unit price: the lower bound of the day's standard unless told."""
    if unit_amount not in (None, ""):
        return money(unit_amount)
    if version is None:
        raise InvalidInput("目录外的收费须填写单价", code="fee_amount_invalid")
    return version.lower


def _store(  # the checked facts of one charge
    *,
    case: Case,
    code: str,
    version: FeeVersion | None,
    quantity: Decimal,
    unit_amount: Decimal,
    numbers: tuple[str, str],
    payee_account: str,
    day: date,
    approval: FeeApproval | None,
    breaches: list[str],
    user: User,
) -> Charge:
    basis = f"{version.legal_basis}；{version.price_doc}；{version.finance_doc}" if version else ""
    try:
        with transaction.atomic():
            return Charge.objects.create(
                case=case,
                department_id=case.department_id,
                fee=FeeItem.objects.filter(code=code).first(),
                fee_code=code,
                fee_name=version.name if version else "",
                fee_version=version.number if version else None,
                basis=basis,
                quantity=quantity,
                unit=version.unit if version else "",
                unit_amount=unit_amount,
                amount=amount_of(quantity, unit_amount),
                notice_no=numbers[0],
                receipt_no=numbers[1],
                into_budget=True,
                payee_account=payee_account,
                charged_on=day,
                approval=approval,
                breaches=breaches,
                recorded_by=user,
            )
    except IntegrityError:
        raise Conflict("该财政票据号已登记", code="fee_receipt_exists") from None


@transaction.atomic(durable=True)
def record_charge(
    *,
    actor: Actor,
    case_id: int,
    fee_code: str,
    quantity: Any,
    notice_no: str,
    receipt_no: str,
    unit_amount: Any = None,
    payee_account: str = PayeeAccount.FISCAL,
    into_budget: bool = True,
    charged_on: date | None = None,
    confirm: bool = False,
) -> Charge:
    """登记收费 on a case of the window's department; the unit price is the
    lower bound unless told. See the module's note on charges outside the catalog."""
    user = require(actor, CHARGE)
    case = _case(user, case_id)
    if into_budget is not True or payee_account not in PayeeAccount.values:
        raise InvalidInput(
            "收费须全额缴入财政专户或国库，纳入预算管理，不得由部门留存", code="fee_budget_required"
        )
    day = _day(charged_on, case)
    code = fee_code.strip() if isinstance(fee_code, str) else ""
    if not code:
        raise InvalidInput("收费项目编码不正确", code="fee_code_invalid")
    version = fee_as_of(code, day)
    qty = quantity_of(quantity)
    unit = _unit(unit_amount, version)
    approval = approved_to(case.pk, code, day)
    item = case.item
    item_codes = list(item.fee_codes or ()) if item.charges_fee else []
    found = breaches_of(
        version=version,
        item_code=item.code,
        item_charges_fee=item.charges_fee,
        item_fee_codes=item_codes,
        fee_code=code,
        unit_amount=unit,
        day=day,
        approval=approval,
    )
    notice, receipt = _numbers(notice_no, receipt_no)
    if found and not confirm:
        raise Conflict(
            "该收费不符合收费目录："
            + "；".join(BREACHES[b] for b in found)
            + "。确认后登记并转电子监察",
            code="fee_charge_outside_catalog",
            detail={"breaches": found},
        )
    charge = _store(
        case=case,
        code=code,
        version=version,
        quantity=qty,
        unit_amount=unit,
        numbers=(notice, receipt),
        payee_account=payee_account,
        day=day,
        approval=approval if version is not None and unit > version.lower else None,
        breaches=found,
        user=user,
    )
    record_event(
        actor=user,
        event_type="fee.charged",
        object_type="case",
        object_id=case.tracking_no,
        payload={
            "charge": charge.pk,
            "code": code,
            "amount": str(charge.amount),
            "receipt_no": receipt,
            "breaches": found,
        },
    )
    if found:
        flag_charge(charge, version, item_codes)
    return charge


@transaction.atomic(durable=True)
def refund_charge(*, actor: Actor, charge_id: int, amount: Any, reason: str) -> Refund:
    """退费: at most what is still held of the charge, with the reason."""
    user = require(actor, CHARGE)
    charge = Charge.objects.select_for_update().filter(pk=as_int(charge_id)).first()
    if charge is None or not covers_department(user, charge.department_id):
        raise charge_not_found()
    value = money(amount)
    if value <= 0 or charge.refunded + value > charge.amount:
        raise InvalidInput(
            "退费金额不能超过实收金额",
            code="fee_refund_exceeds",
            detail={"amount": str(charge.amount), "refunded": str(charge.refunded)},
        )
    why = require_text(reason, code="fee_reason_required", message="请填写退费原因", limit=500)
    row = Refund.objects.create(
        charge=charge, amount=value, reason=why, refunded_on=timesource.today(), recorded_by=user
    )
    charge.refunded += value
    charge.save(update_fields=["refunded"])
    record_event(
        actor=user,
        event_type="fee.refunded",
        object_type="case",
        object_id=charge.case.tracking_no,
        payload={"charge": charge.pk, "amount": str(value), "refunded": str(charge.refunded)},
    )
    return row


@transaction.atomic(durable=True)
def request_approval(
    *, actor: Actor, case_id: int, fee_code: str, unit_amount: Any, reason: str
) -> FeeApproval:
    """申请高于下限收费: the window asks its head, with the reason."""
    user = require(actor, CHARGE)
    case = _case(user, case_id)
    code = fee_code.strip() if isinstance(fee_code, str) else ""
    version = fee_as_of(code, timesource.today())
    if version is None or not version.in_force_on(timesource.today()):
        raise InvalidInput("收费项目不在收费目录中或已停止执行", code="fee_code_invalid")
    unit = money(unit_amount)
    if not version.lower < unit <= version.upper:
        raise InvalidInput(
            f"申请标准应高于下限 {version.lower} 元、不超过上限 {version.upper} 元",
            code="fee_standard_invalid",
        )
    why = require_text(reason, code="fee_reason_required", message="请填写理由", limit=2000)
    row = FeeApproval.objects.create(
        case=case,
        department_id=case.department_id,
        fee_code=code,
        unit_amount=unit,
        reason=why,
        requested_by=user,
        requested_on=timesource.today(),
    )
    record_event(
        actor=user,
        event_type="fee.approval_requested",
        object_type="case",
        object_id=case.tracking_no,
        payload={"approval": row.pk, "code": code, "unit_amount": str(unit)},
    )
    return row


@transaction.atomic(durable=True)
def decide_approval(
    *, actor: Actor, approval_id: int, approve: bool, note: str = ""
) -> FeeApproval:
    """审批: the head of the case's department (within his scope), once."""
    user = require(actor, APPROVE)
    row = FeeApproval.objects.select_for_update().filter(pk=as_int(approval_id)).first()
    if row is None or not covers_department(user, row.department_id):
        raise approval_not_found()
    if row.status != ApprovalStatus.PENDING:
        raise Conflict("该申请已审批", code="fee_approval_decided")
    if not approve and not (note or "").strip():
        raise InvalidInput("不予批准时请说明理由", code="fee_reason_required")
    row.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
    row.decided_by = user
    row.decided_on = timesource.today()
    row.decision_note = (note or "").strip()[:500]
    row.save()
    record_event(
        actor=user,
        event_type="fee.approval_decided",
        object_type="case",
        object_id=row.case.tracking_no,
        payload={"approval": row.pk, "approved": bool(approve)},
    )
    return row
