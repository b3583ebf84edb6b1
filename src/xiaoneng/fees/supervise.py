"""What supervision is told about fees: a charge that departs from the
catalog as it stood on its day (`fee_outside_catalog`, subject `fee_charge`)
and a month whose remittance does not match (`fee_unremitted`, subject
`fee_reconciliation`), each with the facts compared as its evidence."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.supervision.subjects import Subject

from .models import Charge, FeeApproval, FeeVersion, Reconciliation
from .standard import BREACHES, Standard, standard_breaches


def approved_to(case_id: int, fee_code: str, day: date) -> FeeApproval | None:
    """The highest approved unit price for this fee on this case, decided by `day`."""
    return (
        FeeApproval.objects.filter(
            case_id=case_id, fee_code=fee_code, status="approved", decided_on__lte=day
        )
        .order_by("-unit_amount", "-id")
        .first()
    )


def breaches_of(
    *,
    version: FeeVersion | None,
    item_code: str,
    item_charges_fee: bool,
    item_fee_codes: list[str],
    fee_code: str,
    unit_amount: Decimal,
    day: date,
    approval: FeeApproval | None,
) -> list[str]:
    """Every way a charge departs from the catalog as it stood on `day`."""
    found: list[str] = []
    if not item_charges_fee or fee_code not in item_fee_codes:
        found.append("item_no_fee")
    if version is None:
        return ["not_in_catalog", *found]
    if version.item_codes and item_code not in version.item_codes and "item_no_fee" not in found:
        found.append("item_no_fee")
    if not version.in_force_on(day):
        found.append("not_in_force")
    standard = Standard(version.kind, version.lower, version.upper)
    found += standard_breaches(
        standard, unit_amount, approval.unit_amount if approval is not None else None
    )
    return found


def evidence(
    charge: Charge, version: FeeVersion | None, item_fee_codes: list[str]
) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "receipt_no": charge.receipt_no,
        "case": charge.case.tracking_no,
        "item": charge.case.item.code,
        "item_fee_codes": list(item_fee_codes),
        "code": charge.fee_code,
        "charged_on": charge.charged_on.isoformat(),
        "quantity": str(charge.quantity),
        "unit_amount": str(charge.unit_amount),
        "amount": str(charge.amount),
        "approval": charge.approval_id,
        "breaches": [{"code": b, "text": BREACHES[b]} for b in charge.breaches],
    }
    if version is not None:
        facts.update(
            version=version.number,
            version_valid_from=version.valid_from.isoformat(),
            standard={
                "kind": version.kind,
                "lower": str(version.lower),
                "upper": str(version.upper),
                "unit": version.unit,
            },
            effective_from=version.effective_from.isoformat(),
            effective_to=version.effective_to.isoformat() if version.effective_to else None,
            status=version.status,
            cancelled_on=version.cancelled_on.isoformat() if version.cancelled_on else None,
        )
    return facts


def flag_charge(charge: Charge, version: FeeVersion | None, item_fee_codes: list[str]) -> None:
    subject = Subject(
        kind="fee_charge",
        ref=charge.pk,
        title=f"{charge.case.tracking_no} {charge.fee_name or charge.fee_code} {charge.amount}元",
        url=reverse("fees:charge", args=[charge.pk]),
        department_id=charge.department_id,
    )
    raise_subject_anomaly(
        subject=subject,
        kind="fee_outside_catalog",
        evidence=evidence(charge, version, item_fee_codes),
        found_on=timesource.today(),
    )


def flag_reconciliation(row: Reconciliation) -> None:
    subject = Subject(
        kind="fee_reconciliation",
        ref=row.pk,
        title=f"{row.department.name} {row.month:%Y年%m月} 收费对账差额 {row.difference}元",
        url=f"{reverse('fees:reconciliation')}?month={row.month:%Y-%m}",
        department_id=row.department_id,
    )
    raise_subject_anomaly(
        subject=subject,
        kind="fee_unremitted",
        evidence={
            "month": f"{row.month:%Y-%m}",
            "charged": str(row.charged),
            "refunded": str(row.refunded),
            "remitted": str(row.remitted),
            "difference": str(row.difference),
        },
        found_on=timesource.today(),
    )


def versions_by_code(codes: set[str]) -> dict[str, list[FeeVersion]]:
    """Every version of these fees, read once: per code, in the order of
    (valid_from, number)."""
    grouped: dict[str, list[FeeVersion]] = defaultdict(list)
    rows = (
        FeeVersion.objects.filter(fee__code__in=codes)
        .select_related("department", "fee")
        .order_by("valid_from", "number", "id")
    )
    for version in rows:
        grouped[version.fee.code].append(version)
    return grouped


def version_on(versions: Sequence[FeeVersion], day: date) -> FeeVersion | None:
    """What `fee_as_of` returns, from the versions of one code in the order
    of (valid_from, number): the last one valid from `day` or before."""
    at = bisect_right([v.valid_from for v in versions], day)
    return versions[at - 1] if at else None


def sweep(since: date | None = None) -> int:
    """For safety: check every charge (since `since`) again against the
    catalog of its day; flag those that depart (idempotent). The count flagged."""
    qs = Charge.objects.select_related("case", "case__item", "approval").order_by("id")
    if since is not None:
        qs = qs.filter(charged_on__gte=since)
    catalog = versions_by_code(set(qs.order_by().values_list("fee_code", flat=True).distinct()))
    flagged = 0
    for charge in qs.iterator():
        item = charge.case.item
        version = version_on(catalog.get(charge.fee_code, ()), charge.charged_on)
        found = breaches_of(
            version=version,
            item_code=item.code,
            item_charges_fee=item.charges_fee,
            item_fee_codes=list(item.fee_codes or ()),
            fee_code=charge.fee_code,
            unit_amount=charge.unit_amount,
            day=charge.charged_on,
            approval=charge.approval,
        )
        if found:
            charge.breaches = (
                found  # the evidence tells what the sweep found (the row keeps its own)
            )
            flag_charge(charge, version, list(item.fee_codes or ()))
            flagged += 1
    return flagged
