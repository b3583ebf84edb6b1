from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from xiaoneng.accounts.models import LoginLog, LoginThrottle, OnlineSession, ThrottleScope
from xiaoneng.audit.models import AuditEvent
from xiaoneng.demo.city_data import ACCOUNTS, DEMO_PASSWORD
from xiaoneng.org.models import User
from xiaoneng.system import actions as system_actions

pytestmark = pytest.mark.django_db


def _post(client: Client, username: str, password: str, ip: str = "127.0.0.1") -> int:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    ).status_code


def _expire_pauses() -> None:
    LoginThrottle.objects.filter(blocked_until__isnull=False).update(
        blocked_until=timezone.now() - timedelta(seconds=1)
    )


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


def test_five_wrong_passwords_pause_this_address_on_this_account(
    client: Client, demo_city: None
) -> None:
    for attempt in range(1, 5):
        response = client.post("/accounts/login/", {"username": "window", "password": "wrong-1"})
        assert response.status_code == 401
        assert f"再错 {5 - attempt} 次" in response.content.decode()
        assert User.objects.get(username="window").failed_logins == attempt
    assert _post(client, "window", "wrong-password") == 423
    pause = LoginThrottle.objects.get(scope=ThrottleScope.ACCOUNT)
    assert pause.ip == "127.0.0.1"
    assert pause.username == "window"
    assert pause.blocked_until is not None
    assert pause.blocked_until > timezone.now() + timedelta(minutes=14)
    # Shown to administrators: someone is guessing this account's password.
    assert User.objects.get(username="window").locked_until == pause.blocked_until
    # Even the right password is refused from this address while paused.
    response = client.post("/accounts/login/", {"username": "window", "password": DEMO_PASSWORD})
    assert response.status_code == 423
    assert "锁定" in response.content.decode()
    assert LoginLog.objects.filter(username="window", success=False).count() == 6
    assert AuditEvent.objects.filter(event_type="accounts.locked").count() == 1


def test_a_pause_is_no_denial_of_service_for_the_owner(demo_city: None) -> None:
    attacker, mayor = Client(), Client()
    for _ in range(5):
        _post(attacker, "mayor", "guess-guess", ip="10.9.9.9")
    assert _post(attacker, "mayor", DEMO_PASSWORD, ip="10.9.9.9") == 423
    # The mayor, at the mayor's own desk, is not affected.
    assert _post(mayor, "mayor", DEMO_PASSWORD, ip="10.1.1.1") == 302
    assert mayor.get("/workbench/").status_code == 200
    # Nor is anyone else at the attacker's address.
    assert _post(Client(), "window", DEMO_PASSWORD, ip="10.9.9.9") == 302


def test_the_pause_lifts_after_its_time(client: Client, demo_city: None) -> None:
    for _ in range(5):
        _post(client, "reviewer", "nope-nope")
    assert _post(client, "reviewer", DEMO_PASSWORD) == 423
    _expire_pauses()
    assert _post(client, "reviewer", DEMO_PASSWORD) == 302
    assert User.objects.get(username="reviewer").failed_logins == 0
    # Success forgets this address's failures on this name.
    assert not LoginThrottle.objects.filter(scope=ThrottleScope.ACCOUNT).exists()


def _pause_lengths(client: Client, times: int) -> list[int]:
    """Earn the account pause `times` times over (five wrong passwords each,
    the pause then run out): each pause's length in minutes."""
    lengths = []
    for _ in range(times):
        for _ in range(5):
            _post(client, "depthead", "still-wrong")
        pause = LoginThrottle.objects.get(scope=ThrottleScope.ACCOUNT)
        assert pause.blocked_until is not None
        lengths.append(round((pause.blocked_until - pause.updated_at).total_seconds() / 60))
        _expire_pauses()
    return lengths


def test_pauses_grow_each_time_they_are_earned_again(client: Client, demo_city: None) -> None:
    assert _pause_lengths(client, 4) == [15, 30, 60, 120]


def test_the_growing_pause_stops_at_its_ceiling(users: dict[str, User], client: Client) -> None:
    system_actions.set_parameter(actor=users["admin"], key="auth.lockout_max_minutes", value="40")
    assert _pause_lengths(client, 3) == [15, 30, 40]


def test_a_success_resets_the_failure_count(client: Client, demo_city: None) -> None:
    for _ in range(3):
        _post(client, "agent", "bad-bad-bad")
    assert _post(client, "agent", DEMO_PASSWORD) == 302
    assert User.objects.get(username="agent").failed_logins == 0
    client.post("/accounts/logout/")
    # The count starts again: four more failures do not pause.
    assert [_post(client, "agent", "bad-bad-bad") for _ in range(4)] == [401] * 4


def test_one_address_spraying_many_names_is_paused(demo_city: None) -> None:
    sprayer = Client()
    names = ["mayor", "leader", "admin", "supervisor", "ghost-1", "ghost-2", "ghost-3"]
    codes = [_post(sprayer, names[i % len(names)], f"guess-{i}", ip="10.6.6.6") for i in range(20)]
    assert codes == [401] * 19 + [429]  # no name got five, the address got twenty
    # Paused for every name, the right password included, without a check.
    response = sprayer.post(
        "/accounts/login/",
        {"username": "window", "password": DEMO_PASSWORD},
        REMOTE_ADDR="10.6.6.6",
    )
    assert response.status_code == 429
    assert 'data-error-code="login_throttled"' in response.content.decode()
    assert AuditEvent.objects.filter(event_type="accounts.ip_paused").count() == 1
    # Other addresses sign in as usual.
    assert _post(Client(), "window", DEMO_PASSWORD, ip="10.1.1.2") == 302


def test_signing_in_to_ones_own_account_does_not_reset_a_spray(demo_city: None) -> None:
    sprayer = Client()
    for i in range(19):
        _post(sprayer, f"name-{i % 4}", "guess", ip="10.6.6.7")
    assert _post(sprayer, "agent", DEMO_PASSWORD, ip="10.6.6.7") == 302
    sprayer.post("/accounts/logout/")
    assert _post(sprayer, "mayor", "guess", ip="10.6.6.7") == 429


def test_the_address_threshold_follows_the_parameter(
    users: dict[str, User], client: Client
) -> None:
    system_actions.set_parameter(actor=users["admin"], key="auth.ip_failure_threshold", value="6")
    codes = [_post(client, name, "x-bad-pass") for name in ["a", "b", "c", "d", "e", "f"]]
    assert codes == [401] * 5 + [429]


def test_the_counts_live_in_the_database_not_a_process_cache(
    client: Client, demo_city: None
) -> None:
    # Every worker process has its own cache: a count kept there would start
    # from zero in the next process. Clearing it between attempts changes nothing.
    codes = []
    for _ in range(5):
        cache.clear()
        codes.append(_post(Client(), "window", "wrong-again"))
    assert codes == [401, 401, 401, 401, 423]


def _alert(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    match = re.search(r'<div class="xn-alert[^"]*" role="alert".*?</div>\s*</div>', html, re.S)
    assert match is not None, html[:2000]
    return re.sub(r"\d{2}:\d{2}", "HH:MM", match.group(0))


def test_unknown_and_known_names_get_the_very_same_answers(demo_city: None) -> None:
    def answers(username: str, ip: str) -> list[tuple[int, str]]:
        client = Client()
        return [
            (response.status_code, _alert(response))
            for response in (
                client.post(
                    "/accounts/login/",
                    {"username": username, "password": "not-the-one"},
                    REMOTE_ADDR=ip,
                )
                for _ in range(6)
            )
        ]

    known, unknown = answers("window", "10.2.0.1"), answers("ghost", "10.2.0.2")
    assert known == unknown
    assert [code for code, _ in known] == [401, 401, 401, 401, 423, 423]
    assert "用户名或密码错误" in known[0][1]
    # The log, for administrators only, tells them apart.
    assert LoginLog.objects.filter(username="ghost", message="用户不存在或已停用").count() == 4
    assert LoginLog.objects.filter(username="window", message="密码错误").count() == 4
    assert not LoginLog.objects.filter(success=True).exists()


def test_an_administrator_lifts_a_pause(users: dict[str, User], client: Client) -> None:
    victim = Client()
    for _ in range(5):
        _post(victim, "window", "typo-typo")
    assert _post(victim, "window", DEMO_PASSWORD) == 423
    pause = LoginThrottle.objects.get(scope=ThrottleScope.ACCOUNT)
    client.post("/accounts/login/", {"username": "admin", "password": DEMO_PASSWORD})
    assert client.get("/admin/accounts/loginthrottle/").status_code == 200
    response = client.post(
        "/admin/accounts/loginthrottle/", {"action": "lift", "_selected_action": [pause.pk]}
    )
    assert response.status_code == 302
    assert _post(victim, "window", DEMO_PASSWORD) == 302
    assert AuditEvent.objects.filter(event_type="accounts.login_pause_lifted").count() == 1


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


def test_stale_counters_are_forgotten_but_live_pauses_kept(
    client: Client, demo_city: None, django_capture_on_commit_callbacks: Any
) -> None:
    for name in ("old-1", "old-2", "paused"):
        _post(client, name, "wrong-pass")
    long_ago = timezone.now() - timedelta(days=2)
    LoginThrottle.objects.update(updated_at=long_ago)
    LoginThrottle.objects.filter(username="paused").update(
        blocked_until=timezone.now() + timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "fresh", "wrong-pass", ip="10.3.3.3")
    left = set(LoginThrottle.objects.values_list("username", "ip"))
    assert left == {("paused", "127.0.0.1"), ("fresh", "10.3.3.3"), ("", "10.3.3.3")}
