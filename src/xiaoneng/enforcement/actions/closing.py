"""结案: the head closes a case once nothing is left to do — decided and
served; a fine and any confiscated gains paid (or the court asked to enforce
them) and any cash collected on the spot banked; a penalty published (`close_missing`
names what is missing). A case not registered is already at its end. A
closed case is final (`locked_case` refuses any later step)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict
from xiaoneng.enforcement.common import DECIDE, event, locked_case
from xiaoneng.enforcement.models import PenaltyCase, Status
from xiaoneng.enforcement.selectors.money import CLOSE_STEPS, close_missing

from . import inputs
from .money import save_case

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@transaction.atomic(durable=True)
def close_case(*, actor: Actor, case_id: Any, note: Any) -> PenaltyCase:
    """结案, with the closing note (结案报告的要点)."""
    user, case = locked_case(actor, case_id, DECIDE)
    if case.status == Status.NOT_REGISTERED:
        raise Conflict("不予立案的线索已经终结，无需结案", code="enforcement_close_not_registered")
    missing = close_missing(case)
    if missing:
        labels = [CLOSE_STEPS[k] for k in missing]
        raise Conflict(
            f"尚不能结案：请先{'、'.join(labels)}",
            code="enforcement_close_incomplete",
            detail={"missing": missing, "labels": labels},
        )
    text = inputs.text(note, code="enforcement_closing_note_required", label="结案说明", limit=4000)
    today = timesource.today()
    case.status, case.closed_on, case.closing_note = Status.CLOSED, today, text
    save_case(case, "status", "closed_on", "closing_note")
    event(user, case, "case_closed", closed_on=today, outcome=case.outcome, note=text)
    return case
