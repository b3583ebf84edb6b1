"""集体讨论决定 (条例 arts. 30–32) at the executive meeting, recorded by the
government office: session, date, attendees, the speeches in order with the
head (市长) speaking last, dissent, the decision. Then publication with the
explanation (公布), the archive of the whole file (归档, frozen after) and
the post-implementation evaluation (决策后评估), scheduled at publication."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int
from xiaoneng.decisions.models import Consultation, Decision, Discussion, Outcome, Speech, Stage
from xiaoneng.decisions.params import EVALUATION_DAYS
from xiaoneng.decisions.selectors import MEETING, SPONSOR, latest_discussion, passing_review
from xiaoneng.org.authority import covers_department, require
from xiaoneng.system.params import get_param

from .common import a_date, check_gate, event, gated, locked, missing_decision, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAX_SPEECHES = 60


def _speeches(speeches: Any) -> list[dict[str, Any]]:
    items = list(speeches or ())
    if not items or len(items) > MAX_SPEECHES:
        raise InvalidInput("请按顺序填写会议发言", code="decision_speeches_required")
    cleaned = []
    for item in items:
        get = item.get if isinstance(item, dict) else (lambda k, _i=item: getattr(_i, k, ""))
        speaker = str(get("speaker") or "").strip()[:50]
        summary = str(get("summary") or "").strip()[:4000]
        if not speaker or not summary:
            raise InvalidInput("每条发言须有发言人和要点", code="decision_speeches_required")
        cleaned.append({"speaker": speaker, "summary": summary, "is_head": bool(get("is_head"))})
    heads = [i for i, s in enumerate(cleaned) if s["is_head"]]
    if not heads:
        raise InvalidInput("会议记录中没有行政首长的发言", code="decision_head_missing")
    if not cleaned[-1]["is_head"]:  # the chair may also open the discussion
        raise InvalidInput(
            "行政首长应当在集体讨论的最后发表意见",
            code="decision_head_not_last",
            detail={"head_positions": [i + 1 for i in heads], "speeches": len(cleaned)},
        )
    return cleaned


@gated
@transaction.atomic(durable=True)
def record_meeting(
    *,
    actor: Actor,
    decision_id: Any,
    session: Any,
    held_on: Any,
    attendees: Any,
    speeches: Any,
    outcome: Any,
    dissent: Any = "",
) -> Discussion:
    """The meeting's minutes for this decision. A deferred one is discussed
    again at a later meeting: a new record, the earlier minutes kept. The
    meeting is held after the legality review passed and after how comments
    were used was published — never backdated before either (nor before an
    earlier meeting)."""
    user, row = locked(actor, decision_id, MEETING)
    check_gate(row, "meeting", user)
    previous = latest_discussion(row)
    if previous is not None and previous.outcome != Outcome.DEFERRED:
        raise Conflict("该决策已集体讨论决定", code="decision_meeting_recorded")
    if outcome not in Outcome.values:
        raise InvalidInput("决定结果不正确", code="decision_outcome_invalid")
    day = a_date(held_on, code="decision_meeting_date_invalid", label="会议日期")
    if day > timesource.today():
        raise InvalidInput("会议日期不能晚于今天", code="decision_meeting_date_invalid")
    _not_before_the_gates(row, day, previous)
    said = _speeches(speeches)
    fields = {
        "session": text(
            session, code="decision_session_required", message="请填写会议届次", limit=50
        ),
        "held_on": day,
        "attendees": text(attendees, code="decision_attendees_required", message="请填写出席人员"),
        "dissent": str(dissent or "").strip()[:4000],
        "outcome": outcome,
        "recorded_by": user,
    }
    discussion = Discussion.objects.create(decision=row, **fields)
    Speech.objects.bulk_create(
        Speech(discussion=discussion, order=i + 1, **s) for i, s in enumerate(said)
    )
    if outcome == Outcome.ADOPTED:
        row.stage, row.decided_on = Stage.DECIDED, day
        row.save(update_fields=["stage", "decided_on", "updated_at"])
    event(
        user,
        row,
        "meeting_recorded",
        session=fields["session"],
        outcome=outcome,
        speeches=len(said),
    )
    return discussion


def _not_before_the_gates(row: Decision, day: date, previous: Discussion | None) -> None:
    """The meeting day is on or after the day the passing review round was
    concluded, the day the adoption of comments was published, and the day
    of the meeting that deferred the decision."""
    review = passing_review(row)
    consultation = Consultation.objects.filter(decision=row).first()
    floors = [
        (review.reviewed_on if review else None, "合法性审查通过之日"),
        (consultation.adoption_published_on if consultation else None, "意见采纳情况公布之日"),
        (previous.held_on if previous else None, "前次会议之日"),
    ]
    for floor, what in floors:
        if floor is not None and day < floor:
            raise InvalidInput(
                f"会议日期不得早于{what}（{floor:%Y-%m-%d}）",
                code="decision_meeting_date_invalid",
                detail={"earliest": floor.isoformat()},
            )


@gated
@transaction.atomic(durable=True)
def publish_decision(
    *, actor: Actor, decision_id: Any, text_published: Any, explanation: Any
) -> Decision:
    """公布: the decision's text and its explanation (解读), with how comments
    were used (from the consultation); the evaluation scheduled."""
    user, row = locked(actor, decision_id, SPONSOR)
    check_gate(row, "publication", user)
    if row.published_on:
        raise Conflict("决策已公布", code="decision_already_published")
    today = timesource.today()
    row.published_text = text(
        text_published, code="decision_text_required", message="请填写决策公布内容"
    )
    row.published_explanation = text(
        explanation, code="decision_explanation_required", message="请填写起草说明"
    )
    row.published_on = today
    row.evaluation_due = today + timedelta(days=get_param(EVALUATION_DAYS))
    row.stage = Stage.PUBLISHED
    row.save()
    event(user, row, "published", evaluation_due=row.evaluation_due)
    return row


@gated
@transaction.atomic(durable=True)
def archive_decision(*, actor: Actor, decision_id: Any) -> Decision:
    """归档: the whole file frozen (a decision published, or one the meeting did not adopt)."""
    user, row = locked(actor, decision_id, MEETING)
    discussion = latest_discussion(row)
    if discussion is None or discussion.outcome == Outcome.ADOPTED:
        check_gate(row, "archive", user)
    elif discussion.outcome == Outcome.DEFERRED:
        raise Conflict("决策暂缓，尚不能归档", code="decision_not_archivable")
    row.archived_on = timesource.today()
    row.stage = Stage.ARCHIVED
    row.save(update_fields=["archived_on", "stage", "updated_at"])
    event(user, row, "archived", records=_record_count(row))
    return row


def _record_count(row: Decision) -> int:
    return (
        row.comments.count()
        + row.opinions.count()
        + row.risks.count()
        + row.reviews.count()
        + row.discussions.count()
        + 1
    )


@transaction.atomic(durable=True)
def record_evaluation(*, actor: Actor, decision_id: Any, report: Any) -> Decision:
    """决策后评估: recorded once the decision is published (also after archive)."""
    user = require(actor, SPONSOR)
    row = Decision.objects.select_for_update().filter(pk=as_int(decision_id) or 0).first()
    if row is None or not covers_department(user, row.sponsor_id):
        raise missing_decision()
    if row.published_on is None:
        raise Conflict("决策尚未公布，不能评估", code="decision_not_published")
    if row.evaluated_on:
        raise Conflict("已登记决策后评估", code="decision_evaluated")
    row.evaluation = text(report, code="decision_evaluation_required", message="请填写评估报告")
    row.evaluated_on = timesource.today()
    row.save(update_fields=["evaluation", "evaluated_on", "updated_at"])
    event(user, row, "evaluated")
    return row
