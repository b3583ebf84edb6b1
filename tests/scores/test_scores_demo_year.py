"""The demo year's scores and rankings against a hand recount.

A year of demo history is played through the real actions
(`history.generator.generate`), which ends with the scores' rollup and the
bureau's publications. This test then counts every department-month again
in plain Python, one case at a time, from the definitions in docs/decisions.md
("Scores") and domain rules §3 — no query of `scores/metrics.py`, no call of
`scores/formula.py` — and checks the stored `MonthlyMetric` rows, their
scores, the month rankings (draft and published) and one department's
half-year and annual means against that recount. The year's efficiency work
counts too, recounted from the stored rows: substantiated complaints (属实、
部分属实, in the month of the result in force: the reply, or the
re-examination's), the cards on complaints and on target tasks, directive
tasks and requests (with the department's cards) and
the points of the accountability measures decided in the month.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from xiaoneng.accountability.models import AccountabilityCase
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, CaseEvent, CaseStatus
from xiaoneng.complaints.models import Complaint, ComplaintCard
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.history.generator import generate
from xiaoneng.office.supervise import FINDINGS as OFFICE_FINDINGS
from xiaoneng.org.models import Department, User
from xiaoneng.scores import selectors
from xiaoneng.scores.models import MonthlyMetric, RankingEntry
from xiaoneng.scores.periods import Period
from xiaoneng.scores.rules import current_weights
from xiaoneng.supervision.models import Anomaly, CardColour, SubjectCard, SupervisionCard
from xiaoneng.trading.supervise import KIND as TRADING_SUBJECT
from xiaoneng.trading.supervise import RED_FLAGS as TRADING_RED_FLAGS

pytestmark = pytest.mark.django_db

END = date(2026, 10, 30)  # a Friday: October is the running month, today = END
CASES, SEED = 250, 3
GONGSHANG = "620700005"  # 市工商局, the department whose means are checked


@dataclass
class Tally:
    """One department-month, counted by hand (the MonthlyMetric figure names)."""

    accepted: int = 0
    completed: int = 0
    on_time: int = 0
    early: int = 0
    used_days: int = 0
    committed_days: int = 0
    overdue: int = 0
    warnings: int = 0
    yellow_cards: int = 0
    red_cards: int = 0
    complaints: int = 0
    accountability: int = 0

    def active(self) -> bool:
        return any(asdict(self).values())


def month_of(d: date) -> date:
    return d.replace(day=1)


def working_days_after(cal: WorkCalendar, a: date, b: date) -> int:
    """Working days x with a < x <= b, looked up one day at a time."""
    return sum(cal.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def add_working_days(cal: WorkCalendar, d: date, n: int) -> date:
    """The n-th working day after d (d itself for n = 0), walked day by day."""
    while n > 0:
        d += timedelta(days=1)
        n -= cal.is_workday(d)
    return d


def yellow_light_day(
    cal: WorkCalendar, case: Case, due: date, paused_on: date | None
) -> date | None:
    """The day the decision step turned yellow: the first day, from
    acceptance, with remaining working days (working days after the day, up
    to the due day) <= the case's threshold N, walked day by day. None when
    it never did while the case was undecided: instant items, decided on the
    acceptance day, decided before the light — or paused (special procedure)
    before the light, since a paused case keeps the light it had when its
    clock stopped."""
    accepted, decided = case.accepted_on, case.decided_on
    assert accepted is not None
    if case.is_instant or decided == accepted:
        return None
    day = accepted
    while working_days_after(cal, day, due) > case.warning_days:
        day += timedelta(days=1)
    if decided is not None and decided < day:
        return None  # decided before the light came on
    if paused_on is not None and paused_on < day:
        return None  # the clock stopped while the light was still normal
    return day


def count_decision(t: dict[tuple[int, date], Tally], cal: WorkCalendar, case: Case) -> None:
    """办结 and what goes with it, in the month of the decision (approved or denied)."""
    decided, accepted, due = case.decided_on, case.accepted_on, case.decision_due_on
    assert decided is not None
    assert accepted is not None
    assert due is not None
    row = t[(case.department_id, month_of(decided))]
    row.completed += 1
    if decided <= due:
        row.on_time += 1
    # 提前办结: at least one working day of the deadline left unused.
    # An instant item is due on the day it is decided: never early.
    if not case.is_instant and working_days_after(cal, decided, due) >= 1:
        row.early += 1
    row.used_days += working_days_after(cal, accepted, decided) - case.suspended_days
    row.committed_days += case.committed_days


def count_light(
    t: dict[tuple[int, date], Tally],
    cal: WorkCalendar,
    case: Case,
    today: date,
    paused_on: date | None,
) -> None:
    """超期 (in the month of the deadline) and 预警 (in the month of the light)."""
    due, accepted = case.decision_due_on, case.accepted_on
    assert due is not None
    assert accepted is not None
    if due < today:
        # The deadline passed: decided after it, or undecided and ticking.
        late = case.decided_on > due if case.decided_on else case.status == CaseStatus.ACCEPTED
        if late:
            t[(case.department_id, month_of(due))].overdue += 1
    # Domain rules §1: due = A + committed + extension + suspended working days.
    # The days of a suspension still open are not in `suspended_days`: for a
    # paused case this is the due date as it stood when its clock stopped.
    budget = case.committed_days + case.extension_days + case.suspended_days
    due_by_rule = add_working_days(cal, accepted, budget)
    if paused_on is None:
        assert due == due_by_rule, case.pk
    lit = yellow_light_day(cal, case, due_by_rule, paused_on)
    if lit is not None and lit <= today:
        t[(case.department_id, month_of(lit))].warnings += 1


def recount(cal: WorkCalendar, today: date) -> dict[tuple[int, date], Tally]:
    """{(department id, month): Tally} for every department-month, case by case."""
    t: dict[tuple[int, date], Tally] = defaultdict(Tally)
    paused_since: dict[int, date] = {}
    for e in CaseEvent.objects.filter(kind="suspended").order_by("seq"):
        paused_since[e.case_id] = e.on  # the latest suspension of each case
    for case in Case.objects.order_by("pk"):
        if case.accepted_on is not None:
            # 受理: accepted in the month (deemed acceptances included).
            t[(case.department_id, month_of(case.accepted_on))].accepted += 1
        if case.decided_on is not None:
            count_decision(t, cal, case)
        # Withdrawn and refused cases are neither overdue nor warned.
        if case.decision_due_on is not None and case.status not in (
            CaseStatus.WITHDRAWN,
            CaseStatus.REFUSED,
        ):
            paused = case.status == CaseStatus.SUSPENDED
            count_light(t, cal, case, today, paused_since[case.pk] if paused else None)
    for card in SupervisionCard.objects.order_by("pk"):
        row = t[(card.department_id, month_of(card.issued_on))]
        if card.colour == CardColour.YELLOW:
            row.yellow_cards += 1
        else:
            assert card.colour == CardColour.RED
            row.red_cards += 1
    recount_efficiency(t)
    return {key: row for key, row in t.items() if row.active()}


SUBSTANTIATED = ("substantiated", "partly")


def recount_efficiency(t: dict[tuple[int, date], Tally]) -> None:
    """Complaints, complaint cards and measures, one stored row at a time."""
    for c in Complaint.objects.order_by("pk"):
        if c.reexamination_outcome:  # the re-examination's result replaces the first
            if c.reexamination_outcome in SUBSTANTIATED:
                assert c.reexamined_on is not None
                t[(c.department_id, month_of(c.reexamined_on))].complaints += 1
        elif c.outcome in SUBSTANTIATED:
            assert c.replied_on is not None
            t[(c.department_id, month_of(c.replied_on))].complaints += 1
    # Cards on complaints, and on target tasks, directive tasks and requests.
    cards = [*ComplaintCard.objects.order_by("pk"), *SubjectCard.objects.order_by("pk")]
    for card in cards:
        row = t[(card.department_id, month_of(card.issued_on))]
        if card.colour == CardColour.YELLOW:
            row.yellow_cards += 1
        else:
            row.red_cards += 1
    # Findings the owning apps weigh as yellow cards (scores.sourced): trading's red
    # flags on the tenderer's projects, daily government work's findings on the unit.
    flags = Anomaly.objects.filter(subject_kind=TRADING_SUBJECT, kind__in=TRADING_RED_FLAGS)
    findings = Anomaly.objects.filter(kind__in=OFFICE_FINDINGS)
    for anomaly in [*flags.order_by("pk"), *findings.order_by("pk")]:
        t[(anomaly.department_id, month_of(anomaly.detected_on))].yellow_cards += 1
    for case in AccountabilityCase.objects.select_related("measure").order_by("pk"):
        if case.decided_on is None or case.appeal_outcome == "revoked":
            continue
        assert case.measure is not None
        # The points configured for the measure (unchanged since the decision).
        assert case.deduction == case.measure.score_deduction
        t[
            (case.department_id, month_of(case.decided_on))
        ].accountability += case.measure.score_deduction


def score_by_hand(f: Tally) -> Decimal:
    """Domain rules §3 with the default weights, written out."""
    score = 100
    score -= 5 * f.yellow_cards
    score -= 10 * f.red_cards
    score -= 3 * (f.warnings // 3)  # −3 for every full three warnings
    score -= 2 * f.complaints  # score.complaint, per substantiated complaint
    score -= f.accountability  # the measures' points
    if f.completed:
        early_pct = Fraction(100 * f.early, f.completed)
        score += int(early_pct // 10)  # +1 for every full 10 % completed early
    score = max(score, 0)  # floor
    return Decimal(score)


def ranks_by_hand(scores: dict[int, Decimal]) -> dict[int, int]:
    """Competition ranks: 1 + how many scored strictly more (ties share)."""
    return {d: 1 + sum(other > s for other in scores.values()) for d, s in scores.items()}


def mean_by_hand(scores: list[Decimal]) -> Decimal:
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.fixture
def demo(demo_city: None) -> None:
    load_demo_catalog(User.objects.get(username="admin"))


def test_demo_year_scores_and_rankings_equal_a_hand_recount(demo: None) -> None:
    summary = generate(cases=CASES, months=12, seed=SEED, end=END)
    assert not summary.failures
    # The hand formula uses the default weights; the demo runs with them.
    assert current_weights().__dict__ == {
        "base": 100,
        "yellow_card": 5,
        "red_card": 10,
        "warnings_per_step": 3,
        "warning_step": 3,
        "early_step_pct": 10,
        "early_bonus": 1,
        "overdue_case": 0,
        "complaint": 2,
        "floor": 0,
    }
    cal = current_calendar()

    # The stored dates the recount reads are the dates of the cases' own events.
    on_by_kind = {
        (e["case_id"], e["kind"]): e["on"]
        for e in CaseEvent.objects.filter(kind__in=("accepted", "decided")).values(
            "case_id", "kind", "on"
        )
    }
    for case in Case.objects.all():
        if (case.pk, "accepted") in on_by_kind:
            assert case.accepted_on == on_by_kind[(case.pk, "accepted")]
        assert case.decided_on == on_by_kind.get((case.pk, "decided"))
        if case.decided_on is not None:
            assert case.on_time == (case.decided_on <= case.decision_due_on)  # type: ignore[operator]

    expected = recount(cal, END)
    stored = {(m.department_id, m.month): m for m in MonthlyMetric.objects.all()}

    # Every department-month with anything in it has a row, and no other has one.
    assert set(stored) == set(expected)
    months = sorted({month for _, month in expected})
    assert len(months) >= 12
    assert months[-1] == date(2026, 10, 1)
    assert len(expected) > 100  # a real year, not a handful of rows
    # The mix reaches every term of the score somewhere in the year.
    assert any(f.yellow_cards for f in expected.values())
    assert any(f.red_cards for f in expected.values())
    assert any(f.warnings >= 3 for f in expected.values())
    assert any(f.early and f.completed for f in expected.values())
    assert sum(f.complaints for f in expected.values()) >= 10
    assert sum(f.accountability for f in expected.values()) == 2 + 3 + 2 + 5 + 5
    assert ComplaintCard.objects.filter(colour=CardColour.RED).exists()
    # … and the edges: a case paused now, and tied scores in some month.
    assert Case.objects.filter(status=CaseStatus.SUSPENDED).exists()

    hand_scores = {key: score_by_hand(f) for key, f in expected.items()}
    assert any(
        len({s for (_, m), s in hand_scores.items() if m == month})
        < sum(m == month for _, m in hand_scores)
        for month in months
    )
    for key, f in expected.items():
        m = stored[key]
        got = {name: getattr(m, name) for name in asdict(f)}
        assert got == asdict(f), f"department {key[0]}, {key[1]:%Y-%m}"
        assert m.score == hand_scores[key], f"department {key[0]}, {key[1]:%Y-%m}"

    # Month rankings: the draft (from the rollup) and the published ones.
    published_months = set(
        RankingEntry.objects.values_list("publication__month", flat=True).distinct()
    )
    assert date(2026, 8, 1) in published_months
    for month in months:
        scores = {d: s for (d, m), s in hand_scores.items() if m == month}
        hand_ranks = ranks_by_hand(scores)
        draft = selectors.ranked_rows(month)
        assert [r.score for r in draft] == sorted(scores.values(), reverse=True)
        assert {r.department_id: r.rank for r in draft} == hand_ranks, f"{month:%Y-%m}"
        assert {r.department_id: r.score for r in draft} == scores
        if month in published_months:
            entries = RankingEntry.objects.filter(publication__month=month)
            assert {e.department_id: (e.rank, e.score) for e in entries} == {
                d: (hand_ranks[d], scores[d]) for d in scores
            }, f"published {month:%Y-%m}"

    # Half-year and annual scores of 市工商局: means of its monthly scores.
    gongshang = Department.objects.get(code=GONGSHANG)
    supervisor = User.objects.get(username="supervisor")
    own = {m: s for (d, m), s in hand_scores.items() if d == gongshang.pk}
    for period in (Period(2026, "half", 1), Period(2026, "half", 2), Period(2026, "year", 1)):
        monthly = [s for m, s in own.items() if period.start <= m <= period.end]
        assert len(monthly) >= 3, period
        (row,) = selectors.department_rows(supervisor, period, department=gongshang.pk)
        assert row.months == len(monthly)
        assert row.score == mean_by_hand(monthly), period
