"""The annual report as a sheet (.xlsx): one sheet per section, each table
under its title; labels and every cell written as text through
`core.sheets` (no formulas)."""

from __future__ import annotations

from typing import Any

from xiaoneng.core.sheets import Sheet, xlsx

from .models import DisclosureItem


def section_rows(section: dict[str, Any]) -> list[list[object]]:
    rows: list[list[object]] = []
    for table in section["tables"]:
        rows.append([table["title"]])
        rows.append([str(h) for h in table["headers"]])
        rows.extend(list(r) for r in table["rows"])
        rows.append([])
    return rows


ITEM_HEADERS = [
    "信息编号",
    "公开单位",
    "目录类别",
    "信息名称",
    "文号",
    "形成或变更日期",
    "公开日期",
    "超期公开",
]


def item_rows(items: list[DisclosureItem]) -> list[list[object]]:
    return [
        [
            i.number,
            i.department.name,
            i.get_category_display(),
            i.title,
            i.document_number,
            i.formed_on,
            i.published_on,
            "是" if i.late else "否",
        ]
        for i in items
    ]


def report_xlsx(tables: dict[str, Any], items: list[DisclosureItem]) -> bytes:
    """The report's sections, then the year's published items (user text as text)."""
    year = tables["year"]
    sheets = [
        Sheet(s["title"][:31], [f"{year}年政府信息公开工作年度报告"], section_rows(s))
        for s in tables["sections"]
    ]
    sheets.append(
        Sheet("本年主动公开信息", ITEM_HEADERS, item_rows(items), widths_from_headers=True)
    )
    return xlsx(sheets, creator="效能平台")
