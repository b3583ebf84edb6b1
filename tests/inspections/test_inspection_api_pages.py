"""/api/v1/inspections and the staff and public pages: the same actions
and selectors, scoped lists, stable error codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from inspection_support import FIRM_A, FIRM_B, REGISTER_DAY, Firms, register

from xiaoneng.core.timesource import travel_to
from xiaoneng.inspections import actions

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "inspect",
    "title": "个体工商户年报抽查",
    "basis": "《企业信息公示暂行条例》",
    "items": ["年度报告"],
    "start_on": "2026-06-08",
    "end_on": "2026-06-10",
    "credit_codes": [FIRM_A],
    "participants": [{"name": "王立", "unit": "市工商局"}],
}


def test_the_api_runs_the_loop(firms: Firms, api: Any) -> None:
    with travel_to(REGISTER_DAY):
        first = api("depthead").post("/inspections", BODY)
        assert first.status_code == 201, first.content
        one = first.json()
        assert (one["status"], one["organiser"]) == ("pending", "张掖市工商行政管理局")
        fagai = api("fagai")
        second = fagai.post("/inspections", {**BODY, "title": "项目核查", "items": ["备案"]})
        two = second.json()
        assert [o["id"] for o in two["overlaps"]] == [one["id"]]
        assert fagai.get(f"/inspections/{one['id']}").status_code == 404  # not its own
        # nor may it act on it: the same 404, not a 403 that tells the row is there
        cancel = fagai.post(f"/inspections/{one['id']}/cancel", {"reason": "x"})
        assert (cancel.status_code, cancel.json()["code"]) == (404, "inspection_not_found")
        joint = fagai.post(f"/inspections/{two['id']}/merge", {"into_id": one["id"]}).json()
        assert joint["co_organisers"] == ["张掖市发展和改革委员会"]
        assert fagai.get(f"/inspections/{one['id']}").status_code == 200  # now co-organised
        refused = api("depthead").post(f"/inspections/{one['id']}/approve", {})
        assert refused.status_code == 403
        leader = api("leader")
        assert [a["id"] for a in leader.get("/inspections?status=pending").json()] == [one["id"]]
        approved = leader.post(f"/inspections/{one['id']}/approve", {"note": "同意"}).json()
        assert approved["status"] == "approved"
    with travel_to(REGISTER_DAY.replace(month=6, day=15)):
        held = api("depthead").post(
            f"/inspections/{one['id']}/held",
            {
                "held_start": "2026-06-08",
                "held_end": "2026-06-11",
                "items": ["年度报告"],
                "credit_codes": [FIRM_A],
            },
        )
        assert held.json()["status"] == "held"
        bad = api("depthead").post(f"/inspections/{one['id']}/held", {"held_start": "x"})
        assert bad.status_code in (400, 422)


def test_api_errors_have_stable_codes(firms: Firms, api: Any) -> None:
    with travel_to(REGISTER_DAY):
        bad = api("depthead").post("/inspections", {**BODY, "credit_codes": ["91620700MA7100001D"]})
    assert bad.status_code == 400
    assert bad.json()["code"] == "inspection_credit_code_invalid"
    assert api("window").post("/inspections", BODY).status_code == 403
    assert api("depthead").get("/inspections/999999").json()["code"] == "inspection_not_found"


def test_the_staff_pages_render_for_their_roles(firms: Firms, client: Client, login: Any) -> None:
    row = register(firms.users["depthead"])
    login("depthead")
    for url in (
        "/inspections/",
        "/inspections/register/",
        f"/inspections/{row.pk}/",
        "/inspections/plan/",
        "/inspections/inspectors/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/inspections/enterprises/").status_code == 403
    assert client.get("/inspections/approvals/").status_code == 403
    with travel_to(REGISTER_DAY):
        made = client.post(
            "/inspections/register/",
            {
                "kind": "observe",
                "title": "市场监管现场观摩",
                "basis": "全市工作会议安排",
                "items": "观摩登记大厅\n观摩档案室",
                "start": "2026-06-09",
                "end": "2026-06-09",
                "codes": FIRM_A,
                "participants": "王立，市工商局",
                "companions": "马永福，副县长，民乐县人民政府",
            },
        )
    assert made.status_code == 302
    page = client.get(made["Location"]).content.decode()
    assert "发现重叠的活动" in page
    assert "合并为联合检查" in page
    client.logout()
    login("leader")
    assert "市场监管现场观摩" in client.get("/inspections/approvals/").content.decode()
    client.logout()
    login("inspector")
    for url in ("/inspections/enterprises/", "/inspections/reports/", "/inspections/plan/"):
        assert client.get(url).status_code == 200, url
    with travel_to(REGISTER_DAY):
        added = client.post(
            "/inspections/enterprises/",
            {"credit_code": "91620700MA7100005Q", "name": "张掖市新企业", "industry": "餐饮"},
        )
    assert "data-query-code" in added.content.decode()


def test_the_public_pages_render_without_a_sign_in(firms: Firms, client: Client) -> None:
    row = register(firms.users["depthead"], credit_codes=[FIRM_A, FIRM_B])
    with travel_to(REGISTER_DAY):
        actions.approve_activity(actor=firms.users["leader"], activity_id=row.pk)
    burden = client.get("/inspections/burden/?year=2026").content.decode()
    assert "张掖市甘泉食品有限公司" in burden
    assert "张掖市工商行政管理局" in burden
    assert "王立" not in burden  # no person's name
    for url in ("/inspections/enterprise/", "/inspections/random/", "/inspections/burden/?year=x"):
        assert client.get(url).status_code == 200, url


def test_the_record_page_steps_reach_their_actions(firms: Firms, login: Any) -> None:
    """Each step posted from the activity's page hands its form fields to its action."""
    users = firms.users
    with travel_to(REGISTER_DAY):
        actions.add_inspector(actor=users["depthead"], name="李梅", certificate_no="GS-0101")
    row = register(users["depthead"], credit_codes=[])
    other = register(users["depthead"], title="广告检查", items=["广告"], credit_codes=[FIRM_B])
    client = login("depthead")
    with travel_to(REGISTER_DAY):
        drawn = {"enterprise_count": "1", "inspector_count": "1", "industry": ""}
        client.post(f"/inspections/{row.pk}/draw/", drawn)
        client.post(f"/inspections/{row.pk}/separate/", {"reason": "专项检查"})
        client.post(f"/inspections/{other.pk}/cancel/", {"reason": "任务调整"})
        client = login("leader")
        client.post(f"/inspections/{row.pk}/approve/", {"note": "同意"})
    row.refresh_from_db()
    other.refresh_from_db()
    assert row.target_enterprises.count() == 1
    assert (row.overlap_reason, row.status, row.decision_note) == ("专项检查", "approved", "同意")
    assert (other.status, other.cancel_reason) == ("cancelled", "任务调整")
