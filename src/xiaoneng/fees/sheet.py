"""The fee catalog as a sheet (收费目录表): one row a fee, the same columns
the import reads and the export writes (user text always text: no formula
runs on opening, `core.sheets`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.sheets import Sheet, read_sheet, xlsx

from .models import FeeItem, FeeStatus, StandardKind

# key → header, in the printed order
COLUMNS: dict[str, str] = {
    "code": "收费项目编码",
    "name": "收费项目名称",
    "department": "执收单位编码",
    "legal_basis": "设立依据",
    "price_doc": "价格批准文件",
    "finance_doc": "财政批准文件",
    "kind": "标准类型",
    "lower": "标准下限（元）",
    "upper": "标准上限（元）",
    "unit": "计费单位",
    "effective_from": "执行起始日期",
    "effective_to": "执行截止日期",
    "item_codes": "适用审批事项编码",
    "status": "状态",
    "cancelled_on": "取消日期",
}
HEADERS = list(COLUMNS.values())
KEY_OF = {header: key for key, header in COLUMNS.items()}
SHEET_TITLE = "收费目录"
KIND_WORDS = {"固定": StandardKind.FIXED, "区间": StandardKind.RANGE}
STATUS_WORDS = {"保留": FeeStatus.KEPT, "取消": FeeStatus.CANCELLED}


@dataclass(frozen=True, slots=True)
class FeeRow:
    number: int  # the row's number in the sheet
    cells: dict[str, Any]


def _cell(value: Any) -> Any:
    """Numbers as their text (a code or an amount typed as a number)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def read_xlsx(data: bytes) -> list[FeeRow]:
    sheet = read_sheet(data, title=SHEET_TITLE, unreadable="fee_file_unreadable", what="收费目录")
    table = [[_cell(v) for v in row] for row in sheet]
    if not table or not table[0] or table[0][0] != COLUMNS["code"]:
        raise InvalidInput(
            f"找不到表头：第一行第一列应为“{COLUMNS['code']}”", code="fee_file_unreadable"
        )
    keys = [KEY_OF.get(str(h) if h is not None else "") for h in table[0]]
    return [
        FeeRow(number=2 + offset, cells={k: v for k, v in zip(keys, cells, strict=False) if k})
        for offset, cells in enumerate(table[1:])
        if any(v not in (None, "") for v in cells)
    ]


def _number(value: object) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def fee_rows(fees: Iterable[FeeItem]) -> Iterable[list[object]]:
    for f in fees:
        yield [
            f.code,
            f.name,
            f.department.code,
            f.legal_basis,
            f.price_doc,
            f.finance_doc,
            "固定" if f.kind == StandardKind.FIXED else "区间",
            _number(f.lower),
            _number(f.upper),
            f.unit,
            f.effective_from,
            f.effective_to,
            "、".join(f.item_codes or ()),
            FeeStatus(f.status).label,
            f.cancelled_on,
        ]


def write_xlsx(rows: Iterable[list[object]]) -> bytes:
    return xlsx([Sheet(SHEET_TITLE, HEADERS, rows, widths_from_headers=True)], creator="效能平台")


EXAMPLE = [
    [
        "SF-EXAMPLE-001",
        "房屋登记费（示例）",
        "620700012",
        "《中华人民共和国物权法》第二十二条",
        "发改价格〔2008〕924号",
        "财综〔2008〕36号",
        "区间",
        "80",
        "550",
        "件",
        date(2008, 5, 1),
        None,
        "TEST-0005-01",
        "保留",
        None,
    ]
]


def example_xlsx() -> bytes:
    return write_xlsx(EXAMPLE)
