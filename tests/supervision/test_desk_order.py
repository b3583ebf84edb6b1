"""The desk's alert list read a page at a time (`alert_rows`, level by level)
answers exactly what `alert_cases` orders in one query: most severe first,
then the earliest deadline, then the id, and each page continues exactly where
the one before it ended, across the levels."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

import pytest

from worlds import accepted_case
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.supervision.actions import issue_cards
from xiaoneng.supervision.levels import LEVEL_RANK, open_thresholds
from xiaoneng.supervision.models import SupervisionCard
from xiaoneng.supervision.selectors import (
    AlertFilter,
    alert_cases,
    alert_rows,
    desk_figures,
    level_counts,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 30)


@pytest.fixture
def desk_world(users: dict[str, User], promise_item: ApprovalItem) -> None:
    """On 30 Sep: overdue (due 15–17 Sep, two sharing a due date), warning (due
    8 Oct), normal (accepted 28–29 Sep, one of them paused) and untimed (waiting
    for a supplement) cases, received out of their list order."""
    for on in (date(2026, 9, 28), date(2026, 9, 3), date(2026, 9, 17), date(2026, 9, 1)):
        accepted_case(users["window"], promise_item, on)
    for on in (date(2026, 9, 1), date(2026, 9, 29), date(2026, 9, 17), date(2026, 9, 2)):
        accepted_case(users["window"], promise_item, on)
    paused = accepted_case(users["window"], promise_item, date(2026, 9, 28))
    with travel_to(date(2026, 9, 29)):
        case_actions.suspend_case(
            actor=users["reviewer"],
            case_id=paused.pk,
            procedure="expert_review",
            expected_days=10,
            reason="专家评审",
        )
    with travel_to(date(2026, 9, 21)):
        for name in ("乙公司", "丙公司"):
            waiting, _ = case_actions.submit_application(
                actor=users["window"], item_code=promise_item.code, applicant_name=name
            )
            case_actions.issue_supplement_notice(
                actor=users["window"], case_id=waiting.pk, missing=["申请书"]
            )


def _ids(rows: Any) -> list[int]:
    return [row.pk for row in rows]


@pytest.mark.usefixtures("desk_world")
def test_pages_spread_over_the_levels_in_the_lists_order(users: dict[str, User]) -> None:
    supervisor = users["supervisor"]
    with travel_to(TODAY):
        ordered = list(alert_cases(supervisor))
        levels = [row.alert_level for row in ordered]
        assert levels == ["overdue"] * 4 + ["warning"] * 2 + ["normal"] * 3 + ["none"] * 2
        ranks = [(-LEVEL_RANK[row.alert_level], row.due_on or date.max, row.pk) for row in ordered]
        assert ranks == sorted(ranks)
        rows = alert_rows(supervisor)
        assert rows.count() == len(ordered) == 11
        for size in (1, 3, 4, 10):
            pages = [rows[start : start + size] for start in range(0, len(ordered), size)]
            assert [_ids(page) for page in pages] == [
                _ids(ordered[start : start + size]) for start in range(0, len(ordered), size)
            ], size
            for page in pages:  # annotated like alert_cases' rows
                assert all(row.alert_level and row.step for row in page if row.due_on)
        assert rows[5:20] == ordered[5:]
        assert rows[11:21] == []
        overdue = alert_rows(supervisor, AlertFilter(level="overdue"))
        assert overdue.count() == 4
        assert _ids(overdue[1:3]) == _ids(ordered[1:3])


@pytest.mark.usefixtures("desk_world")
def test_desk_page_two_continues_where_page_one_ended(
    users: dict[str, User], client: Any, login: Any, api: Any
) -> None:
    with travel_to(TODAY):
        ordered = _ids(alert_cases(users["supervisor"]))
        login("supervisor")
        listed = [
            [int(pk) for pk in re.findall(r'<tr data-case="(\d+)"', page)]
            for page in (
                client.get("/supervision/").content.decode(),
                client.get("/supervision/", {"page": 2}).content.decode(),
            )
        ]
        assert listed == [ordered[:10], ordered[10:]]
        by_api = [
            [row["id"] for row in api("supervisor").get(f"/supervision/alerts?{query}").json()]
            for query in ("limit=6", "limit=6&offset=6")
        ]
        assert by_api == [ordered[:6], ordered[6:]]


@pytest.mark.usefixtures("desk_world")
def test_level_counts_are_the_lists_levels(users: dict[str, User]) -> None:
    """The range counts (all, untimed, overdue, warning; normal the rest) agree
    with the light each listed case carries, the paused one included."""
    supervisor = users["supervisor"]
    with travel_to(TODAY):
        listed = Counter(row.alert_level for row in alert_cases(supervisor))
        assert level_counts(supervisor) == {
            "none": 2,
            "normal": 3,
            "warning": 2,
            "overdue": 4,
        }
        assert level_counts(supervisor) == {level: listed[level] for level in LEVEL_RANK}


@pytest.mark.usefixtures("desk_world")
def test_open_thresholds_are_the_distinct_thresholds_of_open_cases() -> None:
    open_cases = Case.objects.filter(is_open=True)
    first, last = open_cases.order_by("pk")[:1].get(), open_cases.order_by("-pk")[:1].get()
    Case.objects.filter(pk=first.pk).update(warning_days=7)
    Case.objects.filter(pk=last.pk).update(warning_days=0)
    Case.objects.filter(is_open=False).update(warning_days=9)  # closed: not counted
    expected = sorted(set(open_cases.values_list("warning_days", flat=True)))
    assert len(expected) >= 3
    assert open_thresholds() == expected
    assert open_thresholds(Case.objects.filter(pk=first.pk)) == [7]


@pytest.mark.usefixtures("desk_world")
def test_desk_figures_count_open_cases_with_an_open_card(users: dict[str, User]) -> None:
    supervisor = users["supervisor"]
    with travel_to(TODAY):
        issue_cards()
    cards = SupervisionCard.objects.filter(closed_on__isnull=True, case__is_open=True)
    yellow = set(cards.filter(colour="yellow").values_list("case_id", flat=True))
    assert len(yellow) == 4
    # A closed case keeps its card out of the figures; a second card on a case counts once.
    closed = yellow.pop()
    Case.objects.filter(pk=closed).update(is_open=False)
    card = cards.filter(case_id=next(iter(yellow))).first()
    assert card is not None
    SupervisionCard.objects.create(
        case_id=card.case_id,
        department_id=card.department_id,
        colour="yellow",
        step="notice",
        due_on=card.due_on,
        issued_on=card.issued_on,
        reason="测试：同一办件的第二张黄牌",
        run="second",
    )
    assert desk_figures(supervisor) == {"yellow": 3, "red": 0, "anomaly": 0}
