"""Loads the demo city through the actions, as an administrator would."""

from __future__ import annotations

from django.db import transaction

from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.audit.actions import record_event
from xiaoneng.org import actions
from xiaoneng.org.models import Department, DepartmentKind, Position, Role, User

from . import city_data as data


def _code(ref: str) -> str:
    return f"{ref.removeprefix('window:')}W" if ref.startswith("window:") else ref


@transaction.atomic
def bootstrap_admin(username: str, password: str, real_name: str) -> User:
    """The first account cannot be created by an action (no actor exists yet)."""
    admin = User.objects.create_superuser(
        username=username, password=password, real_name=real_name, email=""
    )
    admin.roles.set(Role.objects.filter(code="admin"))
    record_event(
        actor=None,
        event_type="org.admin_bootstrapped",
        object_type="user",
        object_id=admin.pk,
        payload={"username": username},
    )
    return admin


@transaction.atomic
def load_demo_city() -> bool:
    """Create Zhangye's organisation and the demo accounts; False if already there."""
    if Department.objects.exists():
        return False
    admin = bootstrap_admin("admin", DEMO_PASSWORD, "系统管理员")
    by_code = _departments(admin)
    positions = _positions(admin, by_code)
    admin.department = by_code["620700008"]
    admin.title = "信息科科长"
    admin.save(update_fields=["department", "title"])
    _accounts(admin, by_code, positions)
    return True


def _departments(admin: User) -> dict[str, Department]:
    """The city government, its departments with their sections and
    service-centre windows, and the counties, by code."""
    code, name, short = data.CITY
    city = actions.create_department(
        actor=admin, code=code, name=name, short_name=short, kind=DepartmentKind.GOVERNMENT, sort=0
    )
    by_code = {code: city}
    for i, (code, name, short, functions) in enumerate(data.DEPARTMENTS, start=1):
        by_code[code] = actions.create_department(
            actor=admin,
            code=code,
            name=name,
            short_name=short,
            functions=functions,
            kind=DepartmentKind.DEPARTMENT,
            parent=city,
            sort=i,
        )
    for i, (parent, code, name, functions) in enumerate(data.OFFICES, start=1):
        by_code[code] = actions.create_department(
            actor=admin,
            code=code,
            name=name,
            functions=functions,
            kind=DepartmentKind.OFFICE,
            parent=by_code[parent],
            sort=i,
        )
    for i, (parent, name) in enumerate(data.WINDOWS, start=1):
        code = _code(f"window:{parent}")
        by_code[code] = actions.create_department(
            actor=admin,
            code=code,
            name=name,
            kind=DepartmentKind.WINDOW,
            parent=by_code[parent],
            sort=i,
            address="张掖市政务服务中心一楼大厅",
            functions="集中受理本部门进驻政务服务中心的审批和服务事项。",
        )
    for i, (code, name, short) in enumerate(data.COUNTIES, start=100):
        by_code[code] = actions.create_department(
            actor=admin,
            code=code,
            name=name,
            short_name=short,
            kind=DepartmentKind.COUNTY,
            parent=city,
            sort=i,
        )
    return by_code


def _positions(admin: User, by_code: dict[str, Department]) -> dict[tuple[str, str], Position]:
    """The posts of the 岗位责任制, by (department code, post name)."""
    positions: dict[tuple[str, str], Position] = {}
    for i, (ref, name, duties, accountability) in enumerate(data.POSITIONS):
        dept = by_code[_code(ref)]
        positions[(dept.code, name)] = actions.create_position(
            actor=admin,
            department=dept,
            name=name,
            duties=duties,
            accountability=accountability,
            sort=i,
        )
    return positions


def _accounts(
    admin: User, by_code: dict[str, Department], positions: dict[tuple[str, str], Position]
) -> None:
    """The demo accounts (the admin exists already); the vice-mayor gets
    the portfolio of departments in charge."""
    roles = {role.code: role for role in Role.objects.all()}
    for username, real_name, role, unit_ref, title, post in data.ACCOUNTS:
        if username == "admin":
            continue
        unit = by_code[_code(unit_ref)] if unit_ref else None
        held = [positions[(unit.code, post)]] if unit and post else []
        user = actions.create_user(
            actor=admin,
            username=username,
            password=DEMO_PASSWORD,
            real_name=real_name,
            department=unit,
            roles=[roles[role]],
            positions=held,
            title=title,
        )
        if role == "leader":
            actions.assign_portfolio(
                actor=admin,
                leader=user,
                departments=[by_code[c] for c in data.LEADER_PORTFOLIO],
                duty="分管发展改革、工业和信息化、招商引资、工商、政务服务和公共资源交易工作",
            )
