"""Monthly reconciliation (`fee.reconcile`: finance; the supervision bureau
may run it too): what a department remitted to the treasury (缴库) for a
month against what it charged less what it refunded. A difference is
flagged (`fee_unremitted`); running it again replaces the month's row."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.text import require_text
from xiaoneng.fees.models import Reconciliation, Remittance
from xiaoneng.fees.selectors import RECONCILE, month_sums
from xiaoneng.fees.standard import money, month_start
from xiaoneng.fees.supervise import flag_reconciliation
from xiaoneng.org.authority import covers_department, require
from xiaoneng.org.models import Department

from .common import as_int

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


def a_month(value: Any) -> date:
    """A month as `YYYY-MM` or any date in it; not after this month."""
    day: date | None = value if type(value) is date else None
    if isinstance(value, str):
        try:
            day = date.fromisoformat(
                value.strip() + "-01" if len(value.strip()) == 7 else value.strip()
            )
        except ValueError:
            day = None
    if day is None or month_start(day) > month_start(timesource.today()):
        raise InvalidInput("月份不正确", code="fee_month_invalid")
    return month_start(day)


def _department(user: User, department_id: Any) -> Department:
    row = Department.objects.filter(pk=as_int(department_id), active=True).first()
    if row is None or not covers_department(user, row.pk):
        raise InvalidInput("执收单位不正确", code="fee_department_invalid")
    return row


@transaction.atomic(durable=True)
def record_remittance(
    *, actor: Actor, department_id: int, month: Any, amount: Any, document: str
) -> Remittance:
    """登记缴库: an amount a department paid into the treasury for a month."""
    user = require(actor, RECONCILE)
    department = _department(user, department_id)
    the_month = a_month(month)
    value = money(amount)
    doc = require_text(
        document, code="fee_remittance_document_required", message="请填写缴库凭证号", limit=60
    )
    row = Remittance.objects.create(
        department=department,
        month=the_month,
        amount=value,
        document=doc,
        recorded_by=user,
        recorded_on=timesource.today(),
    )
    record_event(
        actor=user,
        event_type="fee.remitted",
        object_type="department",
        object_id=department.code,
        payload={"month": f"{the_month:%Y-%m}", "amount": str(value), "document": doc},
    )
    return row


@transaction.atomic(durable=True)
def reconcile_month(*, actor: Actor, department_id: int, month: Any) -> Reconciliation:
    """对账: charged − refunded against remitted; a difference is flagged."""
    user = require(actor, RECONCILE)
    department = _department(user, department_id)
    the_month = a_month(month)
    Department.objects.select_for_update().filter(pk=department.pk).first()  # one run at a time
    sums = month_sums(department.pk, the_month)
    difference = sums["charged"] - sums["refunded"] - sums["remitted"]
    row, _ = Reconciliation.objects.update_or_create(
        department=department,
        month=the_month,
        defaults={
            **sums,
            "difference": difference,
            "reconciled_on": timesource.today(),
            "reconciled_by": user,
        },
    )
    record_event(
        actor=user,
        event_type="fee.reconciled",
        object_type="department",
        object_id=department.code,
        payload={"month": f"{the_month:%Y-%m}", "difference": str(difference)},
    )
    if difference != 0:
        flag_reconciliation(row)
    return row
