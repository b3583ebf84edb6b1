"""What the supervision bureau sees of trading (the OCDS community's red-flag
indicators, issue 14): each finding an anomaly on the project (once per
project and kind) with its evidence, the first line of which says it in
words (`说明`). Raised by the award and contract actions inside their own
transaction, and again by the daily sweep (`tasks.trading_sweep`) over the
recent awards (a late contract only shows itself with time).

- single_bid: awarded with one opened and not disqualified bid;
- short_tender_period: the bid deadline the earliest the law allows
  (`tendering.at_legal_minimum`);
- repeat_winner: the winner's `trading.repeat_wins`-th award of the same
  tenderer within `trading.repeat_window_days`;
- award_off_estimate: the award's value off the estimate by more than
  `trading.estimate_deviation_percent`;
- expert_overused: a committee expert picked by `trading.expert_draws`
  draws or more within `trading.expert_window_days`;
- late_contract: no contract by `contract_due`, or one signed after it.

Overdue steps are the house's subject cards (yellow, then red): the
objection's reply (to the tenderer), the complaint's decision (to the
regulator), the contract (to the tenderer)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.inputs import local_day
from xiaoneng.core.text import cn_date
from xiaoneng.scores.periods import Period
from xiaoneng.scores.sources import SourceValue
from xiaoneng.supervision.actions.subjects import (
    raise_subject_anomalies,
    raise_subject_anomaly,
    sweep_subject_cards,
)
from xiaoneng.supervision.models import Anomaly
from xiaoneng.supervision.subjects import Overdue, Subject
from xiaoneng.system.params import get_param

from . import params
from .common import subject
from .models import (
    Award,
    Bid,
    BidStatus,
    Complaint,
    Contract,
    Draw,
    Member,
    MemberKind,
    Objection,
    Regulation,
)

KIND = "trading_project"
SINGLE_BID = "single_bid"
SHORT_TENDER_PERIOD = "short_tender_period"
REPEAT_WINNER = "repeat_winner"
AWARD_OFF_ESTIMATE = "award_off_estimate"
EXPERT_OVERUSED = "expert_overused"
LATE_CONTRACT = "late_contract"
LOOKBACK_DAYS = 400  # awards the sweep looks at again
RED_FLAGS = (
    SINGLE_BID,
    SHORT_TENDER_PERIOD,
    REPEAT_WINNER,
    AWARD_OFF_ESTIMATE,
    EXPERT_OVERUSED,
    LATE_CONTRACT,
)


def _awarded_on(award: Award) -> date:
    return local_day(award.decided_at)


def single_bid(award: Award) -> dict[str, Any] | None:
    bids = Bid.objects.filter(round=award.round_id, status=BidStatus.OPENED).exclude(
        qualified=False
    )
    if bids.count() != 1:
        return None
    return {
        "说明": f"本轮仅 {award.bid.bidder.name} 一家有效投标即中标",
        "round": award.round.number,
        "valid_bids": 1,
        "bids_received": Bid.objects.filter(round=award.round_id).count(),
        "winner": award.bid.bidder.name,
    }


def short_tender_period(award: Award) -> dict[str, Any] | None:
    round_ = award.round
    if round_.documents_from is None or round_.bid_deadline is None:
        return None
    kind, deadline = award.round.project.kind, local_day(round_.bid_deadline)
    calendar = current_calendar()
    if not tendering.at_legal_minimum(kind, round_.documents_from, deadline, calendar):
        return None
    earliest = tendering.earliest_deadline(kind, round_.documents_from, calendar)
    return {
        "说明": (
            f"招标文件{cn_date(round_.documents_from)}发出，投标截止{cn_date(deadline)}，"
            "为法定最短期限"
        ),
        "documents_from": round_.documents_from,
        "bid_deadline": deadline,
        "earliest_allowed": earliest,
    }


def repeat_winner(award: Award) -> dict[str, Any] | None:
    threshold, window = get_param(params.REPEAT_WINS), get_param(params.REPEAT_WINDOW_DAYS)
    project = award.round.project
    wins = list(
        Award.objects.filter(
            round__project__tenderer_id=project.tenderer_id,
            bid__bidder_id=award.bid.bidder_id,
            decided_at__gt=award.decided_at - timedelta(days=window),
            decided_at__lte=award.decided_at,
        )
        .select_related("round__project")
        .order_by("decided_at", "id")
    )
    if len(wins) < threshold:
        return None
    return {
        "说明": (
            f"{award.bid.bidder.name}在 {window} 日内第 {len(wins)} 次中标{project.tenderer}的项目"
        ),
        "winner": award.bid.bidder.name,
        "tenderer": str(project.tenderer),
        "count": len(wins),
        "window_days": window,
        "projects": [w.round.project.code for w in wins],
    }


def award_off_estimate(award: Award) -> dict[str, Any] | None:
    estimate = award.round.project.estimate
    if not estimate:
        return None
    limit = get_param(params.ESTIMATE_DEVIATION_PERCENT)
    deviation = (award.value - estimate) * 100 / estimate
    if abs(deviation) <= limit:
        return None
    rounded = deviation.quantize(Decimal("0.01"))
    return {
        "说明": f"中标金额 {award.value} 元，估算价 {estimate} 元，偏离 {rounded}%",
        "value": award.value,
        "estimate": estimate,
        "deviation_percent": rounded,
        "limit_percent": limit,
    }


def expert_overused(award: Award) -> dict[str, Any] | None:
    threshold, window = get_param(params.EXPERT_DRAWS), get_param(params.EXPERT_WINDOW_DAYS)
    members = Member.objects.filter(
        committee__round=award.round_id, kind=MemberKind.EXPERT, declined_at=None
    ).select_related("expert")
    experts = {m.expert_id: m.expert for m in members if m.expert is not None}
    if not experts:
        return None
    counts = dict.fromkeys(experts, 0)
    since = award.decided_at - timedelta(days=window)
    for picked in Draw.objects.filter(drawn_at__gt=since).values_list("picked", flat=True):
        for expert_id in set(picked or []):
            if expert_id in counts:
                counts[expert_id] += 1
    over = {pk: n for pk, n in counts.items() if n >= threshold}
    if not over:
        return None
    names = [f"{experts[pk].name}（{n} 次）" for pk, n in sorted(over.items())]
    return {
        "说明": f"评标专家 {window} 日内被抽中次数过多：{'、'.join(names)}",
        "experts": [{"name": experts[pk].name, "draws": n} for pk, n in sorted(over.items())],
        "window_days": window,
        "threshold": threshold,
    }


def late_contract(award: Award, contract: Contract | None, today: date) -> dict[str, Any] | None:
    if contract is not None:
        if contract.signed_on <= award.contract_due:
            return None
        said = f"合同于{cn_date(contract.signed_on)}签订，晚于期限{cn_date(award.contract_due)}"
        return {"说明": said, "contract_due": award.contract_due, "signed_on": contract.signed_on}
    if today <= award.contract_due:
        return None
    return {
        "说明": f"定标后至{cn_date(award.contract_due)}未签订合同",
        "awarded_on": _awarded_on(award),
        "contract_due": award.contract_due,
        "signed_on": None,
    }


AWARD_FLAGS: dict[str, Callable[[Award], dict[str, Any] | None]] = {
    SINGLE_BID: single_bid,
    SHORT_TENDER_PERIOD: short_tender_period,
    REPEAT_WINNER: repeat_winner,
    AWARD_OFF_ESTIMATE: award_off_estimate,
    EXPERT_OVERUSED: expert_overused,
}


def _awards() -> Any:
    return Award.objects.select_related(
        "round__project__tenderer", "bid__bidder", "contract"
    ).order_by("id")


def flag_award(award: Award, today: date) -> list[str]:
    """At the award (inside its transaction): the red flags it raises."""
    award = _awards().get(pk=award.pk)
    raised = []
    for kind, finding in AWARD_FLAGS.items():
        evidence = finding(award)
        if evidence and raise_subject_anomaly(
            subject=subject(award.round.project), kind=kind, evidence=evidence, found_on=today
        ):
            raised.append(kind)
    return raised


def flag_late_contract(award: Award, contract: Contract, today: date) -> bool:
    evidence = late_contract(award, contract, today)
    if evidence is None:
        return False
    found = raise_subject_anomaly(
        subject=subject(award.round.project), kind=LATE_CONTRACT, evidence=evidence, found_on=today
    )
    return found is not None


# --- cards ---------------------------------------------------------------------------


def _regulators() -> dict[str, int]:
    return dict(Regulation.objects.values_list("kind", "department_id"))


def overdue_steps(today: date) -> Iterator[Overdue]:
    """Objections unanswered, complaints undecided and contracts unsigned past their day."""
    objections = Objection.objects.filter(replied_at=None, reply_due__lt=today)
    for row in objections.select_related("round__project").order_by("id"):
        yield Overdue(subject(row.round.project), "objection_reply", row.reply_due)
    regulators = _regulators()
    complaints = Complaint.objects.filter(decided_at=None, decide_due__lt=today)
    for c in complaints.select_related("project").order_by("id"):
        base = subject(c.project)
        # The decision is the regulator's: its card goes to the regulator.
        unit = regulators.get(c.project.kind, base.department_id)
        yield Overdue(
            Subject(base.kind, base.ref, base.title, base.url, unit),
            "complaint_decision",
            c.decide_due,
        )
    unsigned = Award.objects.filter(contract__isnull=True, contract_due__lt=today)
    for a in unsigned.select_related("round__project").order_by("id"):
        yield Overdue(subject(a.round.project), "contract", a.contract_due)


# --- the sweep -----------------------------------------------------------------------


def findings(today: date) -> dict[str, list[tuple[Subject, dict[str, Any]]]]:
    """Every red flag of the recent awards (the raise keeps them once per project)."""
    found: dict[str, list[tuple[Subject, dict[str, Any]]]] = {
        k: [] for k in (*AWARD_FLAGS, LATE_CONTRACT)
    }
    since = today - timedelta(days=LOOKBACK_DAYS)
    for award in _awards().filter(decided_at__date__gte=since).iterator(chunk_size=500):
        about = subject(award.round.project)
        for kind, finding in AWARD_FLAGS.items():
            if evidence := finding(award):
                found[kind].append((about, evidence))
        contract = getattr(award, "contract", None)
        if evidence := late_contract(award, contract, today):
            found[LATE_CONTRACT].append((about, evidence))
    return found


def sweep(today: date) -> dict[str, int]:
    """The day's cards and red flags (idempotent: a second run adds nothing)."""
    with transaction.atomic(durable=True):
        cards = sweep_subject_cards(kind=KIND, overdue=overdue_steps(today), today=today)
    result = {"yellow": cards.yellow, "red": cards.red, "closed": cards.closed}
    for kind, rows in findings(today).items():
        with transaction.atomic(durable=True):
            result[kind] = len(raise_subject_anomalies(kind=kind, findings=rows, found_on=today))
    return result


# --- the unit's score ----------------------------------------------------------------


def red_flags_by_unit(period: Period, level: str) -> dict[int, SourceValue]:
    """Red flags found in the period per tenderer (department level only:
    the flags are the tenderer's projects'). Each weighs as a yellow card
    in the score (scores.sourced)."""
    if level != "department":
        return {}
    rows = (
        Anomaly.objects.filter(
            subject_kind=KIND,
            kind__in=RED_FLAGS,
            detected_on__range=(period.start, period.end),
        )
        .values("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    return dict(rows)
