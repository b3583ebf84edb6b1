"""简易程序 (行政处罚法 art. 51–52): where the facts are certain and there is
a legal basis, a warning or a fine of at most 200 yuan on a citizen, 3,000
yuan on an organisation, decided on the spot by two certified officers
showing their certificates; the pre-numbered decision handed to the party
there and then, and filed with the body (this record is the filing).

The case is created decided and served the same day (procedure SIMPLE, no
registration or notice period: the officers tell the party the facts,
reasons and basis and hear it on the spot), with its own numbers (简, 当罚);
the fine's 15 days to pay start at once. Never for a violation past the
two-year time bar (art. 36). The fine must lie within its
grade's benchmark: on the spot there is no review that could allow more
(refused and recorded as `fine_outside_benchmark`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.penalty import time_barred
from xiaoneng.core.errors import Conflict
from xiaoneng.enforcement import clock
from xiaoneng.enforcement.common import ACT, certified_officers, event
from xiaoneng.enforcement.models import (
    ClueSource,
    Item,
    Outcome,
    PartyKind,
    PenaltyCase,
    PenaltyKind,
    Procedure,
    Status,
)
from xiaoneng.enforcement.numbering import next_number
from xiaoneng.enforcement.supervise import check_repeated
from xiaoneng.org.authority import require

from . import inputs, rules
from .clue import own_item
from .evidence import check_evidence, refusing_opening, write_evidence

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

# The most a fine on the spot may be, by the party's kind (art. 51).
SIMPLE_LIMITS = {PartyKind.PERSON: Decimal(200), PartyKind.ORGANISATION: Decimal(3000)}
SIMPLE_PENALTIES = (PenaltyKind.WARNING, PenaltyKind.FINE)
HANDED_OVER = "当场交付"


def _within_simple_limits(party_kind: str, chosen: list[str], fine: Decimal | None) -> None:
    limit = SIMPLE_LIMITS[PartyKind(party_kind)]
    other = [p for p in chosen if p not in SIMPLE_PENALTIES]
    if other or (fine is not None and fine > limit):
        raise Conflict(
            f"当场只能作出警告或{limit:.0f}元以下罚款（行政处罚法第五十一条），应适用普通程序",
            code="enforcement_simple_procedure_limit",
            detail={"limit": limit, "fine": fine, "penalties": other},
        )


def _fine_in_benchmark(case: PenaltyCase, grade: str, fine: Decimal | None) -> None:
    if rules.outside_benchmark(case.item, grade, fine):
        raise rules.outside_benchmark_refused(case, grade, fine, "当场处罚的罚款须在裁量基准以内")


@refusing_opening
@transaction.atomic(durable=True)
def decide_on_the_spot(
    *,
    actor: Actor,
    item_id: Any,
    party_kind: Any,
    party_name: Any,
    facts: Any,
    place: Any,
    violated_on: Any,
    penalties: Any,
    officer_ids: Any,
    grade: Any = "",
    fine: Any = None,
    decision_text: Any = "",
    party_code: Any = "",
    party_id_no: Any = "",
    party_phone: Any = "",
    party_address: Any = "",
    evidence: dict[str, Any] | None = None,
) -> PenaltyCase:
    """当场处罚决定: the case decided and served today, its numbers given."""
    user = require(actor, ACT)
    item = own_item(user, item_id)
    party = inputs.party(
        kind=party_kind,
        name=party_name,
        code=party_code,
        id_no=party_id_no,
        phone=party_phone,
        address=party_address,
    )
    chosen = inputs.penalties(penalties, item.penalties)
    amount, level = rules.fine_and_grade(item, chosen, fine, grade)
    _within_simple_limits(party["party_kind"], chosen, amount)
    text = inputs.optional(
        decision_text, code="enforcement_decision_text_required", label="决定内容"
    )
    case = PenaltyCase(
        **_decided_today(user, item, facts=facts, place=place, violated_on=violated_on),
        penalties=chosen,
        fine=amount,
        grade=level,
        decision_text=text or default_text(item.penalty_basis, chosen, amount),
        **party,
    )
    today = timesource.today()
    if time_barred(case.violated_on, today):
        # Art. 36: past the two years nothing is imposed; on the spot there is no
        # registration that could weigh a five-year bar, so the general procedure decides.
        raise Conflict(
            "违法行为在二年内未被发现，已超过追责时效，不再给予行政处罚（第三十六条）",
            code="enforcement_time_barred",
            detail={"violated_on": case.violated_on, "found_on": today},
        )
    _fine_in_benchmark(case, level, amount)
    officers = certified_officers(case, inputs.ids(officer_ids), today, actor=user)
    record = check_evidence(case, user, **evidence) if evidence else None
    case.number = next_number(item.body, "简", today.year)
    case.decision_no = next_number(item.body, "当罚", today.year)
    clock.stamp(case)
    case.save()
    case.officers.set(officers)
    onsite = write_evidence(case, user, record) if record else None
    repeated = check_repeated(case)  # 乱罚款: the n-th penalty on the party in the window
    event(
        user,
        case,
        "decided_on_the_spot",
        number=case.number,
        decision_no=case.decision_no,
        item=item.code,
        party_kind=case.party_kind,
        penalties=chosen,
        fine=amount,
        officers=[u.pk for u in officers],
        payment_due=case.payment_due,
        repeated=repeated,
        evidence=onsite,
    )
    return case


def _decided_today(
    user: User, item: Item, *, facts: Any, place: Any, violated_on: Any
) -> dict[str, Any]:
    """The columns of a case decided, handed over and filed today."""
    today = timesource.today()
    return {
        "body": item.body,
        "item": item,
        "procedure": Procedure.SIMPLE,
        "status": Status.SERVED,
        "facts": inputs.text(facts, code="enforcement_facts_required", label="违法事实"),
        "place": inputs.text(place, code="enforcement_facts_required", label="违法地点", limit=200),
        "violated_on": inputs.a_date(
            violated_on, code="enforcement_date_invalid", label="违法行为发生日期"
        ),
        "found_on": today,
        "source": ClueSource.INSPECTION,
        "outcome": Outcome.PENALTY,
        "decided_on": today,
        "decided_by": user,
        "served_on": today,
        "served_how": HANDED_OVER,
        "created_by": user,
    }


def default_text(basis: str, chosen: list[str], fine: Decimal | None) -> str:
    what = "、".join(
        f"罚款{fine}元" if p == PenaltyKind.FINE else PenaltyKind(p).label for p in chosen
    )
    return f"依据{basis}，当场决定给予{what}。"
