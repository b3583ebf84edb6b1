"""The target book as offices print it (目标责任分解表): a title row, a
header row, one row a task. Reading gives plain dicts keyed by column;
writing goes through `core.sheets` (user text always text), so a book
exported and imported again comes back the same."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.sheets import Sheet, read_sheet, xlsx

MILESTONE_SLOTS = 3

# key → header, in the printed order
COLUMNS: dict[str, str] = {
    "code": "序号",
    "category": "任务类别",
    "title": "工作任务（事项）",
    "is_key": "重点",
    "lead": "牵头单位",
    "cooperating": "配合单位",
    "leader": "责任领导",
    "person": "责任人",
    "deadline": "完成时限",
    "indicator": "指标名称",
    "measure_unit": "计量单位",
    "baseline": "基数",
    "target_value": "目标值",
    "standard": "定性标准",
    "weight": "权重",
}
for _n in range(1, MILESTONE_SLOTS + 1):
    COLUMNS[f"m{_n}"] = f"节点{_n}"
    COLUMNS[f"m{_n}_due"] = f"节点{_n}时限"
HEADERS = list(COLUMNS.values())
KEY_OF = {header: key for key, header in COLUMNS.items()}
SHEET_TITLE = "目标责任分解表"


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # the row's number in the sheet (as the office sees it)
    cells: dict[str, Any]  # column key → value as read (str, number, date or None)


def read_xlsx(data: bytes) -> tuple[str, list[SheetRow]]:
    """The title (the row above the headers, if any) and the task rows.
    The header row is found by its first cell, 序号; unknown columns are ignored."""
    table = read_sheet(
        data, title=SHEET_TITLE, unreadable="target_file_unreadable", what="目标责任分解表"
    )
    for at, row in enumerate(table[:10]):
        if row and row[0] == COLUMNS["code"]:
            header_at = at
            break
    else:
        raise InvalidInput("找不到表头：第一列应为“序号”", code="target_file_unreadable")
    title = next((str(v) for v in table[header_at - 1] if v), "") if header_at else ""
    keys = [KEY_OF.get(str(h) if h is not None else "") for h in table[header_at]]
    rows = [
        SheetRow(
            number=header_at + 2 + offset,
            cells={k: v for k, v in zip(keys, cells, strict=False) if k},
        )
        for offset, cells in enumerate(table[header_at + 1 :])
        if any(v not in (None, "") for v in cells)
    ]
    return title, rows


def write_xlsx(title: str, rows: Iterable[Sequence[object]]) -> bytes:
    """The book as a sheet: `title` in the first row (core.sheets writes its
    bold first row; the headers follow as the first data row)."""
    head = [title, *([""] * (len(HEADERS) - 1))]
    return xlsx(
        [Sheet(SHEET_TITLE, head, [HEADERS, *rows], widths_from_headers=False)],
        creator="效能平台",
    )


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
