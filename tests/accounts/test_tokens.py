from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xiaoneng.accounts import actions
from xiaoneng.accounts.models import ApiToken
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import NotFound, PermissionDenied
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_a_token_authenticates_the_api_and_is_stored_hashed(users: dict[str, User]) -> None:
    record, secret = actions.create_api_token(actor=users["depthead"], name="对接测试")
    assert secret.startswith("xn_")
    assert secret not in record.digest
    assert ApiToken.objects.filter(digest=actions.token_digest(secret)).exists()
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["username"] == "depthead"
    assert response.json()["roles"] == ["dept_head"]
    assert AuditEvent.objects.filter(event_type="accounts.token_created").count() == 1


def test_a_revoked_token_is_refused(users: dict[str, User]) -> None:
    record, secret = actions.create_api_token(actor=users["window"], name="x")
    actions.revoke_api_token(actor=users["window"], token_id=record.pk)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_nobody_revokes_another_users_token(users: dict[str, User]) -> None:
    record, _ = actions.create_api_token(actor=users["window"], name="x")
    with pytest.raises(NotFound):
        actions.revoke_api_token(actor=users["reviewer"], token_id=record.pk)


def test_applicants_have_no_token_permission(users: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_api_token(actor=users["applicant"], name="x")


def test_tokens_through_the_api(login: Any, client: Client) -> None:
    login("reviewer")
    created = client.post(
        "/api/v1/tokens", {"name": "接口", "days": 30}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    token = created.json()["token"]
    listed = client.get("/api/v1/tokens").json()
    assert [t["name"] for t in listed] == ["接口"]
    assert "token" not in listed[0]
    revoked = client.delete(f"/api/v1/tokens/{created.json()['id']}")
    assert revoked.json()["revoked_at"] is not None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_bad_token_input_gets_a_stable_code(login: Any, client: Client) -> None:
    login("reviewer")
    response = client.post(
        "/api/v1/tokens", {"name": "x", "days": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "token_days_out_of_range"
