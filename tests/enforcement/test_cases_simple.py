"""简易程序 (行政处罚法 art. 51–52): a warning, or at most 200 yuan on a
citizen and 3,000 on an organisation, decided on the spot by two certified
officers; the case created decided and served, numbered, the 15 days to pay
running; anything beyond refused with its code."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cases_support import ORGANISATION, PERSON, officer_ids, onsite

from xiaoneng.core.errors import Conflict
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.common import Refused
from xiaoneng.enforcement.models import Item, PenaltyCase, Procedure, Status
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

DAY = date(2026, 9, 30)  # Wed, the eve of 国庆


def on_the_spot(users: dict[str, User], item: Item, **extra: Any) -> PenaltyCase:
    fields: dict[str, Any] = {
        "item_id": item.pk,
        **PERSON,
        "facts": "在人行道摆摊销售服装，未取得营业执照",
        "place": "张掖市甘州区大佛寺巷口",
        "violated_on": DAY,
        "penalties": ["fine"],
        "grade": "mitigated",
        "fine": "200",
        "officer_ids": officer_ids(users),
    }
    fields.update(extra)
    with travel_to(DAY):
        return actions.decide_on_the_spot(actor=users["zhifa"], **fields)


def test_a_fine_on_the_spot_is_decided_served_and_numbered_at_once(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Served Wed 30 Sep: 15 days end Thu 15 Oct, a working day."""
    case = on_the_spot(users, enforcement_item, evidence=onsite(users, DAY, kind="photo"))
    assert (case.procedure, case.status, case.outcome) == (
        Procedure.SIMPLE,
        Status.SERVED,
        "penalty",
    )
    assert (case.number, case.decision_no) == ("张工商简〔2026〕1号", "张工商当罚〔2026〕1号")
    assert (case.decided_on, case.served_on, case.served_how) == (DAY, DAY, "当场交付")
    assert (case.payment_due, case.register_due, case.defence_until) == (
        date(2026, 10, 15),
        None,
        None,
    )
    assert case.decision_text.startswith("依据《无证无照经营查处办法》第十三条")
    assert case.evidence.get().files.count() == 1


@pytest.mark.parametrize(
    ("party", "fine", "penalties", "allowed"),
    [
        (PERSON, "200", ["fine"], True),
        (PERSON, "200.01", ["fine"], False),
        (ORGANISATION, "3000", ["fine"], True),
        (ORGANISATION, "3000.01", ["fine"], False),
        (PERSON, None, ["warning"], True),
        (PERSON, None, ["confiscate"], False),
    ],
)
def test_the_limits_of_the_simple_procedure(
    users: dict[str, User],
    enforcement_item: Item,
    party: dict[str, str],
    fine: str | None,
    penalties: list[str],
    allowed: bool,
) -> None:
    extra = {**party, "fine": fine, "penalties": penalties}
    if allowed:
        assert on_the_spot(users, enforcement_item, **extra).status == Status.SERVED
        return
    with pytest.raises(Conflict) as refused:
        on_the_spot(users, enforcement_item, **extra)
    assert refused.value.code == "enforcement_simple_procedure_limit"
    assert not PenaltyCase.objects.exists()


def test_one_officer_alone_cannot_decide_on_the_spot(
    users: dict[str, User], enforcement_item: Item
) -> None:
    with pytest.raises(Refused) as refused:
        on_the_spot(users, enforcement_item, officer_ids=officer_ids(users, "zhifa"))
    assert refused.value.code == "enforcement_two_officers_required"
    assert not PenaltyCase.objects.exists()
    assert Anomaly.objects.get(kind="officer_alone").subject_kind == "penalty_attempt"


def test_the_fine_on_the_spot_stays_within_its_benchmark(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """从轻 is 5,000–20,000: 200 lies below it, and on the spot no review can allow that."""
    with pytest.raises(Refused) as refused:
        on_the_spot(users, enforcement_item, grade="lighter")
    assert refused.value.code == "enforcement_fine_outside_benchmark"
    assert Anomaly.objects.filter(kind="fine_outside_benchmark").count() == 1
    assert not PenaltyCase.objects.exists()


def test_the_third_penalty_on_one_party_within_the_window_is_flagged(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """乱罚款 (param enforcement.repeat_penalties 3 within 90 days): the
    decision that makes three is recorded as `repeated_penalties`."""
    first = on_the_spot(users, enforcement_item, **ORGANISATION)
    on_the_spot(users, enforcement_item, **ORGANISATION)
    assert not Anomaly.objects.filter(kind="repeated_penalties").exists()
    third = on_the_spot(users, enforcement_item, **ORGANISATION)
    anomaly = Anomaly.objects.get(kind="repeated_penalties")
    assert (anomaly.subject_kind, anomaly.subject_ref) == ("penalty_case", third.pk)
    assert first.pk != third.pk
