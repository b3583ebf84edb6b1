"""The appeal window as a rule (property test over every service day of
2026, holidays and make-up days included): a bureau measure's window is
exactly `accountability.appeal_days` working days and ends on a working
day; a personnel measure's is that or 30 calendar days, whichever is later."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.accountability.service import appeal_due_for
from xiaoneng.calendar.selectors import current_calendar

pytestmark = pytest.mark.django_db

DAYS = 15  # the parameter's default


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(served=st.dates(date(2026, 1, 1), date(2026, 12, 15)))
def test_the_appeal_window(served: date) -> None:
    calendar = current_calendar()
    bureau = appeal_due_for(served, "bureau")
    assert calendar.workdays_between(served, bureau) == DAYS
    assert calendar.is_workday(bureau)
    referral = appeal_due_for(served, "referral")
    assert referral == max(bureau, served + timedelta(days=30))
    assert referral >= served + timedelta(days=30)
