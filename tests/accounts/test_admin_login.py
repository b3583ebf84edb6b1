"""There is one login: /admin/login/ only sends to /accounts/login/."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaoneng.accounts.models import LoginLog, OnlineSession
from xiaoneng.demo.city_data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_admin_login_page_sends_to_the_one_login(client: Client, demo_city: None) -> None:
    response = client.get("/admin/login/?next=/admin/system/parameter/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fsystem%2Fparameter%2F"
    # The admin's own pages send there too (through /admin/login/).
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert "工作人员登录" in response.content.decode()


def test_credentials_posted_to_the_admin_login_sign_nobody_in(
    client: Client, demo_city: None
) -> None:
    response = client.post(
        "/admin/login/", {"username": "admin", "password": DEMO_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert not LoginLog.objects.filter(success=True).exists()
    assert not OnlineSession.objects.exists()


def test_the_admin_login_does_not_bypass_a_pause(client: Client, demo_city: None) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "admin", "password": "wrong-wrong"})
    client.post("/admin/login/", {"username": "admin", "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 423


def test_signing_in_through_the_one_login_reaches_the_admin(
    client: Client, demo_city: None
) -> None:
    response = client.post(
        "/accounts/login/?next=/admin/", {"username": "admin", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert OnlineSession.objects.filter(user__username="admin").count() == 1
    assert LoginLog.objects.get(username="admin").success


def test_the_admin_logout_ends_the_online_session(login: object, client: Client) -> None:
    login("admin")  # type: ignore[operator]
    assert OnlineSession.objects.count() == 1
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert not OnlineSession.objects.exists()
    assert client.get("/admin/").status_code == 302


def test_the_admin_password_page_is_the_products(login: object, client: Client) -> None:
    login("admin")  # type: ignore[operator]
    response = client.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/?next=%2Fadmin%2F"
