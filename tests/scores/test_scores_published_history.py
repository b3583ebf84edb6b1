"""`published_history`: a department's lines in the published rankings only,
oldest first, None in a published month it was not ranked in; drafts never."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.scores import actions, selectors

pytestmark = pytest.mark.django_db
FEBRUARY, MARCH = date(2026, 2, 1), date(2026, 3, 1)


def test_nothing_published_nothing_shown(world: Any) -> None:
    with travel_to(date(2026, 4, 10)):
        actions.rollup_month(MARCH)  # a draft exists
    assert selectors.published_history(world.gongshang.pk) == []


def test_only_published_months_oldest_first(world: Any, users: dict[str, User]) -> None:
    with travel_to(date(2026, 4, 10)):
        actions.rollup_month(date(2026, 4, 1))  # April: a draft, never shown
        actions.publish_ranking(actor=users["supervisor"], month=FEBRUARY)
        actions.publish_ranking(actor=users["supervisor"], month=MARCH)
    mine = selectors.published_history(world.gongshang.pk)
    assert [(m.month, m.label, m.ranked, m.rank) for m in mine] == [
        (FEBRUARY, "2026年2月", 1, 1),
        (MARCH, "2026年3月", 2, 2),
    ]
    assert mine[1].score == Decimal("83.00")
    assert mine[1].figures["warnings"] == 3
    other = selectors.published_history(world.other.pk)
    assert [(m.month, m.rank, m.score) for m in other] == [
        (FEBRUARY, None, None),  # published, but nothing of theirs to rank
        (MARCH, 1, Decimal("110.00")),
    ]
    assert other[0].figures == {}
    assert [m.month for m in selectors.published_history(world.other.pk, months=1)] == [MARCH]
