"""User administration's actions: permission, audit, the self-lockout
guard, grants within one's own, import all or nothing, temporary
passwords forcing a change, unlocking, and a revoked role stopping at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xiaoneng.accounts import actions as account_actions
from xiaoneng.accounts.models import LoginThrottle
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import DataScope, Department, Role, User
from xiaoneng.org.staff_sheet import HEADERS, read_staff

pytestmark = pytest.mark.django_db


def _events(event_type: str) -> int:
    return AuditEvent.objects.filter(event_type=event_type).count()


def _second_admin(users: dict[str, User]) -> User:
    """An administrator who is not a superuser: the guards apply to it."""
    return actions.create_user(
        actor=users["admin"],
        username="admin2",
        password="Xn-Admin#2026",
        real_name="第二管理员",
        department=users["admin"].department,
        roles=[Role.objects.get(code="admin")],
    )


def test_a_non_admin_is_refused_every_write(users: dict[str, User]) -> None:
    window, reviewer = users["window"], users["reviewer"]
    with pytest.raises(PermissionDenied):
        actions.set_user_active(actor=window, user=reviewer, active=False)
    with pytest.raises(PermissionDenied):
        account_actions.reset_password(actor=window, user_id=reviewer.pk)
    with pytest.raises(PermissionDenied):
        account_actions.unlock_account(actor=window, user_id=reviewer.pk)
    with pytest.raises(PermissionDenied):
        actions.update_role(
            actor=window,
            role=Role.objects.get(code="window"),
            name="窗口",
            permissions=["*"],
            data_scope=DataScope.ALL,
        )
    reviewer.refresh_from_db()
    assert reviewer.is_active


def test_disabling_is_audited_and_ends_sign_in(users: dict[str, User], client: Client) -> None:
    before = _events("org.user_disabled")
    actions.set_user_active(actor=users["admin"], user=users["reviewer"], active=False)
    assert _events("org.user_disabled") == before + 1
    response = client.post("/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD})
    assert response.status_code == 401
    actions.set_user_active(actor=users["admin"], user=users["reviewer"], active=True)
    assert _events("org.user_enabled") == 1


def test_nobody_disables_their_own_account(users: dict[str, User]) -> None:
    admin2 = _second_admin(users)
    with pytest.raises(Conflict) as refused:
        actions.set_user_active(actor=admin2, user=admin2, active=False)
    assert refused.value.code == "self_disable_refused"
    admin2.refresh_from_db()
    assert admin2.is_active


def test_an_admin_cannot_remove_its_own_user_management(users: dict[str, User]) -> None:
    admin2 = _second_admin(users)
    with pytest.raises(Conflict) as refused:
        actions.update_user(
            actor=admin2,
            user=admin2,
            real_name="第二管理员",
            department=admin2.department,
            roles=[Role.objects.get(code="window")],
        )
    assert refused.value.code == "self_lockout_refused"
    assert list(User.objects.get(pk=admin2.pk).roles.values_list("code", flat=True)) == ["admin"]
    with pytest.raises(Conflict):
        actions.update_role(
            actor=admin2,
            role=Role.objects.get(code="admin"),
            name="系统管理员",
            permissions=["org.view"],
            data_scope=DataScope.ALL,
        )
    assert Role.objects.get(code="admin").permissions == ["*"]


def test_no_one_grants_more_than_they_hold(users: dict[str, User]) -> None:
    # A user manager who is not a system administrator.
    manager_role = actions.create_role(
        actor=users["admin"],
        code="user_manager",
        name="用户管理员",
        permissions=["org.view", "org.manage"],
        data_scope=DataScope.ALL,
    )
    manager = actions.create_user(
        actor=users["admin"],
        username="manager",
        password="Xn-Manager#2026",
        real_name="用户管理员",
        roles=[manager_role],
    )
    with pytest.raises(PermissionDenied) as refused:
        actions.update_user(
            actor=manager,
            user=users["window"],
            real_name="窗口人员",
            department=users["window"].department,
            roles=[Role.objects.get(code="admin")],
        )
    assert refused.value.code == "grant_beyond_own"
    with pytest.raises(PermissionDenied):
        actions.update_role(
            actor=manager,
            role=manager_role,
            name="用户管理员",
            permissions=["org.view", "org.manage", "audit.view"],
            data_scope=DataScope.ALL,
        )
    with pytest.raises(PermissionDenied) as superuser:
        account_actions.reset_password(actor=manager, user_id=users["admin"].pk)
    assert superuser.value.code == "superuser_protected"


def test_a_revoked_role_stops_acting_at_once(users: dict[str, User], login: Any) -> None:
    client = login("window")
    assert client.get("/cases/window/").status_code == 200
    window_role = Role.objects.get(code="window")
    actions.update_role(
        actor=users["admin"],
        role=window_role,
        name=window_role.name,
        permissions=["org.view"],
        data_scope=DataScope.DEPT,
    )
    assert client.get("/cases/window/").status_code == 403
    assert _events("org.role_updated") == 1
    actions.update_role(
        actor=users["admin"],
        role=window_role,
        name=window_role.name,
        permissions=window_role.permissions,
        data_scope=DataScope.DEPT,
        active=False,
    )
    assert not has_perm(User.objects.get(username="window"), "case.intake")


def test_reset_password_forces_a_change_at_next_sign_in(
    users: dict[str, User], client: Client
) -> None:
    temporary = account_actions.reset_password(actor=users["admin"], user_id=users["reviewer"].pk)
    assert len(temporary) >= 12
    event = AuditEvent.objects.get(event_type="accounts.password_reset")
    assert temporary not in str(event.payload)
    response = client.post("/accounts/login/", {"username": "reviewer", "password": temporary})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password/")
    held = client.get("/workbench/")
    assert held.status_code == 302
    assert held["Location"].startswith("/accounts/password/")
    page = client.get("/accounts/password/").content.decode()
    assert "临时密码" in page
    client.post(
        "/accounts/password/",
        {
            "old_password": temporary,
            "new_password": "Qilian#Mountain2026",
            "new_password2": "Qilian#Mountain2026",
        },
    )
    assert not User.objects.get(username="reviewer").must_change_password
    assert client.get("/workbench/").status_code == 200


def test_unlock_lifts_the_pause_on_the_account(users: dict[str, User], client: Client) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "reviewer", "password": "wrong-wrong"})
    paused = client.post("/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD})
    assert paused.status_code == 423
    assert User.objects.get(username="reviewer").locked_until is not None
    lifted = account_actions.unlock_account(actor=users["admin"], user_id=users["reviewer"].pk)
    assert lifted == 1
    assert not LoginThrottle.objects.filter(scope="pair", username="reviewer").exists()
    assert User.objects.get(username="reviewer").locked_until is None
    assert _events("accounts.account_unlocked") == 1
    signed_in = client.post("/accounts/login/", {"username": "reviewer", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302


def _sheet(*rows: list[object]) -> bytes:
    return xlsx([Sheet(title="用户", headers=HEADERS, rows=rows, title_rows=("用户名单",))])


def test_import_writes_nothing_when_any_row_is_bad(users: dict[str, User]) -> None:
    count = User.objects.count()
    data = _sheet(
        ["zhao", "赵一", "620700005", "", "科员", "13800000001", "reviewer", "", "正常"],
        ["window", "重名", "620700005", "", "", "", "reviewer", "", "正常"],
        ["qian", "", "NOPE", "", "", "12ab", "ghost", "", "离职"],
        ["zhao", "赵二", "620700005", "", "", "", "", "", ""],
    )
    with pytest.raises(InvalidInput) as refused:
        actions.import_staff(actor=users["admin"], data=data)
    assert refused.value.code == "staff_import_invalid"
    rows = {e["row"] for e in refused.value.detail}
    assert rows == {4, 5, 6}  # title row 1, header row 2, data from row 3
    messages = " ".join(e["message"] for e in refused.value.detail)
    for expected in ("已存在", "姓名不能为空", "NOPE", "ghost", "与第 3 行重复", "状态"):
        assert expected in messages
    assert User.objects.count() == count
    assert _events("org.staff_imported") == 0


def test_import_creates_accounts_with_temporary_passwords(users: dict[str, User]) -> None:
    data = _sheet(
        ["zhao", "赵一", "620700005", "", "科员", "13800000001", "reviewer", "", "正常"],
        ["sun", "孙二", "620700005", "", "", "", "window、reviewer", "", "停用"],
    )
    imported = actions.import_staff(actor=users["admin"], data=data)
    assert [i.username for i in imported] == ["zhao", "sun"]
    zhao = User.objects.get(username="zhao")
    assert zhao.must_change_password
    assert zhao.check_password(imported[0].password)
    assert zhao.department == Department.objects.get(code="620700005")
    assert not User.objects.get(username="sun").is_active
    assert sorted(User.objects.get(username="sun").roles.values_list("code", flat=True)) == [
        "reviewer",
        "window",
    ]
    assert _events("org.staff_imported") == 1


def test_an_exported_list_reads_back(users: dict[str, User]) -> None:
    from xiaoneng.core import timesource
    from xiaoneng.org.staff_sheet import export_staff

    data = export_staff(
        User.objects.filter(username__in=["window", "reviewer"]).order_by("id"),
        unit="全部机构",
        today=timesource.today(),
    )
    rows = read_staff(data)
    assert [r.username for r in rows] == ["reviewer", "window"]
    assert rows[0].number == 4  # two title rows, then the header


def test_departments_keep_their_ancestors_and_refuse_bad_disabling(
    users: dict[str, User],
) -> None:
    admin = users["admin"]
    bureau = Department.objects.get(code="620700005")
    section = actions.create_department(
        actor=admin, code="T-SECTION", name="测试科", kind="office", parent=bureau
    )
    assert section.ancestors == bureau.path
    city = Department.objects.get(parent__isnull=True)
    other = Department.objects.exclude(pk=bureau.pk).filter(parent=city).first()
    assert other is not None
    actions.update_department(actor=admin, department=section, parent=other, name="测试二科")
    section.refresh_from_db()
    assert section.ancestors == other.path
    assert section.name == "测试二科"
    with pytest.raises(DomainError) as busy:
        actions.set_department_active(actor=admin, department=bureau, active=False)
    assert busy.value.code in {"department_has_units", "department_has_staff"}
    actions.set_department_active(actor=admin, department=section, active=False)
    assert not Department.objects.get(pk=section.pk).active
    assert _events("org.department_disabled") == 1
