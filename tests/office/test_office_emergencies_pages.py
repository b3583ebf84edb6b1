"""Emergencies through the pages and the API: the duty room registers, the
responder checks in on the phone page (geolocation allowed there only),
close, the printable review; coded errors; another unit sees nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.office.models.emergencies import Emergency
from xiaoneng.org.models import Department

pytestmark = pytest.mark.django_db

DAY = date(2026, 7, 14)


def body() -> dict[str, Any]:
    return {
        "title": "西关农贸市场火灾",
        "category": "accident",
        "grade": "4",
        "place": "甘州区西关农贸市场",
        "occurred_at": f"{DAY}T08:30",
        "description": "市场东区商铺起火。",
        "department_id": Department.objects.get(code="620700005").pk,
    }


def test_pages_register_checkin_close_review(office_world: Any, login: Any, client: Any) -> None:
    with travel_to(DAY):
        login("zhengfuban")
        page = client.get("/office/emergencies/")
        assert page.status_code == 200
        assert "登记突发事件" in page.content.decode()
        bad = client.post("/office/emergencies/", body() | {"grade": "9"})
        assert bad.status_code == 400
        assert "office_emergency_grade_invalid" in bad.content.decode()
        made = client.post("/office/emergencies/", body())
        assert made.status_code == 302
        row = Emergency.objects.get()
        detail = client.get(f"/office/emergencies/{row.pk}/")
        assert detail.status_code == 200
        text = detail.content.decode()
        assert "刘卫东" in text
        assert "王振华" in text
        assert "王丽" in text
        assert "处置完毕" in text
        client.logout()
        login("office")
        phone = client.get(f"/office/emergencies/{row.pk}/checkin/")
        assert phone.status_code == 200
        assert "geolocation=(self)" in phone["Permissions-Policy"]
        assert "web/js/geolocate.js" in phone.content.decode()
        done = client.post(
            f"/office/emergencies/{row.pk}/checkin/",
            {"place": "西关农贸市场东门", "latitude": "38.9321", "longitude": "100.4512"},
        )
        assert done.status_code == 200
        assert "已签到" in done.content.decode()
        again = client.post(f"/office/emergencies/{row.pk}/checkin/", {"place": "x"})
        assert again.status_code == 409
        assert "office_emergency_checked_in" in again.content.decode()
        client.logout()
        login("fagai")  # another unit, not called: nothing to see
        assert client.get(f"/office/emergencies/{row.pk}/").status_code == 404
        assert client.get(f"/office/emergencies/{row.pk}/checkin/").status_code == 404
        client.logout()
        login("zhengfuban")
        assert client.post(f"/office/emergencies/{row.pk}/close/").status_code == 302
        client.logout()
        login("supervisor")
        report = client.get(f"/office/emergencies/{row.pk}/review/")
        assert report.status_code == 200
        assert "应到场 3 人，已签到 1 人" in report.content.decode()
        saved = client.post(f"/office/emergencies/{row.pk}/review/", {"review": "响应基本及时。"})
        assert saved.status_code == 302
    row.refresh_from_db()
    assert row.status == "reviewed"
    assert row.review == "响应基本及时。"


def test_api(office_world: Any, api: Any) -> None:
    with travel_to(DAY):
        desk = api("zhengfuban")
        bad = desk.post("/emergencies", body() | {"occurred_at": "2099-01-01T00:00"})
        assert bad.status_code == 400
        assert bad.json()["code"] == "office_emergency_occurred_invalid"
        made = desk.post("/emergencies", body())
        assert made.status_code == 201, made.content
        eid = made.json()["id"]
        assert made.json()["number"] == "TF-2026-0001"
        assert made.json()["arrival_minutes"] == 120
        assert {r["user"] for r in made.json()["responders"]} == {"leader", "depthead", "office"}
        assert desk.post(f"/emergencies/{eid}/log", {"text": "封控现场"}).status_code == 200
        head = api("depthead")
        checked = head.post(f"/emergencies/{eid}/checkin", {"place": "现场"})
        assert checked.status_code == 200, checked.content
        mine = next(r for r in checked.json()["responders"] if r["user"] == "depthead")
        assert mine["arrived_at"]
        assert mine["late"] is False
        assert mine["light"] == "green"
        assert head.post(f"/emergencies/{eid}/close").status_code == 403
        assert head.post(f"/emergencies/{eid}/review", {"review": "x"}).status_code == 403
        other = api("fagai")
        assert other.get(f"/emergencies/{eid}").status_code == 404
        assert other.get("/emergencies").json() == []
        assert other.post(f"/emergencies/{eid}/checkin", {"place": "x"}).status_code == 403
        desk = api("zhengfuban")
        early = desk.post(f"/emergencies/{eid}/review", {"review": "x"})
        assert early.status_code == 409
        assert early.json()["code"] == "office_emergency_not_closed"
        added = desk.post(f"/emergencies/{eid}/responders", {"user_id": 0})
        assert added.json()["code"] == "office_emergency_responder_invalid"
        assert desk.post(f"/emergencies/{eid}/close").json()["status"] == "closed"
        reviewed = desk.post(f"/emergencies/{eid}/review", {"review": "总结"})
        assert reviewed.json()["status"] == "reviewed"
        assert len(api("supervisor").get("/emergencies").json()) == 1
