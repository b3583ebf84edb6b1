"""Each desk opens for its role and answers 403 to the others; cases outside
the actor's scope are 404, whether they exist or not."""

from __future__ import annotations

from typing import Any

import pytest
from test_desks_support import accept, html, receive, switch

from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

DESKS = {
    "/cases/window/": {"window"},
    "/cases/window/intake/": {"window"},
    "/cases/desk/": {"reviewer", "depthead"},
    "/cases/apply/": {"applicant", "agent"},
    "/cases/mine/": {"applicant", "agent"},
}


@pytest.mark.parametrize("username", ["window", "reviewer", "depthead", "applicant", "agent"])
def test_each_desk_opens_for_its_roles_only(
    client: Any, login: Any, catalog: None, username: str
) -> None:
    login(username)
    for url, allowed in DESKS.items():
        response = client.get(url)
        expected = 200 if username in allowed else 403
        assert response.status_code == expected, (username, url)


def test_signed_out_visitors_go_to_the_login_page(client: Any, demo_city: None) -> None:
    for url, allowed in DESKS.items():
        response = client.get(url)
        assert response.status_code == 302
        # The applicant's pages send a visitor to the public login, the desks to staff's.
        login_page = "/portal/login/" if "applicant" in allowed else "/accounts/login/"
        assert response["Location"].startswith(login_page), url


def test_desk_titles(client: Any, login: Any, catalog: None) -> None:
    login("window")
    assert "窗口工作台 · 收件受理" in html(client.get("/cases/window/"))
    switch(client, login, "depthead")
    page = html(client.get("/cases/desk/"))
    assert "审查决定" in page
    assert "我的办件" in page
    assert "待批准的延期申请" in page
    switch(client, login, "reviewer")
    assert "待批准的延期申请" not in html(client.get("/cases/desk/"))  # heads only


def test_the_case_page_is_for_staff_in_scope(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = accept(users, promise_item.code)
    login("reviewer")
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get("/cases/999999/").status_code == 404
    # The applicant role has no staff desk at all.
    switch(client, login, "applicant")
    assert client.get(f"/cases/{case.pk}/").status_code == 403
    # The supervisor sees every case (read only: no step is offered).
    switch(client, login, "supervisor")
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert page.context["steps"] == []


def test_a_window_of_another_bureau_cannot_see_the_case(
    client: Any, login: Any, users: dict[str, User], catalog: None
) -> None:
    # 组织机构代码证书核发 belongs to 市质监局, not to the 工商 window
    # (which cannot receive it either: the applicant files it online).
    case = receive(users, "0700004000620700024", by="applicant")
    login("window")
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/do/accept/", {}).status_code == 404
    # Nor receive for an item its bureau does not implement.
    assert client.get("/cases/window/intake/?item=0700004000620700024").status_code == 404
