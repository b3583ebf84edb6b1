"""What the decision actions share: the locked decision (permission, then
scope: a decision outside the actor's scope is not there), text and date
checks, the gate check of decisions/gates.py and the refusal of a step out
of order — recorded, in its own transaction, as the supervision anomaly
`decision_out_of_order` on the decision, since the refused action's
transaction rolls back."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int, require_text
from xiaoneng.decisions import gates
from xiaoneng.decisions.models import Decision, Stage
from xiaoneng.decisions.selectors import done_of
from xiaoneng.org.authority import covers_department, require
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.supervision.subjects import Subject

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

P = ParamSpec("P")
R = TypeVar("R")

text = functools.partial(require_text, limit=20000)


class StepOutOfOrder(Conflict):
    """A step taken before every earlier gate is done."""

    code = "decision_step_out_of_order"

    def __init__(self, decision: Decision, step: str, missing: list[str], message: str) -> None:
        super().__init__(
            message,
            detail={
                "step": gates.LABELS[step],
                "missing": [gates.LABELS[g] for g in missing],
                "missing_gates": missing,
            },
        )
        self.decision = decision
        self.step = step
        self.actor_id: int | None = None


def missing_decision() -> NotFound:
    return NotFound("决策事项不存在或无权查看", code="decision_not_found")


def locked(actor: Actor, pk: Any, permission: str) -> tuple[User, Decision]:
    """The user (holding `permission`) and the decision, locked; a decision
    outside the actor's scope is not there."""
    user = require(actor, permission)
    row = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("sponsor")
        .filter(pk=as_int(pk) or 0)
        .first()
    )
    if row is None or not covers_department(user, row.sponsor_id):
        raise missing_decision()
    if row.stage == Stage.ARCHIVED:
        raise Conflict("决策已归档，案卷不得再改动", code="decision_archived")
    return user, row


def check_gate(row: Decision, step: str, user: User) -> gates.Done:
    """Refuse the step unless every earlier gate is done (what is missing named)."""
    done = done_of(row)
    missing = gates.missing(step, done)
    if missing:
        labels = "、".join(gates.LABELS[g] for g in missing)
        message = f"请先完成{labels}，才能进行{gates.LABELS[step]}"
        if "legality" in missing and row.reviews.filter(result="failed").exists():
            message += "（合法性审查未通过的草案不得提请集体讨论）"
        error = StepOutOfOrder(row, step, missing, message)
        error.actor_id = user.pk
        raise error
    return done


def gated(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a (durable) action; a step refused out of order is recorded as an
    anomaly and an audit event in a transaction of its own, then re-raised."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except StepOutOfOrder as exc:
            record_refusal(exc, kwargs.get("actor"))
            raise

    return run


def record_refusal(exc: StepOutOfOrder, actor: Any) -> None:
    row = exc.decision
    today = timesource.today()
    with transaction.atomic():
        raise_subject_anomaly(
            subject=subject(row),
            kind="decision_out_of_order",
            evidence={"step": exc.detail["step"], "missing": exc.detail["missing"]},
            found_on=today,
        )
        record_event(
            actor=actor,
            event_type="decision.step_refused",
            object_type="decision",
            object_id=row.pk,
            payload={"step": exc.step, "missing": exc.detail["missing_gates"]},
        )


def subject(row: Decision) -> Subject:
    return Subject(
        kind="decision",
        ref=row.pk,
        title=row.title,
        url=reverse("decisions:decision", args=[row.pk]),
        department_id=row.sponsor_id,
    )


def a_date(value: Any, *, code: str, label: str) -> date:
    if type(value) is not date:
        raise InvalidInput(f"{label}不正确", code=code)
    return value


def event(user: User | None, row: Decision, what: str, **payload: Any) -> None:
    record_event(
        actor=user,
        event_type=f"decision.{what}",
        object_type="decision",
        object_id=row.pk,
        payload=payload,
    )
