"""The catalog's admin pages: read-only, for catalog managers."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.catalog.models import ApprovalItem

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/catalog/approvalitem/"


def test_managers_look_but_do_not_touch(login: Any, catalog: dict[str, ApprovalItem]) -> None:
    client = login("admin")
    listing = client.get(CHANGELIST)
    assert listing.status_code == 200
    assert "审批事项" in listing.content.decode()
    item = catalog["建设项目并联审批"]
    page = client.get(f"{CHANGELIST}{item.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "建设项目并联审批申请表" in html  # materials inline
    assert "张掖市规划局" in html  # co-departments inline
    assert 'name="_save"' not in html
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    response = client.post(f"{CHANGELIST}{item.pk}/change/", {"name": "改名"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.name == "建设项目并联审批"


def test_other_staff_do_not_see_the_catalog_admin(
    login: Any, catalog: dict[str, ApprovalItem]
) -> None:
    client = login("depthead")
    assert client.get(CHANGELIST).status_code in {302, 403}
