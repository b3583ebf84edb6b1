"""执法公示 (国办发〔2018〕118号): a penalty decision is published within 7
working days of the decision (`publish_due`, set by the decision), personal
data masked by the public page (selectors/public.py reads `published_on`).

The product is where the decision is published: the publication is the
day the head publishes it here, today. No other day is taken (an API
client's `published_on` other than today is refused), so none can be
backdated into the time limit. A late publication is still made, and
recorded late."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import cn_date
from xiaoneng.enforcement.common import DECIDE, event, locked_case
from xiaoneng.enforcement.models import Outcome, PenaltyCase

from . import inputs
from .money import save_case

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@transaction.atomic(durable=True)
def publish_decision(*, actor: Actor, case_id: Any, published_on: Any = None) -> PenaltyCase:
    """The head publishes the case's penalty decision today (penalties only:
    a decision not to penalise is not published); `published_on`, when
    given, must be today."""
    user, case = locked_case(actor, case_id, DECIDE)
    today = timesource.today()
    code = "enforcement_published_on_invalid"
    if inputs.a_date(published_on, code=code, label="公示日期", default_today=True) != today:
        raise InvalidInput(
            f"公示日期即在本平台公示之日（今天，{cn_date(today)}），不能另填",
            code=code,
            detail={"today": today},
        )
    if case.outcome != Outcome.PENALTY or case.decided_on is None:
        raise Conflict("只有行政处罚决定需要公示", code="enforcement_nothing_to_publish")
    if case.published_on is not None:
        raise Conflict("该处罚决定已公示", code="enforcement_already_published")
    case.published_on = today
    save_case(case, "published_on")
    late = case.publish_due is not None and today > case.publish_due
    event(
        user,
        case,
        "decision_published",
        decision_no=case.decision_no,
        published_on=today,
        due_on=case.publish_due,
        late=late,
    )
    return case
