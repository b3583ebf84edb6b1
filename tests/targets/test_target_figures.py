"""Pages show a task's figures as people write them (1000 户, 12.5 亿元),
not with the four decimal places the database keeps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.targets.models import TargetBook
from xiaoneng.targets.templatetags.target_figures import figure


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1000.0000"), "1000"),
        (Decimal("12.5000"), "12.5"),
        (Decimal("0.0000"), "0"),
        (Decimal("-3.2500"), "-3.25"),
        (Decimal("0.0001"), "0.0001"),
        (None, ""),
    ],
)
def test_figure_drops_trailing_zeros(value: Decimal | None, shown: str) -> None:
    assert figure(value) == shown


def test_desk_and_task_page_show_whole_figures(login: Any, client: Any, book: TargetBook) -> None:
    task = book.tasks.get(code="1.1")  # target 1000 户, baseline 0
    with travel_to(date(2026, 3, 3)):
        login("inspector")
        desk = client.get("/targets/").content.decode()
        page = client.get(f"/targets/tasks/{task.pk}/").content.decode()
        sheet = client.get(f"/targets/books/{book.pk}/").content.decode()
    assert "— / 1000 户" in desk
    assert "基数 0，目标 1000 户" in page
    assert "新增市场主体 1000 户" in sheet
    for html in (desk, page, sheet):
        assert "1000.0000" not in html
