"""Yellow and red cards (黄牌 / 红牌): the system's own sweep (set-based,
idempotent) and the department's reply to a card."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, ExtractDay, ExtractMonth, ExtractYear
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case
from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.notifications.actions import notify_many
from xiaoneng.notifications.models import Notification
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import require
from xiaoneng.supervision.levels import STEP_OF_STATUS, AlertContext, step_expr
from xiaoneng.supervision.models import CardColour, SupervisionCard
from xiaoneng.system.params import get_param

from .common import LISTED, locked_in_scope, required_text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

FOLLOW_UP_PARAM = "supervision.yellow_card_followup_days"
CHUNK = 2000


@dataclass(frozen=True)
class CardRun:
    yellow: int
    red: int
    closed: int


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


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


def _cn_date(field: str) -> Concat:
    """The date column as a Chinese sentence writes it (2026年3月3日, as
    core.text.cn_date does), built in SQL because the sweep inserts its
    cards with one INSERT … SELECT."""
    parts: list[Any] = []
    for extract, unit in ((ExtractYear, "年"), (ExtractMonth, "月"), (ExtractDay, "日")):
        parts += [Cast(extract(field), output_field=CharField()), Value(unit)]
    return Concat(*parts, output_field=CharField())


def _alias(column: str) -> str:
    return f"c_{column}"


@transaction.atomic(durable=True)
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
    closed = _close_remedied(today, still_overdue)
    _issue_reds(today, still_overdue, constants)
    _issue_yellows(today, calendar, context, constants)
    issued = list(
        SupervisionCard.objects.filter(run=run).values(
            "pk", "department_id", "colour", "case__tracking_no"
        )
    )
    _report(issued, event_type="supervision.cards_issued", notify_heads=True)
    return CardRun(
        yellow=sum(1 for r in issued if r["colour"] == CardColour.YELLOW),
        red=sum(1 for r in issued if r["colour"] == CardColour.RED),
        closed=closed,
    )


def _close_remedied(today: date, still_overdue: Q) -> int:
    """The lateness was remedied (step done, case closed, deadline moved):
    the cards closed, how many."""
    closing = list(
        SupervisionCard.objects.filter(closed_on__isnull=True)
        .exclude(still_overdue)
        .values("pk", "department_id", "colour", "case__tracking_no")
    )
    for ids in _chunks([row["pk"] for row in closing]):
        SupervisionCard.objects.filter(pk__in=ids, closed_on__isnull=True).update(closed_on=today)
    _report(closing, event_type="supervision.cards_closed", notify_heads=False)
    return len(closing)


def _issue_reds(today: date, still_overdue: Q, constants: Mapping[str, Value]) -> None:
    """Red: the yellow's follow-up deadline passed and the case is still overdue."""
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
                Value("黄牌整改期限"),
                _cn_date("follow_up_due_on"),
                Value("已过，办件仍超期"),
                output_field=CharField(),
            ),
        )
    )
    red_columns = [c for c in CARD_COLUMNS if c != "follow_up_due_on"]
    _insert_cards(reds.values_list(*(_alias(c) for c in red_columns)), red_columns)


def _issue_yellows(
    today: date, calendar: WorkCalendar, context: AlertContext, constants: Mapping[str, Value]
) -> None:
    """Yellow: every overdue open case without one at its running step."""
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
                        When(status=status, then=Value(f"{step.label}期限"))
                        for status, step in STEP_OF_STATUS.items()
                    ),
                    default=Value("期限"),
                    output_field=CharField(),
                ),
                _cn_date("due_on"),
                Value("已过，办件超期"),
                output_field=CharField(),
            ),
        )
    )
    _insert_cards(yellows.values_list(*(_alias(c) for c in CARD_COLUMNS)), CARD_COLUMNS)


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


def _card_in_scope(actor: Actor, card_id: int) -> SupervisionCard:
    return locked_in_scope(
        SupervisionCard,
        actor,
        card_id,
        lambda: NotFound("黄牌/红牌不存在或无权查看", code="card_not_found"),
    )


@transaction.atomic(durable=True)
def reply_card(*, actor: Actor, card_id: int, reply: str) -> SupervisionCard:
    """The department's explanation of a card (整改说明)."""
    actor = require(actor, "supervision.reply")
    card = _card_in_scope(actor, card_id)
    card.reply = required_text(reply, code="reply_required", message="请填写整改说明")[:4000]
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
