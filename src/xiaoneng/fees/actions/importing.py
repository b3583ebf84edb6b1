"""The catalog's .xlsx import (`fee.catalog`): every row checked, every bad
row reported (row, column, code, message); if any row is bad nothing is
stored. A known code is changed (a new version valid from today), an
unknown one created."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.fees.models import FeeItem, FeeStatus
from xiaoneng.fees.selectors import CATALOG
from xiaoneng.fees.sheet import COLUMNS, KIND_WORDS, STATUS_WORDS, FeeRow, read_xlsx
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department

from .catalog import change_fee_row, create_fee_row, write_version
from .common import a_date

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

# error code → the column it is about
COLUMN_OF: dict[str, str] = {
    "fee_code_invalid": "code",
    "fee_code_exists": "code",
    "fee_name_required": "name",
    "fee_department_invalid": "department",
    "fee_basis_required": "legal_basis",
    "fee_standard_invalid": "lower",
    "fee_unit_required": "unit",
    "fee_period_invalid": "effective_from",
    "fee_item_codes_invalid": "item_codes",
    "fee_cancelled_on_invalid": "cancelled_on",
    "fee_already_cancelled": "status",
}


def _fields(cells: dict[str, Any], departments: dict[str, int]) -> dict[str, Any]:
    dept = cells.get("department")
    return {
        "name": cells.get("name"),
        "department_id": departments.get(str(dept or ""), 0),
        "legal_basis": cells.get("legal_basis"),
        "price_doc": cells.get("price_doc"),
        "finance_doc": cells.get("finance_doc"),
        "kind": KIND_WORDS.get(str(cells.get("kind") or ""), str(cells.get("kind") or "")),
        "lower": cells.get("lower"),
        "upper": cells.get("upper"),
        "unit": cells.get("unit"),
        "effective_from": cells.get("effective_from"),
        "effective_to": cells.get("effective_to"),
        "item_codes_": cells.get("item_codes") or "",
    }


def _one(user: User, row: FeeRow, departments: dict[str, int], seen: set[str]) -> str:
    cells = row.cells
    code = str(cells.get("code") or "")
    if code in seen:
        raise InvalidInput("同一文件中收费项目编码重复", code="fee_code_exists")
    seen.add(code)
    status = STATUS_WORDS.get(str(cells.get("status") or "保留"))
    if status is None:
        raise InvalidInput("状态应为“保留”或“取消”", code="fee_already_cancelled")
    fields = _fields(cells, departments)
    fee = FeeItem.objects.select_for_update().filter(code=code).first()
    created = fee is None
    if fee is None:
        fee = create_fee_row(user, code, fields)
    else:
        fee = change_fee_row(user, fee, fields, timesource.today(), "导入")
    if status == FeeStatus.CANCELLED:
        day = a_date(
            cells.get("cancelled_on"), code="fee_cancelled_on_invalid", message="取消日期不正确"
        )
        fee.status, fee.cancelled_on, fee.version = FeeStatus.CANCELLED, day, fee.version + 1
        fee.save()
        assert day is not None
        write_version(fee, user, day, "导入取消")
    return "created" if created else "changed"


@transaction.atomic(durable=True)
def import_fees(*, actor: Actor, data: bytes) -> dict[str, int]:
    """导入收费目录: the counts created and changed, or `fee_import_rows_invalid`
    with every bad row (nothing stored)."""
    user = require(actor, CATALOG)
    rows = read_xlsx(data)
    departments = dict(Department.objects.values_list("code", "pk"))
    errors: list[dict[str, Any]] = []
    counts = {"created": 0, "changed": 0}
    seen: set[str] = set()
    for row in rows:
        try:
            with transaction.atomic():
                counts[_one(user, row, departments, seen)] += 1
        except DomainError as exc:
            column = COLUMN_OF.get(exc.code, "code")
            errors.append(
                {
                    "row": row.number,
                    "column": COLUMNS[column],
                    "code": exc.code,
                    "message": exc.message,
                }
            )
    if errors:
        raise InvalidInput(
            f"收费目录文件有 {len(errors)} 行错误，未导入任何收费项目",
            code="fee_import_rows_invalid",
            detail=errors,
        )
    if not rows:
        raise InvalidInput("文件中没有收费项目", code="fee_file_unreadable")
    record_event(
        actor=user,
        event_type="fee.imported",
        object_type="fee",
        object_id="catalog",
        payload=counts,
    )
    return counts
