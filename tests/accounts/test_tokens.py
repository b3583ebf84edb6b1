from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from xiaoneng.accounts import actions
from xiaoneng.accounts.models import ApiToken, OnlineSession
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import InvalidInput, NotFound, PermissionDenied
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org.models import User
from xiaoneng.system.actions import set_parameter

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


# --- Expiry, 强退, last use


def test_every_token_expires_by_default(users: dict[str, User]) -> None:
    record, _ = actions.create_api_token(actor=users["window"], name="默认")
    assert record.expires_at is not None
    days = (record.expires_at - record.created_at).total_seconds() / 86400
    assert round(days) == 90  # auth.token_days


def test_the_default_and_longest_lives_are_parameters(users: dict[str, User]) -> None:
    set_parameter(actor=users["admin"], key="auth.token_days", value="7")
    set_parameter(actor=users["admin"], key="auth.token_max_days", value="30")
    record, _ = actions.create_api_token(actor=users["window"], name="短期")
    assert record.expires_at is not None
    assert round((record.expires_at - record.created_at).total_seconds() / 86400) == 7
    with pytest.raises(InvalidInput) as info:
        actions.create_api_token(actor=users["window"], name="太长", days=31)
    assert info.value.code == "token_days_out_of_range"
    assert info.value.detail == {"min": 1, "max": 30}


def test_an_expired_token_is_refused(users: dict[str, User]) -> None:
    record, secret = actions.create_api_token(actor=users["window"], name="x", days=1)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_a_token_without_a_date_lives_only_the_longest_life(users: dict[str, User]) -> None:
    record, secret = actions.create_api_token(actor=users["window"], name="旧令牌")
    ApiToken.objects.filter(pk=record.pk).update(
        expires_at=None, created_at=timezone.now() - timedelta(days=364)
    )
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    ApiToken.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(days=366))
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_force_logout_revokes_the_owners_tokens(users: dict[str, User]) -> None:
    _, secret = actions.create_api_token(actor=users["reviewer"], name="对接")
    _, bystander = actions.create_api_token(actor=users["window"], name="别人的")
    session = Client()
    session.post("/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD})
    online = OnlineSession.objects.get(user__username="reviewer")
    actions.force_logout(actor=users["admin"], session_key=online.session_key)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert ApiToken.objects.get(user=users["reviewer"]).revoked_at is not None
    event = AuditEvent.objects.get(event_type="accounts.forced_logout")
    assert event.payload["tokens_revoked"] == [secret[:10]]
    # Nobody else's token.
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {bystander}").status_code == 200


def test_the_token_page_shows_when_a_token_was_last_used(login: Any, client: Client) -> None:
    login("reviewer")
    client.post("/accounts/tokens/", {"name": "对接测试", "days": "30"})
    page = client.get("/accounts/tokens/").content.decode()
    assert "从未使用" in page
    secret_page = client.post("/accounts/tokens/", {"name": "第二个", "days": "30"})
    secret = re.search(r'id="new-secret">([^<]+)<', secret_page.content.decode())
    assert secret is not None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret[1]}").status_code == 200
    used = ApiToken.objects.get(name="第二个").last_used_at
    assert used is not None
    page = client.get("/accounts/tokens/").content.decode()
    assert f"{timezone.localtime(used):%H:%M}" in page
    assert page.count("从未使用") == 1  # the first token only


def test_the_token_form_offers_the_parameters(login: Any, client: Client) -> None:
    login("reviewer")
    page = client.get("/accounts/tokens/").content.decode()
    assert 'value="90"' in page
    assert 'max="365"' in page
    response = client.post("/accounts/tokens/", {"name": "太长", "days": "366"})
    assert not ApiToken.objects.filter(name="太长").exists()
    assert response.status_code == 200


def test_the_api_gives_a_new_token_the_default_life(login: Any, client: Client) -> None:
    login("reviewer")
    created = client.post("/api/v1/tokens", {"name": "接口"}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["expires_at"] is not None
    record = ApiToken.objects.get(pk=body["id"])
    assert record.expires_at is not None
    assert round((record.expires_at - record.created_at).total_seconds() / 86400) == 90
