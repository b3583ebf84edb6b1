"""The money part's dates through the shared helpers, not copies of them:
the six months to sue (行政诉讼法 art. 46) by the penalty clock's
`months_later`, the lights' warning threshold shared with the case lists
(`common.WARNING_WORKDAYS`), and the certified officers of a day by
`common.valid_certificates_q`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from money_support import simple_case

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.clock.procedures.penalty import months_later, time_barred
from xiaoneng.core.workdays import load_shipped_calendar
from xiaoneng.enforcement.common import WARNING_WORKDAYS
from xiaoneng.enforcement.models import Certificate, Item
from xiaoneng.enforcement.selectors.money import certified_today, due_light
from xiaoneng.org.models import User

CAL = load_shipped_calendar()
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(day=days, months=st.integers(min_value=0, max_value=120))
def test_months_later_lands_in_the_right_month_on_the_same_or_last_day(
    day: date, months: int
) -> None:
    later = months_later(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


@given(day=days, years=st.integers(min_value=1, max_value=5))
def test_whole_years_are_the_same_day_but_29_february(day: date, years: int) -> None:
    later = months_later(day, 12 * years)
    if (day.month, day.day) == (2, 29):
        assert later in (date(day.year + years, 2, 29), date(day.year + years, 2, 28))
    else:
        assert later == day.replace(year=day.year + years)


def test_the_time_bar_and_the_six_months_agree_on_hand_counted_days() -> None:
    assert months_later(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert months_later(date(2026, 3, 5), 6) == date(2026, 9, 5)
    assert not time_barred(date(2024, 2, 29), date(2026, 2, 28))
    assert time_barred(date(2024, 2, 29), date(2026, 3, 1))


@pytest.mark.parametrize(
    ("today", "level"),
    [
        # due Fri 20 Mar 2026: three working days left from Tue 17 Mar
        (date(2026, 3, 16), AlertLevel.NORMAL),
        (date(2026, 3, 17), AlertLevel.WARNING),
        (date(2026, 3, 20), AlertLevel.WARNING),
        (date(2026, 3, 21), AlertLevel.OVERDUE),
    ],
)
def test_the_lights_warn_on_the_case_lists_last_working_days(today: date, level: str) -> None:
    assert WARNING_WORKDAYS == 3
    light = due_light(date(2026, 3, 20), today, CAL)
    assert light.level == level


@pytest.mark.django_db
def test_the_collection_form_offers_the_officers_certified_that_day(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """zhifa2's certificate revoked from 1 Oct: still valid on 30 Sep, not on 1 Oct."""
    Certificate.objects.filter(officer=users["zhifa2"]).update(revoked_on=date(2026, 10, 1))
    case = simple_case(users, enforcement_item)
    assert [u.username for u in certified_today(case, date(2026, 9, 30))] == ["zhifa", "zhifa2"]
    assert [u.username for u in certified_today(case, date(2026, 10, 1))] == ["zhifa"]
    assert certified_today(case, date(2029, 1, 1)) == []  # all expired 31 Dec 2028
