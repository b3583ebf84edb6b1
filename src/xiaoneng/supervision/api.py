"""The supervision API at /api/v1/supervision/: alerts, cards, orders.
Errors are `{"code","message","detail"}` like the rest of the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.cases.vocabulary import case_not_found
from xiaoneng.core.errors import PermissionDenied
from xiaoneng.org.authority import has_perm, require

from . import actions, selectors
from .anomalies import step_label
from .models import Anomaly, SubjectCard, SupervisionCard, SupervisionOrder
from .vocabulary import anomaly_not_found, order_not_found

router = Router(tags=["电子监察"])
MAX_LIMIT = 100


class AlertOut(Schema):
    id: int
    tracking_no: str
    item_code: str
    item_name: str
    department_id: int
    department: str
    status: str
    step: str
    due_on: date | None
    warning_days: int
    alert_level: str


class _CardFields(Schema):
    """What a card on a case and a card on a subject both say."""

    department_id: int
    department: str
    colour: str
    step: str
    due_on: date
    issued_on: date
    follow_up_due_on: date | None
    reason: str
    closed_on: date | None


class CardOut(_CardFields):
    id: int
    case_id: int
    tracking_no: str
    reply: str
    replied_on: date | None


class SubjectCardOut(_CardFields):
    id: int
    subject_kind: str
    subject_ref: int | None
    subject_title: str
    subject_url: str


class OrderOut(Schema):
    id: int
    kind: str
    status: str
    case_id: int | None
    tracking_no: str
    subject_kind: str
    subject_ref: int | None
    subject_title: str
    subject_url: str
    department_id: int
    department: str
    text: str
    issued_by: str
    issued_on: date
    due_on: date
    reply: str
    replied_on: date | None
    closed_on: date | None
    closing_note: str


class OrderIn(Schema):
    case_id: int
    kind: str
    text: str
    due_on: date


class AnomalyOut(Schema):
    id: int
    kind: str
    kind_label: str
    step: str
    step_label: str
    case_id: int | None
    tracking_no: str
    subject_kind: str
    subject_ref: int | None
    subject_title: str
    subject_url: str
    department_id: int
    department: str
    detected_on: date
    occurred_on: date | None
    summary: str
    evidence: dict[str, Any]
    status: str
    explanation: str
    explained_on: date | None
    closed_on: date | None
    closing_note: str


class ChainOut(Schema):
    case_id: int
    tracking_no: str
    events: int
    audit_events: list[int]
    intact: bool
    broken_seq: int | None
    broken_reason: str
    unaudited_events: list[int]


class ExplainIn(Schema):
    explanation: str


class ReplyIn(Schema):
    reply: str


class CloseIn(Schema):
    note: str = ""


def _page(limit: int, offset: int) -> slice:
    start = max(offset, 0)
    return slice(start, start + max(1, min(limit, MAX_LIMIT)))


def _viewer(request: HttpRequest) -> None:
    """The lists: the bureau (view) and the departments answering (reply)."""
    if not selectors.may_view(request.user):
        require(request.user, "supervision.view")


def _case_and_department(measure: SupervisionCard | SupervisionOrder | Anomaly) -> dict[str, Any]:
    """The case a card, an order or an anomaly is about (an order or an
    anomaly may be about another app's subject instead: `_subject`), and
    the department answering for it (the schemas give the keys their order)."""
    return {
        "case_id": measure.case_id,
        "tracking_no": measure.case.tracking_no if measure.case is not None else "",
        "department_id": measure.department_id,
        "department": measure.department.name,
    }


def _subject(measure: SupervisionOrder | Anomaly | SubjectCard) -> dict[str, Any]:
    return {
        "subject_kind": measure.subject_kind,
        "subject_ref": measure.subject_ref,
        "subject_title": measure.subject_title,
        "subject_url": measure.subject_url,
    }


def card_out(card: SupervisionCard) -> dict[str, Any]:
    return {
        "id": card.pk,
        **_case_and_department(card),
        "colour": card.colour,
        "step": card.step,
        "due_on": card.due_on,
        "issued_on": card.issued_on,
        "follow_up_due_on": card.follow_up_due_on,
        "reason": card.reason,
        "closed_on": card.closed_on,
        "reply": card.reply,
        "replied_on": card.replied_on,
    }


def order_out(order: SupervisionOrder) -> dict[str, Any]:
    return {
        "id": order.pk,
        "kind": order.kind,
        "status": order.status,
        **_case_and_department(order),
        **_subject(order),
        "text": order.text,
        "issued_by": order.issued_by.display_name,
        "issued_on": order.issued_on,
        "due_on": order.due_on,
        "reply": order.reply,
        "replied_on": order.replied_on,
        "closed_on": order.closed_on,
        "closing_note": order.closing_note,
    }


def _order(request: HttpRequest, order_id: int) -> dict[str, Any]:
    order = selectors.order_for_actor(request.user, order_id)
    if order is None:
        raise order_not_found()
    return order_out(order)


@router.get("/alerts", response=list[AlertOut], summary="在办办件预警（按数据权限）")
def list_alerts(
    request: HttpRequest,
    level: str = "",
    department: int | None = None,
    item: str = "",
    received_from: date | None = None,
    received_to: date | None = None,
    q: str = "",
    warning_days: int | None = None,
    card: str = "",
    anomaly: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    if not has_perm(request.user, "supervision.view"):
        raise PermissionDenied(
            "无权执行此操作（需要权限：电子监察）", detail={"permission": "supervision.view"}
        )
    filters = selectors.AlertFilter(
        department=department,
        item=item,
        level=level,
        received_from=received_from,
        received_to=received_to,
        q=q,
        warning_days=warning_days,
        card=card,
        anomaly=anomaly,
    )
    return [
        {
            "id": c.pk,
            "tracking_no": c.tracking_no,
            "item_code": c.item.code,
            "item_name": c.item.name,
            "department_id": c.department_id,
            "department": c.department.name,
            "status": c.status,
            "step": c.step,
            "due_on": c.due_on,
            "warning_days": c.warning_days,
            "alert_level": c.alert_level,
        }
        for c in selectors.alert_rows(request.user, filters)[_page(limit, offset)]
    ]


@router.get("/cards", response=list[CardOut], summary="黄牌红牌（按数据权限）")
def list_cards(
    request: HttpRequest,
    colour: str = "",
    open_only: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    _viewer(request)
    qs = selectors.cards_for_actor(request.user, colour=colour, open_only=open_only)
    return [card_out(c) for c in qs.order_by("-issued_on", "-id")[_page(limit, offset)]]


@router.get(
    "/subject-cards",
    response=list[SubjectCardOut],
    summary="目标任务、督办事项与请示的黄牌红牌（按数据权限）",
)
def list_subject_cards(
    request: HttpRequest,
    subject: str = "",
    colour: str = "",
    open_only: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    _viewer(request)
    qs = selectors.subject_cards_for_actor(
        request.user, subject=subject, colour=colour, open_only=open_only
    )
    return [_subject_card(c) for c in qs.order_by("-issued_on", "-id")[_page(limit, offset)]]


def _subject_card(card: SubjectCard) -> dict[str, Any]:
    fields = ("id", "colour", "step", "due_on", "issued_on", "follow_up_due_on", "reason")
    return {
        **{name: getattr(card, name) for name in fields},
        **_subject(card),
        "department_id": card.department_id,
        "department": card.department.name,
        "closed_on": card.closed_on,
    }


@router.post("/cards/{card_id}/reply", response=CardOut, summary="提交黄红牌整改说明")
def reply_card(request: HttpRequest, card_id: int, body: ReplyIn) -> dict[str, Any]:
    actions.reply_card(actor=request.user, card_id=card_id, reply=body.reply)
    card = selectors.cards_for_actor(request.user).get(pk=card_id)
    return card_out(card)


@router.get("/orders", response=list[OrderOut], summary="督办与纠错（按数据权限）")
def list_orders(
    request: HttpRequest,
    status: str = "",
    kind: str = "",
    subject: str = "",
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    _viewer(request)
    qs = selectors.orders_for_actor(request.user, status=status, kind=kind, subject=subject)
    qs = qs.order_by("-id")
    return [order_out(o) for o in qs[_page(limit, offset)]]


@router.post("/orders", response={201: OrderOut}, summary="发出督办或纠错通知")
def create_order(request: HttpRequest, body: OrderIn) -> Status[dict[str, Any]]:
    order = actions.issue_order(
        actor=request.user, case_id=body.case_id, kind=body.kind, text=body.text, due_on=body.due_on
    )
    return Status(201, _order(request, order.pk))


@router.get("/orders/{order_id}", response=OrderOut, summary="督办/纠错详情")
def get_order(request: HttpRequest, order_id: int) -> dict[str, Any]:
    _viewer(request)
    return _order(request, order_id)


@router.post("/orders/{order_id}/reply", response=OrderOut, summary="责任部门答复")
def reply_order(request: HttpRequest, order_id: int, body: ReplyIn) -> dict[str, Any]:
    actions.reply_order(actor=request.user, order_id=order_id, reply=body.reply)
    return _order(request, order_id)


@router.post("/orders/{order_id}/close", response=OrderOut, summary="办结督办/纠错")
def close_order(request: HttpRequest, order_id: int, body: CloseIn) -> dict[str, Any]:
    actions.close_order(actor=request.user, order_id=order_id, note=body.note)
    return _order(request, order_id)


def anomaly_out(anomaly: Anomaly) -> dict[str, Any]:
    return {
        "id": anomaly.pk,
        "kind": anomaly.kind,
        "kind_label": anomaly.get_kind_display(),
        "step": anomaly.step,
        "step_label": step_label(anomaly.step),
        **_case_and_department(anomaly),
        **_subject(anomaly),
        "detected_on": anomaly.detected_on,
        "occurred_on": anomaly.occurred_on,
        "summary": anomaly.summary,
        "evidence": anomaly.evidence,
        "status": anomaly.status,
        "explanation": anomaly.explanation,
        "explained_on": anomaly.explained_on,
        "closed_on": anomaly.closed_on,
        "closing_note": anomaly.closing_note,
    }


def _anomaly(request: HttpRequest, anomaly_id: int) -> dict[str, Any]:
    anomaly = selectors.anomaly_for_actor(request.user, anomaly_id)
    if anomaly is None:
        raise anomaly_not_found()
    return anomaly_out(anomaly)


@router.get("/anomalies", response=list[AnomalyOut], summary="异常（按数据权限）")
def list_anomalies(
    request: HttpRequest,
    kind: str = "",
    status: str = "",
    department: int | None = None,
    detected_from: date | None = None,
    detected_to: date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    _viewer(request)
    filters = selectors.AnomalyFilter(
        kind=kind,
        status=status,
        department=department,
        detected_from=detected_from,
        detected_to=detected_to,
    )
    qs = selectors.anomalies_for_actor(request.user, filters)
    return [anomaly_out(a) for a in qs[_page(limit, offset)]]


@router.get("/anomalies/{anomaly_id}", response=AnomalyOut, summary="异常详情（含证据）")
def get_anomaly(request: HttpRequest, anomaly_id: int) -> dict[str, Any]:
    _viewer(request)
    return _anomaly(request, anomaly_id)


@router.post("/anomalies/{anomaly_id}/explain", response=AnomalyOut, summary="责任部门情况说明")
def explain_anomaly(request: HttpRequest, anomaly_id: int, body: ExplainIn) -> dict[str, Any]:
    actions.explain_anomaly(actor=request.user, anomaly_id=anomaly_id, explanation=body.explanation)
    return _anomaly(request, anomaly_id)


@router.post("/anomalies/{anomaly_id}/close", response=AnomalyOut, summary="办结异常")
def close_anomaly(request: HttpRequest, anomaly_id: int, body: CloseIn) -> dict[str, Any]:
    actions.close_anomaly(actor=request.user, anomaly_id=anomaly_id, note=body.note)
    return _anomaly(request, anomaly_id)


@router.get("/cases/{case_id}/chain", response=ChainOut, summary="办件审计链核验")
def case_chain(request: HttpRequest, case_id: int) -> dict[str, Any]:
    require(request.user, "supervision.view")
    case = selectors.case_in_scope(request.user, case_id)
    if case is None:
        raise case_not_found()
    chain = selectors.case_chain(case)
    return {
        "case_id": case.pk,
        "tracking_no": case.tracking_no,
        "events": len(chain.events),
        "audit_events": [a.seq for a in chain.audits],
        "intact": chain.broken is None,
        "broken_seq": chain.broken.seq if chain.broken else None,
        "broken_reason": chain.broken.reason if chain.broken else "",
        "unaudited_events": chain.unaudited,
    }
