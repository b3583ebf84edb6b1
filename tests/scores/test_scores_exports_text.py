"""The scores' .xlsx exports write what people typed as text: an urging
order whose text is a formula stays that text in 电子监察信息, and so does
a unit's name in the metrics (issue 18, item 17)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from xiaoneng.core.sheets import FORMULA_START
from xiaoneng.core.timesource import travel_everywhere, travel_to
from xiaoneng.org.models import User
from xiaoneng.scores.exports import SUPERVISION_HEADERS, metrics_xlsx
from xiaoneng.scores.figures import Figures
from xiaoneng.scores.selectors import Row
from xiaoneng.supervision import actions as supervision_actions

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)"]


def _sheet(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data)).active


def test_urging_orders_and_replies_export_as_text(
    world: Any, users: dict[str, User], client: Any, login: Any
) -> None:
    case = world.cases["F"]
    with travel_to(date(2026, 3, 20)):
        for text in FORMULAS:
            order = supervision_actions.issue_order(
                actor=users["supervisor"],
                case_id=case.pk,
                kind="urge",
                text=text,
                due_on=date(2026, 3, 27),
            )
        supervision_actions.reply_order(actor=users["depthead"], order_id=order.pk, reply="=1+1")
    with travel_everywhere(date(2026, 4, 10)):
        login("supervisor")
        response = client.get("/scores/supervision.xlsx", {"period": "2026-03"})
    assert response.status_code == 200
    sheet = _sheet(response.content)
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    column = list(SUPERVISION_HEADERS).index("督办内容")
    texts = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(t for t in texts if t in FORMULAS) == sorted(FORMULAS)
    replies = [row[column + 2].value for row in sheet.iter_rows(min_row=2)]
    assert "=1+1" in replies
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            assert cell.quotePrefix, cell.coordinate


def test_a_unit_name_that_looks_like_a_formula_stays_a_name() -> None:
    name = '=HYPERLINK("http://x","点击")'
    row = Row(unit_id=1, name=name, figures=Figures(accepted=3), rank=1)
    sheet = _sheet(metrics_xlsx([row], "2026年3月", "部门"))
    (line,) = list(sheet.iter_rows(min_row=2))
    assert (line[1].value, line[1].data_type, line[1].quotePrefix) == (name, "s", True)
    assert line[3].value == 3  # figures stay numbers
    assert line[-1].value == "—"  # no score: the dash, as before
