"""The time bar (行政处罚法 art. 36): two years from the end of the conduct,
five where it endangered life, health or financial security with harm. A
decision on the spot is refused past two years like the registration, and
the registration's refusal names the bar that applied."""

from __future__ import annotations

from datetime import date

import pytest
from cases_support import BASE, ORGANISATION, clue

from xiaoneng.core.errors import Conflict
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.models import Item, PenaltyCase
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def on_the_spot(users: dict[str, User], item: Item, violated_on: date) -> PenaltyCase:
    with travel_to(BASE):
        return actions.decide_on_the_spot(
            actor=users["zhifa"],
            item_id=item.pk,
            **ORGANISATION,
            facts="无照经营",
            place="县府街",
            violated_on=violated_on,
            penalties=["warning"],
            officer_ids=[users["zhifa"].pk, users["zhifa2"].pk],
        )


def test_no_decision_on_the_spot_past_the_time_bar(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Found Mon 2 Mar 2026: a violation ended 1 Mar 2024 is barred, one of 2 Mar 2024 is not."""
    with pytest.raises(Conflict) as barred:
        on_the_spot(users, enforcement_item, date(2024, 3, 1))
    assert barred.value.code == "enforcement_time_barred"
    assert "二年" in str(barred.value)
    assert not PenaltyCase.objects.exists()
    assert on_the_spot(users, enforcement_item, date(2024, 3, 2)).decision_no


@pytest.mark.parametrize(("grave", "years"), [(False, "二年"), (True, "五年")])
def test_the_registration_refusal_names_the_bar_that_applies(
    users: dict[str, User], enforcement_item: Item, grave: bool, years: str
) -> None:
    old = clue(users, enforcement_item, violated_on=date(2021, 3, 1))
    with travel_to(BASE), pytest.raises(Conflict) as barred:
        actions.register_case(actor=users["depthead"], case_id=old.pk, grave=grave)
    assert barred.value.code == "enforcement_time_barred"
    assert f"在{years}内未被发现" in str(barred.value)
