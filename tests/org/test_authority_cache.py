"""An actor's authority kept across API requests (org.authority
`adopt_kept_authority`) is good only under the stamp it was read with, and
the stamp moves in the same transaction as any change it depends on."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xiaoneng.accounts import actions as account_actions
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.org import authority
from xiaoneng.org.models import Department, DepartmentKind, Role, User

pytestmark = pytest.mark.django_db

TRIGGER_MIGRATION = __import__(
    "xiaoneng.org.migrations.0010_authority_stamp", fromlist=["trigger_names"]
)


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_every_trigger_survives_all_migrations() -> None:
    assert set(TRIGGER_MIGRATION.trigger_names()) <= _triggers()


def _moves(change: Any) -> bool:
    before = authority.authority_stamp()
    change()
    return authority.authority_stamp() != before


def test_the_stamp_moves_with_what_authority_is_read_from(users: dict[str, User]) -> None:
    window = users["window"]
    role = window.roles.first()
    assert role is not None
    city = Department.objects.filter(parent__isnull=True).first()
    assert _moves(lambda: window.roles.remove(role))
    assert _moves(lambda: window.roles.add(role))
    assert _moves(lambda: Role.objects.filter(pk=role.pk).update(permissions=["case.apply"]))
    assert _moves(lambda: role.custom_departments.add(city))
    assert _moves(lambda: User.objects.filter(pk=window.pk).update(is_active=False))
    assert _moves(lambda: User.objects.filter(pk=window.pk).update(department=city))
    assert _moves(
        lambda: Department.objects.create(
            code="TEST-NEW",
            name="新设机构",
            kind=DepartmentKind.OFFICE,
            parent=city,
            ancestors=f"/{city.pk}/",
        )
    )
    # A sign-in's last_login is not authority: the kept copies stay good.
    assert not _moves(lambda: User.objects.filter(pk=window.pk).update(real_name="改名"))


def _token(user: User) -> str:
    return account_actions.create_api_token(actor=user, name="测试")[1]


def _post(client: Client, token: str, path: str, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1{path}",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_revoked_role_stops_acting_at_the_next_request(
    client: Client, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    window = users["window"]
    token = _token(window)
    body = {"item_code": promise_item.code, "applicant_name": "甲"}
    first = _post(client, token, "/cases", body)
    assert first.status_code == 201, first.content
    # Kept now: the next request reads no role.
    with CaptureQueriesContext(connection) as captured:
        second = _post(client, token, "/cases", body)
    assert second.status_code == 201
    assert not any("org_role" in q["sql"] for q in captured.captured_queries)
    # Revoked by a plain ORM write, not through an action: the trigger sees it.
    window.roles.clear()
    refused = _post(client, token, f"/cases/{first.json()['id']}/accept", {})
    assert refused.status_code == 403, refused.content


def test_a_disabled_department_scope_is_seen_at_once(
    client: Client, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    window = users["window"]
    token = _token(window)
    case = _post(client, token, "/cases", {"item_code": promise_item.code, "applicant_name": "乙"})
    assert case.status_code == 201
    # The window moves to another bureau: the case is no longer in its scope.
    other = (
        Department.objects.exclude(pk=window.department_id)
        .filter(kind=DepartmentKind.DEPARTMENT)
        .exclude(pk=promise_item.department_id)
        .first()
    )
    User.objects.filter(pk=window.pk).update(department=other)
    moved = _post(client, token, f"/cases/{case.json()['id']}/accept", {})
    assert moved.status_code == 404, moved.content
