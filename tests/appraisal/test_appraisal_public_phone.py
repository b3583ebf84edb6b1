"""The public board's tables stack into one card a row on a phone (the
portal's `ps-results`: the headers hidden, each cell named by its
`data-label`), so a task's title or a unit's name reads across the screen
instead of one character a line (seen in the portal walk's screenshots)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from appraisal_world import BUREAU
from django.test import Client

from xiaoneng.appraisal import actions
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db
AFTER_Q1 = date(2026, 5, 15)


def _cells(body: str) -> list[str]:
    """The opening tags of the body cells of every table."""
    return re.findall(r"<td[^>]*>", "".join(re.findall(r"<tbody>.*?</tbody>", body, re.S)))


def test_public_tables_stack_on_a_phone(
    client: Client, world: dict[str, Department], users: dict[str, User]
) -> None:
    with travel_to(AFTER_Q1):
        ranking = actions.compute_quarter_ranking(actor=users["inspector"], year=2026, quarter=1)
        actions.publish_quarter(actor=users["inspector"], ranking_id=ranking.pk)
        actions.publish_task_board(actor=users["inspector"])
    for path in ("/appraisal/scoreboard/", f"/appraisal/scoreboard/units/{world[BUREAU].pk}/"):
        body = client.get(path).content.decode()
        tables = re.findall(r'<table class="([^"]*)"', body)
        assert tables
        assert all("ps-results" in classes for classes in tables), (path, tables)
        cells = [c for c in _cells(body) if "xn-empty" not in c]
        assert cells
        # The first cell of a row (a task, a unit, a period) leads its card
        # unnamed; every other cell says what it is.
        rows = re.findall(
            r"<tr[^>]*>(.*?)</tr>", "".join(re.findall(r"<tbody>.*?</tbody>", body, re.S)), re.S
        )
        for row in rows:
            tags = re.findall(r"<td[^>]*>", row)
            if any("xn-empty" in t for t in tags):
                continue
            assert all("data-label=" in t for t in tags[1:]), (path, tags)
