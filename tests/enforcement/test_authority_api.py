"""The authority API under /api/v1/enforcement: the same actions and scoped
selectors as the desks, refusals answered with the house's error shape and
code, and the public reads of 执法公示 without sign-in (a person masked)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.models import Item, PenaltyCase
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
ITEM = {
    "code": "GS-CF-301",
    "name": "销售不合格产品",
    "legal_basis": "《产品质量法》第三十九条",
    "penalty_basis": "《产品质量法》第五十条",
    "penalties": ["fine", "warning"],
    "fine_min": "1000",
    "fine_max": "50000",
}
BENCHMARKS = {
    "benchmarks": [
        {"grade": "mitigated", "circumstances": "a", "fine_min": "0", "fine_max": "1000"},
        {"grade": "lighter", "circumstances": "b", "fine_min": "1000", "fine_max": "5000"},
        {"grade": "general", "circumstances": "c", "fine_min": "5000", "fine_max": "20000"},
        {"grade": "heavier", "circumstances": "d", "fine_min": "20000", "fine_max": "50000"},
    ]
}


def error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert set(body) == {"code", "message", "detail"}


def test_the_head_keeps_the_list_through_the_api(api: Any, client: Client) -> None:
    with travel_to(DAY):
        head = api("depthead")
        made = head.post("/enforcement/items", ITEM)
        assert made.status_code == 201, made.content
        pk = made.json()["id"]
        assert made.json()["penalties"] == ["warning", "fine"]
        error(head.post("/enforcement/items", ITEM), 409, "enforcement_item_code_taken")
        error(
            head.post("/enforcement/items", {**ITEM, "code": "X", "penalties": ["nope"]}),
            400,
            "enforcement_item_penalties_invalid",
        )
        error(head.post("/enforcement/items/publish", {}), 409, "enforcement_benchmarks_missing")
        bad = {"benchmarks": BENCHMARKS["benchmarks"][:3]}
        error(
            client.put(
                f"/api/v1/enforcement/items/{pk}/benchmarks", bad, content_type="application/json"
            ),
            400,
            "enforcement_benchmark_grades_incomplete",
        )
        set_ = client.put(
            f"/api/v1/enforcement/items/{pk}/benchmarks",
            BENCHMARKS,
            content_type="application/json",
        )
        assert set_.status_code == 200, set_.content
        assert [b["grade"] for b in set_.json()["benchmarks"]] == [
            "mitigated",
            "lighter",
            "general",
            "heavier",
        ]
        published = head.post("/enforcement/items/publish", {})
        assert [i["code"] for i in published.json()] == ["GS-CF-301"]
        assert published.json()[0]["published_on"] == "2026-03-02"
        updated = client.put(
            f"/api/v1/enforcement/items/{pk}",
            {k: v for k, v in ITEM.items() if k != "code"} | {"name": "销售伪劣产品"},
            content_type="application/json",
        )
        assert updated.json()["name"] == "销售伪劣产品"
        repealed = head.post(f"/enforcement/items/{pk}/repeal", {"reason": "职权调整"})
        assert repealed.json()["active"] is False
        listed = head.get("/enforcement/items").json()
        assert [i["code"] for i in listed] == ["GS-CF-301"]


def test_scope_and_permission_through_the_api(enforcement_item: Item, api: Any) -> None:
    pk = enforcement_item.pk
    with travel_to(DAY):
        other = api("fagai")
        error(other.get(f"/enforcement/items/{pk}"), 404, "enforcement_item_not_found")
        error(
            other.post(f"/enforcement/items/{pk}/repeal", {"reason": "x"}),
            404,
            "enforcement_item_not_found",
        )
        assert other.get("/enforcement/items").json() == []
        error(
            other.post("/enforcement/items", {**ITEM, "body_id": enforcement_item.body_id}),
            403,
            "enforcement_body_out_of_scope",
        )
        error(api("window").post("/enforcement/items", ITEM), 403, "permission_denied")
        error(
            api("window").get("/enforcement/items/99999999999999999999"),
            404,
            "enforcement_item_not_found",
        )
        assert [i["code"] for i in api("zhifa").get("/enforcement/items").json()] == ["GS-CF-001"]


def test_certificates_through_the_api(
    enforcement_item: Item, users: dict[str, User], api: Any
) -> None:
    issue = {
        "officer_id": users["zhifa"].pk,
        "body_id": enforcement_item.body_id,
        "number": "620700005202699",
        "field": "市场监管",
        "issued_on": "2026-03-01",
        "valid_until": "2030-12-31",
    }
    with travel_to(DAY):
        error(api("depthead").post("/enforcement/certificates", issue), 403, "permission_denied")
        legal = api("fazhi")
        # zhifa's certificate from the world runs to 2028: this one overlaps it.
        error(legal.post("/enforcement/certificates", issue), 409, "enforcement_certificate_exists")
        error(
            legal.post("/enforcement/certificates", {**issue, "valid_until": "2026-13-01"}),
            422,
            "invalid_input",
        )
        old = legal.get("/enforcement/certificates").json()[0]
        renewed = legal.post(
            f"/enforcement/certificates/{old['id']}/renew",
            {"number": "620700005202699", "issued_on": "2026-03-02", "valid_until": "2031-12-31"},
        )
        assert renewed.status_code == 201, renewed.content
        assert renewed.json()["state"] == "有效"
        revoked = legal.post(
            f"/enforcement/certificates/{renewed.json()['id']}/revoke", {"reason": "调离"}
        )
        assert revoked.json()["revoked_on"] == "2026-03-02"
        assert revoked.json()["state"] == "已注销"
        error(
            legal.post("/enforcement/certificates/0/revoke", {"reason": "x"}),
            404,
            "enforcement_certificate_not_found",
        )
        mine = api("zhifa").get("/enforcement/certificates").json()
        assert {c["officer"] for c in mine} == {"韩立军"}
    with travel_to(date(2028, 12, 15)):
        expiring = api("fazhi").get("/enforcement/certificates?expiring=true").json()
    # zhifa's renewal was revoked: his old certificate counts as not renewed.
    assert [c["number"] for c in expiring] == ["620700202400001", "620700202400002"]


def test_the_public_reads_need_no_sign_in_and_mask_a_person(
    enforcement_item: Item, users: dict[str, User], client: Client
) -> None:
    PenaltyCase.objects.create(
        body=enforcement_item.body,
        item=enforcement_item,
        status="closed",
        number="张工商立〔2026〕3号",
        party_kind="person",
        party_name="李秀英",
        party_id_no="620102199003071234",
        party_phone="13919261234",
        facts="当事人李秀英无照经营。",
        place="甘州区",
        violated_on=date(2026, 3, 1),
        source="inspection",
        found_on=date(2026, 3, 2),
        outcome="penalty",
        fine=Decimal("600"),
        penalties=["fine"],
        decision_no="张工商罚〔2026〕5号",
        decided_on=date(2026, 4, 20),
        published_on=date(2026, 4, 24),
        created_by=users["zhifa"],
    )
    with travel_to(date(2026, 5, 1)):
        items = client.get("/api/v1/enforcement/public/items").json()
        officers = client.get("/api/v1/enforcement/public/officers?limit=1").json()
        decisions = client.get("/api/v1/enforcement/public/decisions").json()
        raw = client.get("/api/v1/enforcement/public/decisions").content.decode()
        bad = client.get("/api/v1/enforcement/public/decisions?limit=abc")
    assert [i["code"] for i in items] == ["GS-CF-001"]
    assert len(items[0]["benchmarks"]) == 4
    assert officers == [
        {
            "name": "韩立军",
            "number": "620700202400001",
            "body": "张掖市工商行政管理局",
            "body_id": enforcement_item.body_id,
            "field": "市场监管",
            "issued_on": "2024-01-01",
            "valid_until": "2028-12-31",
        }
    ]
    assert decisions[0]["party"] == "李*英"
    assert decisions[0]["facts"] == "当事人李*英无照经营。"
    for secret in ("李秀英", "620102199003071234", "13919261234"):
        assert secret not in raw
    error(bad, 422, "invalid_input")
