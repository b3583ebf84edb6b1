"""The publication clock (条例 art. 26: within 20 working days of forming
or change), pure: properties over random calendars by hypothesis, and a
hand-counted case across 2026's Mid-Autumn and National Day holidays on the
shipped calendar (off 25–27 Sep and 1–7 Oct; make-up working days Sun 20
Sep and Sat 10 Oct). The lights by the stored due day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.workdays import WorkCalendar, load_shipped_calendar
from xiaoneng.openinfo import clock

SHIPPED = load_shipped_calendar()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPAN = (date(2026, 1, 1), date(2026, 12, 31))
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 11, 30))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """A year with random holidays and random weekend make-up working days."""
    days = st.dates(min_value=SPAN[0], max_value=SPAN[1])
    off = draw(st.sets(days, max_size=40))
    makeup = draw(st.sets(days.filter(lambda d: d.weekday() >= 5), max_size=10)) - off
    return WorkCalendar(dict.fromkeys(off, "假日"), dict.fromkeys(makeup, "调休"), [2026])


@SETTINGS
@given(calendar=calendars(), formed=DAYS)
def test_due_is_the_twentieth_working_day_after_forming(
    calendar: WorkCalendar, formed: date
) -> None:
    due = clock.due_on(formed, calendar)
    assert calendar.is_workday(due)
    assert calendar.workdays_between(formed, due) == clock.PUBLISH_DAYS == 20
    # the first such day: the day before has one working day fewer
    assert calendar.workdays_between(formed, due - timedelta(days=1)) == 19
    # counted by hand, day by day, with the calendar's holidays and make-up days
    n, day = 0, formed
    while n < 20:
        day += timedelta(days=1)
        is_work = day in calendar.makeup_days or (
            day.weekday() < 5 and day not in calendar.holidays
        )
        n += is_work
    assert day == due


@SETTINGS
@given(calendar=calendars(), formed=DAYS, later=st.integers(min_value=0, max_value=30))
def test_a_later_forming_day_is_never_due_earlier(
    calendar: WorkCalendar, formed: date, later: int
) -> None:
    assert clock.due_on(formed, calendar) <= clock.due_on(formed + timedelta(days=later), calendar)


@SETTINGS
@given(calendar=calendars(), formed=DAYS, published=st.integers(min_value=0, max_value=60))
def test_late_means_published_after_the_due_day(
    calendar: WorkCalendar, formed: date, published: int
) -> None:
    due = clock.due_on(formed, calendar)
    day = formed + timedelta(days=published)
    counted = calendar.workdays_between(formed, day)
    if counted > 20:
        assert clock.is_late(due, day)
    elif counted < 20:
        assert not clock.is_late(due, day)
    else:  # the due day itself, or a day off right after it
        assert clock.is_late(due, day) == (not calendar.is_workday(day))


def test_hand_counted_across_national_day() -> None:
    # Formed Mon 21 Sep 2026: 22–24 Sep (3); 25–27 off; 28–30 Sep (6); 1–7 Oct
    # off; 8, 9 Oct (8); Sat 10 Oct make-up (9); 12–16 (14); 19–23 (19); 26 Oct (20).
    assert clock.due_on(date(2026, 9, 21), SHIPPED) == date(2026, 10, 26)
    # Formed on a holiday (2 Oct): 8, 9 (2), 10 make-up (3), 12–16 (8), 19–23 (13),
    # 26–30 Oct (18), 2 Nov (19), 3 Nov (20).
    assert clock.due_on(date(2026, 10, 2), SHIPPED) == date(2026, 11, 3)
    # Without the holidays (a Monday–Friday calendar) it would be 19 Oct.
    plain = WorkCalendar({}, {}, [2026])
    assert clock.due_on(date(2026, 9, 21), plain) == date(2026, 10, 19)


@SETTINGS
@given(today=DAYS, offset=st.integers(min_value=-40, max_value=40))
def test_a_pending_item_lights_by_its_due_day(today: date, offset: int) -> None:
    due = today + timedelta(days=offset)
    level = clock.level("pending", due, today, SHIPPED)
    if due < today:
        assert level == AlertLevel.OVERDUE
    elif SHIPPED.workdays_between(today, due) <= clock.WARNING_DAYS:
        assert level == AlertLevel.WARNING
    else:
        assert level == AlertLevel.NORMAL
    assert clock.level("published", due, today, SHIPPED) == AlertLevel.NONE
