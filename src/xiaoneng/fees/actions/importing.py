"""The catalog's .xlsx import (`fee.catalog`): every row checked, every bad
row reported (row, column, code, message); if any row is bad nothing is
stored. A known code is changed (a new version valid from today), an
unknown one created. All rows are checked before anything is written
(departments and existing codes read once); the new fees and the versions
are then written in bulk, under one `fee.imported` event listing the codes
(the desk's one-fee actions keep their own `fee.created`/`fee.changed`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput
from xiaoneng.fees.models import FeeItem, FeeStatus, FeeVersion
from xiaoneng.fees.selectors import CATALOG
from xiaoneng.fees.sheet import COLUMNS, KIND_WORDS, STATUS_WORDS, FeeRow, read_xlsx
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department

from .common import TERM_FIELDS, a_date, fee_code, terms

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


@dataclass
class _Plan:
    """One checked row: what the import will write for it."""

    code: str
    fee: FeeItem | None  # None: a new fee
    terms: dict[str, Any]
    cancelled_on: date | None


def _checked(
    row: FeeRow,
    *,
    departments: dict[str, int],
    active: dict[int, Department],
    existing: dict[str, FeeItem],
    last_from: dict[int, date],
    today: date,
    seen: set[str],
    planned: set[str],
) -> _Plan:
    """The checks of `create_fee_row` / `change_fee_row` and of a cancellation,
    in their order, without a write or a query."""
    cells = row.cells
    code = str(cells.get("code") or "")
    if code in seen:
        raise InvalidInput("同一文件中收费项目编码重复", code="fee_code_exists")
    seen.add(code)
    status = STATUS_WORDS.get(str(cells.get("status") or "保留"))
    if status is None:
        raise InvalidInput("状态应为“保留”或“取消”", code="fee_already_cancelled")
    checked = terms(**_fields(cells, departments), departments=active)
    fee = existing.get(code)
    if fee is None:
        code = fee_code(code)
        if code in existing or code in planned:
            raise Conflict("收费项目编码已存在", code="fee_code_exists")
    else:
        if today < last_from.get(fee.pk, fee.effective_from):
            raise InvalidInput("变更生效日期不能早于上一版本的生效日期", code="fee_period_invalid")
        if fee.status == FeeStatus.CANCELLED:
            raise Conflict("该收费项目已取消", code="fee_already_cancelled")
    day = None
    if status == FeeStatus.CANCELLED:
        day = a_date(
            cells.get("cancelled_on"), code="fee_cancelled_on_invalid", message="取消日期不正确"
        )
    if fee is None:
        planned.add(code)
    return _Plan(code, fee, checked, day)


def _version(fee: FeeItem, user: User, valid_from: date, note: str) -> FeeVersion:
    copy = {f: getattr(fee, f) for f in TERM_FIELDS}
    return FeeVersion(
        fee=fee, number=fee.version, valid_from=valid_from, note=note, recorded_by=user, **copy
    )


def _write(user: User, plans: list[_Plan], today: date) -> dict[str, list[str]]:
    """The checked rows stored: new fees and their versions in bulk, the
    changed ones saved one by one (a new version valid from today)."""
    versions: list[FeeVersion] = []
    fresh = [FeeItem(code=p.code, **p.terms) for p in plans if p.fee is None]
    try:
        with transaction.atomic():
            FeeItem.objects.bulk_create(fresh)
    except IntegrityError:  # created by someone else since the read
        raise Conflict("收费项目编码已存在", code="fee_code_exists") from None
    if fresh and fresh[0].pk is None:  # a backend that returns no keys
        pks = dict(
            FeeItem.objects.filter(code__in=[f.code for f in fresh]).values_list("code", "pk")
        )
        for fee in fresh:
            fee.pk, fee._state.adding = pks[fee.code], False
    by_code = {f.code: f for f in fresh}
    done: dict[str, list[str]] = {"created": [], "changed": [], "cancelled": []}
    for plan in plans:
        if plan.fee is None:
            fee = by_code[plan.code]
            versions.append(_version(fee, user, fee.effective_from, "新增"))
            done["created"].append(fee.code)
        else:
            fee = plan.fee
            for key, value in plan.terms.items():
                setattr(fee, key, value)
            fee.version += 1
            versions.append(_version(fee, user, today, "导入"))
            done["changed"].append(fee.code)
        if plan.cancelled_on is not None:
            fee.status, fee.cancelled_on = FeeStatus.CANCELLED, plan.cancelled_on
            fee.version += 1
            versions.append(_version(fee, user, plan.cancelled_on, "导入取消"))
            done["cancelled"].append(fee.code)
        if plan.fee is not None or plan.cancelled_on is not None:
            fee.save()
    FeeVersion.objects.bulk_create(versions)
    return done


@transaction.atomic(durable=True)
def import_fees(*, actor: Actor, data: bytes) -> dict[str, int]:
    """导入收费目录: the counts created and changed, or `fee_import_rows_invalid`
    with every bad row (nothing stored). Every row is checked before anything
    is written; then one `fee.imported` event lists the codes."""
    user = require(actor, CATALOG)
    rows = read_xlsx(data)
    departments = dict(Department.objects.values_list("code", "pk"))
    active = Department.objects.filter(active=True).in_bulk()
    codes = {str(r.cells.get("code") or "") for r in rows}
    codes |= {c.strip() for c in codes}
    existing = {f.code: f for f in FeeItem.objects.select_for_update().filter(code__in=codes)}
    last_from = dict(
        FeeVersion.objects.filter(fee__in=list(existing.values()))
        .values("fee_id")
        .annotate(last=Max("valid_from"))
        .values_list("fee_id", "last")
    )
    today = timesource.today()
    errors: list[dict[str, Any]] = []
    plans: list[_Plan] = []
    seen: set[str] = set()
    planned: set[str] = set()  # the new codes of the rows checked so far
    for row in rows:
        try:
            plans.append(
                _checked(
                    row,
                    departments=departments,
                    active=active,
                    existing=existing,
                    last_from=last_from,
                    today=today,
                    seen=seen,
                    planned=planned,
                )
            )
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
    done = _write(user, plans, today)
    counts = {"created": len(done["created"]), "changed": len(done["changed"])}
    record_event(
        actor=user,
        event_type="fee.imported",
        object_type="fee",
        object_id="catalog",
        payload={**counts, **{f"{k}_codes": v for k, v in done.items()}},
    )
    return counts
