"""The staff list as an .xlsx sheet (用户导入导出): one layout for export and
import, so an exported list edited and imported again comes back. Text is
written as text (core.sheets); the import reads every row before anything
is written and names each bad row by its number in the file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.sheets import Sheet, read_sheet, xlsx
from xiaoneng.core.text import cn_date

from .models import User

SHEET_TITLE = "用户"
HEADERS = ("用户名", "姓名", "机构编码", "所属机构", "职务", "手机号码", "角色编码", "岗位", "状态")
ACTIVE = {"正常": True, "启用": True, "停用": False}
LIST_SEPARATORS = re.compile(r"[、，,;；\s]+")


@dataclass
class StaffRow:
    """One row of an import, as typed (checked by the import action)."""

    number: int  # the row's number in the file, as a spreadsheet program shows it
    username: str
    real_name: str
    department_code: str
    title: str
    phone: str
    roles: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    active: bool | None = True  # None: a status the sheet does not know


def export_staff(users: Iterable[User], *, unit: str, today: date) -> bytes:
    """The staff list with a title row (what, whose, as of when). The phone
    in full, opened from its sealed column: the sheet goes to the user
    administrators, whose work it is (an import seals it again)."""
    rows = [
        [
            user.username,
            user.real_name,
            user.department.code if user.department else "",
            user.department.name if user.department else "",
            user.title,
            user.phone,
            "、".join(sorted(r.code for r in user.roles.all())),
            "、".join(p.name for p in user.positions.all()),
            "正常" if user.is_active else "停用",
        ]
        for user in users
    ]
    sheet = Sheet(
        title=SHEET_TITLE,
        headers=HEADERS,
        rows=rows,
        widths_from_headers=True,
        title_rows=(f"{unit}用户名单", f"导出日期：{cn_date(today)}　共 {len(rows)} 人"),
    )
    return xlsx([sheet], creator="张掖市政府工作效能平台")


def template_sheet() -> bytes:
    """An empty sheet to fill in (导入模板), with one example row."""
    example = ["zhangsan", "张三", "620700005", "（可不填）", "科员", "13800000000", "reviewer"]
    example += ["", "正常"]
    sheet = Sheet(
        title=SHEET_TITLE,
        headers=HEADERS,
        rows=[example],
        widths_from_headers=True,
        title_rows=("用户导入模板（示例行导入前请删除；角色、岗位多个时用顿号分隔）",),
    )
    return xlsx([sheet], creator="张掖市政府工作效能平台")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or phone typed as a number
    return str(value).strip()


def read_staff(data: bytes) -> list[StaffRow]:
    """The rows below the header row (found by its first cell, so title rows
    above it are skipped); blank rows are left out."""
    table = read_sheet(
        data, title=SHEET_TITLE, unreadable="staff_file_unreadable", what="用户导入表"
    )
    start = next(
        (i + 1 for i, row in enumerate(table) if row and _text(row[0]) == HEADERS[0]), None
    )
    if start is None:
        raise InvalidInput(
            "未找到表头（第一列应为“用户名”），请使用导出的用户表或导入模板",
            code="staff_file_unreadable",
        )
    rows = []
    for index, raw in enumerate(table[start:], start=start + 1):
        cells = [_text(v) for v in raw] + [""] * len(HEADERS)
        if not any(cells[: len(HEADERS)]):
            continue
        status = cells[8] or "正常"
        rows.append(
            StaffRow(
                number=index,
                username=cells[0],
                real_name=cells[1],
                department_code=cells[2],
                title=cells[4],
                phone=cells[5],
                roles=[c for c in LIST_SEPARATORS.split(cells[6]) if c],
                positions=[c for c in re.split(r"[、，,;；]+", cells[7]) if c.strip()],
                active=ACTIVE.get(status),
            )
        )
    return rows
