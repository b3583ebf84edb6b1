from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.utils import timezone

from xiaoneng.accounts.actions import change_password
from xiaoneng.accounts.checks import check_demo_passwords, demo_password_accounts
from xiaoneng.accounts.models import LoginLog, OnlineSession
from xiaoneng.accounts.validators import DEMO_PASSWORD, DemoPasswordValidator, character_classes
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.actions import create_user
from xiaoneng.org.models import User
from xiaoneng.system import actions as system_actions
from xiaoneng.system.models import OperationLog


def test_the_product_hashes_passwords_with_argon2(settings: Any) -> None:
    # The autouse fixture swaps hashers per test; the configured default is Argon2.
    from xiaoneng.config import settings as product_settings

    assert product_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = product_settings.PASSWORD_HASHERS
    assert get_hasher("argon2").algorithm == "argon2"
    assert identify_hasher(make_password("s3cret-pass", hasher="argon2")).algorithm == "argon2"


def test_production_refuses_the_demo_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "DEMO_MODE", False)
    with pytest.raises(ValidationError):
        DemoPasswordValidator().validate(DEMO_PASSWORD)
    DemoPasswordValidator().validate("another-Strong-pass-2026")


def test_demo_mode_accepts_the_demo_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "DEMO_MODE", True)
    DemoPasswordValidator().validate(DEMO_PASSWORD)


# --- The policy (parameters auth.password_min_length, auth.password_min_classes)


@pytest.mark.django_db
def test_the_demo_password_meets_the_default_policy() -> None:
    validate_password(DEMO_PASSWORD)  # demo mode: the demo city must keep working


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!x", "密码长度不能少于 8 位"),
        ("zhangyecity", "至少 3 类（当前只有 1 类）"),
        ("zhangye2012", "至少 3 类（当前只有 2 类）"),
        ("ZHANGYE-CITY", "至少 3 类（当前只有 2 类）"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_password(password)
    assert any(message in text for text in info.value.messages), info.value.messages


@pytest.mark.parametrize(
    ("password", "classes"),
    [("abc", 1), ("aB", 2), ("aB3", 3), ("aB3-", 4), ("密码Ab1", 4), ("12345", 1)],
)
def test_character_classes(password: str, classes: int) -> None:
    assert character_classes(password) == classes


def test_the_policy_follows_its_parameters(users: dict[str, User]) -> None:
    system_actions.set_parameter(actor=users["admin"], key="auth.password_min_classes", value="4")
    system_actions.set_parameter(actor=users["admin"], key="auth.password_min_length", value="14")
    with pytest.raises(ValidationError) as info:
        validate_password("Zhangye2012abc")  # 14 characters, 3 classes
    assert [e.code for e in info.value.error_list] == ["password_too_simple"]
    with pytest.raises(ValidationError) as info:
        validate_password("Zhangye@2012")  # 4 classes, 12 characters
    assert [e.code for e in info.value.error_list] == ["password_too_short"]
    validate_password("Zhangye@2012abc")


def test_an_administrator_cannot_create_an_account_with_a_weak_password(
    users: dict[str, User],
) -> None:
    with pytest.raises(InvalidInput) as info:
        create_user(actor=users["admin"], username="weak", password="zhangye2026", real_name="弱")
    assert info.value.code == "password_invalid"
    assert any("至少 3 类" in m for m in info.value.detail)


# --- The password page


def _change(
    client: Client, old: str, new: str, again: str | None = None, next_url: str = ""
) -> Any:
    data = {"old_password": old, "new_password": new, "new_password2": again or new}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/password/", data)


def test_a_user_changes_the_password(login: Any, client: Client) -> None:
    login("reviewer")
    other_desk = Client()
    other_desk.post("/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD})
    assert client.get("/accounts/password/").status_code == 200
    response = _change(client, DEMO_PASSWORD, "Gaotai#2026new")
    assert response.status_code == 302
    user = User.objects.get(username="reviewer")
    assert user.check_password("Gaotai#2026new")
    assert user.password_changed_at is not None
    assert AuditEvent.objects.filter(event_type="accounts.password_changed").count() == 1
    # This session stays; the other desk's ends, and its online row with it.
    assert client.get("/workbench/").status_code == 200
    assert other_desk.get("/workbench/").status_code == 302
    assert OnlineSession.objects.filter(user=user).count() == 1
    # The operation log names the change and keeps no password.
    log = OperationLog.objects.get(url="/accounts/password/")
    assert log.title == "修改密码"
    assert "Gaotai" not in log.params
    assert DEMO_PASSWORD not in log.params


@pytest.mark.parametrize(
    ("old", "new", "again", "shown"),
    [
        ("Not-The-0ld", "Gaotai#2026new", None, "当前密码不正确"),
        (DEMO_PASSWORD, "gaotaicounty", None, "至少 3 类"),
        (DEMO_PASSWORD, "Gao1!", None, "密码长度不能少于 8 位"),
        (DEMO_PASSWORD, DEMO_PASSWORD, None, "新密码不能与当前密码相同"),
        (DEMO_PASSWORD, "Gaotai#2026new", "Gaotai#2026neW", "两次输入的新密码不一致"),
    ],
)
def test_a_refused_change_says_why(
    login: Any, client: Client, old: str, new: str, again: str | None, shown: str
) -> None:
    login("window")
    response = _change(client, old, new, again)
    assert response.status_code in {200, 400}
    assert shown in response.content.decode()
    assert User.objects.get(username="window").check_password(DEMO_PASSWORD)


def test_nobody_changes_to_the_demo_password(users: dict[str, User]) -> None:
    user = users["window"]
    user.set_password("Linze@2026x")
    user.save()
    with pytest.raises(InvalidInput) as info:
        change_password(actor=user, old_password="Linze@2026x", new_password=DEMO_PASSWORD)
    assert info.value.code == "password_is_demo_default"


def test_the_date_of_a_password_is_kept_whoever_sets_it(users: dict[str, User]) -> None:
    user = users["window"]
    assert user.password_changed_at is None  # the demo password: not the owner's choice
    user.set_password("Linze@2026x")
    user.save()
    user.refresh_from_db()
    assert user.password_changed_at is not None
    other = create_user(
        actor=users["admin"], username="newcomer", password="Minle@2026x", real_name="新人"
    )
    other.refresh_from_db()
    assert other.password_changed_at is not None


# --- Periodic change (auth.password_max_age_days)


def _age(username: str, days: int) -> None:
    User.objects.filter(username=username).update(
        password_changed_at=timezone.now() - timedelta(days=days)
    )


def test_a_password_past_its_age_must_be_changed_after_sign_in(
    client: Client, demo_city: None
) -> None:
    _age("depthead", 91)
    response = client.post(
        "/accounts/login/?next=/cases/desk/", {"username": "depthead", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/?next=%2Fcases%2Fdesk%2F"
    page = client.get(response["Location"])
    assert "密码已超过使用期限" in page.content.decode()
    # Nothing else until it is changed: pages send back, the session API refuses.
    assert client.get("/workbench/")["Location"].startswith("/accounts/password/")
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert api.json()["code"] == "password_expired"
    response = _change(client, DEMO_PASSWORD, "Shandan@2026", next_url="/cases/desk/")
    assert response["Location"] == "/cases/desk/"
    assert client.get("/workbench/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_a_password_within_its_age_goes_straight_through(client: Client, demo_city: None) -> None:
    _age("depthead", 89)
    response = client.post("/accounts/login/", {"username": "depthead", "password": DEMO_PASSWORD})
    assert response["Location"] == "/workbench/"


def test_the_age_follows_its_parameter(users: dict[str, User], client: Client) -> None:
    _age("depthead", 400)
    system_actions.set_parameter(actor=users["admin"], key="auth.password_max_age_days", value="0")
    response = client.post("/accounts/login/", {"username": "depthead", "password": DEMO_PASSWORD})
    assert response["Location"] == "/workbench/"  # 0: no periodic change
    client.post("/accounts/logout/")
    system_actions.set_parameter(actor=users["admin"], key="auth.password_max_age_days", value="30")
    _age("depthead", 31)
    response = client.post("/accounts/login/", {"username": "depthead", "password": DEMO_PASSWORD})
    assert response["Location"].startswith("/accounts/password/")


# --- Production and the demo password


@pytest.fixture
def production(settings: Any, demo_city: None) -> None:
    """A demo city switched to production (the demo loader itself refuses production)."""
    settings.DEMO_MODE = False


def test_production_refuses_the_demo_password_at_login(
    production: None, client: Client, demo_city: None
) -> None:
    wrong = client.post("/accounts/login/", {"username": "mayor", "password": "Not-It-2026"})
    demo = client.post("/accounts/login/", {"username": "mayor", "password": DEMO_PASSWORD})
    # Refused as a wrong password is, and counted as one: no hint that it was right.
    assert demo.status_code == wrong.status_code == 401
    assert "用户名或密码错误，再错 3 次" in demo.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginLog.objects.filter(username="mayor", message="生产环境拒绝演示密码").count() == 1


def test_production_signs_in_with_a_chosen_password(
    production: None, client: Client, users: dict[str, User]
) -> None:
    mayor = users["mayor"]
    mayor.set_password("Ganzhou#2026")
    mayor.save()
    response = client.post("/accounts/login/", {"username": "mayor", "password": "Ganzhou#2026"})
    assert response["Location"] == "/workbench/"


def test_production_start_up_names_the_accounts_with_the_demo_password(
    production: None, users: dict[str, User]
) -> None:
    errors = check_demo_passwords()
    assert [e.id for e in errors] == ["accounts.E001"]
    assert "mayor" in errors[0].msg
    assert "changepassword" in (errors[0].hint or "")
    with pytest.raises(SystemCheckError):
        call_command("check", "accounts")
    # Changed or disabled accounts drop out; with none left, the start is clean.
    for user in User.objects.all():
        if user.username == "agent":
            User.objects.filter(pk=user.pk).update(is_active=False)
        else:
            user.set_password("Sunan#2026-x")
            user.save()
    assert check_demo_passwords() == []
    call_command("check", "accounts")


def test_demo_mode_starts_with_the_demo_password(users: dict[str, User]) -> None:
    assert check_demo_passwords() == []


@pytest.mark.parametrize("username", ["applicant", "mayor"])
def test_every_user_finds_the_password_page(login: Any, client: Client, username: str) -> None:
    login(username)
    assert 'href="/accounts/password/"' in client.get("/workbench/").content.decode()


def test_the_start_up_check_reads_hashes_not_only_dates(production: None) -> None:
    # createsuperuser sets a password where the validators do not see it: no date.
    User.objects.create_superuser("root2", password="Linze#2026-root")
    assert User.objects.get(username="root2").password_changed_at is None
    names = demo_password_accounts()
    assert "root2" not in names
    assert "mayor" in names


def test_a_password_set_unseen_is_dated_at_its_first_sign_in(
    production: None, client: Client
) -> None:
    User.objects.create_superuser("root2", password="Linze#2026-root")
    response = client.post("/accounts/login/", {"username": "root2", "password": "Linze#2026-root"})
    assert response["Location"] == "/workbench/"  # not sent to change it
    assert User.objects.get(username="root2").password_changed_at is not None
