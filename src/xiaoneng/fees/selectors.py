"""Reads of fees, always through the actor's authority.

- The catalog in force is public (收费公示: code, name, unit, basis,
  standard, period; never who recorded it); the whole catalog with its
  history is for `fee.catalog`.
- Charges, refunds and approvals: `fee.charge`, `fee.approve` and
  `fee.reconcile` read those of the departments in their data scope
  (the window its own department, the head his department and below,
  finance and the supervision bureau all). Seeing is not acting: each
  action checks its own permission again.
- Complaints about fees (乱收费) on a case are read as a projection of the
  matter only: never the complainant's identity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum

from xiaoneng.cases.selectors import case_for_actor
from xiaoneng.cases.vocabulary import case_not_found
from xiaoneng.complaints.models import Category, Complaint, Status
from xiaoneng.org.authority import has_perm, scope_q

from .models import (
    Charge,
    FeeApproval,
    FeeItem,
    FeeStatus,
    FeeVersion,
    Reconciliation,
    Refund,
    Remittance,
)
from .standard import FEN, next_month
from .vocabulary import approval_not_found, charge_not_found, fee_not_found

if TYPE_CHECKING:
    from xiaoneng.cases.models import Case
    from xiaoneng.org.actor import Actor

CATALOG = "fee.catalog"
CHARGE = "fee.charge"
APPROVE = "fee.approve"
RECONCILE = "fee.reconcile"
CHARGE_READERS = (CHARGE, APPROVE, RECONCILE)

# What a fees page shows of a 乱收费 complaint: the matter, never who complained.
COMPLAINT_FIELDS = ("id", "number", "title", "status", "received_on", "outcome", "closed_on")


# --- the catalog ------------------------------------------------------------------------


def in_force_q(day: date) -> Q:
    return (
        Q(effective_from__lte=day)
        & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))
    )


def fees_in_force(day: date) -> QuerySet[FeeItem]:
    """The catalog as the public reads it today (收费公示)."""
    return FeeItem.objects.filter(in_force_q(day)).select_related("department").order_by("code")


def catalog_for(actor: Actor | None) -> QuerySet[FeeItem]:
    if not has_perm(actor, CATALOG):
        return FeeItem.objects.none()
    return FeeItem.objects.select_related("department").order_by("code")


def fee_for(actor: Actor | None, pk: Any) -> FeeItem:
    try:
        row = catalog_for(actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise fee_not_found()
    return row


def fee_as_of(code: str, day: date) -> FeeVersion | None:
    """The catalog entry `code` as it stood on `day` (None: not in the catalog
    then). A fee cancelled before `day` is returned, cancelled."""
    return (
        FeeVersion.objects.filter(fee__code=code, valid_from__lte=day)
        .select_related("department")
        .order_by("-valid_from", "-number")
        .first()
    )


def codes_not_in_force(codes: list[str], day: date) -> list[str]:
    """The codes of `codes` that no fee in force on `day` carries. While the
    catalog is empty (not yet kept) nothing is refused: the codes are then
    checked for form only, as before the catalog existed."""
    if not codes or not FeeItem.objects.exists():
        return []
    live = set(
        FeeItem.objects.filter(in_force_q(day), code__in=codes).values_list("code", flat=True)
    )
    return [c for c in codes if c not in live]


def item_fees(case: Case, day: date) -> list[FeeItem]:
    """The fees the case's item names that are in force on `day` (the window's choice)."""
    codes = list(case.item.fee_codes or ()) if case.item.charges_fee else []
    return list(FeeItem.objects.filter(in_force_q(day), code__in=codes).order_by("code"))


# --- charges ------------------------------------------------------------------------------


def charges_for(actor: Actor | None) -> QuerySet[Charge]:
    if not any(has_perm(actor, p) for p in CHARGE_READERS):
        return Charge.objects.none()
    return Charge.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "case", "department", "approval"
    )


def charge_for(actor: Actor | None, pk: Any) -> Charge:
    try:
        row = charges_for(actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise charge_not_found()
    return row


def case_charges(case: Case) -> list[Charge]:
    """A case's charges (the case already read through the actor's authority)."""
    return list(Charge.objects.filter(case=case).prefetch_related("refunds").order_by("id"))


def case_for_fees(actor: Actor | None, case_id: Any) -> Case:
    """A case whose charges the actor may read (a `CHARGE_READERS` permission
    and the case in the actor's scope), or case_not_found (404) alike."""
    if actor is None or not any(has_perm(actor, p) for p in CHARGE_READERS):
        raise case_not_found()
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise case_not_found() from None
    return case_for_actor(actor, pk)


def case_approvals(case: Case) -> list[FeeApproval]:
    """A case's requests to charge above the lower bound (the case already read
    through the actor's authority)."""
    return list(
        FeeApproval.objects.filter(case=case)
        .select_related("requested_by", "decided_by")
        .order_by("id")
    )


def approvals_for(actor: Actor | None) -> QuerySet[FeeApproval]:
    if not any(has_perm(actor, p) for p in (CHARGE, APPROVE)):
        return FeeApproval.objects.none()
    return FeeApproval.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "case", "requested_by", "decided_by"
    )


def approval_for(actor: Actor | None, pk: Any) -> FeeApproval:
    try:
        row = approvals_for(actor).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise approval_not_found()
    return row


def fee_complaints(case_ids: list[int]) -> list[dict[str, Any]]:
    """乱收费 complaints about these cases, as the matter only (`COMPLAINT_FIELDS`)."""
    if not case_ids:
        return []
    rows = (
        Complaint.objects.filter(case_id__in=case_ids, category=Category.FEES)
        .order_by("-received_on", "-id")
        .values(*COMPLAINT_FIELDS, "case_id")
    )
    labels = dict(Status.choices)
    return [{**r, "status_label": labels.get(r["status"], r["status"])} for r in rows]


# --- the month's sums -----------------------------------------------------------------------


def _sum(qs: QuerySet[Any], field: str) -> Decimal:
    total = qs.aggregate(total=Sum(field))["total"] or Decimal(0)
    return Decimal(total).quantize(FEN)


def month_sums(department_id: int, month: date) -> dict[str, Decimal]:
    """Charged, refunded and remitted in a department's month."""
    end = next_month(month)
    charged = _sum(
        Charge.objects.filter(
            department_id=department_id, charged_on__gte=month, charged_on__lt=end
        ),
        "amount",
    )
    refunded = _sum(
        Refund.objects.filter(
            charge__department_id=department_id, refunded_on__gte=month, refunded_on__lt=end
        ),
        "amount",
    )
    remitted = _sum(Remittance.objects.filter(department_id=department_id, month=month), "amount")
    return {"charged": charged, "refunded": refunded, "remitted": remitted}


def reconciliations_for(actor: Actor | None) -> QuerySet[Reconciliation]:
    if not has_perm(actor, RECONCILE):
        return Reconciliation.objects.none()
    return Reconciliation.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "department"
    )


def departments_charging(month: date) -> list[int]:
    """Departments with a charge, a refund or a remittance in the month."""
    end = next_month(month)
    ids = set(
        Charge.objects.filter(charged_on__gte=month, charged_on__lt=end).values_list(
            "department_id", flat=True
        )
    )
    ids |= set(
        Refund.objects.filter(refunded_on__gte=month, refunded_on__lt=end).values_list(
            "charge__department_id", flat=True
        )
    )
    ids |= set(Remittance.objects.filter(month=month).values_list("department_id", flat=True))
    return sorted(ids)


def public_row(fee: FeeItem) -> dict[str, Any]:
    """What 收费公示 shows of a fee in force."""
    return {
        "code": fee.code,
        "name": fee.name,
        "department": fee.department.name,
        "legal_basis": fee.legal_basis,
        "price_doc": fee.price_doc,
        "finance_doc": fee.finance_doc,
        "kind": fee.kind,
        "standard": fee.standard_text,
        "lower": fee.lower,
        "upper": fee.upper,
        "unit": fee.unit,
        "effective_from": fee.effective_from,
        "effective_to": fee.effective_to,
        "status": FeeStatus(fee.status).label,
    }


# --- the applicant's tracking page --------------------------------------------------------


def applicant_charges(case_id: int) -> list[dict[str, Any]]:
    """What the applicant sees of the case's charges on the tracking page:
    what was charged, on what basis, the notice and receipt numbers, the
    refunds. Never who recorded it nor the supervision's findings."""
    rows = Charge.objects.filter(case_id=case_id).prefetch_related("refunds").order_by("id")
    return [
        {
            "name": c.fee_name or c.fee_code,
            "code": c.fee_code,
            "basis": c.basis,
            "quantity": c.quantity,
            "unit": c.unit,
            "unit_amount": c.unit_amount,
            "amount": c.amount,
            "notice_no": c.notice_no,
            "receipt_no": c.receipt_no,
            "payee": c.get_payee_account_display(),
            "charged_on": c.charged_on,
            "refunded": c.refunded,
            "refunds": [
                {"amount": r.amount, "reason": r.reason, "on": r.refunded_on}
                for r in c.refunds.all()
            ],
        }
        for c in rows
    ]


def charges_stamp(case_id: int) -> str:
    """Changes whenever a charge or refund on the case is recorded (the
    tracking page's cache key carries it)."""
    row = Charge.objects.filter(case_id=case_id).aggregate(n=Count("id"), r=Sum("refunded"))
    return f"{row['n']}:{row['r'] or 0}"
