"""Fixtures of the catalog tests: the demo city, then items made by the
catalog's own actions (the demo catalog loader, or `make_item`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from xiaoneng.catalog import actions
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.org.models import Department, User

LEGAL_BASIS = "《中华人民共和国行政许可法》第十二条"
APPLICATION = {"name": "申请书", "issuer": "申请人", "originals": 1}


@pytest.fixture
def admin(users: dict[str, User]) -> User:
    return users["admin"]


@pytest.fixture
def depts(demo_city: None) -> dict[str, Department]:
    return {d.code: d for d in Department.objects.all()}


@pytest.fixture
def catalog(admin: User) -> dict[str, ApprovalItem]:
    """The demo catalog, by item name."""
    load_demo_catalog(admin)
    return {item.name: item for item in ApprovalItem.objects.all()}


@pytest.fixture
def make_item(admin: User, depts: dict[str, Department]) -> Callable[..., ApprovalItem]:
    """make_item(code="T1", **fields): a draft item of 市工商局 made by the admin."""
    counter = iter(range(1, 10_000))

    def make(**fields: Any) -> ApprovalItem:
        n = next(counter)
        fields.setdefault("code", f"T{n:04d}")
        fields.setdefault("basic_code", f"0199{n:03d}000")
        fields.setdefault("name", f"测试事项{n}")
        fields.setdefault("item_type", "01")
        fields.setdefault("legal_basis", LEGAL_BASIS)
        fields.setdefault("department", depts["620700005"])
        fields.setdefault("materials", [APPLICATION])
        return actions.create_item(actor=fields.pop("actor", admin), **fields)

    return make
