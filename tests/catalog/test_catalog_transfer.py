"""Import and export in the GB/T 39046—2020 Table 4 layout."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.audit.models import AuditEvent
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.catalog.models.choices import HANDLING_FORMS, SERVICE_OBJECTS
from xiaoneng.catalog.selectors import items_for_actor
from xiaoneng.catalog.transfer import cells
from xiaoneng.catalog.transfer.exporter import HEADERS, export_workbook
from xiaoneng.catalog.transfer.formats import (
    Workbook,
    dump_csv,
    dump_json,
    load_csv,
    load_json,
    read_workbook,
    write_workbook,
)
from xiaoneng.catalog.transfer.importer import import_items
from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

ITEMS, MATERIALS = "事项", "申请材料"


def _export(admin: User) -> Workbook:
    return export_workbook(items_for_actor(admin))


def _renamed(workbook: Workbook, prefix: str) -> Workbook:
    """The same catalog under new codes (so it imports as new items)."""
    copied = copy.deepcopy(workbook)
    for sheet in (ITEMS, MATERIALS):
        for row in copied[sheet]:
            row["实施编码"] = prefix + row["实施编码"]
    return copied


def _without(rows: list[dict[str, str]], *headers: str) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k not in headers} for row in rows]


def _failure(exc: pytest.ExceptionInfo[InvalidInput]) -> list[tuple[str, int, str]]:
    assert exc.value.code == "catalog_import_failed"
    return [(e["sheet"], e["row"], e["code"]) for e in exc.value.detail]


def test_the_export_uses_the_standards_headers(
    catalog: dict[str, ApprovalItem], admin: User
) -> None:
    workbook = _export(admin)
    headers = list(workbook[ITEMS][0])
    assert headers[:5] == ["事项名称", "基本编码", "实施编码", "事项类型", "设定依据"]
    for header in (
        "法定办结时限",
        "承诺办结时限",
        "共同实施部门",
        "办理形式",
        "到现场次数",
        "监督电话",
    ):
        assert header in headers
    assert list(workbook[MATERIALS][0]) == [
        "实施编码",
        "材料名称",
        "出具机构",
        "出具时间要求",
        "材料办理说明",
        "原件份数",
        "复印件份数",
        "是否必备材料",
        "材料形式",
    ]
    row = next(r for r in workbook[ITEMS] if r["事项名称"] == "建设项目并联审批")
    assert row["事项类型"] == "行政许可"
    assert row["办理模式"] == "并联审批"
    assert row["办件类型"] == "承诺件"
    assert row["共同实施部门"].startswith("620700029 张掖市规划局:7:出具选址意见书和规划设计条件；")
    assert len(workbook[ITEMS]) == len(catalog)


@pytest.mark.parametrize("fmt", ["xlsx", "json", "csv"])
def test_round_trip_through_a_file(
    catalog: dict[str, ApprovalItem], admin: User, tmp_path: Path, fmt: str
) -> None:
    original = _export(admin)
    path = tmp_path / f"catalog.{fmt}"
    write_workbook(path, _renamed(original, "X"), HEADERS)
    result = import_items(actor=admin, workbook=read_workbook(path))
    assert len(result.created) == len(catalog)
    assert ApprovalItem.objects.count() == 2 * len(catalog)
    again = export_workbook(items_for_actor(admin).filter(code__startswith="X"))
    assert _renamed(original, "X") == again
    # Statuses came across through the actions too.
    copied = ApprovalItem.objects.get(code="X" + catalog["采矿权新立登记（砂石黏土）"].code)
    assert copied.status == ItemStatus.SUSPENDED
    assert copied.status_note == catalog["采矿权新立登记（砂石黏土）"].status_note


def test_updating_existing_items(catalog: dict[str, ApprovalItem], admin: User) -> None:
    workbook = _export(admin)
    unchanged = import_items(actor=admin, workbook=workbook, update=True)
    assert (len(unchanged.created), len(unchanged.updated)) == (0, 0)
    assert len(unchanged.unchanged) == len(catalog)
    row = next(r for r in workbook[ITEMS] if r["事项名称"] == "取水许可")
    row["承诺办结时限"] = "25"
    row["承诺办结时限说明"] = "本市承诺25个工作日"
    for material in workbook[MATERIALS]:
        if material["实施编码"] == row["实施编码"]:
            material["复印件份数"] = "2"
    result = import_items(actor=admin, workbook=workbook, update=True)
    assert result.updated == [row["实施编码"]]
    item = ApprovalItem.objects.get(code=row["实施编码"])
    assert (item.committed_limit_days, item.committed_limit_note) == (25, "本市承诺25个工作日")
    assert {m.copies for m in item.materials.all()} == {2}
    assert item.version == catalog["取水许可"].version + 2  # the update and the materials


def test_existing_codes_need_the_update_option(
    catalog: dict[str, ApprovalItem], admin: User
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as exc:
        import_items(actor=admin, workbook=_export(admin))
    errors = _failure(exc)
    assert len(errors) == len(catalog)
    assert errors[0] == (ITEMS, 2, "item_code_taken")
    assert AuditEvent.objects.count() == before


def test_bad_rows_are_reported_and_nothing_is_imported(
    catalog: dict[str, ApprovalItem], admin: User
) -> None:
    workbook = _renamed(_export(admin), "N")
    rows = workbook[ITEMS]
    rows[0]["设定依据"] = ""
    rows[1]["承诺办结时限"] = "999"
    rows[2]["实施主体编码"] = "999999999"
    rows[3]["是否收费"] = "也许"
    rows[4]["实施编码"] = rows[5]["实施编码"]
    rows[6]["办理模式"] = "并联审批"  # without co-departments
    rows[7]["实施编码"] = ""
    workbook[MATERIALS].append({"实施编码": "NOWHERE", "材料名称": "申请书"})
    items_before, events_before = ApprovalItem.objects.count(), AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as exc:
        import_items(actor=admin, workbook=workbook)
    errors = _failure(exc)
    assert [e for e in errors if e[0] == ITEMS] == [
        (ITEMS, 2, "item_legal_basis_required"),
        (ITEMS, 3, "item_committed_exceeds_legal"),
        (ITEMS, 4, "catalog_import_unknown_department"),
        (ITEMS, 5, "catalog_cell_invalid"),
        (ITEMS, 7, "catalog_import_duplicate_code"),
        (ITEMS, 8, "item_co_departments_required"),
        (ITEMS, 9, "catalog_import_code_required"),
    ]
    # The rows renamed away or left blank orphan their materials too.
    assert errors[-1] == (MATERIALS, len(workbook[MATERIALS]) + 1, "catalog_import_material_orphan")
    by_row = {e["row"]: e for e in exc.value.detail if e["sheet"] == ITEMS}
    assert by_row[4]["column"] == "实施主体编码"
    assert by_row[5]["column"] == "是否收费"
    assert ApprovalItem.objects.count() == items_before
    assert AuditEvent.objects.count() == events_before


def test_a_minimal_sheet_creates_drafts(demo_city: None, admin: User) -> None:
    workbook: Workbook = {
        ITEMS: [
            {
                "实施编码": "M1",
                "基本编码": "0100999000",
                "事项名称": "测试许可",
                "事项类型": "01",
                "设定依据": "《中华人民共和国行政许可法》第十二条",
                "实施主体编码": "620700005",
                "受理窗口编码": "620700005W",
                "是否需要现场勘察": "是",
                "承诺办结时限": "10",
                "服务对象": "自然人、企业法人",
            }
        ],
        MATERIALS: [{"实施编码": "M1", "材料名称": "申请书", "原件份数": "1"}],
    }
    result = import_items(actor=admin, workbook=workbook)
    assert result.created == ["M1"]
    item = ApprovalItem.objects.get(code="M1")
    assert (item.status, item.legal_limit_days, item.committed_limit_days) == ("draft", 20, 10)
    assert item.service_objects == ["1", "2"]
    assert item.window is not None
    assert item.window.code == "620700005W"
    assert [m.name for m in item.materials.all()] == ["申请书"]
    events = AuditEvent.objects.filter(event_type__startswith="catalog.").values_list(
        "event_type", flat=True
    )
    assert list(events) == ["catalog.item_created", "catalog.items_imported"]


@pytest.mark.parametrize(
    ("workbook", "code"),
    [
        ({}, "catalog_import_no_items"),
        ({ITEMS: [{"实施编码": "A", "颜色": "红"}]}, "catalog_import_unknown_column"),
        ({ITEMS: [{"事项名称": "无编码"}]}, "catalog_import_missing_column"),
    ],
)
def test_bad_files_are_refused_whole(
    demo_city: None, admin: User, workbook: Workbook, code: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        import_items(actor=admin, workbook=workbook)
    assert exc.value.code == code


def test_import_needs_the_catalog_permission(demo_city: None, users: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        import_items(actor=users["depthead"], workbook={ITEMS: [{"实施编码": "A"}]})


# --- formats and cells ----------------------------------------------------------------


def test_csv_written_by_chinese_windows_is_read(demo_city: None) -> None:
    data = "实施编码,事项名称\r\nA1,企业名称预先核准\r\n".encode("gb18030")
    assert load_csv(data, ITEMS) == [{"实施编码": "A1", "事项名称": "企业名称预先核准"}]
    utf8 = dump_csv(["实施编码", "事项名称"], [{"实施编码": "A1", "事项名称": "核准"}])
    assert utf8.startswith(b"\xef\xbb\xbf")
    assert load_csv(utf8, ITEMS) == [{"实施编码": "A1", "事项名称": "核准"}]
    trailing = "实施编码,事项名称,,\r\nA1,核准,,\r\n".encode()
    assert load_csv(trailing, ITEMS) == [{"实施编码": "A1", "事项名称": "核准"}]


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"{not json", "json"),
        (b"[1, 2]", "json"),
        ('{"事项": "x"}'.encode(), "json"),
        (b"\xff\xfe\x00garbage\x81", "csv"),
        ("实施编码\r\nA,B\r\n".encode(), "csv"),
        ("实施编码,实施编码\r\nA,B\r\n".encode(), "csv"),
    ],
)
def test_malformed_files_have_a_code(data: bytes, fmt: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        load_json(data) if fmt == "json" else load_csv(data, ITEMS)
    assert exc.value.code == "catalog_file_invalid"


def test_json_cells_of_any_scalar_type_become_text() -> None:
    data = '{"事项": [{"实施编码": "A", "是否收费": false, "法定办结时限": 20, "网办地址": null}]}'
    assert load_json(data.encode()) == {
        ITEMS: [{"实施编码": "A", "是否收费": "否", "法定办结时限": "20", "网办地址": ""}]
    }
    assert load_json(dump_json({ITEMS: [{"a": "是"}]})) == {ITEMS: [{"a": "是"}]}


def test_unsupported_extensions(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        read_workbook(tmp_path / "catalog.xls")
    assert exc.value.code == "catalog_format_unsupported"


def test_a_broken_xlsx_has_a_code(tmp_path: Path) -> None:
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InvalidInput) as exc:
        read_workbook(path)
    assert exc.value.code == "catalog_file_invalid"


@given(st.lists(st.sampled_from([c for c, _ in SERVICE_OBJECTS]), unique=True))
def test_multi_choice_cells_round_trip(codes: list[str]) -> None:
    codec = cells.MultiChoice(SERVICE_OBJECTS)
    assert codec.load(codec.dump(codes)) == codes


@given(st.booleans())
def test_boolean_cells_round_trip(value: bool) -> None:
    codec = cells.Boolean()
    assert codec.load(codec.dump(value)) is value


@given(
    st.lists(
        st.tuples(st.from_regex(r"[0-9]{6,12}W?", fullmatch=True), st.integers(1, 99)),
        unique_by=lambda t: t[0],
        max_size=5,
    )
)
def test_co_department_cells_round_trip(entries: list[tuple[str, int]]) -> None:
    codec = cells.CoDepartments()
    rows: list[dict[str, Any]] = [
        {"department": code, "opinion_limit_days": days, "name": "某局", "duty": f"会签：{days}"}
        for code, days in entries
    ]
    assert codec.load(codec.dump(rows)) == [
        {"department": code, "opinion_limit_days": days, "duty": f"会签：{days}"}
        for code, days in entries
    ]


@pytest.mark.parametrize(
    ("codec", "text", "expected"),
    [
        (cells.Choice(HANDLING_FORMS), "窗口办理", "1"),
        (cells.Choice(HANDLING_FORMS), "4", "4"),
        (cells.MultiChoice(HANDLING_FORMS), "窗口办理，快递申请", ["1", "4"]),
        (cells.Boolean(), "Y", True),
        (cells.Boolean(), "", cells.OMIT),
        (cells.Integer(), "", cells.OMIT),
        (cells.Integer(nullable=True), "", None),
        (
            cells.CoDepartments(),
            "620700024；620700023 张掖市公安局：3：刻章",
            [
                {"department": "620700024", "opinion_limit_days": None, "duty": ""},
                {"department": "620700023", "opinion_limit_days": 3, "duty": "刻章"},
            ],
        ),
    ],
)
def test_cells_accept_codes_labels_and_blanks(codec: Any, text: str, expected: Any) -> None:
    assert codec.load(text) == expected


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        (cells.Integer(), "-3"),
        (cells.Integer(), "二十"),
        (cells.Choice(HANDLING_FORMS), "上门"),
        (cells.CoDepartments(), "620700024:七"),
    ],
)
def test_bad_cells(codec: Any, text: str) -> None:
    with pytest.raises(cells.CellError):
        codec.load(text)


# --- the command --------------------------------------------------------------------------


def test_the_command_exports_and_imports(
    catalog: dict[str, ApprovalItem], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "catalog.csv"
    call_command("catalog", "export", "--output", str(out), "--status", "published")
    assert out.exists()
    assert (tmp_path / "catalog.materials.csv").exists()
    assert f"共 {len(catalog) - 2} 项事项" in capsys.readouterr().out
    call_command("catalog", "import", str(out), "--update")
    assert "未变 47 项" in capsys.readouterr().out
    with pytest.raises(CommandError) as exc:
        call_command("catalog", "import", str(out))
    message = str(exc.value)
    assert "catalog_import_failed" in message
    assert "事项 第 2 行：实施编码" in message


def test_the_command_reports_unreadable_files(demo_city: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法读写"):
        call_command("catalog", "import", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="no-such-user"):
        call_command(
            "catalog", "export", "--output", str(tmp_path / "a.json"), "--user", "no-such-user"
        )
