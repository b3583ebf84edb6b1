"""The catalog's rules, checked by the actions before anything is written.
Each violation raises InvalidInput with a stable code naming the rule."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

from xiaoneng.core.errors import InvalidInput
from xiaoneng.org.models import DepartmentKind
from xiaoneng.system.params import REGISTRY

from .limits import rule_for
from .models.choices import (
    EXERCISE_LEVELS,
    HANDLING_FORMS,
    ITEM_TYPES,
    PUBLIC_SERVICE,
    SERVICE_OBJECTS,
    TIME_UNITS,
    HandlingMode,
    MaterialForm,
    SpecialProcedure,
    SubjectNature,
)
from .models.item import ApprovalItem
from .models.parts import ItemMaterial
from .specs import CoDepartmentSpec, MaterialSpec

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]*$")
# Administrative organs can implement items; offices, windows and applicants cannot.
SUBJECT_KINDS = {DepartmentKind.GOVERNMENT, DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY}
CHOICE_FIELDS: dict[str, tuple[list[tuple[str, str]], str]] = {
    "item_type": (ITEM_TYPES, "item_type_invalid"),
    "exercise_level": (EXERCISE_LEVELS, "item_exercise_level_invalid"),
    "subject_nature": (SubjectNature.choices, "item_subject_nature_invalid"),
    "handling_mode": (HandlingMode.choices, "item_handling_mode_invalid"),
    "legal_limit_unit": (TIME_UNITS, "item_time_unit_invalid"),
    "committed_limit_unit": (TIME_UNITS, "item_time_unit_invalid"),
}
LIST_FIELDS: dict[str, tuple[list[tuple[str, str]], str]] = {
    "service_objects": (SERVICE_OBJECTS, "item_service_objects_invalid"),
    "handling_forms": (HANDLING_FORMS, "item_handling_forms_invalid"),
    "special_procedures": (SpecialProcedure.choices, "item_special_procedures_invalid"),
}
MAX_NUMBER = 999  # days, visits, copies
_url = URLValidator(schemes=["http", "https"])


def invalid(message: str, code: str, **detail: Any) -> InvalidInput:
    return InvalidInput(message, code=code, detail=detail or None)


def _verbose(model: type[models.Model], field: str) -> str:
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


def _count(value: object) -> bool:
    # Small-integer columns: PostgreSQL refuses more than 32767, a 500 otherwise.
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_NUMBER


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def check_lengths(obj: models.Model) -> None:
    """Bad input never reaches the database as an error 500 (PostgreSQL
    enforces max_length, SQLite does not)."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.CharField) and field.max_length:
            value = getattr(obj, field.attname)
            if isinstance(value, str) and len(value) > field.max_length:
                raise invalid(
                    f"“{field.verbose_name}”不能超过 {field.max_length} 个字符",
                    "item_field_too_long",
                    field=field.name,
                    max_length=field.max_length,
                )


def _check_choices(item: ApprovalItem) -> None:
    for field, (choices, code) in CHOICE_FIELDS.items():
        if getattr(item, field) not in {value for value, _ in choices}:
            raise invalid(f"“{_verbose(ApprovalItem, field)}”取值无效", code, field=field)
    for field, (choices, code) in LIST_FIELDS.items():
        values = getattr(item, field)
        allowed = {value for value, _ in choices}
        if (
            not isinstance(values, list)
            or len(set(values)) != len(values)
            or not set(values) <= allowed
        ):
            raise invalid(
                f"“{_verbose(ApprovalItem, field)}”取值无效",
                code,
                field=field,
                allowed=sorted(allowed),
            )
    if not item.handling_forms:
        raise invalid("至少选择一种办理形式", "item_handling_forms_invalid", field="handling_forms")


def _check_identity(item: ApprovalItem) -> None:
    # Stripped here too: publishing re-checks rows that never went through _normalise.
    if not _text(item.name):
        raise invalid("事项名称不能为空", "item_name_required")
    if not CODE_RE.fullmatch(_text(item.code)):
        raise invalid(
            "实施编码只能由字母、数字、连字符和下划线组成", "item_code_invalid", value=item.code
        )
    if not _text(item.basic_code):
        raise invalid("基本编码不能为空", "item_basic_code_required")
    if not _text(item.legal_basis):
        # Seed art. 3: no item may be set up without a basis in law or regulation.
        raise invalid(
            "设定依据不能为空：凡没有法律法规依据的，任何行政机关不得设置或变相设置行政审批事项",
            "item_legal_basis_required",
        )


def _check_units(item: ApprovalItem) -> None:
    if item.department_id is None:
        raise invalid("须指定实施主体", "item_department_required")
    dept = item.department
    if dept.kind not in SUBJECT_KINDS:
        raise invalid(
            f"“{dept.name}”不是行政机关，不能作为实施主体",
            "item_department_invalid",
            department=dept.code,
        )
    window = item.window
    if window is not None and (
        window.kind != DepartmentKind.WINDOW or not window.ancestors.startswith(dept.path)
    ):
        raise invalid(
            f"“{window.name}”不是{dept.name}的服务窗口", "item_window_invalid", window=window.code
        )


def _check_limits(item: ApprovalItem) -> None:
    rule = rule_for(item.handling_mode)
    legal, committed = item.legal_limit_days, item.committed_limit_days
    for value in (legal, committed, item.extension_max_days, item.visits_needed):
        if not _count(value):
            raise invalid(f"时限、次数须为 0–{MAX_NUMBER} 的整数", "item_number_invalid")
    if rule.legal_max is not None and legal > rule.legal_max:
        raise invalid(
            f"{item.get_handling_mode_display()}的办理时间不得超过 {rule.legal_max} 个工作日"
            f"（{rule.basis}）",
            "item_legal_limit_exceeds_law",
            legal=legal,
            max=rule.legal_max,
        )
    if item.extension_max_days > rule.extension_max:
        raise invalid(
            f"延长期限不得超过 {rule.extension_max} 个工作日（{rule.basis}）",
            "item_extension_exceeds_law",
            extension=item.extension_max_days,
            max=rule.extension_max,
        )
    if item.legal_limit_unit != item.committed_limit_unit:
        raise invalid("承诺时限与法定时限须使用同一单位", "item_limit_units_differ")
    if committed > legal:
        raise invalid(
            f"承诺办结时限（{committed}）不得超过法定办结时限（{legal}）",
            "item_committed_exceeds_legal",
            committed=committed,
            legal=legal,
        )
    if item.is_instant:
        if committed != 0:
            raise invalid(
                "即办件当场办结，承诺办结时限应为 0 个工作日",
                "item_instant_committed_nonzero",
                committed=committed,
            )
        if item.special_procedures:
            raise invalid("即办件不经特别程序", "item_instant_with_special_procedure")
    spec = REGISTRY["case.warning_days"]
    if item.warning_days is not None and not spec.minimum <= item.warning_days <= spec.maximum:
        raise invalid(
            f"预警阈值应在 {spec.minimum}–{spec.maximum} 个工作日之间",
            "item_warning_days_invalid",
        )


def _check_fees_and_online(item: ApprovalItem) -> None:
    codes = item.fee_codes
    if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
        raise invalid("收费项目编码应为编码列表", "item_fee_codes_invalid")
    if len(set(codes)) != len(codes):
        raise invalid("收费项目编码重复", "item_fee_codes_invalid")
    if item.charges_fee and not item.fee_basis:
        raise invalid("收费事项须写明收费依据", "item_fee_basis_required")
    if not item.charges_fee and (item.fee_basis or codes):
        raise invalid("不收费的事项不能填写收费依据或收费项目", "item_fee_without_charge")
    if item.online_handling and not item.online_url:
        raise invalid("网办事项须填写网办地址", "item_online_url_required")
    if item.online_url:
        try:
            _url(item.online_url)
        except ValidationError:
            raise invalid("网办地址不是有效的网址", "item_online_url_invalid") from None


def check_co_departments(item: ApprovalItem, co: Sequence[CoDepartmentSpec]) -> None:
    if item.handling_mode == HandlingMode.SINGLE:
        if co:
            raise invalid("单独办理的事项没有共同实施部门", "item_co_departments_single")
        return
    if not co:
        raise invalid(
            f"{item.get_handling_mode_display()}事项须列明共同实施部门",
            "item_co_departments_required",
        )
    seen: set[int] = set()
    for spec in co:
        dept = spec.department
        if dept.pk == item.department.pk:
            raise invalid("牵头部门不能同时是共同实施部门", "item_co_department_is_lead")
        if dept.pk in seen:
            raise invalid(f"共同实施部门“{dept.name}”重复", "item_co_department_duplicate")
        seen.add(dept.pk)
        if dept.kind not in SUBJECT_KINDS:
            raise invalid(f"“{dept.name}”不能作为共同实施部门", "item_co_department_invalid")
        if re.search(r"[;；\n]", spec.duty):
            # One line per department in the Table 4 export.
            raise invalid("会签内容不能包含分号或换行", "item_co_department_invalid")
        days = spec.opinion_limit_days
        # The lead decides after every opinion, within the committed limit.
        if not isinstance(days, int) or not 1 <= days <= item.committed_limit_days:
            raise invalid(
                f"“{dept.name}”出具意见时限应为 1 至承诺办结时限（{item.committed_limit_days}）"
                "个工作日",
                "item_opinion_limit_invalid",
                department=dept.code,
            )


def check_item(item: ApprovalItem, co: Sequence[CoDepartmentSpec]) -> None:
    """Every rule an item must satisfy to be saved, in whatever status."""
    check_lengths(item)
    _check_identity(item)
    _check_choices(item)
    _check_units(item)
    _check_limits(item)
    _check_fees_and_online(item)
    check_co_departments(item, co)


def check_materials(specs: Iterable[MaterialSpec]) -> None:
    forms = {value for value, _ in MaterialForm.choices}
    names: set[str] = set()
    for spec in specs:
        if not spec.name:
            raise invalid("材料名称不能为空", "item_material_name_required")
        if spec.name in names:
            raise invalid(f"材料“{spec.name}”重复", "item_material_duplicate", name=spec.name)
        names.add(spec.name)
        if spec.form not in forms:
            raise invalid(f"材料“{spec.name}”的形式无效", "item_material_form_invalid")
        if not (_count(spec.originals) and _count(spec.copies)):
            raise invalid(
                f"材料“{spec.name}”的份数应为 0–{MAX_NUMBER} 的整数", "item_material_copies_invalid"
            )
        if spec.form != MaterialForm.ELECTRONIC and spec.originals + spec.copies == 0:
            raise invalid(
                f"纸质材料“{spec.name}”须写明原件或复印件份数", "item_material_copies_invalid"
            )
        check_lengths(ItemMaterial(**spec.as_dict()))


def check_publishable(item: ApprovalItem, materials: Sequence[MaterialSpec]) -> None:
    """A published item is the basis of the one-time notice (一次性告知): it
    lists what to bring. Every item type but 公共服务 starts from an
    application (行政许可法第二十九条), so it needs at least one required
    material; a public service may be asked for orally."""
    if item.item_type != PUBLIC_SERVICE and not any(m.required for m in materials):
        raise invalid(
            "发布前须列明至少一项必备申请材料（一次性告知的依据）", "item_materials_required"
        )
