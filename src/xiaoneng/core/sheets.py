"""Spreadsheets the platform writes (.xlsx, and the values of .csv files),
with user text always as text.

A cell written from `"=HYPERLINK(…)"` would otherwise be a live formula in
the reader's spreadsheet program (CSV or formula injection): openpyxl turns
any string starting with "=" into a formula, and spreadsheet programs read
a CSV value starting with =, +, -, @, tab or carriage return as one. So:

- .xlsx: every string is a string cell (type "s", never "f"); one starting
  with such a character also carries the quote prefix (Excel's leading
  apostrophe), so that editing the cell keeps it text. Characters XML
  cannot hold (control characters, lone surrogates) become U+FFFD.
- .csv: such a value is written with a leading apostrophe (OWASP's advice
  on CSV injection), and `csv_value` takes it off again on import, so
  that a file exported and imported comes back the same.

Every .xlsx writer goes through `xlsx()`; tests/core/test_sheets.py checks
that no other module builds an openpyxl workbook. Imports of a sheet read
through `read_sheet()`, which takes the quote prefix off again and stops
at `MAX_ROWS` (a small .xlsx can unpack to millions of rows)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from xiaoneng.core.errors import InvalidInput

# What makes a spreadsheet program read a value as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
APOSTROPHE = "'"
# XML 1.0 holds no C0 control character but tab, newline and carriage
# return; and a lone surrogate cannot be encoded at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
MAX_CELL = 32767  # Excel's limit on a cell's text
_PLAIN = (bool, int, float, Decimal, datetime, date, time)


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    # Each column as wide as its header asks (2 units a character, 10–40).
    widths_from_headers: bool = False
    # Headers bold in any case; centred and wrapped when asked.
    centred_headers: bool = False
    # Lines above the header (the list's title, its unit and period, 数据截至…),
    # each merged across the columns; the first one bold and larger.
    title_rows: Sequence[str] = ()


def cell_text(value: str) -> str:
    """`value` as a cell can hold it: XML-safe, at most MAX_CELL long."""
    return _NOT_XML.sub("\ufffd", value)[:MAX_CELL]


def put(cell: Any, value: object) -> None:
    """Write `value` into an openpyxl cell: None stays empty, numbers,
    booleans and dates stay themselves, anything else is text."""
    if value is None:
        return
    if isinstance(value, _PLAIN):
        cell.value = value
        return
    text = cell_text(value if isinstance(value, str) else str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl made "=…" a formula ("f"); it is text
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


def xlsx(sheets: Iterable[Sheet], *, creator: str = "", created: datetime | None = None) -> bytes:
    """The workbook of `sheets`, in order. With `created`, the file's
    creation and modification times are that (the same rows give the same
    bytes); without it, openpyxl's now."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    if creator:
        book.properties.creator = creator
    if created is not None:
        book.properties.created = created
        book.properties.modified = created
    for spec in sheets:
        page = book.create_sheet(cell_text(spec.title)[:31])
        top = _title_rows(page, spec)
        for column, header in enumerate(spec.headers, start=1):
            cell = page.cell(row=top, column=column)
            put(cell, header)
            cell.font = Font(bold=True)
            if spec.centred_headers:
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if spec.widths_from_headers:
                width = max(10, min(40, len(str(header)) * 2 + 4))
                page.column_dimensions[cell.column_letter].width = width
        for number, row in enumerate(spec.rows, start=top + 1):
            for column, value in enumerate(row, start=1):
                put(page.cell(row=number, column=column), value)
        page.freeze_panes = f"A{top + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title_rows(page: Any, spec: Sheet) -> int:
    """Write the sheet's title lines; the header's row number after them."""
    last = max(1, len(spec.headers))
    for number, line in enumerate(spec.title_rows, start=1):
        cell = page.cell(row=number, column=1)
        put(cell, line)
        cell.font = Font(bold=number == 1, size=14 if number == 1 else 11)
        cell.alignment = Alignment(horizontal="center" if number == 1 else "left")
        if last > 1:
            page.merge_cells(start_row=number, start_column=1, end_row=number, end_column=last)
    return len(spec.title_rows) + 1


def csv_cell(value: str) -> str:
    """A value for a CSV file: with a leading apostrophe when a spreadsheet
    program would take it for a formula, or when it starts with an
    apostrophe itself (so that `csv_value` can tell the two apart)."""
    if value.startswith((*FORMULA_START, APOSTROPHE)):
        return APOSTROPHE + value
    return value


def csv_value(cell: str) -> str:
    """The value `csv_cell` wrote: its apostrophe taken off again."""
    if cell.startswith(APOSTROPHE) and cell[1:].startswith((*FORMULA_START, APOSTROPHE)):
        return cell[1:]
    return cell


MAX_ROWS = 20000  # rows an import reads at most; a desk batch, not a data load


def read_cell(value: Any) -> Any:
    """A cell as imports take it: a date-time's date, text stripped of blanks
    and of the quote prefix `xlsx()` writes (empty text is None), else as is."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        value = value.strip()
        if value.startswith(APOSTROPHE):
            value = value[1:]
        return value or None
    return value


def read_sheet(
    data: bytes, *, title: str, unreadable: str, what: str, max_rows: int = MAX_ROWS
) -> list[list[Any]]:
    """The rows of the sheet named `title` (else the first) of an .xlsx, each
    cell through `read_cell`. A file that is not one, or holds more than
    `max_rows` rows, is refused with `InvalidInput(code=unreadable)`, its
    message naming `what` the file should be (e.g. 目标责任分解表)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise InvalidInput(
            f"无法读取该文件，请上传 Excel（.xlsx）格式的{what}", code=unreadable
        ) from None
    try:
        page = book[title] if title in book.sheetnames else book.worksheets[0]
        table: list[list[Any]] = []
        for row in page.iter_rows(values_only=True):
            if len(table) == max_rows:
                raise InvalidInput(
                    f"文件超过 {max_rows} 行，请分批导入", code=unreadable, detail={"max": max_rows}
                )
            table.append([read_cell(v) for v in row])
    finally:
        book.close()
    return table
