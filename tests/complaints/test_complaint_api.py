"""The 效能投诉 API: staff entry, the steps with their permissions, the due
dates, the house's error shape for bad input (never a 500), and the accused
department's view without the complainant."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department

pytestmark = pytest.mark.django_db

NAME, PHONE = "钱学林", "13912345678"


@pytest.fixture
def bureau(demo_city: None) -> Department:
    return Department.objects.get(code="620700005")  # 市工商局


def _entry(bureau: Department, **extra: Any) -> dict[str, Any]:
    return {
        "channel": "hotline",
        "category": "rudeness",
        "department_id": bureau.pk,
        "title": "窗口人员态度蛮横",
        "description": "办理营业执照时窗口人员态度蛮横",
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        **extra,
    }


def test_the_centre_enters_accepts_and_concludes(api: Any, bureau: Department) -> None:
    with travel_to(date(2026, 9, 28)):
        centre = api("complaint")
        created = centre.post("/complaints", _entry(bureau))
        assert created.status_code == 201, created.content
        body = created.json()
        cid = body["complaint"]["id"]
        assert body["complaint"]["complainant"]["name"] == NAME
        # By hand: 9/29, 9/30, (10/1–10/7 National Day), 10/8, 10/9, Saturday 10/10 (调休上班).
        assert body["complaint"]["accept_due_on"] == "2026-10-10"
        accepted = centre.post(f"/complaints/{cid}/accept", {})
        assert accepted.status_code == 200, accepted.content
        assert accepted.json()["status"] == "handling"
        # 9/29, 9/30, 10/8, 10/9, 10/10, 10/12–16, 10/19–23: the 15th working day.
        assert accepted.json()["conclude_due_on"] == "2026-10-23"
        again = centre.post(f"/complaints/{cid}/accept", {})
        assert again.status_code == 409
        assert again.json()["code"] == "not_allowed"
        listed = centre.get("/complaints?light=normal")
        assert [c["id"] for c in listed.json()] == [cid]
        assert listed.json()[0]["light"] == "normal"
        assert [c["id"] for c in centre.get("/complaints?status=open").json()] == [cid]
        assert centre.get("/complaints?status=accepting").json() == []
        assert centre.get("/complaints?light=overdue").json() == []


def test_bad_input_is_refused_with_a_stable_code(api: Any, bureau: Department) -> None:
    centre = api("complaint")
    cases = [
        (_entry(bureau, category="nope"), "complaint_category_invalid"),
        (_entry(bureau, department_id=999999), "complaint_department_invalid"),
        (_entry(bureau, description="字" * 4001), "complaint_text_too_long"),
        (_entry(bureau, title="  "), "complaint_title_required"),
        (_entry(bureau, channel="open311"), "complaint_channel_invalid"),
        (_entry(bureau, complainant_phone="abc"), "complaint_phone_invalid"),
        (_entry(bureau, lat="91", long="100"), "complaint_location_invalid"),
    ]
    for body, code in cases:
        response = centre.post("/complaints", body)
        assert response.status_code == 400, (code, response.content)
        assert response.json()["code"] == code
    assert centre.post("/complaints", {"title": 1}).status_code == 422
    assert centre.get("/complaints/99999999").json()["code"] == "complaint_not_found"
    assert centre.post("/complaints/abc/accept", {}).status_code == 404


def test_the_accused_department_sees_the_matter_not_the_complainant(
    api: Any, bureau: Department
) -> None:
    with travel_to(date(2026, 9, 14)):
        centre = api("complaint")
        cid = centre.post("/complaints", _entry(bureau)).json()["complaint"]["id"]
        centre.post(f"/complaints/{cid}/accept", {})
        asked = centre.post(f"/complaints/{cid}/request-explanation", {"questions": "请说明经过"})
        # 9/15–9/18, then Sunday 9/20 (调休上班): the 5th working day.
        assert asked.json()["explanation_due_on"] == "2026-09-20"
        head = api("depthead")
        listed = head.get("/complaints")
        assert listed.status_code == 200
        assert [c["id"] for c in listed.json()] == [cid]
        detail = head.get(f"/complaints/{cid}")
        text = detail.content.decode()
        assert NAME not in text
        assert PHONE not in text
        assert detail.json()["complainant"] is None
        # Seeing is not acting: the department cannot conclude.
        refused = head.post(
            f"/complaints/{cid}/conclude",
            {
                "outcome": "unsubstantiated",
                "findings": "x",
                "handling_opinion": "x",
                "reply_text": "x",
            },
        )
        assert refused.status_code == 403
        explained = head.post(f"/complaints/{cid}/explanation", {"text": "已批评教育"})
        assert explained.status_code == 200, explained.content
        assert explained.json()["explained_on"] == "2026-09-14"
        assert NAME not in explained.content.decode()


def test_every_step_through_the_api(api: Any, bureau: Department) -> None:
    from xiaoneng.complaints import actions as complaint_actions

    with travel_to(date(2026, 9, 14)):
        centre = api("complaint")
        created = centre.post("/complaints", _entry(bureau)).json()
        first, query_code = created["complaint"]["id"], created["query_code"]
        dup = centre.post("/complaints", _entry(bureau)).json()["complaint"]["id"]
        other = centre.post("/complaints", _entry(bureau, complainant_phone="13700000000"))
        third = other.json()["complaint"]["id"]
        fourth = centre.post("/complaints", _entry(bureau)).json()["complaint"]["id"]
        assert centre.post(f"/complaints/{first}/accept", {}).status_code == 200
        merged = centre.post(f"/complaints/{dup}/merge", {"into_id": first, "reason": "重复"})
        assert merged.json()["status"] == "merged"
        assert merged.json()["merged_into"] == created["complaint"]["number"]
        declined = centre.post(f"/complaints/{third}/decline", {"reason": "不属于受理范围"})
        assert declined.json()["status"] == "declined"
        moved = centre.post(
            f"/complaints/{fourth}/transfer", {"to_body": "市纪委监委", "reason": "涉嫌违纪"}
        )
        assert moved.json()["transferred_to"] == "市纪委监委"
        asked = centre.post(f"/complaints/{first}/request-extension", {"days": 5, "reason": "核查"})
        assert asked.json()["extension_requested_days"] == 5
        assert centre.post(f"/complaints/{first}/approve-extension", {}).status_code == 403
        head = api("complainthead")
        approved = head.post(f"/complaints/{first}/approve-extension", {})
        assert approved.json()["extension_days"] == 5
        conclusion = {"findings": "属实", "handling_opinion": "批评", "reply_text": "已处理"}
        bad = head.post(f"/complaints/{first}/conclude", {"outcome": "maybe", **conclusion})
        assert (bad.status_code, bad.json()["code"]) == (400, "complaint_outcome_invalid")
        done = head.post(f"/complaints/{first}/conclude", {"outcome": "partly", **conclusion})
        assert done.json()["status"] == "concluded"
        called = head.post(f"/complaints/{first}/callback", {"satisfaction": 3, "note": "已回访"})
        assert called.json()["satisfaction"] == 3
        assert (
            head.post(
                f"/complaints/{first}/callback", {"satisfaction": "x", "note": "y"}
            ).status_code
            == 422
        )
    with travel_to(date(2026, 9, 15)):
        complaint_actions.request_reexamination(
            number=done.json()["number"], query_code=query_code, reason="不服"
        )
        reexamined = head.post(
            f"/complaints/{first}/reexamination/conclude",
            {"outcome": "substantiated", "findings": "复查属实", "reply_text": "维持"},
        )
    assert reexamined.status_code == 200, reexamined.content
    assert reexamined.json()["status"] == "reexamined"
    assert reexamined.json()["reexamination_outcome"] == "substantiated"


def test_odd_bodies_never_answer_500(api: Any, bureau: Department) -> None:
    centre = api("complaint")
    cid = centre.post("/complaints", _entry(bureau)).json()["complaint"]["id"]
    odd: list[tuple[str, Any]] = [
        (f"/complaints/{cid}/accept", {"handler_id": 2**70}),
        (f"/complaints/{cid}/accept", {"handler_id": "abc"}),
        (f"/complaints/{cid}/merge", {"into_id": -1, "reason": "x"}),
        (f"/complaints/{cid}/request-extension", {"days": 10**12, "reason": "x"}),
        (f"/complaints/{cid}/decline", {"reason": "\u0000"}),
        ("/complaints", {**_entry(bureau), "department_id": 2**70}),
        ("/complaints", {**_entry(bureau), "lat": "NaN", "long": "1"}),
        ("/complaints", [1, 2, 3]),
    ]
    for path, body in odd:
        response = centre.post(path, body)
        assert 400 <= response.status_code < 500, (path, body, response.status_code)
        assert set(response.json()) == {"code", "message", "detail"}
