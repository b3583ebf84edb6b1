"""The one way a case moves: lock it, append an event, recompute its clock,
store the result, write the audit event. Every action in `actions.py` is a
permission check and some validation around `advance`."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.dispatch import Signal

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import text as core_text
from xiaoneng.core import timesource
from xiaoneng.core.clock import ClockError, ClockEvent, ClockState, EventKind
from xiaoneng.core.errors import Conflict, DomainError
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.actor import user_of
from xiaoneng.org.authority import require_any

from . import hotpath
from .authority import require_act, step_permissions
from .clocking import CLOCK_FIELDS, apply_state, clock_events, state_of
from .models import Case, CaseEvent
from .selectors import may_handle
from .vocabulary import case_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)

# A refused step whose attempt is itself worth keeping (domain rules §3: a
# second supplement notice attempted, a refusal without reasons). The refusal
# rolls back with the action's transaction, so the decorator below sends this
# after the rollback; receivers (supervision) record it in their own
# transaction. Sent with: actor, case_id, action (its name), error.
attempt_refused = Signal()


def records_refused_attempts(*codes: str) -> Callable[[F], F]:
    """Put OUTSIDE `@transaction.atomic`: when the action refuses with one of
    `codes`, send `attempt_refused` once its transaction has rolled back, then
    re-raise. A receiver's failure never hides the refusal."""

    def wrap(action: F) -> F:
        @functools.wraps(action)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return action(*args, **kwargs)
            except DomainError as exc:
                if exc.code in codes and "case_id" in kwargs:
                    try:
                        attempt_refused.send(
                            sender=action,
                            actor=kwargs.get("actor"),
                            case_id=kwargs["case_id"],
                            action=action.__name__,
                            error=exc,
                        )
                    except Exception:
                        log.exception("recording a refused attempt failed")
                raise

        # The API answers these steps outside any transaction of its own, so
        # that the refusal's record is not rolled back with it (cases/api.py).
        run.refusals_recorded = codes  # type: ignore[attr-defined]
        return run  # type: ignore[return-value]

    return wrap


class CaseConflict(Conflict):
    """The case is not in a state that allows this step (409, the clock's code)."""


def locked_case(
    *, actor: Actor, case_id: int, step: str, expected_version: int | None = None
) -> Case:
    """Lock the case row for this transaction once the actor may see it and
    take `step` on it (`authority.STEP_GRANTS`). An actor with none of the
    step's permissions is refused before the row is read; a case it cannot
    see is not_found; a visible case whose step is not its own is 403. A
    stale `expected_version` is a conflict."""
    require_any(actor, step_permissions(step))
    case = hotpath.lock(case_id)
    if case is not None and not may_handle(actor, case):
        case = None
    if case is None:
        raise case_not_found("办件不存在或无权办理")
    require_act(actor, case, step)
    if expected_version is not None and case.version != expected_version:
        raise Conflict(
            "办件已被他人更新，请刷新后重试",
            code="case_version_conflict",
            detail={"expected": expected_version, "current": case.version},
        )
    return case


def advance(
    *,
    actor: Actor,
    case: Case,
    kind: EventKind,
    days: int = 0,
    note: str = "",
    payload: dict[str, Any] | None = None,
    extra_fields: tuple[str, ...] = (),
) -> CaseEvent:
    """Append one step to a locked case and bring its clock up to date.
    `extra_fields` the action changed on the case are written in the same
    UPDATE as the clock."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("advance must run inside the action's transaction")
    today = timesource.today()
    events = hotpath.events(case)
    event = CaseEvent(
        case=case,
        seq=len(events) + 1,
        kind=kind.value,
        on=today,
        days=days,
        actor=user_of(actor),
        actor_name=getattr(actor, "display_name", "") or "系统",
        department_name=str(getattr(actor, "department", "") or ""),
        note=note,
        payload=payload or {},
    )
    state = _next_state(case, clock_events([*events, event]), today)
    hotpath.insert_event(event)
    before = hotpath.snapshot(case, CLOCK_FIELDS)
    apply_state(case, state)
    case.version += 1
    hotpath.update(case, [*CLOCK_FIELDS, "version", *extra_fields], before)
    record_event(
        actor=actor,
        event_type=f"case.{kind.value}",
        object_type="case",
        object_id=case.tracking_no,
        payload={
            "seq": event.seq,
            "on": today,
            "days": days,
            "note": note,
            "status": case.status,
            "due_on": case.due_on,
            **(payload or {}),
        },
    )
    return event


def rehearse(*, case: Case, kind: EventKind, days: int = 0) -> None:
    """Would the clock take this step today? Raises its coded 409 if not. For a
    request whose own event comes later (an extension asked before it is
    approved): both must pass the same rule of the clock."""
    today = timesource.today()
    events = clock_events(hotpath.events(case))
    _next_state(case, [*events, ClockEvent(kind, today, days)], today)


def _next_state(case: Case, events: list[ClockEvent], today: date) -> ClockState:
    """The clock after the events, or the clock's refusal as a 409."""
    try:
        return state_of(case, events, current_calendar(), today)
    except ClockError as exc:
        raise CaseConflict(exc.message, code=exc.code, detail={"status": case.status}) from None


def refresh(*, case: Case, calendar: WorkCalendar | None = None) -> bool:
    """Recompute a case's clock as of today without a new event (deemed
    acceptance, a calendar import); True if anything stored changed."""
    events = clock_events(list(case.events.order_by("seq")))
    state = state_of(case, events, calendar or current_calendar(), timesource.today())
    before = [getattr(case, f) for f in CLOCK_FIELDS]
    apply_state(case, state)
    if before == [getattr(case, f) for f in CLOCK_FIELDS]:
        return False
    case.version += 1
    case.save(update_fields=[*CLOCK_FIELDS, "version", "updated_at"])
    return True


# A case step's missing text is a rule of the step (422), not bad input.
require_text = functools.partial(core_text.require_text, error=DomainError)
