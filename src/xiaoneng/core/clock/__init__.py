"""The approval-case clock (domain rules §1–§3): pure, no Django.

One clock engine
----------------
Every clock is a ``Procedure`` (its rules as data: event kinds → handlers,
closed phases, error class, how a run begins, a lapse of time) folded by the
one loop ``fold`` (``core.clock.fold``), with the checks every procedure
shares and one ``AlertLevel`` / ``light`` for all. The case clock is the
``CASE`` procedure (``core.clock.engine``), disclosure requests the
``DISCLOSURE`` procedure (``core.clock.procedures.disclosure``); the common
shape "timed stages, one extension" is declared from a table alone with
``core.clock.stages.Stages``.

Interface
---------
``compute(events, rules, calendar, today=None) -> ClockState``
    Called by the cases app on every event (store the deadlines it returns)
    and by supervision in bulk recomputes. ``events`` are ``ClockEvent(kind,
    on, days=0)`` in the order they happened (dates never go backwards; same
    day events keep their list order). One pass, O(1) calendar questions per
    event: never a walk over days.
``alert_level(state, warning_days=1) -> AlertLevel``
    The light of a computed state as of ``state.today``.
``AlertBounds.on(today, calendar, warning_days=1).level(due) -> AlertLevel``
    The same light for a *stored* running deadline, by two date comparisons
    (``due < today`` → OVERDUE, ``due <= warn_until`` → WARNING), so a query
    can filter on an indexed column. Paused cases are the exception: their
    ``due`` moves with ``today``; their light is
    ``AlertBounds.on(suspended_since, …).level(paused_due)`` (frozen).
``ClockRules(committed_days, legal_days=20, max_extension_days=10,
notice_window_days=5, delivery_days=10)``, ``ClockRules.joint(committed_days)``
    (legal 45, extension ≤ 15). Non-negative integers, committed ≤ legal.
``ClockError(code, message=None, detail=None)``
    A ``DomainError`` (HTTP 422); ``code`` is a key of ``ERROR_CODES``.

Rules encoded (working days; ``add`` = ``add_workdays``: the start day is not
counted; a deadline falls at the end of its day)
--------------------------------------------------------------------------
Intake (ALL art. 32). ``notice_due = add(R, 5)``. A supplement notice, an
acceptance or a refusal on or before ``notice_due`` is in time. If none came
by then — the first event dated after ``notice_due``, or ``today`` after it,
finds the case still in intake — the application is **deemed accepted as of
R** (``deemed_accepted``, a violation; ``accepted_on = R``). Reading: the
acceptance happens by operation of law and a later act cannot undo it, so an
intake act arriving after that is recorded, not refused, and does not stop
the clock: a late notice sets ``notice_late`` (the supplement that follows is
recorded only); a late ACCEPTED is the voucher (``accepted_on`` stays R); a
late REFUSED closes the case with the deemed acceptance still on record.

Supplement branch. After an in-time notice the clock waits for the applicant
(phase SUPPLEMENTING: no deadline on the department, no light). SUPPLEMENTED
on S makes acceptance due by ``acceptance_due = add(S, 5)``. Reading: art.
32's deeming sanctions only the missing notice; nothing in the ALL deems an
application accepted after supplementation, so there is no deemed acceptance
in this branch: a late acceptance sets ``acceptance_late`` (a violation) and
the decision clock starts at the actual acceptance. One notice only (a
second: ``supplement_notice_already_issued``); ACCEPTED before SUPPLEMENTED is
``awaiting_supplement``; REFUSED is allowed while waiting.

Decision (ALL art. 42). ``decision_due = add(A, committed + extension +
suspended_days)``; committed 0 (instant item) → A itself, even when A is a
day off (domain rules §1: ``add(d, 0) = d``; 民法典 art. 203 would carry a
period ending on a day off to the next working day — open question, only for
instant items accepted online on a day off). Extension: once
(``extension_already_granted``), 1 … ``max_extension_days``
(``extension_not_positive``, ``extension_exceeds_limit``), also allowed while
suspended. ``on_time = decided_on <= decision_due``, ``early = decided_on <
decision_due``.

Suspension (ALL art. 45). A suspension from S to T adds ``workdays_between(S,
T)`` (days S+1 … T). While one is open the clock is paused: ``decision_due``
is computed as if it resumed ``today`` (None when ``today`` is None);
``remaining_workdays`` is thereby frozen at its value on S and the light
stays what it was on S: ``paused_due`` is the due date as it stood on S, and
``overdue`` iff S > ``paused_due``. A decision
needs the resumption first (``still_suspended``); a withdrawal ends an open
suspension on its date.

Delivery (ALL art. 44). ``delivery_due = add(decided_on, 10)`` for every
decision; ``delivery_on_time``. Closed: delivered, refused or withdrawn
(withdrawal only before the decision).

Running deadline and light. ``due`` is the deadline now running against the
department: ``notice_due`` (INTAKE), ``acceptance_due`` (SUPPLEMENTED),
``decision_due`` (PROCESSING, SUSPENDED), ``delivery_due`` (DECIDED), None
otherwise. ``remaining_workdays = workdays_between(today, due)``: today itself
is not counted, so a case due today has 0 left (yellow, still on time until
midnight) and is negative once overdue; ``overdue = today > due`` (a due date
in the past, even by a weekend, is red). ``used_workdays =
workdays_between(A, U)`` minus the suspended working days in it, with U the
decision date, else the closing date, else ``today``; so while the decision
is pending ``used + remaining = committed + extension``. Alert (§3): NONE
when closed or waiting for the applicant, OVERDUE, WARNING when remaining ≤
``warning_days`` (default 1, configurable per item), else NORMAL; a closed
case's final classification is ``on_time`` / ``early`` / ``delivery_on_time``.

Provisional (§1): ``calendar.span_is_provisional(received_on, latest due)``
over every due date computed.

Impossible sequences raise ClockError: ``not_received`` (any event before
RECEIVED), ``already_received``, ``date_backwards``,
``today_before_last_event``, ``already_accepted``, ``not_accepted`` (e.g.
DECIDED before acceptance), ``not_suspended`` (RESUMED without SUSPENDED),
``already_suspended``, ``already_decided``, ``not_decided``, ``case_closed``,
``intake_closed``, ``no_supplement_notice``, ``already_supplemented``,
``unexpected_days``, ``unknown_event``, ``not_a_date`` (a ``datetime`` is not a
date here), ``no_events``; rules: ``rules_invalid``, ``committed_exceeds_legal``.
"""

from xiaoneng.core.clock.alert import AlertBounds, alert_level
from xiaoneng.core.clock.engine import CASE, compute
from xiaoneng.core.clock.fold import AlertLevel, Lapse, Procedure, fold, light
from xiaoneng.core.clock.model import (
    ERROR_CODES,
    ClockError,
    ClockEvent,
    ClockRules,
    ClockState,
    EventKind,
    Phase,
)

__all__ = [
    "CASE",
    "ERROR_CODES",
    "AlertBounds",
    "AlertLevel",
    "ClockError",
    "ClockEvent",
    "ClockRules",
    "ClockState",
    "EventKind",
    "Lapse",
    "Phase",
    "Procedure",
    "alert_level",
    "compute",
    "fold",
    "light",
]
