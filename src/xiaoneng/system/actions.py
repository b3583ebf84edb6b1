"""Writes of the system administration: parameters, dictionaries, operation log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.org.authority import require

from . import params
from .models import DictData, DictType, OperationLog, Parameter

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@transaction.atomic
def set_parameter(*, actor: Actor, key: str, value: str) -> Parameter:
    require(actor, "system.params")
    spec = params.REGISTRY.get(key)
    if spec is None:
        raise NotFound(f"未知参数：{key}", code="param_unknown", detail={"key": key})
    parsed = params.parse_value(spec, value)
    param, _ = Parameter.objects.select_for_update().get_or_create(
        key=key, defaults={"name": spec.name, "value": str(spec.default), "remark": spec.remark}
    )
    old = param.value
    param.value = str(parsed)
    param.save(update_fields=["value", "updated_at"])
    record_event(
        actor=actor,
        event_type="system.parameter_changed",
        object_type="parameter",
        object_id=key,
        payload={"key": key, "old": old, "new": param.value},
    )
    # Forget now (this transaction reads the new value) and again after commit
    # (another process may have re-cached the old value in between).
    params.forget(key)
    transaction.on_commit(lambda: params.forget(key))
    return param


@transaction.atomic
def save_dict_type(
    *, actor: Actor, code: str, name: str, active: bool = True, remark: str = ""
) -> DictType:
    require(actor, "system.dict")
    if not code.strip() or not name.strip():
        raise InvalidInput("字典类型与名称不能为空", code="dict_type_blank")
    dict_type, created = DictType.objects.update_or_create(
        code=code.strip(), defaults={"name": name.strip(), "active": active, "remark": remark}
    )
    record_event(
        actor=actor,
        event_type="system.dict_type_saved",
        object_type="dict_type",
        object_id=dict_type.code,
        payload={"name": dict_type.name, "created": created},
    )
    return dict_type


@transaction.atomic
def save_dict_data(
    *,
    actor: Actor,
    dict_type: DictType,
    value: str,
    label: str,
    sort: int = 0,
    css_class: str = "",
    active: bool = True,
) -> DictData:
    require(actor, "system.dict")
    if not value.strip() or not label.strip():
        raise InvalidInput("字典键值与标签不能为空", code="dict_data_blank")
    item, created = DictData.objects.update_or_create(
        dict_type=dict_type,
        value=value.strip(),
        defaults={"label": label.strip(), "sort": sort, "css_class": css_class, "active": active},
    )
    record_event(
        actor=actor,
        event_type="system.dict_data_saved",
        object_type="dict_type",
        object_id=dict_type.code,
        payload={"value": item.value, "label": item.label, "created": created},
    )
    return item


@transaction.atomic
def delete_dict_data(*, actor: Actor, item: DictData) -> None:
    require(actor, "system.dict")
    record_event(
        actor=actor,
        event_type="system.dict_data_deleted",
        object_type="dict_type",
        object_id=item.dict_type.code,
        payload={"value": item.value, "label": item.label},
    )
    item.delete()


def record_operation(**fields: Any) -> None:
    """Append one operation-log row (called by the middleware after a request)."""
    OperationLog.objects.create(**fields)
