"""Part A's pages and API: each staff role sees its own projects (200) and
not another's (404); the list's filters and .xlsx export; the registration
form, the step forms and their coded refusals; the centre's, venues' and
regulator's desks; the API's paths through the same actions and codes."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from trading_support import AGENCY, at, open_round, party, project

from xiaoneng.core.timesource import travel_to
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User
from xiaoneng.trading.models import Booking, Kind, NoticeKind, Project, Status, Venue

pytestmark = pytest.mark.django_db

ROAD = {
    "kind": "construction",
    "title": "G227线张掖段路面改造工程",
    "description": "沥青混凝土路面改造 12.6 公里",
    "criteria": "comprehensive",
    "speciality": "road",
    "estimate": "8600000",
    "approval_document": "张发改交运〔2026〕118号",
}


def other_tenderer(users: dict[str, User]) -> User:
    return org_actions.create_user(
        actor=users["admin"],
        username="caizheng_zb",
        password="Xn-demo-2026!",
        real_name="韩立",
        department=Department.objects.get(code="620700010"),
        roles=Role.objects.filter(code="trading_tenderer"),
    )


def test_the_project_page_for_each_role(
    trading_world: dict[str, User], login: Any, client: Client
) -> None:
    mine = project(trading_world)
    open_round(mine, date(2026, 9, 14), at(date(2026, 10, 12)))
    land = project(trading_world, kind=Kind.LAND, criteria="highest_price", with_agency=False)
    url = f"/trading/{mine.pk}/"
    for username in ("zhaobiao", "daili", "jiaoyi", "zhujian", "supervisor"):
        client.logout()
        login(username)
        page = client.get(url)
        assert page.status_code == 200, username
        assert mine.code in page.content.decode()
    # 市住建局 regulates construction, not land; the agency was not entrusted with it.
    for username in ("zhujian", "daili"):
        client.logout()
        login(username)
        assert client.get(f"/trading/{land.pk}/").status_code == 404, username
    client.logout()
    login("toubiao1")  # a bidder reads no project's internal page
    assert client.get(url).status_code == 403


def test_another_departments_tenderer_gets_404(
    trading_world: dict[str, User], client: Client
) -> None:
    row = project(trading_world)
    client.force_login(other_tenderer(trading_world))
    assert client.get(f"/trading/{row.pk}/").status_code == 404
    assert row.code not in client.get("/trading/").content.decode()


def test_list_filters_and_export(
    trading_world: dict[str, User], login: Any, client: Client
) -> None:
    road = project(trading_world)
    land = project(trading_world, kind=Kind.LAND, criteria="highest_price")
    login("jiaoyi")
    page = client.get("/trading/", {"kind": "land"}).content.decode()
    assert land.code in page
    assert road.code not in page
    page = client.get("/trading/", {"keyword": road.title}).content.decode()
    assert road.code in page
    sheet = client.get("/trading/", {"kind": "construction", "format": "xlsx"})
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "项目编号"
    assert [r[0] for r in rows[1:]] == [road.code]


def test_register_accept_and_announce_through_the_pages(
    trading_world: dict[str, User], login: Any, client: Client
) -> None:
    login("zhaobiao")
    with travel_to(date(2026, 9, 14)):
        assert client.get("/trading/register/").status_code == 200
        bad = client.post("/trading/register/", {**ROAD, "kind": "land"})
        assert bad.status_code == 400
        assert "trading_criteria_not_for_kind" in bad.content.decode()
        made = client.post("/trading/register/", {**ROAD, "agency_id": party(AGENCY).pk})
        row = Project.objects.get()
        assert made.status_code == 302
        assert made["Location"] == f"/trading/{row.pk}/"
        assert row.code == "JS-2026-0001"
        client.logout()
        login("jiaoyi")
        desk = client.get("/trading/centre/").content.decode()
        assert row.code in desk
        client.post(f"/trading/{row.pk}/accept/")
        row.refresh_from_db()
        assert row.status == Status.ACCEPTED
        client.logout()
        login("daili")
        page = client.get(f"/trading/{row.pk}/").content.decode()
        assert 'data-step="announce"' in page
        refused = client.post(
            f"/trading/{row.pk}/announce/",
            {
                "documents_from": "2026-09-14",
                "bid_deadline": "2026-10-04T09:30",
                "announcement": "公告",
                "documents": "文件",
            },
            follow=True,
        )
        assert "trading_deadline_not_workday" in refused.content.decode()
        client.post(
            f"/trading/{row.pk}/announce/",
            {
                "documents_from": "2026-09-14",
                "bid_deadline": "2026-10-08T09:30",
                "announcement": "公告",
                "documents": "文件",
            },
        )
        row.refresh_from_db()
        assert row.status == Status.TENDERING
        page = client.get(f"/trading/{row.pk}/").content.decode()
        assert 'data-notice="announcement"' in page
        assert "2026年10月8日" in page
        assert "发布招标公告和招标文件" in page  # the timeline
        assert client.post(f"/trading/{row.pk}/nonsense/").status_code == 404


def test_desks_of_the_centre_and_the_regulator(
    trading_world: dict[str, User], login: Any, client: Client
) -> None:
    row = project(trading_world)
    round_ = open_round(row, date(2026, 9, 14), at(date(2026, 10, 12)))
    login("jiaoyi")
    with travel_to(date(2026, 10, 9)):
        desk = client.get("/trading/centre/").content.decode()
        assert f'data-opening="{round_.pk}"' in desk
        assert "未预约" in desk
        venue = Venue.objects.get(name="第一开标室")
        client.post(
            "/trading/venues/book/",
            {
                "round_id": round_.pk,
                "venue_id": venue.pk,
                "purpose": "opening",
                "starts_at": "2026-10-12T09:00",
                "ends_at": "2026-10-12T11:00",
            },
        )
        assert Booking.objects.filter(venue=venue).count() == 1
        page = client.get("/trading/venues/", {"day": "2026-10-12"}).content.decode()
        assert row.code in page
    client.logout()
    login("zhujian")
    page = client.get("/trading/regulator/").content.decode()
    assert row.code in page
    assert client.get("/trading/centre/").status_code == 403


def test_the_api(trading_world: dict[str, User], api: Any) -> None:
    with travel_to(date(2026, 9, 14)):
        tenderer = api("zhaobiao")
        made = tenderer.post("/trading/projects", ROAD)
        assert made.status_code == 201, made.content
        pk = made.json()["id"]
        assert made.json()["code"] == "JS-2026-0001"
        assert tenderer.post("/trading/projects", {**ROAD, "estimate": "x"}).json()["code"] == (
            "trading_estimate_invalid"
        )
        refused = tenderer.post(f"/trading/projects/{pk}/accept")
        assert refused.status_code == 403
        centre = api("jiaoyi")
        assert centre.post(f"/trading/projects/{pk}/accept").json()["status"] == "accepted"
        refused = centre.post(
            f"/trading/projects/{pk}/announce",
            {
                "documents_from": "2026-09-14",
                "bid_deadline": "2026-10-08T09:30",
                "announcement": "公告",
                "documents": "文件",
            },
        )
        assert refused.status_code == 403
        tenderer = api("zhaobiao")
        short = tenderer.post(
            f"/trading/projects/{pk}/announce",
            {
                "documents_from": "2026-09-14",
                "bid_deadline": "2026-10-03T09:30",
                "announcement": "公告",
                "documents": "文件",
            },
        )
        assert (short.status_code, short.json()["code"]) == (400, "trading_tender_period_too_short")
        assert short.json()["detail"]["earliest"] == "2026-10-08"
        done = tenderer.post(
            f"/trading/projects/{pk}/announce",
            {
                "documents_from": "2026-09-14",
                "bid_deadline": "2026-10-08T09:30",
                "announcement": "公告",
                "documents": "文件",
            },
        )
        assert done.json()["status"] == "tendering"
        assert [n["kind"] for n in done.json()["notices"]] == [
            NoticeKind.ANNOUNCEMENT,
            NoticeKind.DOCUMENTS,
        ]
    with travel_to(date(2026, 9, 25)):
        late = tenderer.post(f"/trading/projects/{pk}/clarify", {"text": "修改"})
        assert (late.status_code, late.json()["code"]) == (409, "trading_clarification_too_late")
        moved = tenderer.post(
            f"/trading/projects/{pk}/clarify",
            {"text": "修改", "new_deadline": "2026-10-12T09:30"},
        )
        assert moved.status_code == 200, moved.content
        earlier = tenderer.post(
            f"/trading/projects/{pk}/deadline",
            {"new_deadline": "2026-10-09T09:30", "reason": "提前"},
        )
        assert earlier.json()["code"] == "trading_deadline_not_later"
        listed = tenderer.get("/trading/projects?kind=construction").json()
        assert [p["code"] for p in listed] == ["JS-2026-0001"]
        round_id = tenderer.get(f"/trading/projects/{pk}").json()["rounds"][0]["id"]
        centre = api("jiaoyi")
        venue = Venue.objects.get(name="第一开标室").pk
        body = {
            "round_id": round_id,
            "venue_id": venue,
            "purpose": "opening",
            "starts_at": "2026-10-12T09:00",
            "ends_at": "2026-10-12T11:00",
        }
        booked = centre.post("/trading/bookings", body)
        assert booked.status_code == 201, booked.content
        taken = centre.post("/trading/bookings", {**body, "starts_at": "2026-10-12T10:00"})
        assert (taken.status_code, taken.json()["code"]) == (409, "trading_venue_taken")
        venues = centre.get("/trading/venues?day=2026-10-12").json()
        assert any(v["bookings"] for v in venues if v["id"] == venue)
    tenderer = api("zhaobiao")
    assert tenderer.get("/trading/projects/999999").json()["code"] == "trading_project_not_found"
    assert (
        tenderer.post(f"/trading/projects/{pk}/terminate", {"reason": "资金未落实"}).json()[
            "status"
        ]
        == "terminated"
    )
