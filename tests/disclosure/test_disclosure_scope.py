"""Who reads disclosure requests (they carry the requester's identity): the
staff who handle them, within their data scope, and nobody else, on the API
as on the desk (issue: hardening, item 5)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.disclosure import actions
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_id(users: dict[str, User]) -> int:
    with travel_to(date(2026, 9, 14)):
        row, _ = actions.submit_request(
            actor=users["reviewer"],
            department_id=Department.objects.get(code="620700005").pk,  # 市工商局
            requester_name="张三丰",
            description="2025年度企业登记统计数据",
            phone="0936-1234567",
            channel="in_person",
        )
    return row.pk


@pytest.mark.parametrize(
    "username",
    [
        "window",  # same bureau, no disclosure.handle
        "supervisor",  # sees every department's cases, handles no requests
        "mayor",
        "zhijian",  # handles requests, of another bureau
    ],
)
def test_those_who_do_not_handle_the_request_cannot_read_it(
    api: Any, request_id: int, username: str
) -> None:
    client = api(username)
    listed = client.get("/disclosure/requests")
    assert listed.status_code == 200
    assert listed.json() == []
    one = client.get(f"/disclosure/requests/{request_id}")
    assert one.status_code == 404
    assert one.json()["code"] == "request_not_found"
    assert "张三丰" not in one.content.decode()


@pytest.mark.parametrize("username", ["reviewer", "depthead"])
def test_the_bureaus_handlers_read_it(api: Any, request_id: int, username: str) -> None:
    client = api(username)
    assert [r["id"] for r in client.get("/disclosure/requests").json()] == [request_id]
    assert client.get(f"/disclosure/requests/{request_id}").status_code == 200


def test_the_desk_is_closed_to_those_without_the_permission(
    client: Any, login: Any, request_id: int
) -> None:
    login("supervisor")
    assert client.get("/disclosure/desk/").status_code == 403
    assert client.get(f"/disclosure/desk/{request_id}/").status_code in (403, 404)
