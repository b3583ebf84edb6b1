"""The public catalog API at /api/v1/items."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xiaoneng.catalog.models import ApprovalItem

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/items"


def test_list_is_public_and_paginated_by_ten(
    client: Client, catalog: dict[str, ApprovalItem]
) -> None:
    response = client.get(ITEMS)
    assert response.status_code == 200
    body = response.json()
    published = len(catalog) - 2  # one draft, one suspended
    assert body["count"] == published
    assert len(body["items"]) == 10
    last = client.get(ITEMS, {"page": (published + 9) // 10}).json()
    assert len(last["items"]) == (published % 10 or 10)
    first = body["items"][0]
    assert set(first) == {
        "code",
        "basic_code",
        "name",
        "item_type",
        "department",
        "is_instant",
        "case_type",
        "handling_mode",
        "legal_limit",
        "committed_limit",
        "visits_needed",
        "online_handling",
    }


def test_list_filters(client: Client, catalog: dict[str, ApprovalItem]) -> None:
    body = client.get(ITEMS, {"q": "预先核准"}).json()
    assert {i["name"] for i in body["items"]} == {"企业名称预先核准", "个体工商户名称预先核准"}
    assert all(i["is_instant"] for i in body["items"])
    assert all(i["case_type"] == {"code": "1", "label": "即办件"} for i in body["items"])
    by_dept = client.get(ITEMS, {"department": "620700029", "page_size": "50"}).json()
    assert by_dept["count"] == 5
    assert {i["department"]["name"] for i in by_dept["items"]} == {"张掖市规划局"}
    committed = client.get(ITEMS, {"instant": "false", "page_size": "50"}).json()["items"]
    assert committed
    assert not any(i["is_instant"] for i in committed)


def test_detail_is_the_service_guide(client: Client, catalog: dict[str, ApprovalItem]) -> None:
    item = catalog["建设项目并联审批"]
    response = client.get(f"{ITEMS}/{item.code}")
    assert response.status_code == 200
    guide = response.json()
    assert guide["name"] == "建设项目并联审批"
    assert guide["handling_mode"] == {"code": "parallel", "label": "并联审批"}
    assert guide["is_instant"] is False
    assert guide["legal_limit"]["days"] == 45
    assert guide["legal_limit"]["unit"] == {"code": "1", "label": "工作日"}
    assert guide["extension"]["max_days"] == 15
    assert guide["extension"]["approver"] == "本级人民政府负责人"
    assert guide["flags"] == {
        "needs_site_survey": True,
        "needs_collective_discussion": True,
        "needs_expert_review": False,
        "needs_public_hearing": False,
    }
    assert [c["department"]["code"] for c in guide["co_departments"]] == [
        "620700029",
        "620700011",
        "620700013",
        "620700012",
    ]
    assert guide["co_departments"][2]["opinion_limit_days"] == 10
    assert guide["materials"][0]["name"] == "建设项目并联审批申请表"
    assert guide["materials"][0]["form"] == {"code": "1", "label": "纸质"}
    assert guide["window"]["code"] == "620700002W"
    assert guide["warning_days"] == 1
    assert guide["procedure_steps"][0] == "发改委窗口一口受理"
    assert "第二十六条" in guide["legal_basis"]


def test_detail_of_an_instant_item(client: Client, catalog: dict[str, ApprovalItem]) -> None:
    guide = client.get(f"{ITEMS}/{catalog['个体工商户名称预先核准'].code}").json()
    assert guide["is_instant"] is True
    assert guide["committed_limit"]["days"] == 0
    assert guide["co_departments"] == []
    assert guide["special_procedures"] == []
    assert guide["service_objects"] == [{"code": "1", "label": "自然人"}]


@pytest.mark.parametrize("name", [None, "企业实行不定时工作制和综合计算工时工作制审批"])
def test_unknown_or_unpublished_items_are_404(
    client: Client, catalog: dict[str, ApprovalItem], name: str | None
) -> None:
    code = catalog[name].code if name else "NO-SUCH-ITEM"
    response = client.get(f"{ITEMS}/{code}")
    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"


def test_bad_query_parameters_get_the_error_shape(client: Client, demo_city: None) -> None:
    response = client.get(ITEMS, {"instant": "maybe"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_the_catalog_is_in_the_openapi_document(client: Client, demo_city: None) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/items" in paths
    assert "/api/v1/items/{code}" in paths


def test_pages_cost_a_fixed_number_of_queries(
    client: Client, catalog: dict[str, ApprovalItem], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(3):  # the count and one page
        assert client.get(ITEMS, {"page_size": "50"}).status_code == 200
    code = catalog["建设项目并联审批"].code
    # item, materials, co-departments, the parameter (and, at most once a
    # second, the stamp of the parameter table: system/params.py)
    with django_assert_max_num_queries(6):
        assert client.get(f"{ITEMS}/{code}").status_code == 200
