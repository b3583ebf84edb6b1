"""The writes of electronic supervision. Each is one transaction: permission,
allowed transition, change, one audit event, notifications (e-mail after
commit). `issue_cards` is the system's own sweep: set-based, idempotent."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case as SqlCase,
)
from django.db.models import (
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.org.authority import require, scope_q
from xiaoneng.system.params import get_param

from .levels import STEP_OF_STATUS, TICKING, AlertContext, step_expr
from .models import (
    Anomaly,
    AnomalyStatus,
    CardColour,
    Notification,
    OrderKind,
    OrderStatus,
    SupervisionCard,
    SupervisionOrder,
    WarningNotice,
)
from .notify import department_heads, notify, notify_many

FOLLOW_UP_PARAM = "supervision.yellow_card_followup_days"
CHUNK = 2000
LISTED = 20  # tracking numbers named in one notification


# --- cards (黄牌 / 红牌) ------------------------------------------------------------


@dataclass(frozen=True)
class CardRun:
    yellow: int
    red: int
    closed: int


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _cn(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


# The columns a sweep writes, in order; the others keep their NULL.
CARD_COLUMNS: tuple[str, ...] = ("case", "department", "colour", "step", "due_on")
CARD_COLUMNS += ("issued_on", "follow_up_due_on", "reason", "reply", "run", "created_at")


def _insert_cards(rows: QuerySet[Any], columns: Sequence[str]) -> None:
    """INSERT INTO card (columns) SELECT … in the database: no row passes
    through Python. `rows` is a values_list of expressions in column order;
    a row that would break the (case, step, colour) constraint is skipped."""
    sql, params = rows.query.sql_with_params()
    meta = SupervisionCard._meta
    fields = {f.name: str(f.column) for f in meta.concrete_fields}
    names = ", ".join(connection.ops.quote_name(fields[c]) for c in columns)
    table = connection.ops.quote_name(meta.db_table)
    if connection.vendor == "sqlite":
        statement = f"INSERT OR IGNORE INTO {table} ({names}) {sql}"
    else:
        statement = f"INSERT INTO {table} ({names}) {sql} ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _iso(field: str) -> Cast:
    return Cast(field, output_field=CharField())


@transaction.atomic
def issue_cards() -> CardRun:
    """The card sweep (domain rules §3), run by the scheduler. In order:
    close the cards whose case is no longer overdue at their step; a red card
    for each open yellow whose follow-up deadline has passed while its case
    is still overdue at that step; a yellow card for each overdue open case
    without one at its running step. A handful of set-based statements
    whatever the number of cases (INSERT … SELECT); running it twice issues
    nothing twice (unique constraint, conflicts ignored, the rows inserted read
    back by run id). One audit event and one notification per department and
    colour."""
    today = timesource.today()
    calendar = current_calendar()
    context = AlertContext.build(Case.objects.filter(is_open=True), today=today, calendar=calendar)
    run = uuid.uuid4().hex
    still_overdue = context.card_still_overdue_q()
    constants = {
        "c_issued_on": Value(today, output_field=DateField()),
        "c_reply": Value(""),
        "c_run": Value(run),
        "c_created_at": Value(timesource.now(), output_field=DateTimeField()),
    }

    # 1. The lateness was remedied (step done, case closed, deadline moved).
    closing = list(
        SupervisionCard.objects.filter(closed_on__isnull=True)
        .exclude(still_overdue)
        .values("pk", "department_id", "colour", "case__tracking_no")
    )
    for ids in _chunks([row["pk"] for row in closing]):
        SupervisionCard.objects.filter(pk__in=ids, closed_on__isnull=True).update(closed_on=today)
    _report(closing, event_type="supervision.cards_closed", notify_heads=False)

    # 2. Red: the yellow's follow-up deadline passed and the case is still overdue.
    has_red = SupervisionCard.objects.filter(
        case_id=OuterRef("case_id"), step=OuterRef("step"), colour=CardColour.RED
    )
    reds = (
        SupervisionCard.objects.filter(
            colour=CardColour.YELLOW, closed_on__isnull=True, follow_up_due_on__lt=today
        )
        .filter(still_overdue)
        .exclude(Exists(has_red))
        .order_by()
        .annotate(
            c_case=F("case_id"),
            c_department=F("department_id"),
            c_colour=Value(CardColour.RED.value),
            c_step=F("step"),
            c_due_on=F("due_on"),
            **constants,
            c_reason=Concat(
                Value("黄牌整改期限 "),
                _iso("follow_up_due_on"),
                Value(" 已过，办件仍超期"),
                output_field=CharField(),
            ),
        )
    )
    red_columns = [c for c in CARD_COLUMNS if c != "follow_up_due_on"]
    _insert_cards(reds.values_list(*(_alias(c) for c in red_columns)), red_columns)

    # 3. Yellow: every overdue open case without one at its running step.
    has_yellow = SupervisionCard.objects.filter(
        case_id=OuterRef("pk"), step=OuterRef("c_step"), colour=CardColour.YELLOW
    )
    follow_up_due = calendar.add_workdays(today, get_param(FOLLOW_UP_PARAM))
    yellows = (
        Case.objects.filter(is_open=True)
        .filter(context.overdue_q())
        .annotate(c_step=step_expr())
        .exclude(Exists(has_yellow))
        .order_by()
        .annotate(
            c_case=F("pk"),
            c_department=F("department_id"),
            c_colour=Value(CardColour.YELLOW.value),
            c_due_on=F("due_on"),
            **constants,
            c_follow_up_due_on=Value(follow_up_due, output_field=DateField()),
            c_reason=Concat(
                SqlCase(
                    *(
                        When(status=status, then=Value(f"{step.label}期限 "))
                        for status, step in STEP_OF_STATUS.items()
                    ),
                    default=Value("期限 "),
                    output_field=CharField(),
                ),
                _iso("due_on"),
                Value(" 已过，办件超期"),
                output_field=CharField(),
            ),
        )
    )
    _insert_cards(yellows.values_list(*(_alias(c) for c in CARD_COLUMNS)), CARD_COLUMNS)

    issued = list(
        SupervisionCard.objects.filter(run=run).values(
            "pk", "department_id", "colour", "case__tracking_no"
        )
    )
    _report(issued, event_type="supervision.cards_issued", notify_heads=True)
    return CardRun(
        yellow=sum(1 for r in issued if r["colour"] == CardColour.YELLOW),
        red=sum(1 for r in issued if r["colour"] == CardColour.RED),
        closed=len(closing),
    )


def _alias(column: str) -> str:
    return f"c_{column}"


def _report(rows: Sequence[Mapping[str, Any]], *, event_type: str, notify_heads: bool) -> None:
    """One audit event per department and colour; with `notify_heads`, one
    message to each of the department's heads."""
    groups: dict[tuple[int, str], list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(row["department_id"], row["colour"])].append(row)
    if not groups:
        return
    heads = department_heads(dept for dept, _ in groups) if notify_heads else {}
    link = reverse("supervision:cards")
    messages = []
    for (dept_id, colour), cards in sorted(groups.items()):
        numbers = [c["case__tracking_no"] for c in cards]
        record_event(
            actor=None,
            event_type=event_type,
            object_type="department",
            object_id=dept_id,
            payload={"colour": colour, "count": len(cards), "cases": numbers},
        )
        label = CardColour(colour).label
        title = (
            f"{label}：办件 {numbers[0]} 超期"
            if len(numbers) == 1
            else f"{label}：本部门 {len(numbers)} 件办件超期"
        )
        body = "办件：" + "、".join(numbers[:LISTED]) + ("等" if len(numbers) > LISTED else "")
        body += (
            "。请在整改期限内办结并提交整改说明。"
            if colour == CardColour.YELLOW
            else "。黄牌整改期限已过仍未办结，将计入效能考核。"
        )
        messages += [
            Notification(
                recipient_id=user_id,
                kind=f"card_{colour}",
                title=title,
                body=body,
                link=f"{link}?colour={colour}",
            )
            for user_id in heads.get(dept_id, [])
        ]
    notify_many(messages)


@transaction.atomic
def notify_warnings() -> int:
    """预警提醒: tell the department heads of each open case that turned to the
    yellow light (remaining working days ≤ the item's threshold), once per
    case, step and deadline (`WarningNotice`'s unique constraint; a moved
    deadline warns again). Paused cases keep their light and are not told
    again. One audit event and one message per department and run."""
    today = timesource.today()
    context = AlertContext.build(Case.objects.filter(is_open=True), today=today)
    run = uuid.uuid4().hex
    told = WarningNotice.objects.filter(
        case_id=OuterRef("pk"), step=OuterRef("c_step"), due_on=OuterRef("due_on")
    )
    rows = (
        Case.objects.filter(is_open=True, status__in=TICKING)
        .filter(context.warning_q())
        .annotate(c_step=step_expr())
        .exclude(Exists(told))
        .values("pk", "department_id", "c_step", "due_on")
    )
    WarningNotice.objects.bulk_create(
        [
            WarningNotice(
                case_id=r["pk"],
                department_id=r["department_id"],
                step=r["c_step"],
                due_on=r["due_on"],
                notified_on=today,
                run=run,
            )
            for r in rows
            if r["due_on"] is not None
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    new = list(
        WarningNotice.objects.filter(run=run)
        .order_by("department_id", "due_on", "case_id")
        .values("department_id", "case_id", "case__tracking_no", "due_on")
    )
    by_dept: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in new:
        by_dept[row["department_id"]].append(row)
    heads = department_heads(by_dept)
    messages = []
    for dept_id, found in by_dept.items():
        numbers = [r["case__tracking_no"] for r in found]
        record_event(
            actor=None,
            event_type="supervision.warnings_notified",
            object_type="department",
            object_id=dept_id,
            payload={"count": len(found), "cases": numbers},
        )
        first = found[0]
        title = (
            f"预警：办件 {numbers[0]} 将于{_cn(first['due_on'])}到期"
            if len(found) == 1
            else f"预警：本部门 {len(found)} 件办件即将到期"
        )
        body = "办件：" + "、".join(
            f"{r['case__tracking_no']}（{_cn(r['due_on'])}到期）" for r in found[:LISTED]
        )
        body += ("等" if len(found) > LISTED else "") + "。请在期限内办结，逾期将亮黄牌。"
        messages += [
            Notification(
                recipient_id=user_id,
                kind="alert_warning",
                title=title,
                body=body,
                link=reverse("cases:detail", args=[first["case_id"]]),
            )
            for user_id in heads.get(dept_id, [])
        ]
    notify_many(messages)
    return len(new)


def _card_in_scope(actor: Any, card_id: int) -> SupervisionCard:
    card = (
        SupervisionCard.objects.select_for_update(of=("self",))
        .filter(scope_q(actor, dept_field="department"), pk=card_id)
        .select_related("case")
        .first()
    )
    if card is None:
        raise NotFound("黄牌/红牌不存在或无权查看", code="card_not_found")
    return card


def _text(value: str, *, code: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(message, code=code)
    return text


@transaction.atomic
def reply_card(*, actor: Any, card_id: int, reply: str) -> SupervisionCard:
    """The department's explanation of a card (整改说明)."""
    require(actor, "supervision.reply")
    card = _card_in_scope(actor, card_id)
    card.reply = _text(reply, code="reply_required", message="请填写整改说明")[:4000]
    card.replied_by = actor
    card.replied_on = timesource.today()
    card.save(update_fields=["reply", "replied_by", "replied_on"])
    record_event(
        actor=actor,
        event_type="supervision.card_replied",
        object_type="supervision_card",
        object_id=card.pk,
        payload={"case": card.case.tracking_no, "colour": card.colour, "reply": card.reply},
    )
    return card


# --- urging and correction orders (督办 / 纠错) ------------------------------------

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


def _order_in_scope(actor: Any, order_id: int) -> SupervisionOrder:
    order = (
        SupervisionOrder.objects.select_for_update(of=("self",))
        .filter(scope_q(actor, dept_field="department"), pk=order_id)
        .select_related("case")
        .first()
    )
    if order is None:
        raise NotFound("督办/纠错不存在或无权查看", code="order_not_found")
    return order


def _order_link(order: SupervisionOrder) -> str:
    return f"{reverse('supervision:orders')}#order-{order.pk}"


@transaction.atomic
def issue_order(
    *, actor: Any, case_id: int, kind: str, text: str, due_on: date
) -> SupervisionOrder:
    """督办 (with a new deadline) or 纠错 to the case's handling department."""
    require(actor, "supervision.manage")
    if kind not in OrderKind.values:
        raise InvalidInput("类型须为督办或纠错", code="order_kind_invalid", detail={"kind": kind})
    body = _text(text, code="order_text_required", message="请填写督办（纠错）内容")
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
        raise NotFound("办件不存在或无权查看", code="case_not_found")
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
        title=f"{order.get_kind_display()}：办件 {case.tracking_no}，请于{_cn(due_on)}前答复",
        body=order.text,
        link=_order_link(order),
    )
    return order


@transaction.atomic
def reply_order(*, actor: Any, order_id: int, reply: str) -> SupervisionOrder:
    """The department answers (what it did, or why)."""
    require(actor, "supervision.reply")
    order = _order_in_scope(actor, order_id)
    _check(order, "reply")
    order.reply = _text(reply, code="reply_required", message="请填写答复内容")[:4000]
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
            "case": order.case.tracking_no,
            "late": order.replied_on > order.due_on,
            "reply": order.reply,
        },
    )
    notify(
        recipients=[order.issued_by_id],
        kind="order_replied",
        title=f"{order.get_kind_display()}已答复：办件 {order.case.tracking_no}",
        body=order.reply,
        link=_order_link(order),
    )
    return order


@transaction.atomic
def close_order(*, actor: Any, order_id: int, note: str = "") -> SupervisionOrder:
    """The bureau accepts the answer: the order is closed (办结)."""
    require(actor, "supervision.manage")
    order = _order_in_scope(actor, order_id)
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
        payload={"case": order.case.tracking_no, "note": order.closing_note},
    )
    notify(
        recipients=department_heads([order.department_id]).get(order.department_id, []),
        kind="order_closed",
        title=f"{order.get_kind_display()}已办结：办件 {order.case.tracking_no}",
        body=order.closing_note,
        link=_order_link(order),
    )
    return order


# --- anomalies (异常): explained by the department, closed by the bureau --------------

ANOMALY_TRANSITIONS: dict[str, tuple[AnomalyStatus, ...]] = {
    "explain": (AnomalyStatus.OPEN,),
    "close": (AnomalyStatus.EXPLAINED,),
}


def _anomaly_in_scope(actor: Any, anomaly_id: int, action: str) -> Anomaly:
    anomaly = (
        Anomaly.objects.select_for_update(of=("self",))
        .filter(scope_q(actor, dept_field="department"), pk=anomaly_id)
        .select_related("case")
        .first()
    )
    if anomaly is None:
        raise NotFound("异常不存在或无权查看", code="anomaly_not_found")
    if anomaly.status not in ANOMALY_TRANSITIONS[action]:
        raise Conflict(
            f"该异常当前为“{anomaly.get_status_display()}”，不能执行此操作",
            code="anomaly_not_open" if action == "explain" else "anomaly_not_explained",
            detail={"status": anomaly.status},
        )
    return anomaly


def _anomaly_link(anomaly: Anomaly) -> str:
    return reverse("supervision:anomaly", args=[anomaly.pk])


@transaction.atomic
def explain_anomaly(*, actor: Any, anomaly_id: int, explanation: str) -> Anomaly:
    """The responsible department's explanation (情况说明)."""
    require(actor, "supervision.reply")
    anomaly = _anomaly_in_scope(actor, anomaly_id, "explain")
    anomaly.explanation = _text(explanation, code="explanation_required", message="请填写情况说明")[
        :4000
    ]
    anomaly.explained_by = actor
    anomaly.explained_on = timesource.today()
    anomaly.status = AnomalyStatus.EXPLAINED
    anomaly.save(
        update_fields=["explanation", "explained_by", "explained_on", "status", "updated_at"]
    )
    record_event(
        actor=actor,
        event_type="supervision.anomaly_explained",
        object_type="supervision_anomaly",
        object_id=anomaly.pk,
        payload={
            "case": anomaly.case.tracking_no,
            "kind": anomaly.kind,
            "explanation": anomaly.explanation,
        },
    )
    return anomaly


@transaction.atomic
def close_anomaly(*, actor: Any, anomaly_id: int, note: str = "") -> Anomaly:
    """The bureau accepts the explanation: the anomaly is closed (办结)."""
    require(actor, "supervision.manage")
    anomaly = _anomaly_in_scope(actor, anomaly_id, "close")
    anomaly.status = AnomalyStatus.CLOSED
    anomaly.closed_by = actor
    anomaly.closed_on = timesource.today()
    anomaly.closing_note = (note or "").strip()[:500]
    anomaly.save(update_fields=["status", "closed_by", "closed_on", "closing_note", "updated_at"])
    record_event(
        actor=actor,
        event_type="supervision.anomaly_closed",
        object_type="supervision_anomaly",
        object_id=anomaly.pk,
        payload={
            "case": anomaly.case.tracking_no,
            "kind": anomaly.kind,
            "note": anomaly.closing_note,
        },
    )
    notify(
        recipients=department_heads([anomaly.department_id]).get(anomaly.department_id, []),
        kind="anomaly_closed",
        title=f"异常已办结：{anomaly.get_kind_display()}（办件 {anomaly.case.tracking_no}）",
        body=anomaly.closing_note,
        link=_anomaly_link(anomaly),
    )
    return anomaly


# --- the notification centre ------------------------------------------------------


def mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own messages read (all unread ones when `ids` is None).
    A reading mark is the user's own view state, not a domain event: not audited."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
