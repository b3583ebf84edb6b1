"""公众参与 (条例 arts. 14–17): the draft and its explanation published for
comment for at least 30 days (`decision.comment_days`) unless a shorter
period is justified and the reason published with the draft; comments
online (the public form) and offline (entered by the sponsor); a hearing
where required; after the period, how the comments were used (采纳情况) —
published, which completes the gate."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.decisions.models import Channel, Comment, Consultation, Decision, Stage
from xiaoneng.decisions.params import COMMENT_DAYS
from xiaoneng.decisions.selectors import SPONSOR
from xiaoneng.system.params import get_param

from .common import a_date, check_gate, event, gated, locked, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

CONTENT_MAX = 4000


def comment_days(opens_on: date, closes_on: date) -> int:
    """The period in days, the opening day not counted (民法典 art. 201: a
    period in days starts the next day) — opened 1 Oct, it runs 30 days to
    31 Oct."""
    return (closes_on - opens_on).days


def _consultation(row: Decision) -> Consultation:
    c = Consultation.objects.select_for_update().filter(decision=row).first()
    if c is None:
        raise Conflict("征求意见稿尚未公布", code="decision_consultation_missing")
    return c


@gated
@transaction.atomic(durable=True)
def publish_draft(
    *,
    actor: Actor,
    decision_id: Any,
    closes_on: Any,
    short_reason: Any = "",
    hearing_required: bool = False,
) -> Consultation:
    """公开征求意见: from today to `closes_on`; shorter than the minimum only
    with the reason (published with the draft)."""
    user, row = locked(actor, decision_id, SPONSOR)
    if row.registered_on is None:
        raise Conflict("决策事项尚未登记", code="decision_not_registered")
    check_gate(row, "consultation", user)
    if Consultation.objects.filter(decision=row).exists():
        raise Conflict("征求意见稿已公布", code="decision_consultation_exists")
    today = timesource.today()
    closes = a_date(closes_on, code="decision_comment_period_invalid", label="征求意见截止日期")
    if closes < today:
        raise InvalidInput("截止日期不能早于今天", code="decision_comment_period_invalid")
    days = comment_days(today, closes)
    minimum = get_param(COMMENT_DAYS)
    reason = (short_reason or "").strip()[:2000]
    if days < minimum and not reason:
        raise InvalidInput(
            f"征求意见期限为 {days} 日，少于 {minimum} 日：须说明理由并随草案一并公布",
            code="decision_comment_period_short",
            detail={"days": days, "minimum": minimum},
        )
    c = Consultation.objects.create(
        decision=row,
        draft=row.draft,
        explanation=row.explanation,
        opens_on=today,
        closes_on=closes,
        short_reason=reason if days < minimum else "",
        hearing_required=bool(hearing_required),
        published_by=user,
    )
    row.stage = Stage.CONSULTING
    row.save(update_fields=["stage", "updated_at"])
    event(user, row, "draft_published", closes_on=closes, days=days, short_reason=c.short_reason)
    return c


@transaction.atomic(durable=True)
def submit_comment(
    *, decision_id: Any, content: Any, commenter: Any = "", contact: Any = ""
) -> Comment:
    """A comment from the public form, while the period is under way; the
    commenter's name and contact are sealed and never shown publicly."""
    c = (
        Consultation.objects.select_for_update()
        .select_related("decision")
        .filter(decision_id=as_int(decision_id) or 0)
        .first()
    )
    if c is None:
        raise NotFound("征求意见不存在", code="decision_not_found")
    today = timesource.today()
    if c.closed_on or not c.opens_on <= today <= c.closes_on:
        raise Conflict("意见征集不在期限内", code="decision_consultation_closed")
    body = text(
        content, code="decision_comment_required", message="请填写意见内容", limit=CONTENT_MAX
    )
    row = Comment.objects.create(
        decision=c.decision,
        channel=Channel.ONLINE,
        commenter=str(commenter or "").strip()[:50],
        contact=str(contact or "").strip()[:100],
        content=body,
        received_on=today,
    )
    record_event(
        actor=None,
        event_type="decision.comment_received",
        object_type="decision",
        object_id=c.decision_id,
        payload={"comment": row.pk, "channel": row.channel},
    )
    return row


@gated
@transaction.atomic(durable=True)
def record_offline_comment(
    *,
    actor: Actor,
    decision_id: Any,
    content: Any,
    received_on: Any,
    commenter: Any = "",
    contact: Any = "",
) -> Comment:
    """A comment collected offline (座谈会, 信函), entered by the sponsor."""
    user, row = locked(actor, decision_id, SPONSOR)
    check_gate(row, "consultation", user)
    c = _consultation(row)
    if c.adoption_published_on:
        raise Conflict("公众参与已完成", code="decision_consultation_done")
    day = a_date(received_on, code="decision_comment_date_invalid", label="收到日期")
    if not c.opens_on <= day <= min(c.closes_on, timesource.today()):
        raise InvalidInput("收到日期应在征求意见期间内", code="decision_comment_date_invalid")
    body = text(
        content, code="decision_comment_required", message="请填写意见内容", limit=CONTENT_MAX
    )
    comment = Comment.objects.create(
        decision=row,
        channel=Channel.OFFLINE,
        commenter=str(commenter or "").strip()[:50],
        contact=str(contact or "").strip()[:100],
        content=body,
        received_on=day,
        entered_by=user,
    )
    event(user, row, "comment_received", comment=comment.pk, channel=comment.channel)
    return comment


@gated
@transaction.atomic(durable=True)
def record_hearing(*, actor: Actor, decision_id: Any, held_on: Any, record: Any) -> Consultation:
    """听证: the date and the record's summary."""
    user, row = locked(actor, decision_id, SPONSOR)
    check_gate(row, "consultation", user)
    c = _consultation(row)
    if c.adoption_published_on:
        raise Conflict("公众参与已完成", code="decision_consultation_done")
    day = a_date(held_on, code="decision_hearing_date_invalid", label="听证日期")
    if not c.opens_on <= day <= timesource.today():
        raise InvalidInput(
            "听证日期应在公布征求意见稿之后、不晚于今天", code="decision_hearing_date_invalid"
        )
    c.hearing_on = day
    c.hearing_record = text(
        record, code="decision_hearing_record_required", message="请填写听证笔录摘要"
    )
    c.save(update_fields=["hearing_on", "hearing_record"])
    event(user, row, "hearing_recorded", held_on=day)
    return c


@gated
@transaction.atomic(durable=True)
def publish_adoption(*, actor: Actor, decision_id: Any, adoption: Any) -> Consultation:
    """Close the comments (never before the period ends) and publish how
    they were used (采纳情况); with a hearing required, only once it is recorded."""
    user, row = locked(actor, decision_id, SPONSOR)
    check_gate(row, "consultation", user)
    c = _consultation(row)
    if c.adoption_published_on:
        raise Conflict("公众参与已完成", code="decision_consultation_done")
    today = timesource.today()
    if today <= c.closes_on:
        raise Conflict(
            f"征求意见期限至 {c.closes_on:%Y-%m-%d}，期满前不能结束征求意见",
            code="decision_consultation_not_ended",
        )
    if c.hearing_required and c.hearing_on is None:
        raise Conflict("该决策须举行听证，请先登记听证情况", code="decision_hearing_required")
    c.adoption = text(adoption, code="decision_adoption_required", message="请填写意见采纳情况")
    c.closed_on = c.closed_on or today
    c.adoption_published_on = today
    c.save(update_fields=["adoption", "closed_on", "adoption_published_on"])
    event(user, row, "adoption_published", comments=row.comments.count())
    return c
