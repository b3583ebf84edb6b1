"""The frugality API: the same actions and selectors as the pages, scoped
lists, stable error codes (400/403/404/409), never a 500 on bad input."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from frugality_support import REGISTER_DAY, World

from xiaoneng.core.timesource import travel_to
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

RECEPTION = {
    "sending_unit": "酒泉市市场监督管理局",
    "letter_number": "酒市监函〔2026〕9号",
    "letter_date": "2026-10-08",
    "guest_level": "same",
    "guests": 4,
    "purpose": "学习窗口服务经验",
    "start_on": "2026-10-13",
    "end_on": "2026-10-13",
    "companions": 2,
    "meals": 1,
    "planned_cost": "600",
}


def test_reception_register_approve_actuals(world: World, api: Any) -> None:
    with travel_to(REGISTER_DAY):
        office = api("office")
        made = office.post("/receptions", RECEPTION)
        assert made.status_code == 201, made.content
        rid = made.json()["id"]
        assert made.json()["status"] == "pending"
        assert office.post(f"/receptions/{rid}/approve", {"approve": True}).status_code == 403
        head = api("depthead")
        approved = head.post(f"/receptions/{rid}/approve", {"approve": True, "note": "同意"})
        assert approved.status_code == 200, approved.content
        assert approved.json()["status"] == "approved"
    with travel_to(date(2026, 10, 14)):
        office = api("office")
        body = {
            "actual_guests": 4,
            "actual_companions": 2,
            "actual_meals": 1,
            "meal_cost": "580.00",
            "alcohol": True,
            "alcohol_on": "2026-10-13",
            "checklist": "10月13日午餐 6人 580元",
        }
        done = office.post(f"/receptions/{rid}/actuals", body)
        assert done.status_code == 200, done.content
        assert done.json()["actual_cost"] == "580.00"
        assert done.json()["alcohol"] is True
    assert Anomaly.objects.filter(subject_ref=rid, kind="reception_alcohol").exists()


def test_reception_errors_have_codes(world: World, api: Any) -> None:
    with travel_to(REGISTER_DAY):
        office = api("office")
        bad = office.post("/receptions", {**RECEPTION, "companions": 4})
        assert bad.status_code == 400
        assert bad.json()["code"] == "reception_companions_over"
        assert office.post("/receptions", {**RECEPTION, "guests": "many"}).status_code in (400, 422)
        assert office.get("/receptions/999999").status_code == 404


def test_lists_are_scoped(world: World, api: Any) -> None:
    with travel_to(REGISTER_DAY):
        assert api("office").post("/receptions", RECEPTION).status_code == 201
        assert api("zj_office").post("/receptions", RECEPTION).status_code == 201
        mine = api("office").get("/receptions").json()
        assert [r["department"] for r in mine] == [world.gongshang.name]
        rid = mine[0]["id"]
        assert api("zj_office").get(f"/receptions/{rid}").status_code == 404
        assert len(api("caizheng").get("/receptions").json()) == 2
        assert api("window").get("/receptions").json() == []


def test_vehicle_request_refused_without_urgency_and_approved_by_the_leader(
    world: World, api: Any
) -> None:
    body = {"kind": "emergency", "model_wanted": "应急车", "budget": "180000", "urgent": False}
    with travel_to(REGISTER_DAY):
        refused = api("office").post("/vehicles/requests", body)
        assert refused.status_code == 400
        assert refused.json()["code"] == "vehicle_not_urgent"
        made = api("office").post(
            "/vehicles/requests", {**body, "urgent": True, "urgent_reason": "汛期应急保障"}
        )
        assert made.status_code == 201
        pid = made.json()["id"]
        car = {
            "plate": "甘G·B0001",
            "model_name": "应急车",
            "kind": "emergency",
            "origin": "purchase",
            "acquired_on": "2026-10-09",
            "price": "175000",
            "purchase_request_id": pid,
        }
        early = api("office").post("/vehicles", car)
        assert early.status_code == 409
        assert early.json()["code"] == "vehicle_request_required"
        assert (
            api("leader")
            .post(f"/vehicles/requests/{pid}/approve", {"approve": True})
            .json()["status"]
            == "approved"
        )
        registered = api("office").post("/vehicles", car)
        assert registered.status_code == 201, registered.content
        vid = registered.json()["id"]
        used = api("office").post(
            f"/vehicles/{vid}/uses",
            {
                "used_on": "2026-10-09",
                "driver": "李师傅",
                "purpose": "巡查",
                "start_km": 0,
                "end_km": 42,
            },
        )
        assert used.status_code == 201
        assert used.json()["uses"][0]["distance"] == 42
        back = api("office").post(
            f"/vehicles/{vid}/uses",
            {"used_on": "2026-10-09", "driver": "李", "purpose": "x", "start_km": 10, "end_km": 20},
        )
        assert back.status_code == 409
        assert back.json()["code"] == "vehicle_odometer_backwards"
        assert [v["plate"] for v in api("office").get("/vehicles").json()] == ["甘G·B0001"]


def test_trip_person_without_business_refused(world: World, api: Any) -> None:
    body = {
        "purpose": "会谈",
        "destination": "哈萨克斯坦",
        "start_on": "2026-11-02",
        "end_on": "2026-11-06",
        "budget": "60000",
        "persons": [{"name": "李明", "business": "会谈"}, {"name": "王芳"}],
    }
    with travel_to(REGISTER_DAY):
        refused = api("office").post("/trips", body)
        assert refused.status_code == 400
        assert refused.json()["code"] == "trip_person_without_business"
        made = api("office").post("/trips", {**body, "persons": body["persons"][:1]})
        assert made.status_code == 201
        tid = made.json()["id"]
        assert api("leader").post(f"/trips/{tid}/approve", {"approve": True}).status_code == 200
        assert api("office").get(f"/trips/{tid}").json()["status"] == "approved"
