from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from xiaoneng.accounts.models import LoginLog, OnlineSession
from xiaoneng.org.demo_data import ACCOUNTS, DEMO_PASSWORD
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def _post(client: Client, username: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": password}).status_code


@pytest.mark.parametrize("username", [a[0] for a in ACCOUNTS])
def test_every_demo_account_signs_in_to_its_workbench(
    client: Client, demo_city: None, username: str
) -> None:
    assert _post(client, username, DEMO_PASSWORD) == 302
    response = client.get("/workbench/")
    assert response.status_code == 200
    assert OnlineSession.objects.filter(user__username=username).count() == 1
    log = LoginLog.objects.filter(username=username).get()
    assert log.success


def test_five_wrong_passwords_lock_the_account(client: Client, demo_city: None) -> None:
    for attempt in range(1, 5):
        assert _post(client, "window", "wrong-password") == 401
        assert User.objects.get(username="window").failed_logins == attempt
    assert _post(client, "window", "wrong-password") == 423
    user = User.objects.get(username="window")
    assert user.locked_until is not None
    assert user.locked_until > timezone.now() + timedelta(minutes=14)
    # Even the right password is refused while locked.
    response = client.post("/accounts/login/", {"username": "window", "password": DEMO_PASSWORD})
    assert response.status_code == 423
    assert "锁定" in response.content.decode()
    assert LoginLog.objects.filter(username="window", success=False).count() == 6


def test_the_lock_lifts_after_its_time(client: Client, demo_city: None) -> None:
    for _ in range(5):
        _post(client, "reviewer", "nope-nope")
    User.objects.filter(username="reviewer").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert _post(client, "reviewer", DEMO_PASSWORD) == 302
    user = User.objects.get(username="reviewer")
    assert user.failed_logins == 0
    assert user.locked_until is None


def test_a_success_resets_the_failure_count(client: Client, demo_city: None) -> None:
    for _ in range(3):
        _post(client, "agent", "bad-bad-bad")
    assert _post(client, "agent", DEMO_PASSWORD) == 302
    assert User.objects.get(username="agent").failed_logins == 0


def test_unknown_user_gets_the_same_answer(client: Client, demo_city: None) -> None:
    response = client.post("/accounts/login/", {"username": "ghost", "password": "x" * 10})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.content.decode()
    assert LoginLog.objects.get(username="ghost").success is False


def test_logout_ends_the_online_session(login: object, client: Client) -> None:
    login("supervisor")  # type: ignore[operator]
    assert OnlineSession.objects.count() == 1
    assert client.post("/accounts/logout/").status_code == 302
    assert OnlineSession.objects.count() == 0
    assert client.get("/workbench/").status_code == 302


def test_open_redirects_are_refused(client: Client, demo_city: None) -> None:
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "window", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/workbench/"
