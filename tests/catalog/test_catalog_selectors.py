"""Reads: the public catalog and each actor's scoped view."""

from __future__ import annotations

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.catalog.selectors import items_for_actor, published_items
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_the_public_catalog_shows_published_items_only(catalog: dict[str, ApprovalItem]) -> None:
    names = set(published_items().values_list("name", flat=True))
    assert "企业名称预先核准" in names
    assert "企业实行不定时工作制和综合计算工时工作制审批" not in names  # draft
    assert "采矿权新立登记（砂石黏土）" not in names  # suspended
    assert len(names) == len(catalog) - 2


def test_search_by_name_code_and_department(catalog: dict[str, ApprovalItem]) -> None:
    assert set(published_items(query="名称预先核准").values_list("name", flat=True)) == {
        "企业名称预先核准",
        "个体工商户名称预先核准",
    }
    code = catalog["取水许可"].code
    assert list(published_items(query=code).values_list("name", flat=True)) == ["取水许可"]
    by_short_name = published_items(query="市环保局")
    assert by_short_name.count() == 4
    assert set(published_items(department="620700013")) == set(by_short_name)


def test_instant_filter(catalog: dict[str, ApprovalItem]) -> None:
    instant = list(published_items(instant=True))
    assert instant
    assert all(item.is_instant for item in instant)
    committed = list(published_items(instant=False))
    assert committed
    assert not any(item.is_instant for item in committed)
    assert len(instant) + len(committed) == published_items().count()
    assert {"企业名称预先核准", "个体工商户名称预先核准", "建设工程竣工验收备案"} <= {
        i.name for i in instant
    }


def test_staff_see_their_own_departments_items_in_every_status(
    catalog: dict[str, ApprovalItem], users: dict[str, User]
) -> None:
    admin_view = items_for_actor(users["admin"])
    assert admin_view.count() == len(catalog)
    assert admin_view.filter(status=ItemStatus.DRAFT).exists()
    # 市工商局 head: 本部门及以下.
    assert {i.department.code for i in items_for_actor(users["depthead"])} == {"620700005"}
    # The leader in charge: his portfolio (发改、工信、招商、工商、政务服务中心、交易中心).
    assert {i.department.short_name for i in items_for_actor(users["leader"])} == {
        "市发改委",
        "市工信委",
        "市工商局",
    }
    # The window of 市工商局 works for the bureau: 本部门 is the bureau's items.
    assert {i.department.code for i in items_for_actor(users["window"])} == {"620700005"}
    # Applicants have no scope.
    assert not items_for_actor(users["applicant"]).exists()
    assert not items_for_actor(None).exists()


def test_the_demo_loader_runs_once(
    catalog: dict[str, ApprovalItem], users: dict[str, User]
) -> None:
    assert len(catalog) >= 40
    assert load_demo_catalog(users["admin"]) == 0
    assert ApprovalItem.objects.count() == len(catalog)
    # Built through the actions: every item is on the audit chain, and it holds.
    created = AuditEvent.objects.filter(event_type="catalog.item_created").count()
    assert created == len(catalog)
    count, broken = verify_chain()
    assert count > len(catalog)
    assert broken is None


def test_the_demo_catalog_keeps_every_rule(catalog: dict[str, ApprovalItem]) -> None:
    for item in catalog.values():
        assert item.legal_basis.startswith(("《", "张政发")), item.name
        assert item.committed_limit_days <= item.legal_limit_days
        assert item.is_instant == (item.committed_limit_days == 0)
        assert item.materials.filter(required=True).exists()
        if item.window is not None:
            assert item.window.parent == item.department
    special = {i.name for i in catalog.values() if i.special_procedures}
    assert {
        "变更国有建设用地规划条件审批",
        "建设项目环境影响报告书审批",
        "建设项目竣工环境保护验收",
    } <= special
    assert catalog["变更国有建设用地规划条件审批"].needs_public_hearing
    assert catalog["房屋所有权登记"].charges_fee
