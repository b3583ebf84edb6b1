"""The only writers of the organisation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import Conflict, InvalidInput

from .authority import require
from .models import Department, LeaderPortfolio, Position, Role, User

if TYPE_CHECKING:
    from .actor import Actor


@transaction.atomic
def create_department(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    parent: Department | None = None,
    **fields: Any,
) -> Department:
    require(actor, "org.manage")
    if Department.objects.filter(code=code).exists():
        raise Conflict(f"机构编码 {code} 已存在", code="department_code_taken")
    dept = Department.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        ancestors=parent.path if parent else "/",
        **fields,
    )
    record_event(
        actor=actor,
        event_type="org.department_created",
        object_type="department",
        object_id=dept.pk,
        payload={"code": code, "name": name, "kind": kind, "parent": parent.pk if parent else None},
    )
    return dept


@transaction.atomic
def move_department(*, actor: Actor, department: Department, new_parent: Department | None) -> None:
    """Re-parent a department; every descendant's ancestor path follows in one update."""
    require(actor, "org.manage")
    dept = Department.objects.select_for_update().get(pk=department.pk)
    if new_parent is not None and (
        new_parent.pk == dept.pk or new_parent.path.startswith(dept.path)
    ):
        raise InvalidInput("不能把机构移到自身或其下级之下", code="department_cycle")
    old_path = dept.path
    dept.parent = new_parent
    dept.ancestors = new_parent.path if new_parent else "/"
    dept.save(update_fields=["parent", "ancestors"])
    Department.objects.filter(ancestors__startswith=old_path).update(
        ancestors=Concat(Value(dept.path), Substr(F("ancestors"), len(old_path) + 1))
    )
    record_event(
        actor=actor,
        event_type="org.department_moved",
        object_type="department",
        object_id=dept.pk,
        payload={"from": old_path, "to": dept.path},
    )


@transaction.atomic
def create_position(
    *,
    actor: Actor,
    department: Department,
    name: str,
    duties: str,
    accountability: str = "",
    sort: int = 0,
) -> Position:
    require(actor, "org.manage")
    if not duties.strip():
        raise InvalidInput(
            "岗位职责不能为空（岗位责任制要求公示职责）", code="position_duties_required"
        )
    position = Position.objects.create(
        department=department, name=name, duties=duties, accountability=accountability, sort=sort
    )
    record_event(
        actor=actor,
        event_type="org.position_created",
        object_type="position",
        object_id=position.pk,
        payload={"department": department.pk, "name": name},
    )
    return position


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    username: str,
    password: str,
    real_name: str,
    department: Department | None = None,
    roles: Iterable[Role] = (),
    positions: Iterable[Position] = (),
    title: str = "",
    phone: str = "",
    is_staff: bool = False,
) -> User:
    require(actor, "org.manage")
    if User.objects.filter(username=username).exists():
        raise Conflict(f"用户名 {username} 已存在", code="username_taken")
    user = User(
        username=username,
        real_name=real_name,
        department=department,
        title=title,
        phone=phone,
        is_staff=is_staff,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(
            "密码不符合要求", code="password_invalid", detail=list(exc.messages)
        ) from None
    user.set_password(password)
    user.save()
    user.roles.set(roles)
    user.positions.set(positions)
    record_event(
        actor=actor,
        event_type="org.user_created",
        object_type="user",
        object_id=user.pk,
        payload={"username": username, "roles": sorted(r.code for r in user.roles.all())},
    )
    return user


@transaction.atomic
def set_roles(*, actor: Actor, user: User, roles: Iterable[Role]) -> None:
    require(actor, "org.manage")
    before = sorted(r.code for r in user.roles.all())
    user.roles.set(roles)
    after = sorted(r.code for r in user.roles.all())
    record_event(
        actor=actor,
        event_type="org.roles_granted",
        object_type="user",
        object_id=user.pk,
        payload={"before": before, "after": after},
    )


@transaction.atomic
def assign_portfolio(
    *, actor: Actor, leader: User, departments: Iterable[Department], duty: str = ""
) -> None:
    """Set the departments a leader is in charge of (分管), replacing the old list."""
    require(actor, "org.manage")
    LeaderPortfolio.objects.filter(leader=leader).delete()
    ids = []
    for department in departments:
        LeaderPortfolio.objects.create(leader=leader, department=department, duty=duty)
        ids.append(department.pk)
    record_event(
        actor=actor,
        event_type="org.portfolio_assigned",
        object_type="user",
        object_id=leader.pk,
        payload={"departments": ids, "duty": duty},
    )
