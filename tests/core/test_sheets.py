"""User text in spreadsheets is text (issue 18, item 17): no cell of an
exported .xlsx is a formula, a CSV value a spreadsheet program would run
carries an apostrophe that the import takes off, and no module writes a
workbook or a CSV file around the helper."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from xiaoneng.catalog.transfer.formats import dump_csv, dump_xlsx, load_csv, load_xlsx
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.sheets import FORMULA_START, Sheet, csv_cell, csv_value, read_sheet, xlsx

SRC = Path(__file__).resolve().parents[2] / "src" / "xiaoneng"

# What people type into a text field to make a spreadsheet run something.
NASTY = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "'",
    "=",
    "-",
    "普通文字",
    "'普通",
]


def _cells(data: bytes) -> list:  # type: ignore[type-arg]
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_an_xlsx_holds_user_text_as_text() -> None:
    data = xlsx([Sheet("督办", ["督办内容", "编号"], [[text, n] for n, text in enumerate(NASTY)])])
    cells = _cells(data)
    assert [c.data_type for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if c.column == 1 and c.row > 1]
    # Intact, but for what XML does to every file: a carriage return reads
    # back as a line feed.
    assert texts == [text.replace("\r", "\n") for text in NASTY]
    prefixed = [c.quotePrefix for c in cells if c.column == 1 and c.row > 1]
    assert prefixed == [text.startswith(FORMULA_START) for text in NASTY]


def test_an_xlsx_keeps_numbers_dates_and_blanks_as_they_are() -> None:
    row = [1, 2.5, Decimal("3.25"), date(2026, 3, 5), None, True, "1"]
    cells = _cells(xlsx([Sheet("数", ["a", "b", "c", "d", "e", "f", "g"], [row])]))
    values = [c.value for c in cells if c.row == 2]
    assert values[:3] == [1, 2.5, 3.25]
    assert values[3].date() == date(2026, 3, 5)
    assert values[4:] == [None, True, "1"]
    assert [c.data_type for c in cells if c.row == 2] == ["n", "n", "n", "d", "n", "b", "s"]


def test_text_an_xlsx_cannot_hold_is_marked_not_fatal() -> None:
    cells = _cells(xlsx([Sheet("控制", ["x"], [["响\x07铃"], ["半\ud800个"], ["长" * 40000]])]))
    assert [c.value for c in cells][1:3] == ["响\ufffd铃", "半\ufffd个"]
    assert len(cells[3].value) == 32767


def test_a_sheet_reads_back_as_it_was_written() -> None:
    rows = [[text, datetime(2026, 1, 2, 9)] for text in NASTY]
    data = xlsx([Sheet("甲", ["名称", "日期"], rows)])
    read = read_sheet(data, title="甲", unreadable="x_unreadable", what="表")
    assert read[0] == ["名称", "日期"]
    # Text as typed, blanks trimmed; a typed leading apostrophe is Excel's text marker.
    assert [r[0] for r in read[1:]] == [t.strip().removeprefix("'") or None for t in NASTY]
    assert {r[1] for r in read[1:]} == {date(2026, 1, 2)}


def test_a_sheet_longer_than_the_cap_or_not_a_sheet_is_refused() -> None:
    data = xlsx([Sheet("甲", ["n"], [[i] for i in range(30)])])
    assert len(read_sheet(data, title="甲", unreadable="x_unreadable", what="表")) == 31
    with pytest.raises(InvalidInput) as refused:
        read_sheet(data, title="甲", unreadable="x_unreadable", what="表", max_rows=30)
    assert refused.value.code == "x_unreadable"
    assert "30 行" in str(refused.value)
    with pytest.raises(InvalidInput, match="表"):
        read_sheet(b"PK not a zip", title="甲", unreadable="x_unreadable", what="表")


def test_the_same_rows_give_the_same_bytes() -> None:
    created = datetime(2026, 1, 1)  # openpyxl stores naive times
    sheets = [Sheet("甲", ["a"], [["=1"], [2]])]
    assert xlsx(sheets, created=created) == xlsx(sheets, created=created)


@pytest.mark.parametrize("value", NASTY)
def test_a_csv_value_is_defused_and_comes_back(value: str) -> None:
    cell = csv_cell(value)
    assert not cell.startswith(FORMULA_START)
    assert csv_value(cell) == value


@given(st.text())
def test_csv_values_round_trip(value: str) -> None:
    cell = csv_cell(value)
    assert not cell.startswith(FORMULA_START)
    assert csv_value(cell) == value


# --- the exporters themselves -------------------------------------------------------

HEADERS = {"事项": ["实施编码", "事项名称", "受理条件"], "申请材料": ["实施编码", "材料名称"]}


def _catalog() -> dict[str, list[dict[str, str]]]:
    return {
        "事项": [
            {"实施编码": f"C{n}", "事项名称": text, "受理条件": f"条件{text}"}
            for n, text in enumerate(NASTY)
        ],
        "申请材料": [{"实施编码": "C0", "材料名称": text} for text in NASTY],
    }


def test_the_catalog_xlsx_export_holds_text_and_imports_back() -> None:
    workbook = _catalog()
    data = dump_xlsx(workbook, HEADERS)
    assert [c for c in _cells(data) if c.data_type == "f"] == []
    # The import strips every cell, as it always has; XML reads a carriage
    # return back as a line feed.
    expected = {
        sheet: [{k: v.replace("\r", "\n").strip() for k, v in row.items()} for row in rows]
        for sheet, rows in workbook.items()
    }
    assert load_xlsx(data) == expected


def test_the_catalog_csv_export_defuses_formulas_and_imports_back() -> None:
    workbook = _catalog()
    data = dump_csv(HEADERS["事项"], workbook["事项"])
    raw = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert all(not cell.startswith(FORMULA_START) for row in raw for cell in row)
    assert raw[1][1] == '\'=HYPERLINK("http://x","y")'
    expected = [{k: v.strip() for k, v in row.items()} for row in workbook["事项"]]
    assert load_csv(data, "事项") == expected


# --- no writer around the helper ----------------------------------------------------

# Modules allowed to write CSV without `csv_cell`, and why.
CSV_WITHOUT_HELPER: set[str] = set()
READ_ONLY_OPENPYXL = {"load_workbook", "InvalidFileException"}


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(SRC).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SRC.rglob("*.py"))
    ]


def test_only_the_helper_builds_a_workbook() -> None:
    """Writing .xlsx means openpyxl's Workbook (or a worksheet's append or a
    cell's value): only core/sheets.py may; the others only read."""
    offenders = []
    for name, tree in _modules():
        if name == "core/sheets.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                names = {a.name for a in node.names} - READ_ONLY_OPENPYXL
                if names:
                    offenders.append(f"{name}:{node.lineno} imports {sorted(names)}")
            if isinstance(node, ast.Import) and any(
                a.name.startswith("openpyxl") for a in node.names
            ):
                offenders.append(f"{name}:{node.lineno} imports openpyxl")
    assert offenders == []


def test_every_csv_writer_defuses_its_values() -> None:
    offenders = []
    for name, tree in _modules():
        writes = any(
            isinstance(node, ast.Attribute)
            and node.attr in {"writer", "DictWriter"}
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
            for node in ast.walk(tree)
        )
        uses_helper = any(
            isinstance(node, ast.Name) and node.id == "csv_cell" for node in ast.walk(tree)
        )
        if writes and not uses_helper and name not in CSV_WITHOUT_HELPER:
            offenders.append(name)
    assert offenders == []


def test_the_scan_sees_the_exporters() -> None:
    """The scans above would pass on an empty tree: they see what they guard."""
    names = {name for name, _ in _modules()}
    assert {"scores/exports.py", "catalog/transfer/formats.py", "core/sheets.py"} <= names
    source = (SRC / "catalog/transfer/formats.py").read_text(encoding="utf-8")
    assert "csv.DictWriter" in source
    assert "xlsx(" in (SRC / "scores/exports.py").read_text(encoding="utf-8")
