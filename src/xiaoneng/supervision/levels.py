"""Alert levels at query time (domain rules §3), from the cases' stored
deadlines, as SQL expressions on indexed columns.

The light of a running deadline is two date comparisons: OVERDUE when
`due_on < today`, WARNING when `due_on <= warn_until(N)` with `warn_until(N)
= add_workdays(today, N + 1) - 1 day` (remaining working days ≤ N), else
NORMAL (`core.clock.AlertBounds`). N is the case's own `warning_days` (the
item's threshold, snapshotted at receipt), so the boundary is computed in
Python once per distinct N — a handful of values — and the query gets one
`WHEN warning_days = N AND due_on <= 'date'` per N. Exact, and an index on
`(is_open, due_on)` serves the filters.

A paused case (special procedure) keeps the light it had when the clock
stopped; its stored `due_on` moves with the day it was computed on, so the
clock stores that frozen light on the row (`Case.paused_level`). The paused
cases in the query's scope — few — are read once and enter the query as id
lists, so the CASE expression reads only the columns the partial indexes on
open cases carry (the level counts stay index-only scans).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case as SqlCase,
)
from django.db.models import (
    CharField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, CaseOpinion, CaseStatus
from xiaoneng.core import timesource
from xiaoneng.core.clock import AlertBounds, AlertLevel
from xiaoneng.core.workdays import WorkCalendar

from .models import Step

# Statuses with a deadline running against the department, and which step it is.
STEP_OF_STATUS: dict[str, Step] = {
    CaseStatus.RECEIVED: Step.NOTICE,
    CaseStatus.SUPPLEMENTED: Step.ACCEPTANCE,
    CaseStatus.ACCEPTED: Step.DECISION,
    CaseStatus.SUSPENDED: Step.DECISION,
    CaseStatus.DECIDED: Step.DELIVERY,
}
RUNNING = tuple(STEP_OF_STATUS)
TICKING = tuple(s for s in RUNNING if s != CaseStatus.SUSPENDED)

LEVEL_LABELS: dict[str, str] = {
    AlertLevel.NONE: "不计时",
    AlertLevel.NORMAL: "正常",
    AlertLevel.WARNING: "预警",
    AlertLevel.OVERDUE: "超期",
}
LEVEL_RANK: dict[str, int] = {
    AlertLevel.NONE: 0,
    AlertLevel.NORMAL: 1,
    AlertLevel.WARNING: 2,
    AlertLevel.OVERDUE: 3,
}


def warn_until(today: date, calendar: WorkCalendar, warning_days: int) -> date:
    return AlertBounds.on(today, calendar, warning_days).warn_until


def open_thresholds(cases: QuerySet[Case] | None = None) -> list[int]:
    """The distinct `warning_days` of the open cases (of `cases`, open ones,
    if given), ascending: a loose index scan on `case_open_warning`, one seek
    per distinct value (a handful), where `SELECT DISTINCT` read every open
    case (1,000,000 at a province's scale: bench/RESULTS.md "Province scale")."""
    qs = (Case.objects.all() if cases is None else cases).filter(is_open=True)
    seek = qs.order_by("warning_days").values_list("warning_days", flat=True)
    found: list[int] = []
    n = seek.first()
    while n is not None:
        found.append(n)
        n = seek.filter(warning_days__gt=n).first()
    return found


@dataclass(frozen=True)
class AlertContext:
    """What the SQL expressions need, computed once per query."""

    today: date
    warn_until: dict[int, date]  # warning_days → last due date that is WARNING
    paused_overdue: frozenset[int]
    paused_warning: frozenset[int]

    @classmethod
    def build(
        cls,
        scope: QuerySet[Case] | None = None,
        *,
        today: date | None = None,
        calendar: WorkCalendar | None = None,
    ) -> AlertContext:
        """`scope`: the cases the query will look at (its paused ones are
        evaluated here); None means all cases."""
        today = today or timesource.today()
        calendar = calendar or current_calendar()
        bounds = {n: warn_until(today, calendar, n) for n in open_thresholds()}
        base = Case.objects.all() if scope is None else scope
        paused = (
            base.filter(status=CaseStatus.SUSPENDED)
            .filter(paused_level__in=(AlertLevel.OVERDUE, AlertLevel.WARNING))
            .order_by()
            .values_list("pk", "paused_level")
        )
        overdue: set[int] = set()
        warning: set[int] = set()
        for pk, level in paused:
            (overdue if level == AlertLevel.OVERDUE else warning).add(pk)
        return cls(today, bounds, frozenset(overdue), frozenset(warning))

    # --- conditions (Q over Case columns) -------------------------------------------

    def overdue_q(self, prefix: str = "") -> Q:
        p = prefix
        q = Q(**{f"{p}status__in": TICKING, f"{p}due_on__lt": self.today})
        if self.paused_overdue:
            q |= Q(**{f"{p}status": CaseStatus.SUSPENDED, f"{p}pk__in": self.paused_overdue})
        return q

    def warning_q(self, prefix: str = "") -> Q:
        p = prefix
        q = Q(pk__in=[])
        for n, until in self.warn_until.items():
            q |= Q(
                **{
                    f"{p}status__in": TICKING,
                    f"{p}warning_days": n,
                    f"{p}due_on__gte": self.today,
                    f"{p}due_on__lte": until,
                }
            )
        if self.paused_warning:
            q |= Q(**{f"{p}status": CaseStatus.SUSPENDED, f"{p}pk__in": self.paused_warning})
        return q

    def card_still_overdue_q(self) -> Q:
        """Over SupervisionCard: its case is open and still overdue at the
        card's step — a join, not a correlated subquery."""
        same_step = Q(pk__in=[])
        for status, step in STEP_OF_STATUS.items():
            same_step |= Q(step=step, case__status=status)
        return Q(case__is_open=True) & same_step & self.overdue_q("case__")

    def level_q(self, level: str) -> Q:
        """Cases at `level`, as an index-friendly condition."""
        if level == AlertLevel.OVERDUE:
            return self.overdue_q()
        if level == AlertLevel.WARNING:
            return self.warning_q()
        if level == AlertLevel.NONE:
            return ~Q(status__in=RUNNING) | Q(due_on__isnull=True)
        if level == AlertLevel.NORMAL:
            return (
                Q(status__in=RUNNING, due_on__isnull=False) & ~self.overdue_q() & ~self.warning_q()
            )
        return Q(pk__in=[])

    # --- expressions ----------------------------------------------------------------

    def level_expr(self) -> SqlCase:
        whens = [
            When(~Q(status__in=RUNNING) | Q(due_on__isnull=True), then=Value(AlertLevel.NONE.value))
        ]
        if self.paused_overdue:
            whens.append(
                When(
                    status=CaseStatus.SUSPENDED,
                    pk__in=self.paused_overdue,
                    then=Value(AlertLevel.OVERDUE.value),
                )
            )
        if self.paused_warning:
            whens.append(
                When(
                    status=CaseStatus.SUSPENDED,
                    pk__in=self.paused_warning,
                    then=Value(AlertLevel.WARNING.value),
                )
            )
        whens.append(When(status=CaseStatus.SUSPENDED, then=Value(AlertLevel.NORMAL.value)))
        whens.append(When(due_on__lt=self.today, then=Value(AlertLevel.OVERDUE.value)))
        whens += [
            When(warning_days=n, due_on__lte=until, then=Value(AlertLevel.WARNING.value))
            for n, until in self.warn_until.items()
        ]
        return SqlCase(*whens, default=Value(AlertLevel.NORMAL.value), output_field=CharField())

    def opinion_level_expr(self) -> SqlCase:
        """A co-department's opinion step: its own deadline, the case's threshold."""
        whens = [
            When(
                Q(given_on__isnull=False) | Q(case__is_open=False),
                then=Value(AlertLevel.NONE.value),
            ),
            When(due_on__lt=self.today, then=Value(AlertLevel.OVERDUE.value)),
            *(
                When(case__warning_days=n, due_on__lte=until, then=Value(AlertLevel.WARNING.value))
                for n, until in self.warn_until.items()
            ),
        ]
        return SqlCase(*whens, default=Value(AlertLevel.NORMAL.value), output_field=CharField())


def rank_expr(field: str = "alert_level") -> SqlCase:
    return SqlCase(
        *(When(**{field: level}, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


def step_expr() -> SqlCase:
    return SqlCase(
        *(When(status=status, then=Value(step.value)) for status, step in STEP_OF_STATUS.items()),
        default=Value(""),
        output_field=CharField(),
    )


def with_alert_level(qs: QuerySet[Case], context: AlertContext | None = None) -> QuerySet[Any]:
    """Annotate `alert_level` (none/normal/warning/overdue), `alert_rank`
    (0–3, to sort by severity) and `step` (the running deadline's step)."""
    context = context or AlertContext.build(qs)
    return qs.annotate(alert_level=context.level_expr(), step=step_expr()).annotate(
        alert_rank=rank_expr()
    )


def opinions_with_alert_level(
    qs: QuerySet[CaseOpinion], context: AlertContext | None = None
) -> QuerySet[Any]:
    context = context or AlertContext.build(Case.objects.filter(pk__in=qs.values("case_id")))
    return qs.annotate(alert_level=context.opinion_level_expr()).annotate(alert_rank=rank_expr())
