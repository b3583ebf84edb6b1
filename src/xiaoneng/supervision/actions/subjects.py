"""Supervision of subjects that are not cases (`supervision.subjects`): an
order to the responsible unit, an anomaly found by the owning app, the
yellow and red cards of its overdue steps. The owning app (targets,
directives) calls these inside its own action, so none of them is durable:
they join the caller's transaction."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput
from xiaoneng.notifications.actions import notify, notify_many
from xiaoneng.notifications.models import Notification
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department
from xiaoneng.supervision.models import (
    Anomaly,
    AnomalyKind,
    CardColour,
    OrderKind,
    SubjectCard,
    SupervisionOrder,
)
from xiaoneng.supervision.subjects import SUBJECT_KINDS, Overdue, Subject, step_label
from xiaoneng.system.params import get_param

from .cards import FOLLOW_UP_PARAM, CardRun
from .common import LISTED, cn_date, required_text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

BATCH = 1000
NEXT_STEP: dict[str, str] = {
    CardColour.YELLOW.value: "请抓紧落实。",
    CardColour.RED.value: "整改期限已过仍未完成，将计入考核。",
}


def _checked(subject: Subject) -> Subject:
    _checked_shape(subject)
    _departments_exist({subject.department_id})
    return subject


def _checked_shape(subject: Subject) -> Subject:
    """Its kind and link, without a query."""
    if subject.kind not in SUBJECT_KINDS:
        raise InvalidInput(
            "督办对象类型无效", code="subject_kind_invalid", detail={"kind": subject.kind}
        )
    if subject.url and not (subject.url.startswith("/") and not subject.url.startswith("//")):
        # the desks link to it: a page of this site only
        raise InvalidInput(
            "督办对象链接须为本站页面", code="subject_url_invalid", detail={"url": subject.url}
        )
    return subject


def _departments_exist(department_ids: set[int]) -> None:
    known = set(Department.objects.filter(pk__in=department_ids).values_list("pk", flat=True))
    for missing in sorted(department_ids - known):
        raise InvalidInput(
            "督办对象的责任单位不存在",
            code="subject_department_invalid",
            detail={"department": missing},
        )


def _heads(department_id: int) -> list[int]:
    return department_heads([department_id]).get(department_id, [])


# --- orders ---------------------------------------------------------------------------


@transaction.atomic
def issue_subject_order(
    *,
    actor: Actor,
    subject: Subject,
    permission: str,
    text: str,
    due_on: date,
    kind: str = OrderKind.URGE,
) -> SupervisionOrder:
    """督办通知 (or 纠错) on a subject to its unit, under the caller's step
    `permission`; the unit replies on the orders desk (supervision.reply),
    and only a holder of `permission` closes it."""
    actor = require(actor, permission)
    if kind not in OrderKind.values:
        raise InvalidInput("类型须为督办或纠错", code="order_kind_invalid", detail={"kind": kind})
    body = required_text(text, code="order_text_required", message="请填写督办（纠错）内容")
    today = timesource.today()
    if due_on < today:
        raise InvalidInput(
            "答复期限不能早于今天", code="order_due_in_past", detail={"today": today}
        )
    _checked(subject)
    order = SupervisionOrder.objects.create(
        kind=kind,
        case=None,
        department_id=subject.department_id,
        permission=permission,
        text=body[:4000],
        issued_by=actor,
        issued_on=today,
        due_on=due_on,
        **subject.fields(),
    )
    record_event(
        actor=actor,
        event_type=f"supervision.order_{kind}_issued",
        object_type="supervision_order",
        object_id=order.pk,
        payload={
            "subject": subject.kind,
            "ref": subject.ref,
            "title": order.subject_title,
            "department": subject.department_id,
            "due_on": due_on,
            "text": order.text,
        },
    )
    notify(
        recipients=_heads(subject.department_id),
        kind=f"order_{kind}",
        title=f"{order.get_kind_display()}：{order.subject_label}，请于{cn_date(due_on)}前答复",
        body=order.text,
        link=f"{reverse('supervision:orders')}#order-{order.pk}",
    )
    return order


# --- anomalies ------------------------------------------------------------------------


def _json(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence as JSON stores it (dates and decimals as text)."""
    loaded: dict[str, Any] = json.loads(json.dumps(evidence, cls=DjangoJSONEncoder))
    return loaded


def raise_subject_anomaly(
    *, subject: Subject, kind: str, evidence: dict[str, Any], found_on: date
) -> Anomaly | None:
    """A system finding on a subject (e.g. a request passed on once too
    often: "shuffled"), shown on the anomalies desk and told to the unit's
    heads. Once per (subject, kind): None when it is already recorded."""
    raised = raise_subject_anomalies(kind=kind, findings=[(subject, evidence)], found_on=found_on)
    return raised[0] if raised else None


def raise_subject_anomalies(
    *, kind: str, findings: Sequence[tuple[Subject, dict[str, Any]]], found_on: date
) -> list[Anomaly]:
    """Findings of one kind on many subjects at once (a sweep over a backlog):
    the same rows, audit events and notifications as one by one, but the
    units checked, the findings already recorded found and the heads read in
    one query each, the rows inserted together and one audit event per unit.
    Once per (subject, kind): the ones already recorded are left out; the
    new ones, as recorded, are returned."""
    if kind not in AnomalyKind.values:
        raise InvalidInput("异常类型无效", code="anomaly_kind_invalid", detail={"kind": kind})
    subjects = [_checked_shape(subject) for subject, _ in findings]
    _departments_exist({s.department_id for s in subjects})
    recorded = set(
        Anomaly.objects.filter(
            case__isnull=True,
            kind=kind,
            subject_kind__in={s.kind for s in subjects},
            subject_ref__in={s.ref for s in subjects},
        ).values_list("subject_kind", "subject_ref")
    )
    label = AnomalyKind(kind).label
    run = uuid.uuid4().hex
    fresh: dict[tuple[str, int], Anomaly] = {}
    for subject, evidence in findings:
        key = (subject.kind, subject.ref)
        if key in recorded or key in fresh:
            continue
        fresh[key] = Anomaly(
            kind=kind,
            case=None,
            department_id=subject.department_id,
            detected_on=found_on,
            occurred_on=found_on,
            summary=f"{label}：{subject.title}"[:500],
            evidence=_json(evidence),
            run=run,
            **subject.fields(),
        )
    created = _insert_anomalies(list(fresh.values()))
    _tell_heads(created, kind, label)
    return created


def _insert_anomalies(rows: list[Anomaly]) -> list[Anomaly]:
    """The rows inserted; a racing sweep's row wins (the unique constraint),
    and then the others are inserted one by one, the raced ones dropped."""
    if not rows:
        return []
    try:
        with transaction.atomic():
            Anomaly.objects.bulk_create(rows)
    except IntegrityError:
        kept = []
        for row in rows:
            row.pk = None
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            kept.append(row)
        return kept
    return rows  # both databases return the ids of a bulk insert


def _tell_heads(created: list[Anomaly], kind: str, label: str) -> None:
    """One audit event per unit, and each new anomaly told to its unit's heads."""
    by_unit: dict[int, list[Anomaly]] = defaultdict(list)
    for anomaly in created:
        by_unit[anomaly.department_id].append(anomaly)
    for unit, rows in by_unit.items():
        record_event(
            actor=None,
            event_type="supervision.anomalies_detected",
            object_type="department",
            object_id=unit,
            payload={
                "count": len(rows),
                "kinds": {kind: len(rows)},
                "subjects": [a.subject_label for a in rows],
            },
        )
    heads = department_heads(list(by_unit)) if by_unit else {}
    notify_many(
        [
            Notification(
                recipient_id=head,
                kind="anomaly",
                title=f"异常：{label}"[:200],
                body=f"{anomaly.subject_label}。请核实并提交情况说明。",
                link=reverse("supervision:anomaly", args=[anomaly.pk])[:300],
            )
            for anomaly in created
            for head in dict.fromkeys(heads.get(anomaly.department_id, []))
        ]
    )


# --- cards ----------------------------------------------------------------------------

Key = tuple[int, str, date]  # subject ref, step, due day


def _key(card: SubjectCard) -> Key:
    return (int(card.subject_ref or 0), card.step, card.due_on)


@transaction.atomic
def sweep_subject_cards(*, kind: str, overdue: Iterable[Overdue], today: date) -> CardRun:
    """The cards of one kind of subject, from the owning app's list of its
    overdue steps today. In order: close the open cards whose step is no
    longer overdue; red for an open yellow whose follow-up deadline has
    passed; yellow for an overdue step without one. Idempotent (one card of
    each colour per subject, step and due day). One audit event and one
    message to the heads per unit and colour."""
    if kind not in SUBJECT_KINDS:
        raise InvalidInput("督办对象类型无效", code="subject_kind_invalid", detail={"kind": kind})
    late: dict[Key, Overdue] = {}
    for item in overdue:
        if item.subject.kind != kind:
            raise InvalidInput(
                "超期事项与督办对象类型不符",
                code="subject_kind_mismatch",
                detail={"kind": kind, "subject": item.subject.kind},
            )
        if item.due_on < today:
            late.setdefault((item.subject.ref, item.step, item.due_on), item)
    cards = list(
        SubjectCard.objects.select_for_update().filter(subject_kind=kind, closed_on__isnull=True)
    )
    closing = [c for c in cards if _key(c) not in late]
    SubjectCard.objects.filter(pk__in=[c.pk for c in closing]).update(closed_on=today)
    run = uuid.uuid4().hex
    follow_up = current_calendar().add_workdays(today, get_param(FOLLOW_UP_PARAM))
    existing = _existing(kind, late)
    new = [
        _card(late[_key(c)], CardColour.RED, today, run, _red_reason(c))
        for c in cards
        if c.colour == CardColour.YELLOW
        and _key(c) in late
        and c.follow_up_due_on is not None
        and c.follow_up_due_on < today
        and (*_key(c), CardColour.RED.value) not in existing
    ]
    new += [
        _card(item, CardColour.YELLOW, today, run, _yellow_reason(item), follow_up)
        for key, item in late.items()
        if (*key, CardColour.YELLOW.value) not in existing
    ]
    SubjectCard.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    issued = list(SubjectCard.objects.filter(run=run))
    _report(issued, event_type="supervision.cards_issued", notify_heads=True)
    _report(closing, event_type="supervision.cards_closed", notify_heads=False)
    return CardRun(
        yellow=sum(1 for c in issued if c.colour == CardColour.YELLOW),
        red=sum(1 for c in issued if c.colour == CardColour.RED),
        closed=len(closing),
    )


def _existing(kind: str, late: dict[Key, Overdue]) -> set[tuple[int, str, date, str]]:
    """The cards (any state) already given to the overdue steps' subjects."""
    refs = sorted({ref for ref, _, _ in late})
    found: set[tuple[int, str, date, str]] = set()
    for i in range(0, len(refs), BATCH):
        rows = SubjectCard.objects.filter(subject_kind=kind, subject_ref__in=refs[i : i + BATCH])
        found.update(
            (int(ref or 0), step, due_on, colour)
            for ref, step, due_on, colour in rows.values_list(
                "subject_ref", "step", "due_on", "colour"
            )
        )
    return found


def _card(
    item: Overdue,
    colour: CardColour,
    today: date,
    run: str,
    reason: str,
    follow_up: date | None = None,
) -> SubjectCard:
    return SubjectCard(
        department_id=item.subject.department_id,
        colour=colour,
        step=item.step,
        due_on=item.due_on,
        issued_on=today,
        follow_up_due_on=follow_up,
        reason=reason[:500],
        run=run,
        **item.subject.fields(),
    )


def _yellow_reason(item: Overdue) -> str:
    return f"{step_label(item.step)}期限{cn_date(item.due_on)}已过，尚未完成"


def _red_reason(card: SubjectCard) -> str:
    return f"黄牌整改期限{cn_date(card.follow_up_due_on)}已过，仍未完成"


def _report(cards: Sequence[SubjectCard], *, event_type: str, notify_heads: bool) -> None:
    """One audit event per unit and colour; with `notify_heads`, one message
    to each of the unit's heads."""
    groups: dict[tuple[int, str], list[SubjectCard]] = defaultdict(list)
    for card in cards:
        groups[(card.department_id, card.colour)].append(card)
    if not groups:
        return
    heads = department_heads(dept for dept, _ in groups) if notify_heads else {}
    link = reverse("supervision:subject_cards")
    messages = []
    for (dept_id, colour), group in sorted(groups.items()):
        titles = [c.subject_label for c in group]
        record_event(
            actor=None,
            event_type=event_type,
            object_type="department",
            object_id=dept_id,
            payload={"colour": colour, "count": len(group), "subjects": titles[:LISTED]},
        )
        label = CardColour(colour).label
        title = (
            f"{label}：{titles[0]}"
            if len(titles) == 1
            else f"{label}：本单位 {len(titles)} 项督办事项超期"
        )
        body = "、".join(titles[:LISTED]) + ("等" if len(titles) > LISTED else "") + "。"
        body += NEXT_STEP[colour]
        messages += [
            Notification(
                recipient_id=user_id,
                kind=f"card_{colour}",
                title=title[:200],
                body=body,
                link=f"{link}?colour={colour}",
            )
            for user_id in heads.get(dept_id, [])
        ]
    notify_many(messages)
