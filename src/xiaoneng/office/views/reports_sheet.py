"""The reporting calendar as a sheet (.xlsx): a title row, the header row,
then one row per unit with each period's state and the year's counts. User
text (unit names) goes through `core.sheets` (always text)."""

from __future__ import annotations

from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.office.selectors.reports import Matrix

SHEET_TITLE = "报送情况"


def matrix_xlsx(m: Matrix) -> bytes:
    headers: list[object] = ["报送单位", *(label for _, label in m.periods), "逾期报送", "未报送"]
    title = f"{m.year}年{m.kind.name}报送情况（截止日：期满后第{m.kind.due_workdays}个工作日）"
    rows: list[list[object]] = [list(headers)]
    for row in m.rows:
        cells = [cell.label if cell is not None else "" for cell in row.cells]
        rows.append([row.unit.name, *cells, row.late, row.missing])
    head = [title, *([""] * (len(headers) - 1))]
    return xlsx([Sheet(SHEET_TITLE, head, rows)], creator="效能平台")
