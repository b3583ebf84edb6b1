"""The penalty clock's adapter: a case's dates in, the pure rules of
`core.clock.procedures.penalty` applied on the city's working-day calendar,
the deadlines stored back on the case (so no reader re-derives them, and the
lights and cards filter on indexed dates).

`stamp(case)` is called by every action that changes a case, after the
change and before the save; it sets and returns the names of the clock's
columns, to add to the save's `update_fields`:

- `register_due`: the clue's registration limit (param
  `enforcement.register_workdays` working days, plus the one extension);
- `decision_due`: 90 calendar days from registration plus the approved
  extensions (art. 60);
- `defence_until`: 5 working days from the notice (art. 44, 64, 85);
- `service_due`: 7 working days from the decision (art. 61);
- `payment_due`: 15 days from service, a last day off work moving to the
  next working day (art. 66) — when there is a fine;
- `publish_due`: param `enforcement.publish_workdays` working days from a
  penalty decision (国办发〔2018〕118号);
- `due_on` / `due_step`: the deadline running now. Before registration
  "register"; registered, before the decision "decision"; decided, the
  earlier of "service" and "publish" (publication runs alongside); served,
  the earlier of the party's "payment" (until paid) and "publish" (until
  published); nothing once closed or not registered.

A decision on the spot (simple procedure, art. 51–52) has no registration
or notice period and is handed over at once (`service_due` is its day), so
only `payment_due` and `publish_due` run after it. The dates agree with
`penalty.compute` folding the case's events (tests/enforcement/test_cases_clock.py)."""

from __future__ import annotations

from datetime import date

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.procedures import penalty
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.enforcement.gates import REGISTERED_OPEN
from xiaoneng.system.params import get_param

from .models import Outcome, PenaltyCase, Procedure, Status
from .params import PUBLISH_WORKDAYS, REGISTER_WORKDAYS

FIELDS = [
    "register_due",
    "decision_due",
    "defence_until",
    "service_due",
    "payment_due",
    "publish_due",
    "due_on",
    "due_step",
]
# Registered and not yet decided: written once, in gates.
BEFORE_DECISION = REGISTERED_OPEN
AFTER_SERVICE = (Status.SERVED, Status.ENFORCING)
TIE_ORDER = {"service": 0, "publish": 1, "payment": 2}  # the body's steps first


def rules() -> penalty.PenaltyRules:
    """The law's periods with the city's parameters."""
    return penalty.PenaltyRules(
        register_workdays=get_param(REGISTER_WORKDAYS),
        publish_workdays=get_param(PUBLISH_WORKDAYS),
    )


def stamp(case: PenaltyCase, calendar: WorkCalendar | None = None) -> list[str]:
    """Set the case's deadlines from its dates; the names of the columns set."""
    cal = calendar or current_calendar()
    r = rules()
    simple = case.procedure == Procedure.SIMPLE
    case.register_due = (
        None
        if simple
        else penalty.register_due(case.found_on, cal, r, extension=case.register_extended_days)
    )
    case.decision_due = (
        penalty.decision_due(case.registered_on, r, case.decision_extended_days)
        if case.registered_on
        else None
    )
    case.defence_until = (
        penalty.defence_until(case.notified_on, cal, r) if case.notified_on else None
    )
    case.service_due = (
        None
        if case.decided_on is None
        else case.decided_on
        if simple
        else penalty.service_due(case.decided_on, cal, r)
    )
    case.payment_due = (
        penalty.payment_due(case.served_on, cal, r) if case.served_on and case.fine else None
    )
    case.publish_due = (
        penalty.publish_due(case.decided_on, cal, r)
        if case.decided_on and case.outcome == Outcome.PENALTY
        else None
    )
    case.due_step, case.due_on = running(case)
    return list(FIELDS)


def running(case: PenaltyCase) -> tuple[str, date | None]:
    """(step, due day) of the deadline running now on the case."""
    if case.status == Status.CLUE:
        return "register", case.register_due
    if case.status in BEFORE_DECISION:
        return "decision", case.decision_due
    open_steps: list[tuple[date, str]] = []
    if case.publish_due and not case.published_on:
        open_steps.append((case.publish_due, "publish"))
    if case.status == Status.DECIDED and case.service_due:
        open_steps.append((case.service_due, "service"))
    if case.status in AFTER_SERVICE and case.payment_due and not case.paid_on:
        open_steps.append((case.payment_due, "payment"))
    if case.status not in (Status.DECIDED, *AFTER_SERVICE) or not open_steps:
        return "", None
    due, step = min(open_steps, key=lambda d_s: (d_s[0], TIE_ORDER[d_s[1]]))
    return step, due
