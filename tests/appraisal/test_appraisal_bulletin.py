"""月通报: each unit's tasks as of the month's end — lights from the earliest
open date (a milestone or the deadline), the month's late and returned
reports, the verified completion — generated, issued, then frozen."""

from __future__ import annotations

from datetime import date

import pytest
from appraisal_world import BUREAU, FAGAI, GANZHOU, MINLE

from xiaoneng.appraisal import actions
from xiaoneng.appraisal.computations import bulletin_rows
from xiaoneng.appraisal.documents import bulletin_letter
from xiaoneng.core.errors import Conflict, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db
FIELDS = ("tasks", "done", "on_schedule", "behind", "red", "reports_late", "reports_returned")


def lines(world: dict[str, Department], month: int) -> dict[str, tuple[object, ...]]:
    codes = {d.pk: c for c, d in world.items()}
    return {
        codes[r["department_id"]]: (*(r[f] for f in FIELDS), r["completion"])
        for r in bulletin_rows(2026, month)
    }


def test_march_by_hand(world: dict[str, Department]) -> None:
    """31 March: the investment task's first milestone is due that very day
    (yellow), the heating task runs to October (green)."""
    assert lines(world, 3) == {
        MINLE: (2, 0, 1, 1, 0, 1, 0, "72.50"),
        GANZHOU: (2, 0, 1, 1, 0, 0, 0, "67.50"),
        BUREAU: (2, 0, 1, 1, 0, 0, 0, "92.50"),
        FAGAI: (2, 0, 1, 1, 0, 1, 1, "35.00"),
    }


def test_april_the_missed_milestone_is_red(world: dict[str, Department]) -> None:
    april = lines(world, 4)
    assert {code: line[3:5] for code, line in april.items()} == dict.fromkeys(
        (MINLE, GANZHOU, BUREAU, FAGAI), (0, 1)
    )
    assert april[MINLE][-1] == "87.50"  # April's verified 100 now counts


def test_generate_issue_and_freeze(world: dict[str, Department], users: dict[str, User]) -> None:
    inspector = users["inspector"]
    with travel_to(date(2026, 4, 10)):
        with pytest.raises(PermissionDenied):
            actions.generate_bulletin(actor=users["organisation"], year=2026, month=3)
        with pytest.raises(Conflict) as early:
            actions.generate_bulletin(actor=inspector, year=2026, month=4)
        bulletin = actions.generate_bulletin(actor=inspector, year=2026, month=3)
        bulletin = actions.issue_bulletin(
            actor=inspector,
            bulletin_id=bulletin.pk,
            text="请逾期单位整改。",
            number="张政督通〔2026〕3号",
        )
        with pytest.raises(Conflict) as frozen:
            actions.generate_bulletin(actor=inspector, year=2026, month=3)
    assert early.value.code == "appraisal_period_not_ended"
    assert frozen.value.code == "appraisal_bulletin_issued"
    letter = bulletin_letter(bulletin)
    assert letter.number == "张政督通〔2026〕3号"
    text = "".join(p.text for p in letter.paragraphs)
    assert "请逾期单位整改。" in text
    assert f"{world[FAGAI].name}：任务2项" in text
