"""File formats of a catalog workbook: {sheet name: rows}, each row a mapping
from the Chinese header to the cell's text.

- JSON: one object {"事项": [...], "申请材料": [...]}.
- CSV: one file per sheet; the materials travel next to the items file as
  `<name>.materials.csv`. Read as UTF-8 (with or without BOM) or GB18030,
  which is what spreadsheet programs on Chinese Windows save. A value that
  starts with =, +, -, @ (or an apostrophe) is written after an apostrophe,
  which the import takes off (`core.sheets`: no formula runs on opening).
- .xlsx: one worksheet per sheet (事项, 申请材料), headers in the first row.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.sheets import Sheet, csv_cell, csv_value, xlsx

from .layout import ITEM_SHEET, MATERIAL_SHEET

Row = dict[str, str]
Workbook = dict[str, list[Row]]
FORMATS = (".json", ".csv", ".xlsx")


def _bad(message: str, **detail: Any) -> InvalidInput:
    return InvalidInput(message, code="catalog_file_invalid", detail=detail or None)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def dump_json(workbook: Workbook) -> bytes:
    text = json.dumps(workbook, ensure_ascii=False, indent=1)
    return (text + "\n").encode()


def load_json(data: bytes) -> Workbook:
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(f"不是有效的 JSON 文件：{exc}") from None
    if not isinstance(raw, dict):
        raise _bad('JSON 文件应为对象：{"事项": [...], "申请材料": [...]}')
    workbook: Workbook = {}
    for sheet in (ITEM_SHEET, MATERIAL_SHEET):
        if sheet not in raw:
            continue
        rows = raw[sheet]
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise _bad(f"“{sheet}”应为对象列表", sheet=sheet)
        workbook[sheet] = [{str(k).strip(): _cell(v) for k, v in r.items()} for r in rows]
    return workbook


def dump_csv(headers: list[str], rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, lineterminator="\r\n")
    writer.writeheader()
    # A value a spreadsheet program would run as a formula gets an apostrophe
    # (taken off again by load_csv): the catalog holds text typed by people.
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    # With a BOM, so that spreadsheet programs read the Chinese right.
    return out.getvalue().encode("utf-8-sig")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise _bad("无法识别文件编码（应为 UTF-8 或 GB18030）") from None


def load_csv(data: bytes, sheet: str) -> list[Row]:
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        table = list(reader)
    except csv.Error as exc:
        raise _bad(f"CSV 格式错误：{exc}", sheet=sheet) from None
    if not table:
        return []
    headers = [h.strip() for h in table[0]]
    named = [h for h in headers if h]
    if len(set(named)) != len(named):
        raise _bad("表头有重复的列", sheet=sheet)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if len(cells) > len(headers):
            raise _bad(f"第 {number} 行的列数多于表头", sheet=sheet, row=number)
        # Spreadsheets leave untitled trailing columns behind: ignore them.
        rows.append(
            {h: csv_value(c.strip()).strip() for h, c in zip(headers, cells, strict=False) if h}
        )
    return rows


def dump_xlsx(workbook: Workbook, headers: dict[str, list[str]]) -> bytes:
    return xlsx(
        Sheet(
            sheet,
            headers[sheet],
            ([row.get(h, "") for h in headers[sheet]] for row in workbook.get(sheet, [])),
        )
        for sheet in (ITEM_SHEET, MATERIAL_SHEET)
    )


def load_xlsx(data: bytes) -> Workbook:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise _bad(f"不是有效的 .xlsx 文件：{exc}") from None
    workbook: Workbook = {}
    for sheet in (ITEM_SHEET, MATERIAL_SHEET):
        if sheet not in book.sheetnames:
            continue
        table = list(book[sheet].iter_rows(values_only=True))
        if not table:
            workbook[sheet] = []
            continue
        headers = [_cell(h) for h in table[0]]
        workbook[sheet] = [
            {h: _cell(v) for h, v in zip(headers, cells, strict=False) if h}
            for cells in table[1:]
            if any(v not in (None, "") for v in cells)
        ]
    if ITEM_SHEET not in workbook:
        raise _bad(f"工作簿中没有“{ITEM_SHEET}”工作表", sheet=ITEM_SHEET)
    return workbook


def materials_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.materials.csv")


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(
            f"不支持的文件格式 {suffix or '（无扩展名）'}，请使用 .xlsx、.json 或 .csv",
            code="catalog_format_unsupported",
        )
    return suffix


def read_workbook(path: Path) -> Workbook:
    """Read a workbook from a .json file, or from a .csv file and its sibling
    materials file (if there is none, materials stay as they are)."""
    suffix = _suffix(path)
    if suffix == ".json":
        return load_json(path.read_bytes())
    if suffix == ".xlsx":
        return load_xlsx(path.read_bytes())
    workbook = {ITEM_SHEET: load_csv(path.read_bytes(), ITEM_SHEET)}
    sibling = materials_path(path)
    if sibling.exists():
        workbook[MATERIAL_SHEET] = load_csv(sibling.read_bytes(), MATERIAL_SHEET)
    return workbook


def write_workbook(path: Path, workbook: Workbook, headers: dict[str, list[str]]) -> list[Path]:
    """Write a workbook; returns the files written."""
    suffix = _suffix(path)
    if suffix == ".json":
        path.write_bytes(dump_json(workbook))
        return [path]
    if suffix == ".xlsx":
        path.write_bytes(dump_xlsx(workbook, headers))
        return [path]
    sibling = materials_path(path)
    path.write_bytes(dump_csv(headers[ITEM_SHEET], workbook[ITEM_SHEET]))
    sibling.write_bytes(dump_csv(headers[MATERIAL_SHEET], workbook[MATERIAL_SHEET]))
    return [path, sibling]
