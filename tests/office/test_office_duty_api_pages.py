"""/api/v1/duty, /api/v1/leave and the pages: the same actions, scoped
reads, stable error codes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from xiaoneng.core.timesource import travel_to
from xiaoneng.office.models.duty import DutyRoster
from xiaoneng.office.sweeps import duty as duty_sweep
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

SPRING = date(2026, 2, 15)


def test_duty_api_and_pages(
    office_world: dict[str, User], api: Any, client: Client, login: Any
) -> None:
    with travel_to(date(2026, 2, 2)):
        duty_sweep.sweep(date(2026, 2, 2))
        office = api("office")
        assert [h["name"] for h in office.get("/duty/holidays").json()] == ["春节"]
        mine = office.get("/duty/rosters").json()
        assert {r["unit"] for r in mine} == {"张掖市工商行政管理局"}
        roster_id = mine[0]["id"]
        incomplete = office.post(f"/duty/rosters/{roster_id}/submit")
        assert (incomplete.status_code, incomplete.json()["code"]) == (
            400,
            "office_roster_incomplete",
        )
        people = office_world["depthead"].pk, office_world["office"].pk
        shifts = [
            {"day": f"2026-02-{d}", "leader_id": people[0], "staff_id": people[1]}
            for d in range(15, 24)
        ]
        saved = office.post(
            f"/duty/rosters/{roster_id}", {"duty_phone": "0936-8213000", "shifts": shifts}
        )
        assert len(saved.json()["shifts"]) == 9
        done = office.post(f"/duty/rosters/{roster_id}/submit").json()
        assert (done["status"], done["late"]) == ("submitted", False)
        fagai = api("fagai")
        assert fagai.get(f"/duty/rosters/{roster_id}").json()["code"] == "office_roster_not_found"
        assert fagai.post(f"/duty/rosters/{roster_id}/submit").status_code == 404
    with travel_to(date(2026, 2, 16)):
        checker = api("zhengfuban")
        unit = DutyRoster.objects.get(pk=roster_id).unit_id
        bad = checker.post("/duty/checks", {"unit_id": unit, "result": "maybe"})
        assert (bad.status_code, bad.json()["code"]) == (400, "office_check_result_invalid")
        made = checker.post("/duty/checks", {"unit_id": unit, "result": "no_answer"})
        assert made.status_code == 201
        assert made.json()["staff"] == "王丽"
        assert (
            api("office").post("/duty/checks", {"unit_id": unit, "result": "absent"}).status_code
            == 403
        )
        assert len(api("supervisor").get("/duty/today").json()) >= 1
        client.logout()
        login("zhengfuban")
        page = client.get("/office/duty/desk/")
        assert page.status_code == 200
        assert "电话无人接听" in page.content.decode()
        export = client.get(f"/office/duty/desk/export.xlsx?holiday={SPRING.isoformat()}")
        assert export.status_code == 200
        assert export.content[:2] == b"PK"
        client.logout()
        login("office")
        assert client.get("/office/duty/").status_code == 200
        assert "2026年2月12日" in client.get(f"/office/duty/rosters/{roster_id}/").content.decode()
        assert client.get("/office/duty/desk/").status_code == 403
        client.logout()
        login("fagai")
        assert client.get(f"/office/duty/rosters/{roster_id}/").status_code == 404


def test_leave_api_and_pages(
    office_world: dict[str, User], api: Any, client: Client, login: Any
) -> None:
    with travel_to(date(2026, 3, 2)):
        head = api("depthead")
        body = {
            "destination": "兰州",
            "purpose": "开会",
            "starts_on": "2026-03-10",
            "ends_on": "2026-03-12",
            "acting_id": office_world["office"].pk,
        }
        bad = head.post("/leave", {**body, "acting_id": office_world["fagai"].pk})
        assert (bad.status_code, bad.json()["code"]) == (400, "office_leave_acting_invalid")
        made = head.post("/leave", body)
        assert made.status_code == 201
        one = made.json()
        assert one["number"].startswith("QJ-2026-")
        assert api("fagai").get(f"/leave/{one['id']}").json()["code"] == "office_leave_not_found"
        refused = api("supervisor").post(f"/leave/{one['id']}/approve", {})
        assert refused.status_code == 403
        approved = api("leader").post(f"/leave/{one['id']}/approve", {"note": "同意"}).json()
        assert approved["status"] == "approved"
        client.logout()
        login("leader")
        assert client.get("/office/leave/desk/").status_code == 200
        client.logout()
        login("depthead")
        assert client.get("/office/leave/").status_code == 200
        assert "QJ-2026-" in client.get(f"/office/leave/{one['id']}/").content.decode()
    with travel_to(date(2026, 3, 13)):
        back = api("depthead").post(f"/leave/{one['id']}/return", {"returned_on": "2026-03-12"})
        assert back.json()["status"] == "returned"
