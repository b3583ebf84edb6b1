"""Cards on target tasks, directive tasks and requests (`SubjectCard`, issue 9)
count with the department's yellow and red cards of the month they were
issued in, closed since or not; a unit with nothing but such a card is on the
board too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department
from xiaoneng.scores import actions, metrics
from xiaoneng.scores.models import MonthlyMetric
from xiaoneng.scores.periods import Period
from xiaoneng.supervision.actions.subjects import sweep_subject_cards
from xiaoneng.supervision.subjects import Overdue, Subject

pytestmark = pytest.mark.django_db
MARCH = Period.parse("2026-03")


def _late(unit: Department, ref: int, due_on: date) -> Overdue:
    task = Subject(
        kind="target_task",
        ref=ref,
        title=f"目标任务 {ref}",
        url=f"/targets/tasks/{ref}/",
        department_id=unit.pk,
    )
    return Overdue(subject=task, step="milestone", due_on=due_on)


def test_subject_cards_count_in_the_month_they_were_issued(world: Any, login: Any) -> None:
    county = Department.objects.get(code="620722")  # 民乐县: no approval case
    ours = _late(world.gongshang, 1, date(2026, 3, 9))
    theirs = _late(county, 2, date(2026, 3, 9))
    with travel_to(date(2026, 3, 10)):
        sweep_subject_cards(kind="target_task", overdue=[ours, theirs], today=date(2026, 3, 10))
    # Remedied on 11 Mar: the card is closed but was issued in March.
    with travel_to(date(2026, 3, 11)):
        assert (
            sweep_subject_cards(
                kind="target_task", overdue=[theirs], today=date(2026, 3, 11)
            ).closed
            == 1
        )
    # A card issued in April is April's.
    april = _late(world.gongshang, 3, date(2026, 4, 1))
    with travel_to(date(2026, 4, 2)):
        sweep_subject_cards(kind="target_task", overdue=[theirs, april], today=date(2026, 4, 2))
    with travel_to(date(2026, 4, 10)):
        figures = metrics.compute(MARCH, "department")
        actions.rollup_month(date(2026, 3, 1))
        by_window = metrics.compute(MARCH, "window")
    # The case cards of the world (2 yellow, 1 red) plus the task's yellow.
    assert (figures[world.gongshang.pk].yellow_cards, figures[world.gongshang.pk].red_cards) == (
        3,
        1,
    )
    assert figures[county.pk].yellow_cards == 1
    assert figures[county.pk].accepted == 0
    assert all(w.yellow_cards is None for w in by_window.values())
    row = MonthlyMetric.objects.get(department=world.gongshang, month=date(2026, 3, 1))
    assert row.yellow_cards == 3
    assert row.score == Decimal("78.00")  # 83 in the world without it, − 5 for the yellow
    assert MonthlyMetric.objects.get(department=county, month=date(2026, 3, 1)).yellow_cards == 1
    # The drill-down behind the figure lists the task's card beside the cases.
    client = login("supervisor")
    query = f"period=2026-03&level=department&figure=yellow_cards&unit={world.gongshang.pk}"
    with travel_to(date(2026, 4, 10)):
        page = client.get(f"/scores/cases/?{query}").content.decode()
    assert 'href="/targets/tasks/1/"' in page
    assert "/targets/tasks/3/" not in page  # April's
