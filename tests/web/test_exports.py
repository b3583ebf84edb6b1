"""The list export kit (web.exports): an .xlsx with its title rows (the list,
the unit and period, 数据截至), numbers as numbers, text always text; a print
view; nothing when no export is asked for; and the page-size choice."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from django.test import RequestFactory
from openpyxl import load_workbook

from xiaoneng.web.exports import Column, list_export, list_xlsx
from xiaoneng.web.paging import paginate

COLUMNS = (
    Column("单位", lambda r: r["unit"]),
    Column("按时办结率（%）", lambda r: r["rate"], numeric=True),
    Column("办结件数", lambda r: r["done"], numeric=True),
    Column("期限", lambda r: r["due"]),
)
ROWS = [
    {"unit": '=HYPERLINK("http://evil")', "rate": Decimal("97.5"), "done": 12, "due": None},
    {"unit": "市工商局", "rate": 100, "done": 3, "due": date(2026, 12, 4)},
]


def _sheet(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data)).active


def test_the_sheet_has_its_title_rows_then_the_header_then_the_rows() -> None:
    data = list_xlsx(
        ROWS, COLUMNS, title="部门指标", unit="市监察局", period="2026年11月", stamp="数据截至 x"
    )
    sheet = _sheet(data)
    assert sheet["A1"].value == "部门指标"
    assert sheet["A2"].value == "单位：市监察局　2026年11月"
    assert sheet["A3"].value == "数据截至 x"
    assert [c.value for c in sheet[4]] == ["单位", "按时办结率（%）", "办结件数", "期限"]
    assert sheet.freeze_panes == "A5"
    first, second = sheet[5], sheet[6]
    assert first[0].data_type == "s"  # a formula stays text
    assert first[0].value.startswith("=HYPERLINK")
    assert (first[1].value, first[1].data_type) == (97.5, "n")
    assert (first[2].value, first[2].data_type) == (12, "n")
    assert second[3].value.date() == date(2026, 12, 4)
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}


def test_list_export_answers_only_when_asked() -> None:
    factory = RequestFactory()
    assert list_export(factory.get("/x/"), ROWS, COLUMNS, title="部门指标") is None
    assert list_export(factory.get("/x/?export=csv"), ROWS, COLUMNS, title="部门指标") is None
    xlsx = list_export(factory.get("/x/?export=xlsx"), ROWS, COLUMNS, title="部门指标")
    assert xlsx is not None
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert "%E9%83%A8%E9%97%A8%E6%8C%87%E6%A0%87.xlsx" in xlsx["Content-Disposition"]
    assert _sheet(xlsx.content)["A2"].value.startswith("数据截至 ")


def test_the_print_view_shows_words_and_chinese_dates() -> None:
    request = RequestFactory().get("/x/?export=print")
    page = list_export(request, ROWS, COLUMNS, title="部门指标", unit="市监察局")
    assert page is not None
    html = page.content.decode()
    assert "<h1>部门指标</h1>" in html
    assert "2026年12月4日" in html
    assert "2026-12-04" not in html
    assert '<td class="is-num">97.5</td>' in html
    assert "单位：市监察局" in html
    assert "数据截至" in html
    assert "<script>" not in html  # the print button's script is a static file (CSP)


def test_page_size_is_one_of_the_offered_sizes() -> None:
    factory = RequestFactory()
    rows = list(range(130))
    assert (
        paginate(factory.get("/x/", {"per_page": "50"}), rows)["page_obj"].paginator.per_page == 50
    )
    assert (
        paginate(factory.get("/x/", {"per_page": "7"}), rows)["page_obj"].paginator.per_page == 10
    )
    pages = paginate(factory.get("/x/", {"per_page": "20", "q": "a", "page": "2"}), rows)
    assert list(pages["page_obj"].object_list) == list(range(20, 40))
    assert pages["size_query"] == "q=a"  # a new size starts again at page 1
    assert "per_page=20" in pages["page_query"]
