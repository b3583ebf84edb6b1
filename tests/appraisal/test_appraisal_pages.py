"""The desks, the downloads and the public board: who may open what, the
public pages show only what was published (as it was then), no person."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from appraisal_world import BUREAU, FAGAI, MINLE
from django.test import Client
from openpyxl import load_workbook

from xiaoneng.appraisal import actions
from xiaoneng.appraisal.models import Bulletin, Publication, QuarterRanking, YearResult
from xiaoneng.core.errors import Conflict, DomainError
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db
AFTER_Q1 = date(2026, 5, 15)


@pytest.fixture
def ranked(world: dict[str, Department], users: dict[str, User]) -> QuarterRanking:
    with travel_to(AFTER_Q1):
        return actions.compute_quarter_ranking(actor=users["inspector"], year=2026, quarter=1)


def test_the_public_board_hides_what_is_not_published(
    client: Client, ranked: QuarterRanking, world: dict[str, Department]
) -> None:
    page = client.get("/appraisal/scoreboard/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "尚未公布季度评比" in body
    assert world[MINLE].name not in body  # the draft ranking stays inside
    assert client.get(f"/appraisal/scoreboard/units/{world[MINLE].pk}/").status_code == 404


def test_the_public_board_shows_the_snapshot_without_names(
    client: Client, ranked: QuarterRanking, world: dict[str, Department], users: dict[str, User]
) -> None:
    with travel_to(AFTER_Q1):
        actions.publish_quarter(actor=users["inspector"], ranking_id=ranked.pk)
        actions.publish_task_board(actor=users["inspector"])
    body = client.get("/appraisal/scoreboard/").content.decode()
    assert "2026年第一季度目标任务评比排名" in body
    assert world[BUREAU].name in body
    assert "92.50" in body
    assert "2026年12月31日" in body  # the investment task's deadline, as people read dates
    assert "固定资产投资" in body
    assert "城区集中供热改造" in body
    # The responsible leader and person are never on a public page.
    for name in ("王副市长", "赵主任", "钱科长"):
        assert name not in body
    stored = json.dumps([p.rows for p in Publication.objects.all()], ensure_ascii=False)
    assert "王副市长" not in stored
    assert "赵主任" not in stored
    card = client.get(f"/appraisal/scoreboard/units/{world[FAGAI].pk}/").content.decode()
    assert world[FAGAI].name in card
    assert "34.00" in card
    assert "赵主任" not in card
    # The nav of the portal points at the board.
    assert 'href="/appraisal/scoreboard/"' in client.get("/").content.decode()


def test_the_board_is_a_snapshot(
    client: Client, ranked: QuarterRanking, users: dict[str, User]
) -> None:
    with travel_to(AFTER_Q1):
        actions.publish_task_board(actor=users["inspector"])
    before = client.get("/appraisal/scoreboard/").content.decode()
    ranked.rows.all().delete()  # whatever happens inside later, the public keeps what it saw
    assert client.get("/appraisal/scoreboard/").content.decode().count(
        "data-task="
    ) == before.count("data-task=")


@pytest.mark.parametrize(
    ("who", "status"),
    [("inspector", 200), ("organisation", 403), ("depthead", 403), ("mayor", 403)],
)
def test_the_desk_is_the_supervision_office_s(login: Any, who: str, status: int) -> None:
    assert login(who).get("/appraisal/").status_code == status


def test_the_desk_walk(login: Any, ranked: QuarterRanking, world: dict[str, Department]) -> None:
    client = login("inspector")
    with travel_to(AFTER_Q1):
        assert client.get("/appraisal/").status_code == 200
        page = client.get(f"/appraisal/quarters/{ranked.pk}/")
        assert page.status_code == 200
        assert world[MINLE].name in page.content.decode()
        sheet = client.get(f"/appraisal/quarters/{ranked.pk}/xlsx/")
        rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
        assert rows[0][:3] == ("类别", "名次", "单位")
        assert rows[1][:3] == ("县（区）", 1, world[MINLE].name)
        response = client.post("/appraisal/do/bulletin/", {"year": "2026", "month": "3"})
        assert response.status_code == 302
        bulletin = Bulletin.objects.get(year=2026, month=3)
        assert client.get(f"/appraisal/bulletins/{bulletin.pk}/").status_code == 200
        pdf = client.get(f"/appraisal/bulletins/{bulletin.pk}/pdf/")
        assert pdf.status_code == 503 or pdf.content.startswith(b"%PDF")
        client.post(f"/appraisal/quarters/{ranked.pk}/publish/")
        # A bad period is a message on the desk, never a 500.
        bad = client.post("/appraisal/do/quarter/", {"year": "x", "quarter": "9"}, follow=True)
        assert "appraisal_period_invalid" in bad.content.decode()
    ranked.refresh_from_db()
    assert ranked.status == "published"
    assert client.get("/appraisal/quarters/99999/").status_code == 404
    assert client.post("/appraisal/nothing/1/publish/").status_code == 404


def test_results_for_the_organisation_department(
    login: Any, world: dict[str, Department], users: dict[str, User]
) -> None:
    with travel_to(date(2027, 1, 20)):
        result = actions.compute_year(actor=users["inspector"], year=2026)
    client = login("organisation")
    assert client.get("/appraisal/results/").status_code == 200
    assert client.get(f"/appraisal/years/{result.pk}/").status_code == 404  # still a draft
    with travel_to(date(2027, 1, 21)):
        actions.approve_year(actor=users["inspector"], result_id=result.pk)
        page = client.get(f"/appraisal/years/{result.pk}/")
        assert page.status_code == 200
        assert "登记奖惩兑现" in page.content.decode()
        # Seeing the result is not publishing it.
        client.post(f"/appraisal/years/{result.pk}/publish/")
        client.post(
            f"/appraisal/years/{result.pk}/reward/",
            {"department_id": world[MINLE].pk, "kind": "reward", "text": "通报表扬"},
        )
    result.refresh_from_db()
    assert result.status == "approved"
    assert YearResult.objects.get().rows.get(department=world[MINLE]).rewards.count() == 1
    sheet = client.get(f"/appraisal/years/{result.pk}/xlsx/")
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "奖惩兑现"
    assert rows[1][-1] == "奖励：通报表扬"
    pdf = client.get(f"/appraisal/years/{result.pk}/pdf/")
    assert pdf.status_code in (200, 503)  # 503 only where the CJK font is not installed
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")


def test_in_january_the_year_just_closed_can_be_published(
    client: Client, ranked: QuarterRanking, users: dict[str, User]
) -> None:
    inspector = users["inspector"]
    with travel_to(date(2027, 1, 6)):
        # This year (2027) has no books yet; the closed year's final state can go out.
        with pytest.raises(Conflict) as empty:
            actions.publish_task_board(actor=inspector)
        assert empty.value.code == "appraisal_nothing_to_rank"
        board = actions.publish_task_board(actor=inspector, year=2026)
        with pytest.raises(DomainError) as older:
            actions.publish_task_board(actor=inspector, year=2025)
    assert board.year == 2026
    assert board.title.startswith("2026年重点工作和为民办实事完成情况（截至2027年1月6日）")
    assert older.value.code == "appraisal_period_invalid"
    assert (
        "2026年重点工作和为民办实事完成情况"
        in client.get("/appraisal/scoreboard/").content.decode()
    )
