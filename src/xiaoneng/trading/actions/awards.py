"""After the evaluation: the winning candidates published (实施条例 art. 54,
at least 3 days) and the award (定标, 招标投标法 art. 40: the tenderer's own
step, never its agency's).

The award waits for the publicity to end (`tendering.award_earliest`), for
every objection of the round to be answered (art. 54: the process pauses
meanwhile) and for a suspending regulator (`locked_project` refuses a
suspended project). The winner is candidate 1; another candidate only with
a written reason (实施条例 art. 55: the first gave up, was disqualified…).
An objection found right (`upheld`) was answered with the correction the
tenderer made (`answer_objection` requires it); the award after it must
say how it follows from it (a reason is required)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import inputs, timesource
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.trading import supervise
from xiaoneng.trading.common import RUNNER, TENDERER, event, locked_round, step_refused
from xiaoneng.trading.models import (
    Award,
    Candidate,
    Notice,
    NoticeKind,
    Objection,
    Round,
    RoundStatus,
    Status,
)
from xiaoneng.trading.ocds.publish import publish

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

LIMIT = 300  # Award.reason


def published_on(round_: Round) -> Any:
    """The day the candidates were published (Beijing time), or None."""
    if round_.candidates_published_at is None:
        return None
    return inputs.local_day(round_.candidates_published_at)


def candidates_text(round_: Round) -> str:
    rows = Candidate.objects.filter(round=round_).select_related("bid__bidder").order_by("rank")
    lines = [
        f"第{c.rank}名：{c.bid.bidder.name}，投标报价 {c.bid.price} 元，评标得分 {c.score or '—'}"
        for c in rows
    ]
    return "\n".join(lines)


@transaction.atomic
def publish_candidates(actor: Actor | None, round_id: Any) -> Round:
    """中标候选人公示: the ranked candidates, for `publicity_days` days from today."""
    user, project, round_ = locked_round(actor, round_id, RUNNER)
    if round_.candidates_published_at is not None:
        raise Conflict("中标候选人已经公示", code="trading_candidates_published")
    if round_.status != RoundStatus.EVALUATED or project.status != Status.EVALUATING:
        raise step_refused(project, "公示中标候选人")
    if not Candidate.objects.filter(round=round_).exists():
        raise Conflict("评标委员会未推荐中标候选人", code="trading_candidates_missing")
    today = timesource.today()
    round_.candidates_published_at = timesource.now()
    round_.publicity_ends_on = tendering.publicity_ends(project.kind, today)
    round_.save(update_fields=["candidates_published_at", "publicity_ends_on"])
    Notice.objects.create(
        project=project,
        round=round_,
        kind=NoticeKind.CANDIDATES,
        title=f"{project.title}中标候选人公示",
        body=(
            f"{candidates_text(round_)}\n公示期：{cn_date(today)}至"
            f"{cn_date(round_.publicity_ends_on)}。投标人或者其他利害关系人对评标结果有异议的，"
            "应当在公示期间提出。"
        ),
        published_by=user,
    )
    project.status = Status.PUBLICISING
    project.save(update_fields=["status"])
    publish(project, ["award"])
    event(
        user,
        project,
        "candidates_published",
        round=round_.pk,
        publicity_ends_on=round_.publicity_ends_on,
    )
    return round_


def _winner(round_: Round, bid_id: Any, reason: str) -> Candidate:
    candidates = list(Candidate.objects.filter(round=round_).select_related("bid__bidder"))
    if not candidates:
        raise Conflict("评标委员会未推荐中标候选人", code="trading_candidates_missing")
    if bid_id in (None, ""):
        return min(candidates, key=lambda c: c.rank)
    chosen = next((c for c in candidates if c.bid_id == as_int(bid_id)), None)
    if chosen is None:
        raise InvalidInput("中标人须为公示的中标候选人", code="trading_award_not_candidate")
    if chosen.rank != min(c.rank for c in candidates) and not reason:
        raise InvalidInput(
            "确定排名第一以外的中标候选人为中标人的，须说明理由（实施条例第五十五条）",
            code="trading_award_reason_required",
        )
    return chosen


@transaction.atomic
def award(actor: Actor | None, round_id: Any, *, bid_id: Any = None, reason: Any = "") -> Award:
    """定标: the winner, its price, the contract's last day; notice AWARD."""
    user, project, round_ = locked_round(actor, round_id, TENDERER)
    if Award.objects.filter(round=round_).exists():
        raise Conflict("本轮已经定标", code="trading_award_exists")
    if project.status != Status.PUBLICISING or round_.candidates_published_at is None:
        raise step_refused(project, "定标")
    why = inputs.optional(reason, code="trading_award_input_invalid", label="定标说明", limit=LIMIT)
    today = timesource.today()
    earliest = tendering.award_earliest(project.kind, published_on(round_))
    if today < earliest:
        raise Conflict(
            f"中标候选人公示期至{cn_date(round_.publicity_ends_on or earliest)}，"
            f"{cn_date(earliest)}起方可定标",
            code="trading_publicity_running",
            detail={"earliest": earliest},
        )
    objections = Objection.objects.filter(round=round_)
    if objections.filter(replied_at=None).exists():
        raise Conflict(
            "有未答复的异议（质疑），定标暂停至作出答复",
            code="trading_objection_pending",
            detail={
                "objections": list(objections.filter(replied_at=None).values_list("pk", flat=True))
            },
        )
    if objections.filter(upheld=True).exists() and not why:
        raise InvalidInput(
            "异议（质疑）成立的，定标须说明依纠正结果确定中标人的理由",
            code="trading_award_reason_required",
        )
    winner = _winner(round_, bid_id, why)
    assert winner.bid.price is not None  # an opened bid has its price
    row = Award.objects.create(
        round=round_,
        bid=winner.bid,
        value=winner.bid.price,
        reason=why,
        decided_by=user,
        contract_due=tendering.contract_due(project.kind, today, current_calendar()),
    )
    Notice.objects.create(
        project=project,
        round=round_,
        kind=NoticeKind.AWARD,
        title=f"{project.title}中标结果公告",
        body=(
            f"中标人：{winner.bid.bidder.name}\n中标金额：{row.value} 元\n"
            f"定标日期：{cn_date(today)}" + (f"\n定标说明：{why}" if why else "")
        ),
        published_by=user,
    )
    project.status = Status.AWARDED
    project.save(update_fields=["status"])
    publish(project, ["awardUpdate"])
    event(
        user,
        project,
        "award_made",
        round=round_.pk,
        bid=winner.bid_id,
        bidder=winner.bid.bidder_id,
        value=row.value,
        rank=winner.rank,
        contract_due=row.contract_due,
    )
    supervise.flag_award(row, today)
    return row
