"""What the frugality actions share: the locked rows (permission and scope
checked on the locked row), text, number, money and date checks, the
subject handed to supervision, and the record numbers."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.text import as_int, require_text
from xiaoneng.frugality.models import Status
from xiaoneng.org.authority import covers_department, require, unit_of
from xiaoneng.org.models import Department
from xiaoneng.supervision.subjects import Subject

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

M = TypeVar("M", bound=Model)

text = functools.partial(require_text, limit=4000)
MONEY_MAX = Decimal("9999999999.99")


def count(value: Any, *, code: str, label: str, minimum: int = 0, maximum: int = 10000) -> int:
    """A whole number of people, meals or nights within bounds."""
    n = as_int(value) if not isinstance(value, bool) else None
    if n is None or not minimum <= n <= maximum:
        raise InvalidInput(
            f"{label}应为 {minimum}–{maximum} 之间的整数",
            code=code,
            detail={"value": str(value)},
        )
    return n


def money(value: Any, *, code: str, label: str) -> Decimal:
    """An amount in yuan, ≥ 0, two decimal places at most."""
    try:
        amount = Decimal(str(value).strip()) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount < 0
        or amount > MONEY_MAX
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise InvalidInput(
            f"{label}不正确（元，最多两位小数）", code=code, detail={"value": str(value)}
        )
    return amount.quantize(Decimal("0.01"))


def a_date(value: Any, *, code: str, label: str) -> date:
    if type(value) is not date:
        raise InvalidInput(f"{label}不正确", code=code)
    return value


def period(start: Any, end: Any, *, code: str) -> tuple[date, date]:
    if type(start) is not date or type(end) is not date or end < start:
        raise InvalidInput("日期不正确（结束日期不能早于开始日期）", code=code)
    return start, end


def own_unit(user: User, department_id: Any = None) -> Department:
    """The unit a registration is for: the one named (in the actor's scope) or the actor's own."""
    if department_id not in (None, ""):
        dept = Department.objects.filter(pk=as_int(department_id) or 0, active=True).first()
        if dept is None or not covers_department(user, dept.pk):
            raise InvalidInput("单位不正确或不在本人范围内", code="frugality_department_invalid")
        return dept
    unit = unit_of(user)
    if unit is None:
        raise InvalidInput("本人没有所属单位", code="frugality_department_invalid")
    return unit


def locked(
    actor: Actor, model: type[M], pk: Any, permission: str, missing: NotFound
) -> tuple[User, M]:
    """The user and the row, locked; a row outside the actor's scope is not there."""
    user = require(actor, permission)
    row = model._default_manager.select_for_update(of=("self",)).filter(pk=as_int(pk) or 0).first()
    if row is None or not covers_department(user, row.department_id):  # type: ignore[attr-defined]
        raise missing
    return user, row


def not_self(user: User, maker_id: int, *, code: str) -> None:
    if user.pk == maker_id:
        raise PermissionDenied("不能审批本人登记的申请", code=code)


def decide(user: User, row: Any, *, approve: bool, note: str, what: str) -> None:
    """Write a locked pending row's decision (a refusal says why) and its
    audit event `frugality.<what>_approved` / `_rejected` on `<what>` `row.number`."""
    remark = (note or "").strip()[:2000]
    if not approve and not remark:
        raise InvalidInput("不予批准时请说明理由", code="frugality_note_required")
    row.status = Status.APPROVED if approve else Status.REJECTED
    row.decided_by, row.decided_on, row.decision_note = user, timesource.today(), remark
    fields = ["status", "decided_by", "decided_on", "decision_note"]
    if any(f.name == "updated_at" for f in row._meta.fields):
        fields.append("updated_at")
    row.save(update_fields=fields)
    record_event(
        actor=user,
        event_type=f"frugality.{what}_{'approved' if approve else 'rejected'}",
        object_type=what,
        object_id=row.number,
        payload={"note": remark},
    )


def number(prefix: str, pk: int) -> str:
    return f"{prefix}{timesource.today():%Y}{pk:05d}"


def subject(kind: str, row: Any, title: str, view: str) -> Subject:
    return Subject(
        kind=kind,
        ref=row.pk,
        title=title,
        url=reverse(view, args=[row.pk]),
        department_id=row.department_id,
    )
