"""Writers of roles: their function permissions and data scope (数据权限).
A change moves the authority stamp (migration 0010's triggers), so every
holder acts under it from their next request on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import require_text
from xiaoneng.org.authority import PERMISSIONS, require
from xiaoneng.org.guards import may_grant, still_manages
from xiaoneng.org.models import DataScope, Department, Role

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

ROLE_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def _permissions(codes: Iterable[str]) -> list[str]:
    chosen = sorted(set(codes))
    unknown = [c for c in chosen if c != "*" and c not in PERMISSIONS]
    if unknown:
        raise InvalidInput("含有未知的功能权限", code="permission_unknown", detail=unknown)
    return chosen


def _scope(data_scope: str) -> str:
    if data_scope not in DataScope.values:
        raise InvalidInput("请选择数据权限范围", code="data_scope_invalid")
    return data_scope


@transaction.atomic
def create_role(
    *,
    actor: Actor,
    code: str,
    name: str,
    permissions: Iterable[str],
    data_scope: str,
    custom_departments: Iterable[Department] = (),
    remark: str = "",
    sort: int = 0,
) -> Role:
    require(actor, "org.manage")
    code = (code or "").strip()
    if not ROLE_CODE.match(code):
        raise InvalidInput(
            "角色编码须为小写字母开头的 2–32 位小写字母、数字或下划线", code="role_code_invalid"
        )
    if Role.objects.filter(code=code).exists():
        raise Conflict(f"角色编码 {code} 已存在", code="role_code_taken")
    chosen = _permissions(permissions)
    may_grant(actor, chosen)
    role = Role.objects.create(
        code=code,
        name=require_text(name, code="role_name_required", message="请填写角色名称", limit=50),
        permissions=chosen,
        data_scope=_scope(data_scope),
        remark=(remark or "").strip()[:200],
        sort=sort,
    )
    if role.data_scope == DataScope.CUSTOM:
        role.custom_departments.set(custom_departments)
    record_event(
        actor=actor,
        event_type="org.role_created",
        object_type="role",
        object_id=role.pk,
        payload={"code": code, "permissions": chosen, "data_scope": role.data_scope},
    )
    return role


@transaction.atomic
def update_role(
    *,
    actor: Actor,
    role: Role,
    name: str,
    permissions: Iterable[str],
    data_scope: str,
    custom_departments: Iterable[Department] = (),
    active: bool = True,
    remark: str = "",
    sort: int = 0,
) -> Role:
    """Edit a role's name, permissions, data scope and status. Only
    permissions the actor holds may be added; a change that would take the
    actor's own user management away is refused."""
    require(actor, "org.manage")
    target = Role.objects.select_for_update().get(pk=role.pk)
    before = _snapshot(target)
    chosen = _permissions(permissions)
    may_grant(actor, set(chosen) - set(target.permissions))
    target.name = require_text(name, code="role_name_required", message="请填写角色名称", limit=50)
    target.permissions = chosen
    target.data_scope = _scope(data_scope)
    target.active = active
    target.remark = (remark or "").strip()[:200]
    target.sort = sort
    target.save()
    target.custom_departments.set(
        custom_departments if target.data_scope == DataScope.CUSTOM else []
    )
    still_manages(actor)
    after = _snapshot(target)
    record_event(
        actor=actor,
        event_type="org.role_updated",
        object_type="role",
        object_id=target.pk,
        payload={
            "code": target.code,
            "changed": {k: [before[k], after[k]] for k in after if before[k] != after[k]},
        },
    )
    return target


def _snapshot(role: Role) -> dict[str, object]:
    return {
        "name": role.name,
        "permissions": sorted(role.permissions),
        "data_scope": role.data_scope,
        "custom_departments": sorted(d.pk for d in role.custom_departments.all()),
        "active": role.active,
        "remark": role.remark,
        "sort": role.sort,
    }
