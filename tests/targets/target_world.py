"""The target tests' world: a 2026 book of 市工商局 (demo `depthead`) with a
quantitative and a qualitative task, written as offices write the sheet."""

from __future__ import annotations

from datetime import date
from typing import Any

YEAR = 2026
START = date(2026, 2, 2)  # a Monday; the book is imported and signed that day
BUREAU = "620700005"  # 市工商局, demo depthead
FAGAI = "620700002"  # 市发改委, in the demo leader's portfolio
MINLE = "620722"  # 民乐县


def rows(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """A heading and two leaves; `changes[code]` edits a row's cells."""
    table: list[dict[str, Any]] = [
        {"code": "1", "title": "优化营商环境", "category": "政府工作报告"},
        {
            "code": "1.1",
            "title": "新增市场主体",
            "category": "政府工作报告",
            "is_key": "是",
            "lead": "市工商局",
            "cooperating": "市发改委",
            "leader": "王副市长",
            "person": "李局长",
            "deadline": "2026-12-31",
            "indicator": "新增市场主体",
            "measure_unit": "户",
            "baseline": "0",
            "target_value": "1000",
            "weight": "60",
            "m1": "上半年完成 500 户",
            "m1_due": "2026-06-30",
        },
        {
            "code": "1.2",
            "title": "企业登记全程电子化",
            "category": "改革任务",
            "lead": "市工商局",
            "leader": "王副市长",
            "person": "张科长",
            "deadline": date(2026, 9, 30),
            "standard": "企业登记全程网上办理，办理时限压缩至 3 个工作日",
            "weight": 40,
        },
    ]
    for row in table:
        row.update(changes.get(row["code"].replace(".", "_"), {}))
    return table
