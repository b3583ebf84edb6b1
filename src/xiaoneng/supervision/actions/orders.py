"""Urging and correction orders (督办 / 纠错): issued by the bureau, answered
by the department, closed by the bureau. An order on another app's subject
(`subjects.issue_subject_order`) is answered the same way and closed by a
holder of the permission it was issued under."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.cases.models import Case
from xiaoneng.cases.vocabulary import case_not_found
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import require, scope_q
from xiaoneng.supervision.models import OrderKind, OrderStatus, SupervisionOrder
from xiaoneng.supervision.vocabulary import order_not_found

from .common import about, cn_date, locked_in_scope, required_text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# action → the statuses it may start from
TRANSITIONS: dict[str, tuple[OrderStatus, ...]] = {
    "reply": (OrderStatus.ISSUED,),
    "close": (OrderStatus.REPLIED,),
}


def _check(order: SupervisionOrder, action: str) -> None:
    if order.status not in TRANSITIONS[action]:
        raise Conflict(
            f"该{order.get_kind_display()}当前为“{order.get_status_display()}”，不能执行此操作",
            code="order_not_awaiting_reply" if action == "reply" else "order_not_replied",
            detail={"status": order.status},
        )


def _order_in_scope(actor: Actor, order_id: int) -> SupervisionOrder:
    return locked_in_scope(SupervisionOrder, actor, order_id, order_not_found)


def _order_link(order: SupervisionOrder) -> str:
    return f"{reverse('supervision:orders')}#order-{order.pk}"


@transaction.atomic(durable=True)
def issue_order(
    *, actor: Actor, case_id: int, kind: str, text: str, due_on: date
) -> SupervisionOrder:
    """督办 (with a new deadline) or 纠错 to the case's handling department."""
    actor = require(actor, "supervision.manage")
    if kind not in OrderKind.values:
        raise InvalidInput("类型须为督办或纠错", code="order_kind_invalid", detail={"kind": kind})
    body = required_text(text, code="order_text_required", message="请填写督办（纠错）内容")
    today = timesource.today()
    if due_on < today:
        raise InvalidInput(
            "答复期限不能早于今天", code="order_due_in_past", detail={"today": today}
        )
    case = (
        Case.objects.filter(scope_q(actor, dept_field="department"), pk=case_id)
        .select_related("department")
        .first()
    )
    if case is None:
        raise case_not_found()
    order = SupervisionOrder.objects.create(
        kind=kind,
        case=case,
        department=case.department,
        text=body[:4000],
        issued_by=actor,
        issued_on=today,
        due_on=due_on,
    )
    record_event(
        actor=actor,
        event_type=f"supervision.order_{kind}_issued",
        object_type="supervision_order",
        object_id=order.pk,
        payload={
            "case": case.tracking_no,
            "department": case.department.name,
            "due_on": due_on,
            "text": order.text,
        },
    )
    notify(
        recipients=department_heads([case.department_id]).get(case.department_id, []),
        kind=f"order_{kind}",
        title=f"{order.get_kind_display()}：办件 {case.tracking_no}，请于{cn_date(due_on)}前答复",
        body=order.text,
        link=_order_link(order),
    )
    return order


@transaction.atomic(durable=True)
def reply_order(*, actor: Actor, order_id: int, reply: str) -> SupervisionOrder:
    """The department answers (what it did, or why)."""
    actor = require(actor, "supervision.reply")
    order = _order_in_scope(actor, order_id)
    _check(order, "reply")
    order.reply = required_text(reply, code="reply_required", message="请填写答复内容")[:4000]
    order.replied_by = actor
    order.replied_on = timesource.today()
    order.status = OrderStatus.REPLIED
    order.save(update_fields=["reply", "replied_by", "replied_on", "status", "updated_at"])
    record_event(
        actor=actor,
        event_type="supervision.order_replied",
        object_type="supervision_order",
        object_id=order.pk,
        payload={
            **about(order),
            "late": order.replied_on > order.due_on,
            "reply": order.reply,
        },
    )
    notify(
        recipients=[order.issued_by_id],
        kind="order_replied",
        title=f"{order.get_kind_display()}已答复：{order.subject_label}",
        body=order.reply,
        link=_order_link(order),
    )
    return order


@transaction.atomic(durable=True)
def close_order(*, actor: Actor, order_id: int, note: str = "") -> SupervisionOrder:
    """The issuer accepts the answer: the order is closed (办结). A case order
    needs supervision.manage, a subject order the permission it was issued
    under (the inspector closes his urging of a target task, not a case's)."""
    order = _order_in_scope(actor, order_id)
    require(actor, order.closing_permission)
    _check(order, "close")
    order.status = OrderStatus.CLOSED
    order.closed_on = timesource.today()
    order.closing_note = (note or "").strip()[:500]
    order.save(update_fields=["status", "closed_on", "closing_note", "updated_at"])
    record_event(
        actor=actor,
        event_type="supervision.order_closed",
        object_type="supervision_order",
        object_id=order.pk,
        payload={**about(order), "note": order.closing_note},
    )
    notify(
        recipients=department_heads([order.department_id]).get(order.department_id, []),
        kind="order_closed",
        title=f"{order.get_kind_display()}已办结：{order.subject_label}",
        body=order.closing_note,
        link=_order_link(order),
    )
    return order
