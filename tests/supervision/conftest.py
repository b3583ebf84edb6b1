"""Supervision is tested on cases built through the real actions (the same
fixtures as tests/cases), with `travel_to` moving the day."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.catalog import actions as catalog_actions
from xiaoneng.catalog.demo import load_demo_catalog
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.org.models import Department, User


@pytest.fixture
def catalog(users: dict[str, User]) -> None:
    load_demo_catalog(users["admin"])


@pytest.fixture
def promise_item(users: dict[str, User], catalog: None) -> ApprovalItem:
    """A 承诺件 of 市工商局: 10 working days committed, 20 legal."""
    item = catalog_actions.create_item(
        actor=users["admin"],
        code="TEST-0005-01",
        basic_code="0100099000",
        name="外商投资企业设立登记（测试）",
        item_type="01",
        legal_basis="《中华人民共和国公司登记管理条例》第五十四条",
        department=Department.objects.get(code="620700005"),
        committed_limit_days=10,
        legal_limit_days=20,
        needs_expert_review=True,
        materials=[{"name": "设立登记申请书", "issuer": "申请人", "originals": 1}],
    )
    return catalog_actions.publish_item(actor=users["admin"], item=item)


@pytest.fixture
def other_item(catalog: None) -> ApprovalItem:
    """A published item of another department than 市工商局."""
    item = (
        ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED, committed_limit_days__gt=0)
        .exclude(department__code="620700005")
        .order_by("code")
        .first()
    )
    assert item is not None
    return item


@pytest.fixture
def api(client: Any, login: Any) -> Any:
    """api("supervisor").post(path, body) — the JSON API as a signed-in role."""

    class Api:
        def __init__(self, username: str) -> None:
            client.logout()
            login(username)

        def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
            return client.post(f"/api/v1{path}", body or {}, content_type="application/json")

        def get(self, path: str) -> Any:
            return client.get(f"/api/v1{path}")

    return Api
