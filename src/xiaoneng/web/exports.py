"""Every list people work with can leave the screen: as an .xlsx sheet or a
print view of the rows the list's filters select (all pages, not only the
one shown).

A list view declares its columns once and hands the filtered rows over:

    COLUMNS = (Column("办件编号", lambda c: c.tracking_no), Column("超期天数", …, numeric=True))
    exported = list_export(request, qs, COLUMNS, title="黄牌红牌", unit=…, period=…)
    if exported is not None:
        return exported

`?export=xlsx` answers the workbook (a title row, the unit and period, the
"数据截至" stamp, then the header; numbers stay numbers, text is always text:
core/sheets.py), `?export=print` the print view (`kit/list_print.html`);
any other request gets None and the view renders its page. Include
`kit/list_tools.html` in the list's card head for the two buttons."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.core.text import cn_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_MAX = 10000  # rows one export carries at most (a desk's list, not a data dump)
FORMATS = ("xlsx", "print")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    numeric: bool = False  # a count or a rate: a number cell, right-aligned in print


def wanted(request: HttpRequest) -> str:
    """The export format asked for ("xlsx", "print") or ""."""
    asked = request.GET.get("export", "")
    return asked if asked in FORMATS else ""


def as_of(now: datetime | None = None) -> str:
    """数据截至 2026年12月4日 14:05 (Asia/Shanghai)."""
    local = timezone.localtime(now or timezone.now())
    return f"数据截至 {cn_date(local.date())} {local:%H:%M}"


def _number(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _text(value: object) -> str:
    """A value as the print view shows it: dates in Chinese, None as —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{cn_date(local.date())} {local:%H:%M}"
    if isinstance(value, date):
        return cn_date(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _cell(column: Column, row: Any) -> object:
    value = column.value(row)
    if column.numeric:
        return _number(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # a sheet holds naive times
    if isinstance(value, (date, datetime)) or value is None:
        return value
    return _text(value)


def title_lines(title: str, unit: str, period: str, stamp: str) -> list[str]:
    details = "　".join(part for part in (f"单位：{unit}" if unit else "", period) if part)
    return [line for line in (title, details, stamp) if line]


def list_xlsx(
    rows: Iterable[Any],
    columns: Sequence[Column],
    *,
    title: str,
    unit: str = "",
    period: str = "",
    stamp: str = "",
) -> bytes:
    sheet = Sheet(
        title,
        [c.header for c in columns],
        ([_cell(c, row) for c in columns] for row in rows),
        widths_from_headers=True,
        centred_headers=True,
        title_rows=title_lines(title, unit, period, stamp),
    )
    return xlsx([sheet], creator="效能 Xiaoneng")


def list_export(
    request: HttpRequest,
    rows: Iterable[Any],
    columns: Sequence[Column],
    *,
    title: str,
    unit: str = "",
    period: str = "",
    filename: str = "",
) -> HttpResponse | None:
    """The export the request asks for (`?export=xlsx|print`) of `rows` (at
    most EXPORT_MAX), or None when it asks for none."""
    kind = wanted(request)
    if not kind:
        return None
    stamp = as_of()
    taken = list(rows[:EXPORT_MAX] if hasattr(rows, "__getitem__") else rows)[:EXPORT_MAX]
    if kind == "xlsx":
        data = list_xlsx(taken, columns, title=title, unit=unit, period=period, stamp=stamp)
        response = HttpResponse(data, content_type=XLSX)
        name = f"{filename or title}.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    return render(
        request,
        "kit/list_print.html",
        {
            "title": title,
            "lines": title_lines("", unit, period, stamp),
            "headers": [(c.header, c.numeric) for c in columns],
            "rows": [[(_text(c.value(row)), c.numeric) for c in columns] for row in taken],
            "cut": len(taken) >= EXPORT_MAX,
            "max": EXPORT_MAX,
        },
    )


def export_query(request: HttpRequest, kind: str) -> str:
    """The list's own query (its filters) with `export=kind`, without page."""
    params = request.GET.copy()
    params.pop("page", None)
    params["export"] = kind
    return params.urlencode()
