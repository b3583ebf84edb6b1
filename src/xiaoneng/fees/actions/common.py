"""What the fee actions share: input checks and the catalog's terms."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.text import require_text
from xiaoneng.fees.models import FeeStatus, StandardKind
from xiaoneng.fees.standard import Standard, money
from xiaoneng.org.models import Department

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$")
ITEM_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")


def as_int(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return 0
    return pk if 0 < pk < 2**63 else 0


def fee_code(value: Any) -> str:
    code = value.strip() if isinstance(value, str) else ""
    if not CODE.match(code):
        raise InvalidInput("收费项目编码应为 2～40 位字母、数字或连字符", code="fee_code_invalid")
    return code


def a_date(value: Any, *, code: str, message: str, optional: bool = False) -> date | None:
    if value in (None, "") and optional:
        return None
    if type(value) is date:
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInput(message, code=code)


def item_codes(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [v for v in re.split(r"[、,，;；\s]+", value) if v]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("适用审批事项编码应为编码列表", code="fee_item_codes_invalid")
    codes = [v.strip() for v in value]
    if any(not ITEM_CODE.match(c) for c in codes) or len(set(codes)) != len(codes):
        raise InvalidInput("适用审批事项编码不正确或重复", code="fee_item_codes_invalid")
    return codes


def terms(
    *,
    name: Any,
    department_id: Any,
    legal_basis: Any,
    price_doc: Any,
    finance_doc: Any,
    kind: Any,
    lower: Any,
    upper: Any = None,
    unit: Any,
    effective_from: Any,
    effective_to: Any = None,
    item_codes_: Any = (),
    departments: dict[int, Department] | None = None,
) -> dict[str, Any]:
    """The checked terms of a catalog entry (a fee without a basis is refused).
    `departments`: the active departments by pk, read once by a batch."""
    missing = [
        label
        for label, v in (
            ("设立依据", legal_basis),
            ("价格批准文件", price_doc),
            ("财政批准文件", finance_doc),
        )
        if not (isinstance(v, str) and v.strip())
    ]
    if missing:
        raise InvalidInput(
            f"收费项目须写明{'、'.join(missing)}", code="fee_basis_required", detail=missing
        )
    department = (
        departments.get(as_int(department_id))
        if departments is not None
        else Department.objects.filter(pk=as_int(department_id), active=True).first()
    )
    if department is None:
        raise InvalidInput("执收单位不正确", code="fee_department_invalid")
    if kind not in StandardKind.values:
        raise InvalidInput("收费标准类型不正确", code="fee_standard_invalid")
    low = money(lower, code="fee_standard_invalid", message="收费标准不正确")
    high = (
        low
        if kind == StandardKind.FIXED or upper in (None, "")
        else money(upper, code="fee_standard_invalid", message="收费标准不正确")
    )
    Standard(kind, low, high).check()
    start = a_date(effective_from, code="fee_period_invalid", message="执行起始日期不正确")
    end = a_date(
        effective_to, code="fee_period_invalid", message="执行截止日期不正确", optional=True
    )
    assert start is not None
    if end is not None and end < start:
        raise InvalidInput("执行截止日期不能早于起始日期", code="fee_period_invalid")
    return {
        "name": require_text(
            name, code="fee_name_required", message="请填写收费项目名称", limit=200
        ),
        "department": department,
        "legal_basis": str(legal_basis).strip()[:4000],
        "price_doc": str(price_doc).strip()[:300],
        "finance_doc": str(finance_doc).strip()[:300],
        "kind": kind,
        "lower": low,
        "upper": high,
        "unit": require_text(unit, code="fee_unit_required", message="请填写计费单位", limit=20),
        "effective_from": start,
        "effective_to": end,
        "item_codes": item_codes(
            list(item_codes_) if not isinstance(item_codes_, str) else item_codes_
        ),
    }


TERM_FIELDS = (
    "name",
    "department",
    "legal_basis",
    "price_doc",
    "finance_doc",
    "kind",
    "lower",
    "upper",
    "unit",
    "effective_from",
    "effective_to",
    "status",
    "cancelled_on",
    "item_codes",
)

KEPT = FeeStatus.KEPT
