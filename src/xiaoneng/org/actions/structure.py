"""Writers of the organisation's structure: departments (the tree and its
`ancestors` paths) and positions with their published duties (岗位责任制)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import require_text
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department, DepartmentKind, Position

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


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
    code = require_text(code, code="department_code_required", message="请填写机构编码", limit=32)
    name = require_text(name, code="department_name_required", message="请填写机构名称", limit=100)
    if kind not in DepartmentKind.values:
        raise InvalidInput("请选择机构类型", code="department_kind_invalid")
    if parent is not None and not parent.active:
        raise InvalidInput("上级机构已停用", code="department_parent_inactive")
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
    old_path = _move(dept, new_parent)
    record_event(
        actor=actor,
        event_type="org.department_moved",
        object_type="department",
        object_id=dept.pk,
        payload={"from": old_path, "to": dept.path},
    )


def _move(dept: Department, new_parent: Department | None) -> str:
    """Put `dept` (locked) under `new_parent`, its subtree's paths with it;
    the old path."""
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
    return old_path


EDITABLE = ("name", "short_name", "kind", "functions", "address", "phone", "sort")


@transaction.atomic
def update_department(
    *, actor: Actor, department: Department, parent: Department | None, **fields: Any
) -> Department:
    """Edit a department node (name, kind, contacts, order) and, when the
    parent changes, move it with its subtree (`ancestors` follow)."""
    require(actor, "org.manage")
    dept = Department.objects.select_for_update().get(pk=department.pk)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput("含有不能修改的机构字段", code="department_field_unknown")
    if "name" in fields:
        fields["name"] = require_text(
            fields["name"], code="department_name_required", message="请填写机构名称", limit=100
        )
    if "kind" in fields and fields["kind"] not in DepartmentKind.values:
        raise InvalidInput("请选择机构类型", code="department_kind_invalid")
    changed = {k: [getattr(dept, k), v] for k, v in fields.items() if getattr(dept, k) != v}
    for key, value in fields.items():
        setattr(dept, key, value)
    dept.save(update_fields=list(fields) or None)
    if (parent.pk if parent else None) != dept.parent_id:
        if parent is not None and not parent.active:
            raise InvalidInput("上级机构已停用", code="department_parent_inactive")
        changed["parent"] = [dept.parent_id, parent.pk if parent else None]
        _move(dept, parent)
    record_event(
        actor=actor,
        event_type="org.department_updated",
        object_type="department",
        object_id=dept.pk,
        payload={"code": dept.code, "changed": changed},
    )
    return dept


@transaction.atomic
def set_department_active(*, actor: Actor, department: Department, active: bool) -> Department:
    """停用 / 启用 a department. A department with active sub-units or active
    staff is not disabled (move or disable them first); one is enabled only
    under an active parent."""
    require(actor, "org.manage")
    dept = Department.objects.select_for_update().get(pk=department.pk)
    if dept.active == active:
        return dept
    if not active:
        if Department.objects.filter(parent=dept, active=True).exists():
            raise Conflict(
                "该机构下还有启用的下级机构，请先停用或调整", code="department_has_units"
            )
        if dept.staff.filter(is_active=True).exists():
            raise Conflict("该机构下还有启用的用户，请先调整或停用", code="department_has_staff")
    elif dept.parent is not None and not dept.parent.active:
        raise Conflict("上级机构已停用，请先启用上级机构", code="department_parent_inactive")
    dept.active = active
    dept.save(update_fields=["active"])
    record_event(
        actor=actor,
        event_type="org.department_enabled" if active else "org.department_disabled",
        object_type="department",
        object_id=dept.pk,
        payload={"code": dept.code, "name": dept.name},
    )
    return dept


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
    name = require_text(name, code="position_name_required", message="请填写岗位名称", limit=100)
    if not duties.strip():
        raise InvalidInput(
            "岗位职责不能为空（岗位责任制要求公示职责）", code="position_duties_required"
        )
    if Position.objects.filter(department=department, name=name).exists():
        raise Conflict(f"本机构已有岗位“{name}”", code="position_name_taken")
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
def update_position(
    *,
    actor: Actor,
    position: Position,
    name: str,
    duties: str,
    accountability: str = "",
    public: bool = True,
    sort: int = 0,
) -> Position:
    """Edit a post and its published duties (岗位责任制)."""
    require(actor, "org.manage")
    post = Position.objects.select_for_update().get(pk=position.pk)
    name = require_text(name, code="position_name_required", message="请填写岗位名称", limit=100)
    if not (duties or "").strip():
        raise InvalidInput(
            "岗位职责不能为空（岗位责任制要求公示职责）", code="position_duties_required"
        )
    if Position.objects.filter(department=post.department, name=name).exclude(pk=post.pk).exists():
        raise Conflict(f"本机构已有岗位“{name}”", code="position_name_taken")
    before = {"name": post.name, "duties": post.duties, "public": post.public}
    post.name, post.duties, post.accountability = name, duties.strip(), accountability.strip()
    post.public, post.sort = public, sort
    post.save()
    record_event(
        actor=actor,
        event_type="org.position_updated",
        object_type="position",
        object_id=post.pk,
        payload={"before": before, "after": {"name": name, "public": public}},
    )
    return post
