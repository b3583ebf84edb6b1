"""Data scopes (数据权限): each role sees exactly its part of the organisation."""

from __future__ import annotations

import pytest

from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.org import actions
from xiaoneng.org.authority import has_perm, require, scope_q
from xiaoneng.org.models import Department, Role, User
from xiaoneng.org.selectors import staff_for_actor

pytestmark = pytest.mark.django_db


# 市工商局's accounts in the demo city.
BUREAU = {"depthead", "office", "reviewer", "window", "zhifa", "zhifa2"}


def _visible(actor: User) -> set[str]:
    return set(staff_for_actor(actor).values_list("username", flat=True))


def test_all_scope_sees_everyone(users: dict[str, User]) -> None:
    assert _visible(users["supervisor"]) == set(User.objects.values_list("username", flat=True))


def test_dept_and_below_sees_the_windows_and_offices(users: dict[str, User]) -> None:
    # 市工商局's head sees the bureau (with its 办公室 and its two enforcement
    # officers), its registration office and its window.
    assert _visible(users["depthead"]) == BUREAU


def test_dept_scope_sees_its_bureau_with_its_sections_and_windows(
    users: dict[str, User],
) -> None:
    # "本部门" is the bureau: a section (科室) or window belongs to it.
    assert _visible(users["reviewer"]) == BUREAU
    assert _visible(users["window"]) == BUREAU


def test_dept_scope_stops_at_sub_units(users: dict[str, User]) -> None:
    # The supervision office's head sees the bureau and its office, not the city.
    supervisor = users["supervisor"]
    supervisor.roles.set(Role.objects.filter(code="reviewer"))
    supervisor._xn_roles = None  # type: ignore[attr-defined]
    assert _visible(supervisor) == {"supervisor"}


def test_leader_sees_the_departments_in_charge(users: dict[str, User]) -> None:
    # 分管 工商局 (and below) but not 监察局 or 督查室.
    visible = _visible(users["leader"])
    assert {"depthead", "reviewer", "window", "admin"} <= visible
    assert not visible & {"supervisor", "inspector", "complaint"}


def test_no_role_sees_nothing(users: dict[str, User]) -> None:
    user = users["reviewer"]
    user.roles.clear()
    user._xn_roles = None  # type: ignore[attr-defined]
    assert User.objects.filter(scope_q(user, owner_field="pk")).count() == 0
    with pytest.raises(PermissionDenied):
        staff_for_actor(user)


def test_self_scope_sees_itself_only(users: dict[str, User]) -> None:
    agent = users["agent"]
    assert set(
        User.objects.filter(scope_q(agent, owner_field="pk")).values_list("username", flat=True)
    ) == {"agent"}


def test_permission_checks(users: dict[str, User]) -> None:
    assert has_perm(users["admin"], "org.manage")
    assert has_perm(users["supervisor"], "audit.verify")
    assert not has_perm(users["window"], "case.decide")
    with pytest.raises(PermissionDenied) as info:
        require(users["window"], "org.manage")
    assert info.value.code == "permission_denied"


def test_moving_a_department_carries_its_subtree(users: dict[str, User]) -> None:
    admin = users["admin"]
    bureau = Department.objects.get(code="620700005")
    county = Department.objects.get(code="620702")
    actions.move_department(actor=admin, department=bureau, new_parent=county)
    office = Department.objects.get(code="620700005001")
    assert office.ancestors == f"/{county.parent_id}/{county.pk}/{bureau.pk}/"
    # The county's head scope now reaches the moved bureau's staff.
    assert {"depthead", "reviewer", "window"} <= set(
        User.objects.filter(department__ancestors__startswith=county.path).values_list(
            "username", flat=True
        )
    )
    with pytest.raises(InvalidInput) as info:
        actions.move_department(actor=admin, department=county, new_parent=office)
    assert info.value.code == "department_cycle"


def test_only_org_managers_change_the_organisation(users: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_department(actor=users["depthead"], code="x", name="x", kind="office")
