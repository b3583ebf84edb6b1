"""Scores and the ranking (评标, 实施条例 art. 49–55).

Each seated member scores every opened bid of the round once (an expert by
their pool entry, a representative by their account): qualified or not, and
a total of 0–100 when qualified. The centre closes the evaluation on the
chair's word: a bid is qualified when a majority of the members qualified
it; the qualified are ranked (综合评估法: mean total, a tie to the lower
price; 经评审的最低投标价法: the lowest price) and the first three become the
candidates. No qualified bid: every bid is rejected (否决所有投标) and the
project is tendered again (art. 51, 55).

Price auctions (价高者得: land, state property) have no committee: the
centre ranks the opened bids by price, a bid below the reserve (底价,
`Project.estimate`) never a candidate (招拍挂规定 art. 19)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from xiaoneng.core import inputs, timesource
from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import has_perm, signed_in
from xiaoneng.org.models import User
from xiaoneng.trading.actions.committee import committee_of, require_opened, seated
from xiaoneng.trading.common import (
    CENTRE,
    CLOSED_STATUSES,
    EXPERT,
    TENDER,
    event,
    locked_round,
    missing_project,
    step_refused,
)
from xiaoneng.trading.models import (
    Bid,
    BidStatus,
    Candidate,
    Criteria,
    Member,
    Project,
    Round,
    RoundStatus,
    Score,
    Status,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

CANDIDATES = 3
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Judged:
    """A bid as the ranking sees it: its price, the qualified votes and totals."""

    bid_id: int
    price: Decimal
    qualified_votes: int
    members: int
    totals: tuple[Decimal, ...]

    @property
    def qualified(self) -> bool:
        return self.qualified_votes * 2 > self.members

    @property
    def mean(self) -> Decimal | None:
        if not self.totals:
            return None
        return (sum(self.totals, Decimal(0)) / len(self.totals)).quantize(CENT)


def rank(judged: Sequence[Judged], criteria: str) -> list[Judged]:
    """The qualified bids in the order of the criteria (pure): the comprehensive
    method by mean total, a tie to the lower price; the lowest-price method
    by price. The bid's id breaks what remains (the earlier bid first)."""
    qualified = [j for j in judged if j.qualified]
    if criteria == Criteria.LOWEST_PRICE:
        return sorted(qualified, key=lambda j: (j.price, j.bid_id))
    return sorted(qualified, key=lambda j: (-(j.mean or Decimal(0)), j.price, j.bid_id))


def _total(value: Any) -> Decimal:
    try:
        total = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput("得分应为 0 至 100 的数", code="trading_scores_invalid") from None
    if not total.is_finite() or not 0 <= total <= HUNDRED or total != total.quantize(CENT):
        raise InvalidInput("得分应为 0 至 100 的数，最多两位小数", code="trading_scores_invalid")
    return total.quantize(CENT)


def _score_rows(member: Member, bids: list[Bid], scores: Any) -> list[Score]:
    """One score for each opened bid, none for another."""
    by_bid: dict[int, dict[str, Any]] = {}
    for entry in scores or []:
        bid_id = as_int(entry.get("bid_id")) if isinstance(entry, dict) else None
        if bid_id is None or bid_id in by_bid:
            raise InvalidInput("评分表不正确", code="trading_scores_invalid")
        by_bid[bid_id] = entry
    if set(by_bid) != {b.pk for b in bids}:
        raise InvalidInput(
            "应对本轮每一份已解密的投标各评一次分",
            code="trading_scores_invalid",
            detail={"bids": [b.pk for b in bids]},
        )
    rows = []
    for bid in bids:
        entry = by_bid[bid.pk]
        qualified = entry.get("qualified")
        if not isinstance(qualified, bool):
            raise InvalidInput("请选择是否通过资格和符合性审查", code="trading_scores_invalid")
        comment = inputs.optional(
            entry.get("comment"), code="trading_scores_invalid", label="评审意见", limit=500
        )
        if not qualified and not comment:
            raise InvalidInput("未通过审查的投标应写明理由", code="trading_score_reason_required")
        total = _total(entry.get("total")) if qualified else None
        rows.append(
            Score(member=member, bid=bid, qualified=qualified, total=total, comment=comment)
        )
    return rows


def _seat(user: User, round_: Round) -> Member:
    """The user's seat on the round's committee: an expert by their pool entry,
    a representative by their account; anyone else finds nothing (404)."""
    q = Q(pk__in=[])
    if has_perm(user, EXPERT):
        q |= Q(expert__user=user, expert__active=True)
    if has_perm(user, TENDER):
        q |= Q(representative=user)
    member = (
        Member.objects.filter(committee__round=round_, declined_at=None).filter(q).first()
        if has_perm(user, EXPERT) or has_perm(user, TENDER)
        else None
    )
    if member is None:
        raise missing_project()
    return member


def opened_bids(round_: Round) -> list[Bid]:
    return list(Bid.objects.filter(round=round_, status=BidStatus.OPENED).order_by("pk"))


@transaction.atomic
def submit_scores(*, actor: Actor, round_id: Any, scores: Any) -> list[Score]:
    """A seated member's scores, once. The project row is locked like every
    step's, so the centre cannot close the evaluation halfway through them."""
    user = signed_in(actor)
    if not (has_perm(user, EXPERT) or has_perm(user, TENDER)):
        raise PermissionDenied("只有评标委员会成员可以评分", code="trading_expert_required")
    row = Round.objects.filter(pk=as_int(round_id) or 0).only("project_id").first()
    if row is None:
        raise missing_project()
    project = Project.objects.select_for_update(of=("self",)).get(pk=row.project_id)
    round_ = Round.objects.get(pk=row.pk)
    member = _seat(user, round_)
    if project.status in CLOSED_STATUSES or project.suspended_at is not None:
        raise step_refused(project, "评分")
    require_opened(project, round_, "评分")
    committee = committee_of(round_)
    if seated(committee).count() != committee.size:
        raise Conflict("评标委员会尚未组建完成", code="trading_committee_incomplete")
    if member.scores.exists():
        raise Conflict("已提交评分，不得重复提交", code="trading_scores_submitted")
    rows = Score.objects.bulk_create(_score_rows(member, opened_bids(round_), scores))
    event(user, project, "scores_submitted", round=round_.number, member=member.pk, bids=len(rows))
    return rows


def _judged(round_: Round, members: list[Member], bids: list[Bid]) -> list[Judged]:
    scores = list(Score.objects.filter(member__in=members, bid__in=bids))
    missing = len(members) * len(bids) - len(scores)
    if missing:
        raise Conflict(
            "尚有评标委员会成员未提交评分",
            code="trading_scores_missing",
            detail={"missing": missing},
        )
    out = []
    for bid in bids:
        own = [s for s in scores if s.bid_id == bid.pk]
        out.append(
            Judged(
                bid_id=bid.pk,
                price=bid.price or Decimal(0),
                qualified_votes=sum(1 for s in own if s.qualified),
                members=len(members),
                totals=tuple(s.total for s in own if s.total is not None),
            )
        )
    return out


def _reject_reason(bid: Bid, scores: list[Score]) -> str:
    reasons = "；".join(dict.fromkeys(s.comment for s in scores if not s.qualified and s.comment))
    return f"评标委员会多数成员认为未通过审查：{reasons}"[:200]


def _conclude(user: User, project: Project, round_: Round, ranked: list[tuple[Bid, Any]]) -> Round:
    """Candidates from the ranking, or — none qualified — the round fails and
    the project is tendered again."""
    round_.evaluated_at = timesource.now()
    if not ranked:
        round_.status = RoundStatus.FAILED
        round_.failed_reason = "评标委员会否决所有投标"
        round_.save(update_fields=["status", "evaluated_at", "failed_reason"])
        project.status = Status.RETENDER
        project.round_no += 1
        project.version += 1
        project.save(update_fields=["status", "round_no", "version"])
        event(user, project, "bids_all_rejected", round=round_.number)
        return round_
    for n, (bid, score) in enumerate(ranked[:CANDIDATES], start=1):
        Candidate.objects.create(round=round_, bid=bid, rank=n, score=score)
    round_.status = RoundStatus.EVALUATED
    round_.save(update_fields=["status", "evaluated_at"])
    event(
        user,
        project,
        "evaluation_finished",
        round=round_.number,
        candidates=[b.pk for b, _ in ranked[:CANDIDATES]],
    )
    return round_


@transaction.atomic
def finish_evaluation(*, actor: Actor, round_id: Any) -> Round:
    """The centre closes the evaluation on the chair's word, once every seated
    member has scored every opened bid."""
    user, project, round_ = locked_round(actor, round_id, CENTRE)
    require_opened(project, round_, "结束评标")
    committee = committee_of(round_)
    members = list(seated(committee))
    if len(members) != committee.size:
        raise Conflict("评标委员会尚未组建完成", code="trading_committee_incomplete")
    bids = opened_bids(round_)
    judged = {j.bid_id: j for j in _judged(round_, members, bids)}
    for bid in bids:
        bid.qualified = judged[bid.pk].qualified
        bid.rejected_reason = (
            ""
            if bid.qualified
            else _reject_reason(bid, list(Score.objects.filter(bid=bid, member__in=members)))
        )
        bid.save(update_fields=["qualified", "rejected_reason"])
    by_id = {b.pk: b for b in bids}
    ranked = [(by_id[j.bid_id], j.mean) for j in rank(list(judged.values()), project.criteria)]
    return _conclude(user, project, round_, ranked)


@transaction.atomic
def rank_by_price(*, actor: Actor, round_id: Any) -> Round:
    """价高者得: the opened bids by price, highest first (the same price: the
    earlier bid); a bid below the reserve price is not a candidate."""
    user, project, round_ = locked_round(actor, round_id, CENTRE)
    require_opened(project, round_, "按报价确定竞得候选人")
    if project.criteria != Criteria.HIGHEST_PRICE:
        raise Conflict("本项目不是价高者得，应由评标委员会评审", code="trading_not_price_ranked")
    bids = opened_bids(round_)
    for bid in bids:
        bid.qualified = bid.price is not None and bid.price >= project.estimate
        bid.rejected_reason = "" if bid.qualified else "报价低于底价"
        bid.save(update_fields=["qualified", "rejected_reason"])
    ranked = sorted((b for b in bids if b.qualified), key=lambda b: (-(b.price or 0), b.pk))
    event(user, project, "ranked_by_price", round=round_.number, bids=len(bids))
    return _conclude(user, project, round_, [(b, None) for b in ranked])
