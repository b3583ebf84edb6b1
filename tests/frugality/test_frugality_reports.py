"""三公经费: per department and month, recomputed by hand; a unit reads its
own, finance reads all; the public page shows only what was published (a
snapshot of the year), with no sign-in; the .xlsx writes the same figures."""

from __future__ import annotations

import io
import re
import threading
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from frugality_support import World, actuals_fields, reception_fields
from openpyxl import load_workbook

from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.frugality import actions, selectors
from xiaoneng.frugality.exports import report_xlsx
from xiaoneng.frugality.models import PublishedYear
from xiaoneng.frugality.selectors import year_figures
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def _reception(world: World, office: str, head: str, start: date, meal: str) -> None:
    registered_on = date(start.year, start.month, 1)
    with travel_to(registered_on):
        row = actions.register_reception(
            actor=world.users[office],
            **reception_fields(
                start_on=start,
                end_on=start,
                letter_date=registered_on,
                nights=0,
                planned_cost=Decimal("3000"),
            ),
        )
        actions.decide_reception(actor=world.users[head], reception_id=row.pk, approve=True)
    with travel_to(start):
        actions.record_reception_actuals(
            actor=world.users[office],
            reception_id=row.pk,
            **actuals_fields(
                meal_cost=Decimal(meal), lodging_cost=0, other_cost=Decimal("50"), actual_nights=0
            ),
        )


@pytest.fixture
def year(world: World) -> World:
    """2026 by hand, 市工商局:
    - receptions: 9 Mar 1,200 + 50 = 1,250; 13 Oct 900 + 50 = 950 (a pending one counts nothing)
    - a vehicle bought 10 Jun for 176,500 on its approved request
    - running costs: 15 Jun 60.50, 16 Jun 39.50 (a legacy car's price is not a purchase)
    - a trip departing 8 Jun, actual 81,234.50
    市质监局: a reception on 13 Oct, 700 + 50 = 750.
    A reception of 2025 is not in 2026."""
    u = world.users
    _reception(world, "office", "depthead", date(2026, 3, 9), "1200")
    _reception(world, "office", "depthead", date(2026, 10, 13), "900")
    _reception(world, "zj_office", "zj_head", date(2026, 10, 13), "700")
    _reception(world, "office", "depthead", date(2025, 12, 8), "500")
    with travel_to(date(2026, 10, 20)):
        actions.register_reception(
            actor=u["office"],
            **reception_fields(
                start_on=date(2026, 11, 2),
                end_on=date(2026, 11, 2),
                letter_date=date(2026, 10, 20),
                nights=0,
                planned_cost=Decimal("3000"),
            ),
        )
    with travel_to(date(2026, 6, 1)):
        ask = actions.request_vehicle_purchase(
            actor=u["office"],
            kind="emergency",
            model_wanted="应急保障车",
            budget="180000",
            urgent=True,
            urgent_reason="汛期应急",
        )
        actions.decide_vehicle_purchase(actor=u["leader"], request_id=ask.pk, approve=True)
    with travel_to(date(2026, 6, 10)):
        car = actions.register_vehicle(
            actor=u["office"],
            plate="甘G·A1234",
            model_name="应急保障车",
            kind="emergency",
            origin="purchase",
            acquired_on=date(2026, 6, 10),
            price="176500",
            purchase_request_id=ask.pk,
        )
        actions.register_vehicle(
            actor=u["office"],
            plate="甘G·00001",
            model_name="旧车",
            kind="general",
            origin="legacy",
            acquired_on=date(2012, 1, 1),
            price="150000",
            document="补录",
        )
    for day, start, end, cost in (
        (date(2026, 6, 15), 0, 80, "60.50"),
        (date(2026, 6, 16), 80, 130, "39.50"),
    ):
        with travel_to(day):
            actions.log_vehicle_use(
                actor=u["office"],
                vehicle_id=car.pk,
                used_on=day,
                driver="李师傅",
                purpose="应急检查",
                start_km=start,
                end_km=end,
                cost=cost,
            )
    with travel_to(date(2026, 5, 6)):
        trip = actions.request_trip(
            actor=u["office"],
            purpose="会谈",
            destination="哈萨克斯坦",
            start_on=date(2026, 6, 8),
            end_on=date(2026, 6, 14),
            budget="86000",
            persons=[{"name": "李明", "post": "副局长", "business": "会谈"}],
        )
        actions.decide_trip(actor=u["leader"], trip_id=trip.pk, approve=True)
    with travel_to(date(2026, 6, 15)):
        actions.record_trip_actuals(actor=u["office"], trip_id=trip.pk, actual_cost="81234.50")
    return world


def _by_name(rows: Any) -> dict[str, Any]:
    return {r.name: r for r in rows}


def test_the_figures_by_hand(year: World) -> None:
    rows = _by_name(year_figures(year.users["caizheng"], 2026))
    gs = next(r for r in rows.values() if r.department_id == year.gongshang.pk)
    zj = next(r for r in rows.values() if r.department_id == year.zhijian.pk)
    assert gs.months[3]["reception"] == Decimal("1250.00")
    assert gs.months[10]["reception"] == Decimal("950.00")
    assert gs.months[6] == {
        "reception": Decimal("0.00"),
        "vehicle_purchase": Decimal("176500.00"),
        "vehicle_running": Decimal("100.00"),
        "trip": Decimal("81234.50"),
    }
    assert set(gs.months) == {3, 6, 10}
    assert gs.year == {
        "reception": Decimal("2200.00"),
        "vehicle_purchase": Decimal("176500.00"),
        "vehicle_running": Decimal("100.00"),
        "trip": Decimal("81234.50"),
    }
    assert gs.grand_total == Decimal("260034.50")
    assert zj.year["reception"] == Decimal("750.00")
    assert len(rows) == 2


def test_a_unit_reads_its_own_figures_only(year: World) -> None:
    (own,) = year_figures(year.users["office"], 2026)
    assert own.department_id == year.gongshang.pk
    assert year_figures(year.users["window"], 2026) == []  # no frugality permission


def test_the_xlsx_has_the_same_figures(year: World) -> None:
    rows = year_figures(year.users["caizheng"], 2026)
    sheet = load_workbook(io.BytesIO(report_xlsx(2026, rows))).active
    assert sheet is not None
    table = [[c.value for c in r] for r in sheet.iter_rows()]
    assert table[0][:2] == ["单位", "月份"]
    year_rows = {r[0]: r for r in table[1:] if r[1] == "2026年全年"}
    gs_name = next(r.name for r in rows if r.department_id == year.gongshang.pk)
    assert Decimal(str(year_rows[gs_name][6])) == Decimal("260034.50")
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_publication_is_a_snapshot_shown_to_the_public(year: World, client: Client) -> None:
    assert "暂无公开的三公经费" in client.get("/frugality/public/").content.decode()
    with travel_to(date(2026, 12, 31)):
        published = actions.publish_year(actor=year.users["caizheng"], year=2026)
    assert published.figures["total"] == "260784.50"  # 260,034.50 + 750
    # Every published amount to the fen (SQLite sums decimals as floats).
    amounts = [published.figures["total"], *published.figures["totals"].values()]
    for row in published.figures["departments"]:
        amounts += [v for k, v in row.items() if k != "name"]
    assert all(re.fullmatch(r"\d+\.\d{2}", a) for a in amounts), amounts
    page = client.get("/frugality/public/").content.decode()
    assert "2026年三公经费" in page
    assert "260784.50" in page
    assert "81234.50" in page
    # A later change is not public until published again.
    _reception(year, "zj_office", "zj_head", date(2026, 12, 14), "100")
    assert "260784.50" in client.get("/frugality/public/?year=2026").content.decode()
    # No names of people, no receptions' details: aggregates only.
    assert "嘉峪关" not in page
    assert "李明" not in page


def test_only_finance_publishes(year: World) -> None:
    with travel_to(date(2026, 12, 31)):
        with pytest.raises(PermissionDenied):
            actions.publish_year(actor=year.users["office"], year=2026)
        with pytest.raises(InvalidInput):
            actions.publish_year(actor=year.users["caizheng"], year=2027)


@pytest.mark.django_db(transaction=True)
def test_two_first_publications_at_once_leave_one_snapshot(users: dict[str, User]) -> None:
    """Two first publications of a year at once: both succeed, one snapshot
    (no database error for the one that finds the other's row)."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def publish() -> None:
        try:
            barrier.wait()
            with travel_to(date(2026, 12, 31)):
                actions.publish_year(actor=users["caizheng"], year=2026)
            outcomes.append("published")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["published", "published"]
    assert PublishedYear.objects.filter(year=2026).count() == 1


def test_the_report_page_and_its_export(year: World, login: Any) -> None:
    client = login("caizheng")
    page = client.get("/frugality/report/?year=2026").content.decode()
    assert "260784.50" in page
    response = client.get("/frugality/report/export/?year=2026")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post("/frugality/report/publish/", {"year": "2026"})
    assert response.status_code == 302


def test_a_float_sum_from_the_database_is_kept_to_the_fen() -> None:
    # SQLite sums decimal columns as floats (0.1 + 0.2 = 0.30000000000000004);
    # the figures and the published snapshot are to the fen all the same.
    table: dict[int, Any] = {}
    selectors._add(table, [(7, 6, 2645.9 + 0.1), (7, 6, 0.1 + 0.2)], "vehicle_running")
    assert str(table[7].total("vehicle_running")) == "2646.30"
