"""Figures of a constructed month (tests/scores/conftest.py), by department,
window and staff; the stored rollup; period means; drill-down; the source hook."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from xiaoneng.cases import actions as case_actions
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.scores import actions, metrics, selectors, sources, tasks
from xiaoneng.scores.models import MonthlyMetric
from xiaoneng.scores.periods import Period
from xiaoneng.system.schedule import PERIODIC

pytestmark = pytest.mark.django_db
MARCH = Period.parse("2026-03")
APRIL_10 = date(2026, 4, 10)


def test_department_figures_by_hand(world: Any) -> None:
    with travel_to(APRIL_10):
        figures = metrics.compute(MARCH, "department")
    f = figures[world.gongshang.pk]
    assert f.accepted == 6  # A B C D E F
    assert f.completed == 5  # A B C D E
    assert f.on_time == 4  # C was late
    assert f.early == 3  # A D E
    assert f.on_time_rate == Decimal("80.0")
    assert f.early_rate == Decimal("60.0")
    # Used: A 2, B 10, C 12, D 1, E 8 working days; committed 10 each.
    assert f.used_days == 33
    assert f.committed_days == 50
    assert f.mean_used_days == Decimal("6.6")
    assert f.mean_committed_days == Decimal("10.0")
    assert f.overdue == 2  # C decided late, F still open
    assert f.warnings == 3  # B, C, F lit on 13 Mar; E decided before its light
    assert (f.yellow_cards, f.red_cards) == (2, 1)
    assert f.satisfaction is None
    assert f.complaints == 0  # the complaints source is there; none in this world
    other = figures[world.other.pk]
    assert (other.accepted, other.completed, other.early, other.warnings) == (1, 1, 1, 0)


def test_february_is_its_own_month(world: Any) -> None:
    with travel_to(APRIL_10):
        f = metrics.compute(Period.parse("2026-02"), "department")[world.gongshang.pk]
    assert (f.accepted, f.completed, f.early, f.overdue, f.warnings) == (1, 1, 1, 0, 0)


def test_overdue_and_warnings_only_up_to_today(world: Any) -> None:
    # On 13 Mar B, C, F are lit (today) and nothing is overdue yet.
    with travel_to(date(2026, 3, 13)):
        f = metrics.compute(MARCH, "department")[world.gongshang.pk]
    assert f.overdue == 0
    assert f.warnings == 3
    with travel_to(date(2026, 3, 12)):
        f = metrics.compute(MARCH, "department")[world.gongshang.pk]
    assert f.warnings == 0


def test_a_paused_case_keeps_the_light_it_had_when_its_clock_stopped(
    users: dict[str, User], promise_item: Any, steps: Any
) -> None:
    """Both accepted 2 Mar, due 16 Mar, yellow from 13 Mar (threshold 1). P is
    paused on 5 Mar, still normal: its clock stopped, so it never lights
    (its stored due date runs on as if it resumed on the day it was written).
    Q is paused on 13 Mar, already yellow: it counts, in March."""
    window, reviewer = users["window"], users["reviewer"]
    p = steps.accept(window, promise_item, date(2026, 3, 2))
    q = steps.accept(window, promise_item, date(2026, 3, 2))
    for case, on in ((p, date(2026, 3, 5)), (q, date(2026, 3, 13))):
        with travel_to(on):
            case_actions.suspend_case(
                actor=reviewer,
                case_id=case.pk,
                procedure="expert_review",
                expected_days=30,
                reason="专家评审",
            )
    window_unit = window.department_id
    assert window_unit is not None
    for level, unit in (("department", promise_item.department_id), ("window", window_unit)):
        with travel_to(APRIL_10):
            assert metrics.compute(MARCH, level)[unit].warnings == 1
            got = selectors.cases_behind(users["supervisor"], MARCH, level, unit, "warnings")
            assert list(got.values_list("pk", flat=True)) == [q.pk]


def test_window_and_staff(world: Any, users: dict[str, User]) -> None:
    window_unit = users["window"].department
    with travel_to(APRIL_10):
        by_window = metrics.compute(MARCH, "window")
        by_staff = metrics.compute(MARCH, "staff")
    w = by_window[window_unit.pk]
    assert (w.accepted, w.completed, w.on_time, w.early, w.overdue, w.warnings) == (
        6,
        5,
        4,
        3,
        2,
        3,
    )
    assert w.yellow_cards is None  # cards go to departments
    # window staff accepted; the head decided.
    accepted_by = by_staff[users["window"].pk]
    assert (accepted_by.accepted, accepted_by.completed, accepted_by.overdue) == (6, 0, 2)
    decided_by = by_staff[users["depthead"].pk]
    assert (decided_by.accepted, decided_by.completed, decided_by.on_time) == (0, 5, 4)
    assert decided_by.early == 3
    assert decided_by.used_days == 33


def test_rollup_score_and_ranking(world: Any, django_assert_num_queries: Any) -> None:
    with travel_to(APRIL_10):
        assert actions.rollup_month(date(2026, 3, 1)) == 2
        actions.rollup_month(date(2026, 3, 1))  # idempotent
    rows = MonthlyMetric.objects.filter(month=date(2026, 3, 1))
    assert rows.count() == 2
    mine = rows.get(department=world.gongshang)
    assert mine.score == Decimal("83.00")  # 100 − 2×5 − 10 − 3 + 6
    assert rows.get(department=world.other).score == Decimal("110.00")  # 100% early: +10
    with django_assert_num_queries(1):
        ranking = selectors.ranked_rows(date(2026, 3, 1))
    assert [(r.rank, r.department_id, r.score) for r in ranking] == [
        (1, world.other.pk, Decimal("110.00")),
        (2, world.gongshang.pk, Decimal("83.00")),
    ]


def test_half_year_is_the_mean_of_monthly_scores(world: Any, users: dict[str, User]) -> None:
    with travel_to(APRIL_10):
        actions.rollup_month(date(2026, 2, 1))
        actions.rollup_month(date(2026, 3, 1))
    rows = selectors.department_rows(users["supervisor"], Period.parse("2026-H1"))
    mine = next(r for r in rows if r.unit_id == world.gongshang.pk)
    # February 110 (one case, early), March 83.
    assert mine.months == 2
    assert mine.score == Decimal("96.50")
    assert (mine.figures.accepted, mine.figures.completed, mine.figures.early) == (7, 6, 4)
    q1 = selectors.department_rows(users["supervisor"], Period.parse("2026-Q1"))
    assert next(r for r in q1 if r.unit_id == world.gongshang.pk).score == Decimal("96.50")


@pytest.mark.parametrize(
    ("figure", "names"),
    [
        ("accepted", "ABCDEF"),
        ("completed", "ABCDE"),
        ("on_time", "ABDE"),
        ("early", "ADE"),
        ("overdue", "CF"),
        ("warnings", "BCF"),
        ("yellow_cards", "CF"),
        ("red_cards", "F"),
    ],
)
def test_drill_down_lists_the_cases_behind_each_figure(
    world: Any, users: dict[str, User], figure: str, names: str
) -> None:
    expected = {world.cases[n].pk for n in names}
    for actor in ("supervisor", "depthead"):
        with travel_to(APRIL_10):
            got = set(
                selectors.cases_behind(
                    users[actor], MARCH, "department", world.gongshang.pk, figure
                ).values_list("pk", flat=True)
            )
        assert got == expected, (actor, figure)
    # Window and staff drill-downs use the same conditions.
    if figure not in ("yellow_cards", "red_cards"):
        unit = users["window"].department_id
        with travel_to(APRIL_10):
            got = set(
                selectors.cases_behind(
                    users["supervisor"], MARCH, "window", unit, figure
                ).values_list("pk", flat=True)
            )
        assert got == expected


def test_drill_down_is_scoped(world: Any, users: dict[str, User]) -> None:
    with travel_to(APRIL_10):
        theirs = selectors.cases_behind(
            users["depthead"], MARCH, "department", world.other.pk, "accepted"
        )
        assert not theirs.exists()
        assert (
            selectors.cases_behind(
                users["supervisor"], MARCH, "department", world.other.pk, "accepted"
            ).count()
            == 1
        )


def test_metric_sources_plug_in(world: Any) -> None:
    def satisfaction(period: Period, level: str) -> dict[int, float]:
        return {world.gongshang.pk: 95.5} if level == "department" else {}

    def complaints(period: Period, level: str) -> dict[int, int]:
        return {world.gongshang.pk: 2}

    before = {name: sources.registered(name) for name in sources.KNOWN}
    sources.register_metric_source("satisfaction", satisfaction)
    sources.register_metric_source("complaints", complaints)
    try:
        with travel_to(APRIL_10):
            figures = metrics.compute(MARCH, "department")
        assert figures[world.gongshang.pk].satisfaction == Decimal("95.50")
        assert figures[world.gongshang.pk].complaints == 2
        assert figures[world.other.pk].satisfaction is None
        assert figures[world.other.pk].complaints == 0
    finally:
        for name, fn in before.items():
            if fn is None:
                sources.unregister_metric_source(name)
            else:
                sources.register_metric_source(name, fn)
    with pytest.raises(ValueError, match="unknown metric source"):
        sources.register_metric_source("mood", satisfaction)


def test_the_rollup_is_a_periodic_task(world: Any) -> None:
    assert any(p.task == "xiaoneng.scores.tasks.rollup_recent_months" for p in PERIODIC)
    with travel_to(date(2026, 3, 25)):
        result = tasks.rollup_recent_months.call()
    assert result == {"2026-02": 1, "2026-03": 2}
    assert MonthlyMetric.objects.filter(month=date(2026, 3, 1)).count() == 2


def test_cards_on_complaints_and_measures_count_for_the_department(world: Any) -> None:
    """Cards on complaints add to the department's cards; accountability points
    deduct; a department with nothing but a measure is still on the board."""
    centre = Department.objects.create(
        code="620700999", name="效能投诉中心（测试）", kind="department"
    )

    def yellow(period: Period, level: str) -> dict[int, int]:
        return {world.gongshang.pk: 1} if level == "department" else {}

    def points(period: Period, level: str) -> dict[int, int]:
        return {world.gongshang.pk: 3, centre.pk: 2} if level == "department" else {}

    before = {name: sources.registered(name) for name in sources.KNOWN}
    sources.register_metric_source("other_yellow_cards", yellow)
    sources.register_metric_source("accountability", points)
    try:
        with travel_to(APRIL_10):
            figures = metrics.compute(MARCH, "department")
            by_staff = metrics.compute(MARCH, "staff")
            actions.rollup_month(date(2026, 3, 1))
        f = figures[world.gongshang.pk]
        assert (f.yellow_cards, f.red_cards, f.accountability) == (3, 1, 3)
        assert figures[centre.pk].accountability == 2
        assert figures[centre.pk].yellow_cards == 0
        assert not any(s.accountability for s in by_staff.values())
        row = MonthlyMetric.objects.get(department=centre, month=date(2026, 3, 1))
        assert row.accountability == 2
        assert row.score == Decimal(98)
    finally:
        for name, fn in before.items():
            if fn is None:
                sources.unregister_metric_source(name)
            else:
                sources.register_metric_source(name, fn)
