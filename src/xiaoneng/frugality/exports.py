"""三公经费 as a sheet (.xlsx): one row per department and month, then the
year's row per department; user text (department names) is written as
text through `core.sheets` (no formulas)."""

from __future__ import annotations

from collections.abc import Iterator

from xiaoneng.core.sheets import Sheet, xlsx

from .selectors import FIGURE_LABELS, FIGURES, DepartmentYear

HEADERS = ["单位", "月份", *(FIGURE_LABELS[f] for f in FIGURES), "合计"]


def report_rows(year: int, rows: list[DepartmentYear]) -> Iterator[list[object]]:
    for r in rows:
        for m in sorted(r.months):
            values = r.months[m]
            yield [r.name, f"{year}年{m}月", *(values[f] for f in FIGURES), sum(values.values())]
        yield [r.name, f"{year}年全年", *(r.total(f) for f in FIGURES), r.grand_total]


def report_xlsx(year: int, rows: list[DepartmentYear]) -> bytes:
    return xlsx(
        [
            Sheet(
                f"{year}年三公经费",
                HEADERS,
                list(report_rows(year, rows)),
                widths_from_headers=True,
            )
        ],
        creator="效能平台",
    )
