"""Publishing a month's ranking freezes it; permissions and scope; the pages,
the API, the exports (.xlsx headers, the PDF bulletin byte for byte)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from openpyxl import load_workbook

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, PermissionDenied
from xiaoneng.core.timesource import travel_everywhere, travel_to
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import Role, User
from xiaoneng.scores import actions, bulletin, selectors
from xiaoneng.scores.exports import METRIC_HEADERS, SUPERVISION_HEADERS
from xiaoneng.scores.models import MonthlyMetric, RankingPublication
from xiaoneng.system.actions import set_parameter

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)
APRIL_10 = date(2026, 4, 10)


def _publish(users: dict[str, User]) -> RankingPublication:
    with travel_to(APRIL_10):
        return actions.publish_ranking(actor=users["supervisor"], month=MARCH, note="经局务会审定")


def test_publish_freezes_the_snapshot(world: Any, users: dict[str, User], steps: Any) -> None:
    publication = _publish(users)
    published = selectors.published_ranking(MARCH)
    assert published is not None
    assert published.label == "2026年3月"
    assert [(r.rank, r.department_name, r.score) for r in published.rows] == [
        (1, world.other.name, Decimal("110.00")),
        (2, world.gongshang.name, Decimal("83.00")),
    ]
    assert published.rows[1].figures["warnings"] == 3
    assert published.rows[1].figures["on_time_rate"] == "80.0"
    assert published.weights["yellow_card"] == 5
    assert selectors.published_ranking("2026-03") == published
    assert selectors.published_months() == [MARCH]
    event = AuditEvent.objects.get(event_type="score.ranking_published")
    assert event.object_id == str(publication.pk)
    assert event.payload["ranking"][0][0] == 1

    # Later events and heavier weights move the live figures, not the published ranking.
    with travel_to(APRIL_10):
        set_parameter(actor=users["admin"], key="score.yellow_card", value="20")
    steps.decide(users["depthead"], world.cases["F"], date(2026, 3, 31), deliver_by=users["window"])
    with travel_to(APRIL_10):
        actions.recompute_month(actor=users["supervisor"], month=MARCH)
    live = MonthlyMetric.objects.get(month=MARCH, department=world.gongshang)
    assert live.score != Decimal("83.00")
    assert selectors.published_ranking(MARCH) == published

    with travel_to(APRIL_10), pytest.raises(Conflict) as exc:
        actions.publish_ranking(actor=users["supervisor"], month=MARCH)
    assert exc.value.code == "ranking_already_published"


def test_only_a_finished_month_and_only_the_bureau(world: Any, users: dict[str, User]) -> None:
    with travel_to(date(2026, 3, 31)), pytest.raises(Conflict) as exc:
        actions.publish_ranking(actor=users["supervisor"], month=MARCH)
    assert exc.value.code == "ranking_month_not_over"
    for name in ("depthead", "mayor", "window"):
        with travel_to(APRIL_10), pytest.raises(PermissionDenied):
            actions.publish_ranking(actor=users[name], month=MARCH)
        with pytest.raises(PermissionDenied):
            actions.recompute_month(actor=users[name], month=MARCH)
    assert not RankingPublication.objects.exists()


def test_roles_and_the_grant_migration(demo_city: None, users: dict[str, User]) -> None:
    assert has_perm(users["supervisor"], "score.publish")
    for name in ("mayor", "leader", "supervisor", "complaint", "inspector", "depthead"):
        assert has_perm(users[name], "score.view"), name
    for name in ("window", "reviewer", "agent", "applicant"):
        assert not has_perm(users[name], "score.view"), name
    assert not has_perm(users["depthead"], "score.publish")
    # An existing database whose roles predate the scores app.
    role = Role.objects.get(code="supervisor")
    role.permissions = [p for p in role.permissions if not p.startswith("score.")]
    role.save(update_fields=["permissions"])
    migration = import_module("xiaoneng.scores.migrations.0002_grant_permissions")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # idempotent
    role.refresh_from_db()
    assert role.permissions.count("score.publish") == 1
    assert "score.view" in role.permissions


def test_pages(world: Any, users: dict[str, User], client: Any, login: Any) -> None:
    with travel_to(APRIL_10):
        actions.rollup_month(MARCH)
    with travel_everywhere(APRIL_10):
        login("supervisor")
        page = client.get("/scores/", {"period": "2026-03"}).content.decode()
        assert f'data-unit="{world.gongshang.pk}"' in page
        assert f'data-unit="{world.other.pk}"' in page
        assert "83.00" in page
        assert "80.0%" in page
        assert "/scores/cases/?period=2026-03&amp;level=department" in page
        drill = client.get(
            "/scores/cases/",
            {
                "period": "2026-03",
                "level": "department",
                "unit": world.gongshang.pk,
                "figure": "overdue",
            },
        ).content.decode()
        assert drill.count("data-case=") == 2
        for level in ("window", "staff"):
            assert client.get("/scores/", {"period": "2026-03", "level": level}).status_code == 200
        assert client.get(f"/scores/departments/{world.gongshang.pk}/").status_code == 200
        ranking = client.get("/scores/ranking/", {"month": "2026-03"}).content.decode()
        assert 'data-status="draft"' in ranking
        assert "data-publish" in ranking
        response = client.post("/scores/ranking/publish/", {"month": "2026-03"})
        assert response.status_code == 302
        ranking = client.get("/scores/ranking/", {"month": "2026-03"}).content.decode()
        assert 'data-status="published"' in ranking
        assert "data-publish" not in ranking
        pdf = client.get("/scores/ranking/2026-03/bulletin.pdf")
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")

        client.logout()
        login("depthead")  # 本部门及以下: their own scorecard only
        page = client.get("/scores/", {"period": "2026-03"}).content.decode()
        assert f'data-unit="{world.gongshang.pk}"' in page
        assert f'data-unit="{world.other.pk}"' not in page
        assert client.get(f"/scores/departments/{world.gongshang.pk}/").status_code == 200
        assert client.get(f"/scores/departments/{world.other.pk}/").status_code == 404
        assert client.post("/scores/ranking/publish/", {"month": "2026-02"}).status_code == 302
        assert not RankingPublication.objects.filter(month=date(2026, 2, 1)).exists()

        client.logout()
        login("window")
        assert client.get("/scores/").status_code == 403
        assert client.get("/scores/ranking/").status_code == 403


def test_api(world: Any, users: dict[str, User], client: Any, login: Any) -> None:
    with travel_to(APRIL_10):
        actions.rollup_month(MARCH)
    with travel_everywhere(APRIL_10):
        login("depthead")
        body = client.get("/api/v1/scores/metrics", {"period": "2026-03"}).json()
        assert [r["unit_id"] for r in body["rows"]] == [world.gongshang.pk]
        assert body["rows"][0]["score"] == "83.00"
        assert body["rows"][0]["figures"]["satisfaction"] is None
        draft = client.get("/api/v1/scores/ranking", {"month": "2026-03"}).json()
        assert draft["status"] == "draft"
        assert [(r["rank"], r["department_id"]) for r in draft["rows"]] == [(2, world.gongshang.pk)]
        bad = client.get("/api/v1/scores/metrics", {"period": "2026-13"})
        assert bad.status_code == 400
        assert bad.json()["code"] == "period_invalid"
        client.logout()
        login("supervisor")
        staff = client.get("/api/v1/scores/metrics", {"period": "2026-Q1", "level": "staff"}).json()
        assert {r["unit_id"] for r in staff["rows"]} >= {users["window"].pk, users["depthead"].pk}
        actions_ = client.get("/api/v1/scores/ranking", {"month": "2026-03"}).json()
        assert len(actions_["rows"]) == 2
        client.logout()
        login("window")
        denied = client.get("/api/v1/scores/metrics")
        assert denied.status_code == 403


def test_xlsx_exports(world: Any, users: dict[str, User], client: Any, login: Any) -> None:
    with travel_to(APRIL_10):
        actions.rollup_month(MARCH)
    with travel_everywhere(APRIL_10):
        login("supervisor")
        response = client.get("/scores/", {"period": "2026-03", "export": "xlsx"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        # The title, the unit and period, the 数据截至 stamp, then the header.
        assert rows[0][0] == "效能指标（部门）"
        assert rows[1][0] == "单位：张掖市监察局　考核期：2026年3月"
        assert str(rows[2][0]).startswith("数据截至 ")
        rows = rows[3:]
        assert list(rows[0]) == list(METRIC_HEADERS)
        assert rows[2][1] == world.gongshang.name
        assert rows[2][-1] == 83
        assert rows[2][15] == "—"  # satisfaction: no source yet

        response = client.get("/scores/supervision.xlsx", {"period": "2026-03"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == list(SUPERVISION_HEADERS)
        assert rows[0][:3] == ("监察编号", "监察规则编号", "预警类型")
        assert "督办内容" in rows[0]
        assert "责任部门" in rows[0]
        assert sorted(r[2] for r in rows[1:]) == ["红牌", "黄牌", "黄牌"]


def test_bulletin_is_byte_identical(world: Any, users: dict[str, User]) -> None:
    publication = _publish(users)
    first = bulletin.bulletin_pdf(publication)
    second = bulletin.bulletin_pdf(RankingPublication.objects.get(pk=publication.pk))
    assert first.startswith(b"%PDF")
    assert first == second
    letter = bulletin.bulletin_letter(publication)
    assert letter.number == "张监察通〔2026〕3号"
    assert letter.title == "关于2026年3月全市政务服务效能考评排名情况的通报"
    assert letter.dated == APRIL_10


@pytest.mark.parametrize("year", ["0", "10000", "1999", "-5", "abc"])
def test_a_scorecard_year_out_of_range_shows_this_year(
    world: Any, client: Any, login: Any, year: str
) -> None:
    with travel_everywhere(APRIL_10):
        login("supervisor")
        page = client.get(f"/scores/departments/{world.gongshang.pk}/", {"year": year})
    assert page.status_code == 200
    assert page.context["year"] == APRIL_10.year
