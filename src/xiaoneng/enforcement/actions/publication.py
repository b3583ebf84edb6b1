"""执法公示 (国办发〔2018〕118号): a penalty decision is published within 7
working days of the decision (`publish_due`, set by the decision), personal
data masked by the public page (selectors/public.py reads `published_on`).
A late publication is still made, and recorded late."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core.errors import Conflict
from xiaoneng.enforcement.common import DECIDE, event, locked_case
from xiaoneng.enforcement.models import Outcome, PenaltyCase

from .money import a_day, save_case

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@transaction.atomic(durable=True)
def publish_decision(*, actor: Actor, case_id: Any, published_on: Any = None) -> PenaltyCase:
    """The head publishes the case's penalty decision (penalties only: a
    decision not to penalise is not published)."""
    user, case = locked_case(actor, case_id, DECIDE)
    if case.outcome != Outcome.PENALTY or case.decided_on is None:
        raise Conflict("只有行政处罚决定需要公示", code="enforcement_nothing_to_publish")
    if case.published_on is not None:
        raise Conflict("该处罚决定已公示", code="enforcement_already_published")
    day = a_day(
        published_on,
        code="enforcement_published_on_invalid",
        label="公示日期",
        not_before=case.decided_on,
    )
    case.published_on = day
    save_case(case, "published_on")
    late = case.publish_due is not None and day > case.publish_due
    event(
        user,
        case,
        "decision_published",
        decision_no=case.decision_no,
        published_on=day,
        due_on=case.publish_due,
        late=late,
    )
    return case
