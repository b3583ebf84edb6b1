"""Objections to the evaluation's result (异议, 实施条例 art. 54) and, in
procurement, challenges (质疑, 政府采购法 art. 52, 53).

Raised by a bidder whose bid was opened in the round: during the publicity
(construction, land, property) or within 7 working days of knowing
(procurement), `tendering.objection_until`. Answered by the runner (the
tenderer or its agency) within `tendering.objection_reply_due`; the answer
is published (notice OBJECTION) without the objector's name or contact.
An objection found right must be answered with what was corrected (kept in
the reply under 纠正措施): the award then follows the correction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import inputs, timesource
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.trading.checks import as_bool
from xiaoneng.trading.common import (
    RUNNER,
    event,
    locked_project,
    missing_round,
    party_of,
    step_refused,
)
from xiaoneng.trading.models import (
    Bid,
    BidStatus,
    Kind,
    Notice,
    NoticeKind,
    Objection,
    ObjectionKind,
    Project,
    Round,
    Status,
)

from .awards import published_on

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

CODE = "trading_award_input_invalid"
CORRECTION_HEADING = "纠正措施："


def objection_kind(project: Project) -> str:
    return ObjectionKind.CHALLENGE if project.kind == Kind.PROCUREMENT else ObjectionKind.OBJECTION


@transaction.atomic
def raise_objection(
    actor: Actor | None, round_id: Any, *, stage: Any, text: Any, known_on: Any = None
) -> Objection:
    user, party = party_of(actor)
    round_ = Round.objects.filter(pk=as_int(round_id) or 0).first()
    if round_ is None:
        raise missing_round()
    project = Project.objects.select_for_update(of=("self",)).get(pk=round_.project_id)
    opened = Bid.objects.filter(round=round_, bidder=party, status=BidStatus.OPENED)
    if not opened.exists():
        raise PermissionDenied("不是本轮已开标的投标人", code="trading_not_a_bidder")
    published = published_on(round_)
    if published is None:
        raise Conflict("中标候选人尚未公示", code="trading_candidates_not_published")
    if project.status not in (Status.PUBLICISING, Status.AWARDED):
        raise step_refused(project, "提出异议（质疑）")
    what = inputs.text(stage, code=CODE, label="针对事项", limit=100)
    body = inputs.text(text, code=CODE, label="异议（质疑）内容")
    known = inputs.a_date(
        known_on, code="trading_objection_known_invalid", label="知道之日", default_today=True
    )
    if known < published:
        raise InvalidInput(
            f"知道或应当知道之日不能早于中标候选人公示之日（{cn_date(published)}）",
            code="trading_objection_known_invalid",
        )
    calendar = current_calendar()
    today = timesource.today()
    until = tendering.objection_until(project.kind, known, published, calendar)
    if today > until:
        raise Conflict(
            f"提出异议（质疑）的期限已于{cn_date(until)}届满",
            code="trading_objection_late",
            detail={"until": until},
        )
    row = Objection.objects.create(
        round=round_,
        kind=objection_kind(project),
        party=party,
        submitted_by=user,
        stage=what,
        text=body,
        known_on=known,
        reply_due=tendering.objection_reply_due(project.kind, today, calendar),
    )
    event(
        user,
        project,
        "objection_raised",
        objection=row.pk,
        round=round_.pk,
        party=party.pk,
        kind=row.kind,
        reply_due=row.reply_due,
    )
    return row


@transaction.atomic
def answer_objection(
    actor: Actor | None, objection_id: Any, *, reply: Any, upheld: Any, correction: Any = ""
) -> Objection:
    """The runner's answer; found right (`upheld`), with the correction made."""
    found = Objection.objects.filter(pk=as_int(objection_id) or 0).select_related("round")
    row = found.first()
    if row is None:
        raise NotFound("异议（质疑）不存在或无权查看", code="trading_objection_not_found")
    user, project = locked_project(actor, row.round.project_id, RUNNER)
    row = Objection.objects.select_for_update().get(pk=row.pk)
    if row.replied_at is not None:
        raise Conflict("异议（质疑）已经答复", code="trading_objection_answered")
    answer = inputs.text(reply, code=CODE, label="答复内容")
    right = as_bool(upheld, code=CODE, label="异议（质疑）是否成立")
    fixed = inputs.optional(correction, code=CODE, label="纠正措施", limit=2000)
    if right and not fixed:
        raise InvalidInput(
            "异议（质疑）成立的，须写明纠正措施（如重新评审、调整中标候选人）",
            code="trading_objection_correction_required",
        )
    if fixed:
        answer = f"{answer}\n{CORRECTION_HEADING}{fixed}"
    row.reply, row.upheld = answer, right
    row.replied_at, row.replied_by = timesource.now(), user
    row.save(update_fields=["reply", "upheld", "replied_at", "replied_by"])
    label = row.get_kind_display().split("（")[0]
    Notice.objects.create(
        project=project,
        round=row.round,
        kind=NoticeKind.OBJECTION,
        title=f"{project.title}{label}答复",
        # The objector is not named (its name and contact are not published).
        body=(
            f"针对事项：{row.stage}\n收到日期：{cn_date(inputs.local_day(row.received_at))}\n"
            f"答复：{answer}\n结论：{label}{'成立' if right else '不成立'}"
        ),
        published_by=user,
    )
    event(user, project, "objection_answered", objection=row.pk, upheld=right)
    return row
