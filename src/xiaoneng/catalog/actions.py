"""The only writers of the catalog. Each action: one transaction, the
permission `catalog.manage`, the actor's data scope over the implementing
department, the rules of `rules.py`, one audit event.

Every change bumps `version`; `update_item` requires the version the editor
read (optimistic concurrency), the other actions accept it when given."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.text import require_text
from xiaoneng.org.authority import require, scope_q
from xiaoneng.org.models import Department
from xiaoneng.system.params import get_param

from . import fees, rules
from .limits import rule_for
from .models import ApprovalItem, HandlingMode, ItemCoDepartment, ItemMaterial, ItemStatus
from .models.choices import WINDOW_FORM
from .specs import CoDepartmentSpec, MaterialSpec, co_department_specs, material_specs

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

PERMISSION = "catalog.manage"

# Fields an editor sets; identity (code), lifecycle and bookkeeping are not among them.
EDITABLE_FIELDS = frozenset(
    f.name for f in ApprovalItem._meta.concrete_fields if f.editable and not f.primary_key
) - {"code", "status", "status_note", "created_at", "updated_at"}

TRANSITIONS: dict[str, set[str]] = {
    ItemStatus.DRAFT: {ItemStatus.PUBLISHED},
    ItemStatus.PUBLISHED: {ItemStatus.SUSPENDED},
    ItemStatus.SUSPENDED: {ItemStatus.PUBLISHED},
}

CoDepartments = Iterable[CoDepartmentSpec | Department | Mapping[str, Any]]
Materials = Iterable[MaterialSpec | Mapping[str, Any]]


# --- helpers -------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A field value as the audit payload records it."""
    if isinstance(value, Department):
        return value.code
    return value


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput("未知或不可修改的事项字段", code="item_unknown_field", detail=unknown)


def _normalise(item: ApprovalItem) -> None:
    for field in item._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(item, field.attname)
            if isinstance(value, str):
                setattr(item, field.attname, value.strip())


def _resolve_co(specs: list[CoDepartmentSpec]) -> list[CoDepartmentSpec]:
    default = get_param("case.opinion_days")
    return [
        CoDepartmentSpec(
            department=s.department,
            opinion_limit_days=default if s.opinion_limit_days is None else s.opinion_limit_days,
            duty=s.duty.strip(),
        )
        for s in specs
    ]


def _normalise_materials(specs: list[MaterialSpec]) -> list[MaterialSpec]:
    cleaned: list[dict[str, Any]] = [
        {k: v.strip() if isinstance(v, str) else v for k, v in s.as_dict().items()} for s in specs
    ]
    return [MaterialSpec(**fields) for fields in cleaned]


def _current_co(item: ApprovalItem) -> list[CoDepartmentSpec]:
    return [
        CoDepartmentSpec(
            department=row.department, opinion_limit_days=row.opinion_limit_days, duty=row.duty
        )
        for row in item.co_departments.select_related("department").order_by("sort", "id")
    ]


def _current_materials(item: ApprovalItem) -> list[MaterialSpec]:
    rows = item.materials.order_by("sort", "id")
    return [MaterialSpec(**MaterialSpec.values_of(m)) for m in rows]


def _co_key(specs: list[CoDepartmentSpec]) -> list[tuple[int, int | None, str]]:
    return [(s.department.pk, s.opinion_limit_days, s.duty) for s in specs]


def _co_payload(specs: list[CoDepartmentSpec]) -> list[dict[str, Any]]:
    return [
        {
            "department": s.department.code,
            "opinion_limit_days": s.opinion_limit_days,
            "duty": s.duty,
        }
        for s in specs
    ]


def _write_co(item: ApprovalItem, specs: list[CoDepartmentSpec]) -> None:
    item.co_departments.all().delete()
    ItemCoDepartment.objects.bulk_create(
        ItemCoDepartment(
            item=item,
            department=s.department,
            opinion_limit_days=cast(int, s.opinion_limit_days),  # resolved by _resolve_co
            duty=s.duty,
            sort=i,
        )
        for i, s in enumerate(specs)
    )


def _write_materials(item: ApprovalItem, specs: list[MaterialSpec]) -> None:
    item.materials.all().delete()
    ItemMaterial.objects.bulk_create(
        ItemMaterial(item=item, sort=i, **s.as_dict()) for i, s in enumerate(specs)
    )


def _ensure_scope(actor: Actor, item: ApprovalItem) -> None:
    """The implementing department must lie in the actor's data scope."""
    visible = ApprovalItem.objects.filter(pk=item.pk).filter(
        scope_q(actor, dept_field="department")
    )
    if not visible.exists():
        raise PermissionDenied(
            f"“{item.department.name}”的事项不在您的数据权限范围内",
            code="item_out_of_scope",
            detail={"department": item.department.code},
        )


def _lock(actor: Actor, item: ApprovalItem | str, expected_version: int | None) -> ApprovalItem:
    code = item if isinstance(item, str) else item.code
    # of=("self",): PostgreSQL refuses FOR UPDATE across the outer join to `window`.
    locked = (
        ApprovalItem.objects.select_for_update(of=("self",))
        .select_related("department", "window")
        .filter(code=code)
        .first()
    )
    if locked is None:
        raise NotFound(f"事项 {code} 不存在", code="item_not_found")
    _ensure_scope(actor, locked)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            "该事项已被他人修改，请刷新后重试",
            code="item_version_conflict",
            detail={"expected": expected_version, "current": locked.version},
        )
    return locked


def _bump(item: ApprovalItem, *fields: str) -> None:
    item.version += 1
    item.save(update_fields=[*fields, "version", "updated_at"])


# --- actions -------------------------------------------------------------------


@transaction.atomic
def create_item(
    *,
    actor: Actor,
    code: str,
    name: str,
    legal_basis: str,
    department: Department,
    co_departments: CoDepartments = (),
    materials: Materials = (),
    **fields: Any,
) -> ApprovalItem:
    """A new draft item. Limits not given take the law's defaults for the
    handling mode; the committed limit defaults to 0 for an instant item and
    to the legal limit otherwise."""
    require(actor, PERMISSION)
    _check_fields(fields)
    rule = rule_for(fields.get("handling_mode", HandlingMode.SINGLE))
    fields.setdefault("legal_limit_days", rule.legal_default)
    fields.setdefault("extension_max_days", rule.extension_max)
    fields.setdefault("handling_forms", [WINDOW_FORM])
    item = ApprovalItem(
        code=code, name=name, legal_basis=legal_basis, department=department, **fields
    )
    if "committed_limit_days" not in fields:
        item.committed_limit_days = 0 if item.is_instant else item.legal_limit_days
    _normalise(item)
    co = _resolve_co(co_department_specs(co_departments))
    mats = _normalise_materials(material_specs(materials))
    rules.check_item(item, co)
    rules.check_materials(mats)
    if ApprovalItem.objects.filter(code=item.code).exists():
        raise Conflict(f"实施编码 {item.code} 已存在", code="item_code_taken")
    try:
        with transaction.atomic():
            item.save(force_insert=True)
    except IntegrityError:
        # Someone created the same code between the check and the insert.
        raise Conflict(f"实施编码 {item.code} 已存在", code="item_code_taken") from None
    _write_co(item, co)
    _write_materials(item, mats)
    _ensure_scope(actor, item)
    record_event(
        actor=actor,
        event_type="catalog.item_created",
        object_type="item",
        object_id=item.code,
        payload={
            "name": item.name,
            "department": department.code,
            "legal_basis": item.legal_basis,
            "handling_mode": item.handling_mode,
            "legal_limit_days": item.legal_limit_days,
            "committed_limit_days": item.committed_limit_days,
            "co_departments": _co_payload(co),
            "materials": [m.name for m in mats],
            "version": item.version,
        },
    )
    return item


@transaction.atomic
def update_item(
    *,
    actor: Actor,
    item: ApprovalItem | str,
    expected_version: int,
    co_departments: CoDepartments | None = None,
    **changes: Any,
) -> ApprovalItem:
    """Change an item's fields (and, if given, its co-departments). A stale
    `expected_version` is refused; a change to nothing writes nothing."""
    require(actor, PERMISSION)
    _check_fields(changes)
    locked = _lock(actor, item, expected_version)
    before = {field: getattr(locked, field) for field in changes}
    for field, value in changes.items():
        setattr(locked, field, value)
    _normalise(locked)
    old_co = _current_co(locked)
    co = old_co if co_departments is None else _resolve_co(co_department_specs(co_departments))
    rules.check_item(locked, co)
    if locked.status == ItemStatus.PUBLISHED:
        rules.check_publishable(locked, _current_materials(locked))
    changed = {
        field: {"from": _plain(old), "to": _plain(getattr(locked, field))}
        for field, old in before.items()
        if old != getattr(locked, field)
    }
    co_changed = _co_key(co) != _co_key(old_co)
    if not changed and not co_changed:
        return locked
    _bump(locked, *changed)
    if co_changed:
        _write_co(locked, co)
    if "department" in changed:
        _ensure_scope(actor, locked)
    payload: dict[str, Any] = {"version": locked.version, "changed": changed}
    if co_changed:
        payload["co_departments"] = {"from": _co_payload(old_co), "to": _co_payload(co)}
    record_event(
        actor=actor,
        event_type="catalog.item_updated",
        object_type="item",
        object_id=locked.code,
        payload=payload,
    )
    return locked


@transaction.atomic
def set_materials(
    *,
    actor: Actor,
    item: ApprovalItem | str,
    materials: Materials,
    expected_version: int | None = None,
) -> ApprovalItem:
    """Replace the item's list of materials (the order given is the order shown)."""
    require(actor, PERMISSION)
    locked = _lock(actor, item, expected_version)
    mats = _normalise_materials(material_specs(materials))
    rules.check_materials(mats)
    if locked.status == ItemStatus.PUBLISHED:
        rules.check_publishable(locked, mats)
    if mats == _current_materials(locked):
        return locked
    _write_materials(locked, mats)
    _bump(locked)
    record_event(
        actor=actor,
        event_type="catalog.materials_set",
        object_type="item",
        object_id=locked.code,
        payload={"version": locked.version, "materials": [m.name for m in mats]},
    )
    return locked


def _transition(item: ApprovalItem, target: str) -> str:
    source = item.status
    if target not in TRANSITIONS.get(source, set()):
        raise InvalidInput(
            f"事项状态为“{item.get_status_display()}”，不能{ItemStatus(target).label}",
            code="item_bad_transition",
            detail={"from": source, "to": target},
        )
    return source


@transaction.atomic
def publish_item(
    *, actor: Actor, item: ApprovalItem | str, expected_version: int | None = None
) -> ApprovalItem:
    """Publish a draft, or resume a suspended item. The whole item is checked
    again: the rules may have grown since it was saved."""
    require(actor, PERMISSION)
    locked = _lock(actor, item, expected_version)
    source = _transition(locked, ItemStatus.PUBLISHED)
    rules.check_item(locked, _current_co(locked))
    rules.check_publishable(locked, _current_materials(locked))
    unknown = fees.unknown_fee_codes(list(locked.fee_codes))
    if unknown:
        raise InvalidInput(
            "收费项目不在收费目录中或已停止执行", code="item_fee_code_unknown", detail=unknown
        )
    locked.status = ItemStatus.PUBLISHED
    locked.status_note = ""
    locked.published_at = timezone.now()
    _bump(locked, "status", "status_note", "published_at")
    record_event(
        actor=actor,
        event_type="catalog.item_published",
        object_type="item",
        object_id=locked.code,
        payload={"version": locked.version, "from": source},
    )
    return locked


@transaction.atomic
def suspend_item(
    *, actor: Actor, item: ApprovalItem | str, reason: str, expected_version: int | None = None
) -> ApprovalItem:
    """Stop accepting applications for a published item, with the reason shown."""
    require(actor, PERMISSION)
    locked = _lock(actor, item, expected_version)
    reason = require_text(reason, code="item_suspend_reason_required", message="暂停办理须写明原因")
    if len(reason) > 200:
        raise InvalidInput("暂停原因不能超过 200 个字符", code="item_field_too_long")
    _transition(locked, ItemStatus.SUSPENDED)
    locked.status = ItemStatus.SUSPENDED
    locked.status_note = reason
    _bump(locked, "status", "status_note")
    record_event(
        actor=actor,
        event_type="catalog.item_suspended",
        object_type="item",
        object_id=locked.code,
        payload={"version": locked.version, "reason": reason},
    )
    return locked
