"""The figures of domain rules §3, computed set-based: one aggregate query
per figure family, grouped by the unit (department, window or staff member).
The two calendar-dependent figures (working days used, warnings) are grouped
by their distinct dates in SQL and only those few groups meet the calendar
in Python — never a query per case.

Units:

- department: the case's 承办部门 (`Case.department`);
- window: the service-centre window (a Department of kind `window`) whose
  staff accepted the case (the actor of the `accepted` event);
- staff: the person who accepted the case (accepted, overdue, warnings) or
  who decided it (completed, on time, early, days used).

Definitions (docs/decisions.md, "Scores"):

- accepted: `accepted_on` in the period (deemed acceptances included at the
  department level; they have no actor, so no window or staff member);
- completed (办结): `decided_on` in the period — a decision, approving or
  denying, ends the time counted against the department (ALL art. 42);
- on time: completed and `decided_on <= decision_due_on` (`Case.on_time`);
- early (提前办结): completed and `decided_on < decision_due_on`. The due date
  is a working day, so this is exactly "decided with at least one working day
  of the deadline to spare"; an instant item (due = accepted = decided) is
  never early;
- days used: `workdays_between(accepted_on, decided_on) − suspended_days`
  per completed case, against its `committed_days`;
- overdue: cases whose decision deadline fell in the period (and before
  today) and that were decided after it or are still undecided and ticking;
- warnings (预警): cases whose decision step entered the yellow light in the
  period — the first day with remaining working days ≤ the case's threshold,
  i.e. `max(add_workdays(due, −N), accepted_on)` — while still undecided on
  that day; instant items and cases decided on their acceptance day are never
  lit; a case paused now counts only if it was lit when its clock stopped;
  withdrawn and refused cases are not counted;
- cards: supervision cards issued in the period to the department, on cases
  and on the subjects of targets and directives (`SubjectCard`: a missed
  milestone, report or deadline, an unanswered request), whether closed since
  or not (department level only: cards are addressed to departments);
- satisfaction, complaints: from `sources` (None until a source exists).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Model, Q, QuerySet, Sum

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, CaseEvent, CaseStatus
from xiaoneng.core import timesource
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.supervision.models import CardColour, SubjectCard, SupervisionCard

from .figures import Figures
from .periods import Period
from .sourced import add_units_with_sources, apply_sources

LEVELS = ("department", "window", "staff")
LEVEL_LABELS = {"department": "部门", "window": "窗口", "staff": "工作人员"}
ACCEPTED, DECIDED = "accepted", "decided"
NOT_COUNTED = (CaseStatus.WITHDRAWN, CaseStatus.REFUSED)


@dataclass(frozen=True)
class Basis:
    """Where a level's rows come from: querysets whose rows are counted, the
    path from a row to its case, and the expression naming the unit."""

    level: str
    accepted_rows: QuerySet[Any]  # accepted, overdue, warnings
    completed_rows: QuerySet[Any]  # completed, on time, early, days used
    prefix: str  # "" over Case, "case__" over CaseEvent
    key: str

    @classmethod
    def of(cls, level: str) -> Basis:
        if level == "department":
            cases = Case.objects.all()
            return cls(level, cases, cases, "", "department_id")
        if level == "window":
            at_window = CaseEvent.objects.filter(
                kind=ACCEPTED, actor__department__kind=DepartmentKind.WINDOW
            )
            return cls(level, at_window, at_window, "case__", "actor__department_id")
        if level == "staff":
            return cls(
                level,
                CaseEvent.objects.filter(kind=ACCEPTED, actor__isnull=False),
                CaseEvent.objects.filter(kind=DECIDED, actor__isnull=False),
                "case__",
                "actor_id",
            )
        raise ValueError(f"unknown level {level!r}")


# --- conditions over Case fields (prefix "case__" from CaseEvent) -------------------


def accepted_q(period: Period, p: str = "") -> Q:
    return Q(**{f"{p}accepted_on__gte": period.start, f"{p}accepted_on__lte": period.end})


def completed_q(period: Period, p: str = "") -> Q:
    return Q(**{f"{p}decided_on__gte": period.start, f"{p}decided_on__lte": period.end})


def on_time_q(period: Period, p: str = "") -> Q:
    return completed_q(period, p) & Q(**{f"{p}on_time": True})


def early_q(period: Period, p: str = "") -> Q:
    return completed_q(period, p) & Q(**{f"{p}decided_on__lt": F(f"{p}decision_due_on")})


def overdue_q(period: Period, p: str = "", *, today: date | None = None) -> Q:
    today = today or timesource.today()
    last = min(period.end, today - timedelta(days=1))
    late = Q(**{f"{p}decided_on__gt": F(f"{p}decision_due_on")}) | Q(
        **{f"{p}decided_on__isnull": True, f"{p}status": CaseStatus.ACCEPTED}
    )
    return Q(**{f"{p}decision_due_on__gte": period.start, f"{p}decision_due_on__lte": last}) & late


def _restrict(rows: QuerySet[Any], p: str, departments: QuerySet[Department] | None) -> Any:
    if departments is None:
        return rows
    return rows.filter(**{f"{p}department__in": departments})


# --- the computation ------------------------------------------------------------------


def compute(
    period: Period,
    level: str = "department",
    *,
    departments: QuerySet[Department] | None = None,
    units: Iterable[int] | None = None,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> dict[int, Figures]:
    """{unit id: Figures} for every unit with something in the period.
    `departments` restricts to cases of those departments (the actor's scope),
    `units` to those unit ids."""
    today = today or timesource.today()
    calendar = calendar or current_calendar()
    basis = Basis.of(level)
    p, key = basis.prefix, basis.key
    acc = _restrict(basis.accepted_rows, p, departments)
    com = _restrict(basis.completed_rows, p, departments)
    if units is not None:
        unit_ids = list(units)
        acc = acc.filter(**{f"{key}__in": unit_ids})
        com = com.filter(**{f"{key}__in": unit_ids})
    out: dict[int, Figures] = defaultdict(Figures)
    _counts(out, acc, com, basis, period, today=today)
    _used_days(out, com, basis, period, calendar)
    for unit, ids in warned_cases(acc, basis, period, today=today, calendar=calendar).items():
        out[unit].warnings = len(ids)
    if level == "department":
        for model in (SupervisionCard, SubjectCard):
            cards = model._default_manager.filter(
                issued_on__gte=period.start, issued_on__lte=period.end
            )
            if departments is not None:
                cards = cards.filter(department__in=departments)
            if units is not None:
                cards = cards.filter(department_id__in=unit_ids)
            _cards(out, cards)
    else:
        for f in out.values():
            f.yellow_cards = f.red_cards = None
    apply_sources(out, period, level)
    if level == "department":
        add_units_with_sources(out, period, departments, units)
    return dict(out)


def _counts(
    out: dict[int, Figures],
    acc: QuerySet[Any],
    com: QuerySet[Any],
    basis: Basis,
    period: Period,
    *,
    today: date,
) -> None:
    p, key = basis.prefix, basis.key
    for row in acc.filter(accepted_q(period, p)).order_by().values(key).annotate(n=Count("pk")):
        if row[key] is not None:
            out[row[key]].accepted = row["n"]
    done = (
        com.filter(completed_q(period, p))
        .order_by()
        .values(key)
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(**{f"{p}on_time": True})),
            early=Count("pk", filter=Q(**{f"{p}decided_on__lt": F(f"{p}decision_due_on")})),
            committed=Sum(f"{p}committed_days"),
        )
    )
    for row in done:
        if row[key] is not None:
            f = out[row[key]]
            f.completed, f.on_time, f.early = row["n"], row["on_time"], row["early"]
            f.committed_days = row["committed"] or 0
    overdue = (
        acc.filter(overdue_q(period, p, today=today)).order_by().values(key).annotate(n=Count("pk"))
    )
    for row in overdue:
        if row[key] is not None:
            out[row[key]].overdue = row["n"]


def _used_days(
    out: dict[int, Figures],
    com: QuerySet[Any],
    basis: Basis,
    period: Period,
    calendar: WorkCalendar,
) -> None:
    """Working days used: grouped by (unit, accepted_on, decided_on) in SQL,
    one calendar subtraction per group."""
    p, key = basis.prefix, basis.key
    used = (
        com.filter(completed_q(period, p))
        .order_by()
        .values(key, f"{p}accepted_on", f"{p}decided_on")
        .annotate(n=Count("pk"), suspended=Sum(f"{p}suspended_days"))
    )
    for row in used:
        if row[key] is None or row[f"{p}accepted_on"] is None:
            continue
        span = calendar.workdays_between(row[f"{p}accepted_on"], row[f"{p}decided_on"])
        out[row[key]].used_days += max(0, row["n"] * span - (row["suspended"] or 0))


def _cards(out: dict[int, Figures], cards: QuerySet[Any]) -> None:
    """Adds the cards' counts by colour to their departments' figures."""
    for row in (
        cards.order_by()
        .values("department_id")
        .annotate(
            yellow=Count("pk", filter=Q(colour=CardColour.YELLOW)),
            red=Count("pk", filter=Q(colour=CardColour.RED)),
        )
    ):
        f = out[row["department_id"]]
        f.yellow_cards = (f.yellow_cards or 0) + row["yellow"]
        f.red_cards = (f.red_cards or 0) + row["red"]


def warned_cases(
    rows: QuerySet[Any],
    basis: Basis,
    period: Period,
    *,
    today: date,
    calendar: WorkCalendar,
    with_ids: bool = False,
) -> dict[int, list[int]]:
    """{unit: [case ids or Nones]}: cases that entered the yellow light at the
    decision step during the period (up to today). Grouped by distinct dates in
    SQL; ids are fetched only for drill-down (`with_ids`).

    A case paused now (special procedure) keeps the light it had when its
    clock stopped (`supervision.levels`): it counts only if it was lit by the
    day the suspension began (`suspended_since`), against the due date as it
    stood then (`paused_due_on`, both stored by the clock; the stored
    `decision_due_on` of a paused case runs on as if it resumed on the day it
    was written). Paused cases are few: one row each."""
    p, key = basis.prefix, basis.key
    last = min(period.end, today)
    if last < period.start:
        return {}
    lit = (
        rows.filter(**{f"{p}is_instant": False, f"{p}decision_due_on__isnull": False})
        .exclude(**{f"{p}status__in": NOT_COUNTED})
        .filter(Q(**{f"{p}decided_on__isnull": True}) | Q(**{f"{p}decided_on__gte": period.start}))
    )
    thresholds = sorted(set(lit.order_by().values_list(f"{p}warning_days", flat=True).distinct()))
    if not thresholds:
        return {}
    pk = f"{p}pk" if p else "pk"
    paused = lit.filter(**{f"{p}status": CaseStatus.SUSPENDED, f"{p}accepted_on__lte": last})
    # A warning day lies between add_workdays(due, -N) and due: the due dates
    # that can light up in the period.
    hi = calendar.add_workdays(last, max(thresholds) + 1)
    lit = lit.exclude(**{f"{p}status": CaseStatus.SUSPENDED}).filter(
        **{f"{p}decision_due_on__gte": period.start, f"{p}decision_due_on__lte": hi}
    )
    columns = [key, f"{p}warning_days", f"{p}decision_due_on", f"{p}decided_on", f"{p}accepted_on"]
    if with_ids:
        columns.append(pk)
        grouped: Iterable[dict[str, Any]] = lit.order_by().values(*columns)
    else:
        grouped = lit.order_by().values(*columns).annotate(n=Count("pk"))
    out: dict[int, list[int]] = defaultdict(list)
    starts: dict[tuple[date, int], date] = {}

    def lit_on(due: date, n: int, accepted: date | None) -> date:
        if (due, n) not in starts:
            starts[(due, n)] = calendar.add_workdays(due, -n) if n > 0 else due
        day = starts[(due, n)]
        return accepted if accepted is not None and accepted > day else day

    for row in grouped:
        unit = row[key]
        if unit is None:
            continue
        accepted, decided = row[f"{p}accepted_on"], row[f"{p}decided_on"]
        day = lit_on(row[f"{p}decision_due_on"], row[f"{p}warning_days"], accepted)
        if not period.start <= day <= last:
            continue
        if decided is not None and (decided < day or decided == accepted):
            continue
        if with_ids:
            out[unit].append(row[pk])
        else:
            out[unit].extend([0] * row["n"])
    for unit, case_id in _paused_warned(
        paused, basis, period, last, calendar, lit_on, with_ids=with_ids
    ):
        out[unit].append(case_id)
    return dict(out)


def _paused_warned(
    paused: QuerySet[Any],
    basis: Basis,
    period: Period,
    last: date,
    calendar: WorkCalendar,
    lit_on: Callable[[date, int, date | None], date],
    *,
    with_ids: bool,
) -> Iterator[tuple[int, int]]:
    """(unit, case id or 0) for the paused cases that were lit by the day their
    clock stopped (their latest suspension), against the due date as it stood
    then. One row per paused case: they are few."""
    p, key = basis.prefix, basis.key
    pk = f"{p}pk" if p else "pk"
    rows = paused.order_by().values(
        key, pk, f"{p}warning_days", f"{p}accepted_on", f"{p}suspended_since", f"{p}paused_due_on"
    )
    for row in rows:
        unit, since, due = row[key], row[f"{p}suspended_since"], row[f"{p}paused_due_on"]
        if unit is None or since is None or due is None:
            continue
        day = lit_on(due, row[f"{p}warning_days"], row[f"{p}accepted_on"])
        if period.start <= day <= last and day <= since:
            yield unit, (row[pk] if with_ids else 0)


# --- drill-down: the cases behind a figure --------------------------------------------

FIGURES = {
    "accepted": "受理",
    "completed": "办结",
    "on_time": "按时办结",
    "early": "提前办结",
    "overdue": "超期",
    "warnings": "预警",
    "yellow_cards": "黄牌",
    "red_cards": "红牌",
}


def cases_behind(
    period: Period,
    level: str,
    unit: int,
    figure: str,
    *,
    visible: QuerySet[Case],
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> QuerySet[Case]:
    """The cases counted in one figure of one unit, within `visible` (the
    actor's scoped cases). Same conditions as `compute`."""
    today = today or timesource.today()
    basis = Basis.of(level)
    completing = figure in ("completed", "on_time", "early")
    side = basis.completed_rows if completing else basis.accepted_rows
    if level == "department":
        mine: QuerySet[Any] = Case.objects.filter(department_id=unit)
        ids_of: Any = mine
    else:
        mine = side.filter(**{basis.key: unit})
        ids_of = None
    conditions = {
        "accepted": accepted_q,
        "completed": completed_q,
        "on_time": on_time_q,
        "early": early_q,
    }
    p = basis.prefix
    if figure in conditions:
        q = conditions[figure](period, p)
        matched = mine.filter(q)
    elif figure == "overdue":
        matched = mine.filter(overdue_q(period, p, today=today))
    elif figure == "warnings":
        warned = warned_cases(
            mine,
            basis,
            period,
            today=today,
            calendar=calendar or current_calendar(),
            with_ids=True,
        )
        return visible.filter(pk__in=warned.get(unit, []))
    elif figure in ("yellow_cards", "red_cards") and level == "department":
        colour = CardColour.YELLOW if figure == "yellow_cards" else CardColour.RED
        card_cases = SupervisionCard.objects.filter(
            department_id=unit,
            colour=colour,
            issued_on__gte=period.start,
            issued_on__lte=period.end,
        ).values("case_id")
        return visible.filter(pk__in=card_cases)
    else:
        return visible.none()
    if ids_of is not None:
        return visible.filter(pk__in=matched.values("pk"))
    return visible.filter(pk__in=matched.values("case_id"))


def unit_names(level: str, ids: Iterable[int]) -> dict[int, str]:
    ids = list(ids)
    model: type[Model]
    if level == "staff":
        from xiaoneng.org.models import User

        return {
            u.pk: (u.real_name or u.username)
            for u in User.objects.filter(pk__in=ids).only("id", "real_name", "username")
        }
    model = Department
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))
