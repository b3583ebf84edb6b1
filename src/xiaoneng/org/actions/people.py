"""Writers of staff accounts: create, edit (department, positions, roles),
disable and enable; leaders' portfolios (分管). Passwords handed over by an
administrator are temporary (`must_change_password`); resetting one and
lifting a sign-in pause are accounts' (accounts.actions)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.core.text import require_text
from xiaoneng.org.authority import covers_department, require
from xiaoneng.org.guards import may_assign, may_manage, still_manages
from xiaoneng.org.models import Department, LeaderPortfolio, Position, Role, User

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,30}$")
PHONE = re.compile(r"^[0-9-]{7,20}$")


def check_username(username: str) -> str:
    username = (username or "").strip()
    if not USERNAME.match(username):
        raise InvalidInput("用户名须为 2–30 位字母、数字或 _ . @ -", code="username_invalid")
    return username


def check_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if phone and not PHONE.match(phone):
        raise InvalidInput("手机号码只能包含数字和 -（7–20 位）", code="phone_invalid")
    return phone


def _in_scope(actor: Actor, department: Department | None) -> None:
    if department is not None and not covers_department(actor, department.pk):
        raise PermissionDenied("该机构不在您的数据权限范围内", code="user_out_of_scope")


def _positions_of(department: Department | None, positions: Iterable[Position]) -> list[Position]:
    """Positions are posts of the user's own unit or of a unit above it."""
    chosen = list(positions)
    units = {department.pk, *tree_ids(department)} if department is not None else set()
    for position in chosen:
        if position.department_id not in units:
            raise InvalidInput(
                f"岗位“{position.name}”不属于所选机构", code="position_not_in_department"
            )
    return chosen


def tree_ids(department: Department) -> list[int]:
    """The ids on the department's `ancestors` path ("/1/4/" → [1, 4])."""
    return [int(i) for i in department.ancestors.strip("/").split("/") if i]


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
    must_change_password: bool = False,
) -> User:
    require(actor, "org.manage")
    user = build_user(
        actor,
        username=username,
        password=password,
        real_name=real_name,
        department=department,
        roles=list(roles),
        positions=list(positions),
        title=title,
        phone=phone,
        is_staff=is_staff,
        must_change_password=must_change_password,
    )
    record_event(
        actor=actor,
        event_type="org.user_created",
        object_type="user",
        object_id=user.pk,
        payload={"username": user.username, "roles": sorted(r.code for r in user.roles.all())},
    )
    return user


def build_user(
    actor: Actor,
    *,
    username: str,
    password: str,
    real_name: str,
    department: Department | None,
    roles: list[Role],
    positions: list[Position],
    title: str = "",
    phone: str = "",
    is_staff: bool = False,
    must_change_password: bool = False,
) -> User:
    """One account, checked; no audit event (the caller writes one)."""
    username = check_username(username)
    real_name = require_text(real_name, code="real_name_required", message="请填写姓名", limit=50)
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(f"用户名 {username} 已存在", code="username_taken")
    _in_scope(actor, department)
    may_assign(actor, roles)
    user = User(
        username=username,
        real_name=real_name,
        department=department,
        title=(title or "").strip()[:50],
        phone=check_phone(phone),
        is_staff=is_staff,
        must_change_password=must_change_password,
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
    user.positions.set(_positions_of(department, positions))
    return user


@transaction.atomic
def update_user(
    *,
    actor: Actor,
    user: User,
    real_name: str,
    department: Department | None,
    roles: Iterable[Role],
    positions: Iterable[Position] = (),
    title: str = "",
    phone: str = "",
    is_staff: bool | None = None,
) -> User:
    """Edit an account: name, unit, post and duties, roles (with their data
    scopes). The actor cannot take its own user management away."""
    require(actor, "org.manage")
    target = User.objects.select_for_update().get(pk=user.pk)
    may_manage(actor, target)
    _in_scope(actor, department)
    roles = list(roles)
    before = _snapshot(target)
    added = [r for r in roles if r.pk not in {x.pk for x in target.roles.all()}]
    may_assign(actor, added)
    target.real_name = require_text(
        real_name, code="real_name_required", message="请填写姓名", limit=50
    )
    target.department = department
    target.title = (title or "").strip()[:50]
    target.phone = check_phone(phone)
    if is_staff is not None:
        target.is_staff = is_staff
    target.save(update_fields=["real_name", "department", "title", "phone", "is_staff"])
    target.roles.set(roles)
    target.positions.set(_positions_of(department, positions))
    still_manages(actor)
    after = _snapshot(target)
    record_event(
        actor=actor,
        event_type="org.user_updated",
        object_type="user",
        object_id=target.pk,
        payload={
            "username": target.username,
            "changed": {k: [before[k], after[k]] for k in after if before[k] != after[k]},
        },
    )
    return target


def _snapshot(user: User) -> dict[str, object]:
    # Names, not the phone number itself: the audit trail is read widely.
    return {
        "real_name": user.real_name,
        "department": user.department_id,
        "title": user.title,
        "phone": "***" if user.phone else "",
        "roles": sorted(r.code for r in user.roles.all()),
        "positions": sorted(p.pk for p in user.positions.all()),
    }


@transaction.atomic
def set_user_active(*, actor: Actor, user: User, active: bool) -> User:
    """停用 / 启用 an account. Nobody disables their own account; a disabled
    account signs in no more and its sessions and tokens stop at once."""
    me = require(actor, "org.manage")
    target = User.objects.select_for_update().get(pk=user.pk)
    may_manage(actor, target)
    if target.pk == me.pk and not active:
        raise Conflict("不能停用自己的账号", code="self_disable_refused")
    if target.is_active == active:
        return target
    target.is_active = active
    target.save(update_fields=["is_active"])
    record_event(
        actor=actor,
        event_type="org.user_enabled" if active else "org.user_disabled",
        object_type="user",
        object_id=target.pk,
        payload={"username": target.username},
    )
    return target


@transaction.atomic
def set_roles(*, actor: Actor, user: User, roles: Iterable[Role]) -> None:
    require(actor, "org.manage")
    may_manage(actor, user)
    roles = list(roles)
    before = sorted(r.code for r in user.roles.all())
    may_assign(actor, [r for r in roles if r.code not in before])
    user.roles.set(roles)
    still_manages(actor)
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
