"""The decisions API: the same actions and selectors as the pages, scoped
lists, the gate order's refusal as a 409 with the missing steps, stable
codes for 403/404."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from decision_support import SPEECHES

from xiaoneng.core.timesource import travel_to
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
REGISTER = {
    "title": "城区供水价格调整",
    "legal_basis": "《价格法》第二十三条",
    "category": "policy",
    "draft": "居民生活用水价格调整为……",
    "explanation": "成本监审结果……",
}


def test_register_and_walk_the_gates_through_the_api(api: Any) -> None:
    with travel_to(DAY):
        sponsor = api("fagai")
        made = sponsor.post("/decisions", REGISTER)
        assert made.status_code == 201, made.content
        pk = made.json()["id"]
        assert made.json()["next_gate"] == "consultation"
        early = sponsor.post(
            f"/decisions/{pk}/opinions",
            {"expert": "赵明", "affiliation": "教授", "signed_on": "2026-03-02", "opinion": "可行"},
        )
        assert early.status_code == 409
        assert early.json()["code"] == "decision_step_out_of_order"
        assert early.json()["detail"]["missing"] == ["公众参与"]
        draft = sponsor.post(f"/decisions/{pk}/draft", {"closes_on": "2026-04-01"})
        assert draft.status_code == 200, draft.content
    assert Anomaly.objects.filter(subject_kind="decision", subject_ref=pk).count() == 1
    with travel_to(date(2026, 4, 2)):
        sponsor = api("fagai")
        assert sponsor.post(f"/decisions/{pk}/adoption", {"adoption": "采纳2条"}).status_code == 200
        assert (
            sponsor.post(
                f"/decisions/{pk}/opinions",
                {
                    "expert": "赵明",
                    "affiliation": "教授",
                    "signed_on": "2026-04-02",
                    "opinion": "可行",
                },
            ).status_code
            == 200
        )
        risk = sponsor.post(
            f"/decisions/{pk}/risks", {"level": "low", "controllable": True, "report": "可控"}
        )
        assert risk.status_code == 200
        assert sponsor.post(f"/decisions/{pk}/reviews", {}).status_code == 200
        review_id = _review_id(pk)
        assert (
            sponsor.post(
                f"/decisions/reviews/{review_id}/result", {"passed": True, "opinion": "x"}
            ).status_code
            == 403
        )
        legal = api("fazhi")
        passed = legal.post(
            f"/decisions/reviews/{review_id}/result", {"passed": True, "opinion": "合法"}
        )
        assert passed.status_code == 200, passed.content
        office = api("zhengfuban")
        body = {
            "session": "第3次常务会议",
            "held_on": "2026-04-02",
            "attendees": "全体",
            "speeches": SPEECHES,
            "outcome": "adopted",
        }
        assert office.post(f"/decisions/{pk}/meeting", body).status_code == 200
        published = api("fagai").post(
            f"/decisions/{pk}/publication", {"text_published": "决定……", "explanation": "解读……"}
        )
        assert published.status_code == 200, published.content
        assert published.json()["stage"] == "published"
        assert [g["state"] for g in published.json()["gates"]] == ["done"] * 5


def _review_id(pk: int) -> int:
    from xiaoneng.decisions.models import LegalityReview

    return LegalityReview.objects.get(decision_id=pk).pk


def test_lists_are_scoped_and_other_units_are_not_found(api: Any) -> None:
    with travel_to(DAY):
        pk = api("fagai").post("/decisions", REGISTER).json()["id"]
        other = api("depthead")
        assert other.get("/decisions").json() == []
        assert other.get(f"/decisions/{pk}").status_code == 404
        refused = other.post(f"/decisions/{pk}/draft", {"closes_on": "2026-04-01"})
        assert refused.status_code == 404
        assert refused.json()["code"] == "decision_not_found"
        assert [d["id"] for d in api("supervisor").get("/decisions").json()] == [pk]
        seen = api("supervisor").post(f"/decisions/{pk}/draft", {"closes_on": "2026-04-01"})
        assert seen.status_code == 403
        assert [d["id"] for d in api("mayor").get("/decisions").json()] == [pk]


def test_a_new_decision_needs_its_title_and_a_catalogue_entry_does_not(
    api: Any, users: dict[str, Any]
) -> None:
    from xiaoneng.decisions import actions

    with travel_to(DAY):
        entry = actions.add_catalogue_item(
            actor=users["zhengfuban"],
            year=2026,
            title="城区供水价格调整",
            sponsor_id=users["fagai"].department_id,
            legal_basis="《价格法》",
            category="policy",
        )
        sponsor = api("fagai")
        untitled = sponsor.post("/decisions", {"draft": "草案", "explanation": "说明"})
        assert untitled.status_code == 400, untitled.content
        assert untitled.json()["code"] == "decision_title_required"
        taken = sponsor.post(
            "/decisions", {"decision_id": entry.pk, "draft": "草案", "explanation": "说明"}
        )
        assert taken.status_code == 201, taken.content
    assert (taken.json()["title"], taken.json()["legal_basis"]) == (
        "城区供水价格调整",
        "《价格法》",
    )
