"""`import_items`: an action made of the catalog's actions. Every row goes
through `create_item` / `update_item` / `set_materials` / `publish_item` /
`suspend_item`, each in its own savepoint so that every bad row is found and
reported (sheet, row number as the spreadsheet shows it, code, message); if
any row is bad, the whole import rolls back: nothing is half-imported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.catalog import actions
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.catalog.specs import CoDepartmentSpec, MaterialSpec
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department

from .cells import OMIT, CellError
from .formats import Workbook
from .layout import (
    CODE_HEADER,
    ITEM_COLUMNS,
    ITEM_SHEET,
    MATERIAL_COLUMNS,
    MATERIAL_SHEET,
    Column,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAX_REPORTED_ERRORS = 200
SUSPENDED_BY_IMPORT = "导入时设为暂停"


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"新增 {len(self.created)} 项，更新 {len(self.updated)} 项，"
            f"未变 {len(self.unchanged)} 项"
        )


class _RowError(InvalidInput):
    """A cell that names its column."""

    def __init__(self, message: str, *, code: str, column: str) -> None:
        super().__init__(message, code=code, detail={"column": column})


def _check_headers(rows: list[dict[str, str]], columns: list[Column], sheet: str) -> None:
    headers = {h for row in rows for h in row}
    unknown = sorted(headers - {c.header for c in columns})
    if unknown:
        raise InvalidInput(
            f"“{sheet}”有无法识别的列：{'、'.join(unknown)}",
            code="catalog_import_unknown_column",
            detail={"sheet": sheet, "columns": unknown},
        )
    if rows and CODE_HEADER not in headers:
        raise InvalidInput(
            f"“{sheet}”缺少“{CODE_HEADER}”列",
            code="catalog_import_missing_column",
            detail={"sheet": sheet, "column": CODE_HEADER},
        )


def _parse(row: dict[str, str], columns: list[Column]) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for column in columns:
        if not column.field or column.header not in row:
            continue
        try:
            value = column.codec.load(row[column.header])
        except CellError as exc:
            raise _RowError(
                f"“{column.header}”：{exc.message}", code=exc.code, column=column.header
            ) from None
        if value is not OMIT:
            parsed[column.field] = value
    return parsed


def _department(code: str, column: str, lookup: dict[str, Department | None]) -> Department:
    if code not in lookup:
        lookup[code] = Department.objects.filter(code=code).first()
    dept = lookup[code]
    if dept is None:
        raise _RowError(
            f"“{column}”：机构编码 {code} 不存在",
            code="catalog_import_unknown_department",
            column=column,
        )
    return dept


class _Importer:
    def __init__(self, actor: Actor, update: bool) -> None:
        self.actor = actor
        self.update = update
        self.result = ImportResult()
        self.errors: list[dict[str, Any]] = []
        self.departments: dict[str, Department | None] = {}

    def run_row(self, sheet: str, number: int, work: Callable[[], None]) -> None:
        try:
            with transaction.atomic():
                work()
        except DomainError as exc:
            entry = {"sheet": sheet, "row": number, "code": exc.code, "message": exc.message}
            if isinstance(exc.detail, dict) and "column" in exc.detail:
                entry["column"] = exc.detail["column"]
            self.errors.append(entry)

    def materials(self, rows: list[dict[str, str]]) -> dict[str, list[MaterialSpec]]:
        by_code: dict[str, list[MaterialSpec]] = {}

        def parse(row: dict[str, str]) -> None:
            fields = _parse(row, MATERIAL_COLUMNS)
            code = fields.pop("item_code", "")
            if not code:
                raise _RowError(
                    "实施编码不能为空", code="catalog_import_code_required", column=CODE_HEADER
                )
            by_code.setdefault(code, []).append(MaterialSpec(**fields))

        for number, row in enumerate(rows, start=2):
            self.run_row(MATERIAL_SHEET, number, partial(parse, row))
        return by_code

    def item(self, row: dict[str, str], materials: list[MaterialSpec] | None) -> None:
        fields = _parse(row, ITEM_COLUMNS)
        code = fields.pop("code", "")
        status = fields.pop("status", None)
        note = fields.pop("status_note", "")
        if "department" in fields:
            fields["department"] = _department(
                fields["department"], "实施主体编码", self.departments
            )
        if fields.get("window"):
            fields["window"] = _department(fields["window"], "受理窗口编码", self.departments)
        elif "window" in fields:
            fields["window"] = None
        co = None
        if "co_departments" in fields:
            co = [
                CoDepartmentSpec(
                    department=_department(e["department"], "共同实施部门", self.departments),
                    opinion_limit_days=e["opinion_limit_days"],
                    duty=e["duty"],
                )
                for e in fields.pop("co_departments")
            ]
        existing = ApprovalItem.objects.filter(code=code).first()
        if existing is None:
            item = self._create(code, fields, co, materials)
            self.result.created.append(code)
        else:
            if not self.update:
                raise Conflict(
                    f"实施编码 {code} 已存在（如需覆盖请选择“更新已有事项”）",
                    code="item_code_taken",
                )
            item = actions.update_item(
                actor=self.actor,
                item=existing,
                expected_version=existing.version,
                co_departments=co,
                **fields,
            )
            if materials is not None:
                item = actions.set_materials(actor=self.actor, item=item, materials=materials)
        item = self._reach(item, status, note)
        if existing is not None:
            bucket = (
                self.result.updated if item.version != existing.version else self.result.unchanged
            )
            bucket.append(code)

    def _create(
        self,
        code: str,
        fields: dict[str, Any],
        co: list[CoDepartmentSpec] | None,
        materials: list[MaterialSpec] | None,
    ) -> ApprovalItem:
        if "department" not in fields:
            raise _RowError(
                "新增事项须填写实施主体编码",
                code="catalog_import_department_required",
                column="实施主体编码",
            )
        return actions.create_item(
            actor=self.actor,
            code=code,
            name=fields.pop("name", ""),
            legal_basis=fields.pop("legal_basis", ""),
            department=fields.pop("department"),
            co_departments=co or (),
            materials=materials or (),
            **fields,
        )

    def _reach(self, item: ApprovalItem, status: str | None, note: str) -> ApprovalItem:
        """Bring the item to the status the row names, through the actions."""
        if status is None or status == item.status:
            return item
        if status == ItemStatus.DRAFT:
            raise InvalidInput("已发布或已暂停的事项不能退回草稿", code="item_bad_transition")
        if item.status != ItemStatus.PUBLISHED:
            item = actions.publish_item(actor=self.actor, item=item)
        if status == ItemStatus.SUSPENDED:
            item = actions.suspend_item(
                actor=self.actor, item=item, reason=note or SUSPENDED_BY_IMPORT
            )
        return item


@transaction.atomic
def import_items(*, actor: Actor, workbook: Workbook, update: bool = False) -> ImportResult:
    """Import a catalog workbook. With `update`, rows whose 实施编码 exists
    overwrite the columns present (blank numbers and flags keep their value);
    without it they are errors. A materials sheet replaces the materials of
    each item it names; items it does not name keep theirs."""
    require(actor, actions.PERMISSION)
    item_rows = workbook.get(ITEM_SHEET)
    if not item_rows:
        raise InvalidInput("文件中没有事项", code="catalog_import_no_items")
    material_rows = workbook.get(MATERIAL_SHEET)
    _check_headers(item_rows, ITEM_COLUMNS, ITEM_SHEET)
    _check_headers(material_rows or [], MATERIAL_COLUMNS, MATERIAL_SHEET)
    importer = _Importer(actor, update)
    materials = importer.materials(material_rows) if material_rows is not None else None
    seen: set[str] = set()
    for number, row in enumerate(item_rows, start=2):
        code = row.get(CODE_HEADER, "").strip()

        def work(row: dict[str, str] = row, code: str = code) -> None:
            if not code:
                raise _RowError(
                    "实施编码不能为空", code="catalog_import_code_required", column=CODE_HEADER
                )
            if code in seen:
                raise _RowError(
                    f"实施编码 {code} 在文件中重复",
                    code="catalog_import_duplicate_code",
                    column=CODE_HEADER,
                )
            seen.add(code)
            importer.item(row, None if materials is None else materials.get(code))

        importer.run_row(ITEM_SHEET, number, work)
    for number, row in enumerate(material_rows or [], start=2):
        code = row.get(CODE_HEADER, "").strip()
        if code and code not in seen:
            importer.errors.append(
                {
                    "sheet": MATERIAL_SHEET,
                    "row": number,
                    "code": "catalog_import_material_orphan",
                    "message": f"实施编码 {code} 不在事项表中",
                    "column": CODE_HEADER,
                }
            )
    if importer.errors:
        errors = importer.errors
        raise InvalidInput(
            f"导入失败：共 {len(errors)} 处错误，未导入任何事项",
            code="catalog_import_failed",
            detail=errors[:MAX_REPORTED_ERRORS],
        )
    result = importer.result
    record_event(
        actor=actor,
        event_type="catalog.items_imported",
        object_type="catalog",
        payload={
            "update": update,
            "created": result.created,
            "updated": result.updated,
            "unchanged": len(result.unchanged),
        },
    )
    return result
