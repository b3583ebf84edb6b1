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

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.inputs import local_day
from xiaoneng.core.text import cn_date
from xiaoneng.core.workdays import WorkCalendar
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
    Expert,
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


@dataclass
class Facts:
    """What the flags of a batch of awards read beyond the award rows, one
    query per kind of fact for the whole batch (the sweep re-checks every
    award of the last LOOKBACK_DAYS each working day)."""

    calendar: WorkCalendar
    bids: dict[int, tuple[int, int]]  # round → (opened and not disqualified, received)
    wins: dict[tuple[int, int], list[tuple[datetime, int, str]]]  # (tenderer, bidder) → wins
    experts: dict[int, dict[int, Expert]]  # round → its committee's experts
    draws: list[tuple[datetime, list[int]]]  # every draw since the earliest window, by time


def facts_for(awards: list[Award]) -> Facts:
    """The facts of `awards` (one award at its decision, or the sweep's window)."""
    rounds = [a.round_id for a in awards]
    valid = Q(status=BidStatus.OPENED) & (Q(qualified__isnull=True) | Q(qualified=True))
    counted = (
        Bid.objects.filter(round_id__in=rounds)
        .order_by()
        .values("round_id")
        .annotate(valid=Count("id", filter=valid), received=Count("id"))
    )
    facts = Facts(
        calendar=current_calendar(),
        bids={c["round_id"]: (c["valid"], c["received"]) for c in counted},
        wins={},
        experts={},
        draws=[],
    )
    if not awards:
        return facts
    first, last = min(a.decided_at for a in awards), max(a.decided_at for a in awards)
    wins = Award.objects.filter(
        round__project__tenderer_id__in={a.round.project.tenderer_id for a in awards},
        bid__bidder_id__in={a.bid.bidder_id for a in awards},
        decided_at__gt=first - timedelta(days=get_param(params.REPEAT_WINDOW_DAYS)),
        decided_at__lte=last,
    ).order_by("decided_at", "id")
    for tenderer, bidder, at, pk, code in wins.values_list(
        "round__project__tenderer_id", "bid__bidder_id", "decided_at", "id", "round__project__code"
    ):
        facts.wins.setdefault((tenderer, bidder), []).append((at, pk, code))
    members = Member.objects.filter(
        committee__round__in=rounds, kind=MemberKind.EXPERT, declined_at=None
    ).select_related("expert", "committee")
    for m in members:
        if m.expert is not None:
            facts.experts.setdefault(m.committee.round_id, {})[m.expert.pk] = m.expert
    since = first - timedelta(days=get_param(params.EXPERT_WINDOW_DAYS))
    draws = Draw.objects.filter(drawn_at__gt=since).order_by("drawn_at", "id")
    facts.draws = [(at, picked or []) for at, picked in draws.values_list("drawn_at", "picked")]
    return facts


def single_bid(award: Award, facts: Facts) -> dict[str, Any] | None:
    valid, received = facts.bids.get(award.round_id, (0, 0))
    if valid != 1:
        return None
    return {
        "说明": f"本轮仅 {award.bid.bidder.name} 一家有效投标即中标",
        "round": award.round.number,
        "valid_bids": 1,
        "bids_received": received,
        "winner": award.bid.bidder.name,
    }


def short_tender_period(award: Award, facts: Facts) -> dict[str, Any] | None:
    round_ = award.round
    if round_.documents_from is None or round_.bid_deadline is None:
        return None
    kind, deadline = award.round.project.kind, local_day(round_.bid_deadline)
    calendar = facts.calendar
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


def repeat_winner(award: Award, facts: Facts) -> dict[str, Any] | None:
    threshold, window = get_param(params.REPEAT_WINS), get_param(params.REPEAT_WINDOW_DAYS)
    project = award.round.project
    since = award.decided_at - timedelta(days=window)
    wins = [
        code
        for at, _pk, code in facts.wins.get((project.tenderer_id, award.bid.bidder_id), [])
        if since < at <= award.decided_at
    ]
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
        "projects": wins,
    }


def award_off_estimate(award: Award, facts: Facts) -> dict[str, Any] | None:
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


def expert_overused(award: Award, facts: Facts) -> dict[str, Any] | None:
    threshold, window = get_param(params.EXPERT_DRAWS), get_param(params.EXPERT_WINDOW_DAYS)
    experts = facts.experts.get(award.round_id, {})
    if not experts:
        return None
    counts = dict.fromkeys(experts, 0)
    since = award.decided_at - timedelta(days=window)
    # Every draw after the window's start, later ones included (as the rule always counted).
    for _at, picked in facts.draws[bisect_right(facts.draws, since, key=lambda d: d[0]) :]:
        for expert_id in set(picked):
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


AWARD_FLAGS: dict[str, Callable[[Award, Facts], dict[str, Any] | None]] = {
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
    facts = facts_for([award])
    raised = []
    for kind, finding in AWARD_FLAGS.items():
        evidence = finding(award, facts)
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
            "complaint",
            c.decide_due,
        )
    unsigned = Award.objects.filter(contract__isnull=True, contract_due__lt=today)
    for a in unsigned.select_related("round__project").order_by("id"):
        yield Overdue(subject(a.round.project), "contract", a.contract_due)


# --- the sweep -----------------------------------------------------------------------


def findings(today: date) -> dict[str, list[tuple[Subject, dict[str, Any]]]]:
    """The red flags of the recent awards not yet recorded on their project
    (a flag is once per project and kind: one already raised, and not taken
    into a case, is not looked for again)."""
    found: dict[str, list[tuple[Subject, dict[str, Any]]]] = {
        k: [] for k in (*AWARD_FLAGS, LATE_CONTRACT)
    }
    since = today - timedelta(days=LOOKBACK_DAYS)
    awards = list(_awards().filter(decided_at__date__gte=since))
    recorded = set(
        Anomaly.objects.filter(
            case__isnull=True,
            subject_kind=KIND,
            kind__in=found,
            subject_ref__in={a.round.project_id for a in awards},
        ).values_list("kind", "subject_ref")
    )
    facts = facts_for(awards)
    for award in awards:
        about = subject(award.round.project)
        for kind, finding in AWARD_FLAGS.items():
            if (kind, about.ref) not in recorded and (evidence := finding(award, facts)):
                found[kind].append((about, evidence))
        contract = getattr(award, "contract", None)
        if (LATE_CONTRACT, about.ref) not in recorded and (
            evidence := late_contract(award, contract, today)
        ):
            found[LATE_CONTRACT].append((about, evidence))
    return found


def sweep(today: date) -> dict[str, int]:
    """The day's cards and red flags (idempotent: a second run adds nothing)."""
    with transaction.atomic(durable=True):
        cards = sweep_subject_cards(kind=KIND, overdue=overdue_steps(today), today=today)
    result = {"yellow": cards.yellow, "red": cards.red, "closed": cards.closed}
    for kind, rows in findings(today).items():
        result[kind] = 0
        if rows:
            with transaction.atomic(durable=True):
                raised = raise_subject_anomalies(kind=kind, findings=rows, found_on=today)
            result[kind] = len(raised)
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
