"""The fee catalog: a basis is required, every change is a version valid
from a date, the catalog as it stood on a day, cancellation, the hook that
keeps an item from naming a fee not in force, the .xlsx import and export."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from fee_support import FIXED_CODE, RANGE_CODE, SINCE, charging_item, fee_terms, make_fee
from openpyxl import Workbook

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.fees import actions
from xiaoneng.fees.models import FeeItem, FeeStatus, FeeVersion
from xiaoneng.fees.selectors import codes_not_in_force, fee_as_of
from xiaoneng.fees.sheet import HEADERS, example_xlsx, fee_rows, read_xlsx, write_xlsx
from xiaoneng.fees.supervise import version_on, versions_by_code
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("missing", ["legal_basis", "price_doc", "finance_doc"])
def test_a_fee_without_a_basis_cannot_be_saved(users: dict[str, User], missing: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        actions.create_fee(actor=users["caizheng"], code="SF-X-1", **fee_terms(**{missing: " "}))
    assert exc.value.code == "fee_basis_required"
    assert not FeeItem.objects.exists()


def test_only_finance_keeps_the_catalog(users: dict[str, User]) -> None:
    with pytest.raises(DomainError):
        actions.create_fee(actor=users["window"], code="SF-X-1", **fee_terms())
    assert not FeeItem.objects.exists()


def test_a_range_needs_upper_not_below_lower(users: dict[str, User]) -> None:
    with pytest.raises(InvalidInput) as exc:
        actions.create_fee(actor=users["caizheng"], code="SF-X-1", **fee_terms(upper="50"))
    assert exc.value.code == "fee_standard_invalid"


def test_every_change_is_a_version_and_the_past_is_kept(users: dict[str, User]) -> None:
    fee = make_fee(users["caizheng"])
    actions.change_fee(
        actor=users["caizheng"],
        code=fee.code,
        valid_from=date(2026, 3, 1),
        note="甘价费〔2026〕3号调整",
        **fee_terms(lower="60", upper="400"),
    )
    before, after = (
        fee_as_of(RANGE_CODE, date(2026, 2, 28)),
        fee_as_of(RANGE_CODE, date(2026, 3, 1)),
    )
    assert before is not None
    assert after is not None
    assert (before.number, before.lower, before.upper) == (1, Decimal(80), Decimal(550))
    assert (after.number, after.lower, after.upper) == (2, Decimal(60), Decimal(400))
    assert fee_as_of(RANGE_CODE, date(2019, 12, 31)) is None
    assert FeeVersion.objects.filter(fee=fee).count() == 2


def test_the_sweep_picks_the_version_fee_as_of_picks(users: dict[str, User]) -> None:
    """The sweep reads a code's versions once and picks in Python: on every
    day, the version `fee_as_of` reads (two changes on one day: the later)."""
    fee = make_fee(users["caizheng"])
    for valid_from, lower in (
        (date(2026, 3, 1), "60"),
        (date(2026, 3, 1), "70"),
        (date(2026, 5, 10), "90"),
    ):
        actions.change_fee(
            actor=users["caizheng"],
            code=fee.code,
            valid_from=valid_from,
            note="调整",
            **fee_terms(lower=lower, upper="400"),
        )
    versions = versions_by_code({fee.code, "SF-NONE"})
    assert "SF-NONE" not in versions
    day = date(2019, 12, 25)
    while day <= date(2026, 6, 1):
        expected = fee_as_of(fee.code, day)
        picked = version_on(versions[fee.code], day)
        assert (picked and picked.pk) == (expected and expected.pk), day
        day += timedelta(days=1 if day.year == 2026 else 97)
    assert version_on([], date(2026, 3, 1)) is None


def test_a_change_cannot_go_back_before_the_last_version(users: dict[str, User]) -> None:
    fee = make_fee(users["caizheng"])
    actions.change_fee(
        actor=users["caizheng"], code=fee.code, valid_from=date(2026, 3, 1), **fee_terms()
    )
    with pytest.raises(InvalidInput) as exc:
        actions.change_fee(
            actor=users["caizheng"], code=fee.code, valid_from=date(2026, 2, 1), **fee_terms()
        )
    assert exc.value.code == "fee_period_invalid"


def test_a_cancelled_fee_is_out_of_force_from_its_day(users: dict[str, User]) -> None:
    fee = make_fee(users["caizheng"])
    actions.cancel_fee(actor=users["caizheng"], code=fee.code, cancelled_on=date(2026, 3, 10))
    fee.refresh_from_db()
    assert fee.status == FeeStatus.CANCELLED
    day_before, day_of = (
        fee_as_of(RANGE_CODE, date(2026, 3, 9)),
        fee_as_of(RANGE_CODE, date(2026, 3, 10)),
    )
    assert day_before is not None
    assert day_before.in_force_on(date(2026, 3, 9))
    assert day_of is not None
    assert not day_of.in_force_on(date(2026, 3, 10))
    assert day_of.status == FeeStatus.CANCELLED
    with pytest.raises(DomainError) as exc:
        actions.cancel_fee(actor=users["caizheng"], code=fee.code, cancelled_on=date(2026, 3, 11))
    assert exc.value.code == "fee_already_cancelled"


def test_publishing_an_item_naming_a_fee_not_in_force_is_refused(
    users: dict[str, User],
) -> None:
    make_fee(users["caizheng"])
    make_fee(users["caizheng"], FIXED_CODE, effective_to=date(2025, 12, 31))
    assert codes_not_in_force([RANGE_CODE, FIXED_CODE, "SF-NONE"], date(2026, 3, 16)) == [
        FIXED_CODE,
        "SF-NONE",
    ]
    with pytest.raises(InvalidInput) as exc:
        charging_item(users["admin"], [RANGE_CODE, "SF-NONE"])
    assert (exc.value.code, exc.value.detail) == ("item_fee_code_unknown", ["SF-NONE"])
    assert charging_item(users["admin"], [RANGE_CODE], code="TEST-FEE-02").status == "published"


def _sheet(rows: list[list[object]]) -> bytes:
    book = Workbook()
    page = book.active
    assert page is not None
    page.append(HEADERS)
    for row in rows:
        page.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(code: str, **over: object) -> list[object]:
    cells: dict[str, object] = {
        "code": code,
        "name": "房屋登记费",
        "department": "620700012",
        "legal_basis": "《物权法》第二十二条",
        "price_doc": "发改价格〔2008〕924号",
        "finance_doc": "财综〔2008〕36号",
        "kind": "区间",
        "lower": 80,
        "upper": 550,
        "unit": "件",
        "effective_from": SINCE,
        "effective_to": None,
        "item_codes": "",
        "status": "保留",
        "cancelled_on": None,
    }
    cells.update(over)
    return list(cells.values())


def test_an_import_with_bad_rows_reports_every_one_and_stores_nothing(
    users: dict[str, User],
) -> None:
    data = _sheet(
        [
            _row("SF-IMP-1"),
            _row("SF-IMP-2", legal_basis=None),
            _row("SF-IMP-3", department="999"),
            _row("SF-IMP-4", lower=600),
            _row("SF-IMP-1"),
        ]
    )
    with pytest.raises(InvalidInput) as exc:
        actions.import_fees(actor=users["caizheng"], data=data)
    assert exc.value.code == "fee_import_rows_invalid"
    assert [(e["row"], e["column"], e["code"]) for e in exc.value.detail] == [
        (3, "设立依据", "fee_basis_required"),
        (4, "执收单位编码", "fee_department_invalid"),
        (5, "标准下限（元）", "fee_standard_invalid"),
        (6, "收费项目编码", "fee_code_exists"),
    ]
    assert all(e["message"] for e in exc.value.detail)
    assert not FeeItem.objects.exists()
    assert not FeeVersion.objects.exists()


def test_an_import_creates_and_changes_and_export_reads_back(users: dict[str, User]) -> None:
    make_fee(users["caizheng"])
    data = _sheet([_row("SF-IMP-1"), _row(RANGE_CODE, department="620700005", lower=70)])
    assert actions.import_fees(actor=users["caizheng"], data=data) == {"created": 1, "changed": 1}
    changed = FeeItem.objects.get(code=RANGE_CODE)
    assert (changed.version, changed.lower) == (2, Decimal(70))
    exported = write_xlsx(fee_rows(FeeItem.objects.order_by("code")))
    rows = read_xlsx(exported)
    assert [r.cells["code"] for r in rows] == [RANGE_CODE, "SF-IMP-1"]
    assert rows[1].cells["lower"] == "80"
    assert rows[1].cells["effective_from"] == SINCE


def test_an_import_writes_in_bulk_under_one_event(users: dict[str, User]) -> None:
    """New, changed and cancelled rows: the versions as the one-fee actions
    write them, one `fee.imported` event listing the codes, no per-fee events."""
    make_fee(users["caizheng"])
    before = AuditEvent.objects.filter(event_type__startswith="fee.").count()
    data = _sheet(
        [
            _row("SF-IMP-1"),
            _row(RANGE_CODE, department="620700005", lower=70),
            _row("SF-IMP-2", status="取消", cancelled_on=date(2026, 2, 1)),
        ]
    )
    with travel_to(date(2026, 3, 16)):
        assert actions.import_fees(actor=users["caizheng"], data=data) == {
            "created": 2,
            "changed": 1,
        }
    versions = {
        (v.fee.code, v.number): (v.valid_from, v.status, v.lower, v.note)
        for v in FeeVersion.objects.select_related("fee")
    }
    assert versions == {
        (RANGE_CODE, 1): (SINCE, "kept", Decimal(80), "新增"),
        (RANGE_CODE, 2): (date(2026, 3, 16), "kept", Decimal(70), "导入"),
        ("SF-IMP-1", 1): (SINCE, "kept", Decimal(80), "新增"),
        ("SF-IMP-2", 1): (SINCE, "kept", Decimal(80), "新增"),
        ("SF-IMP-2", 2): (date(2026, 2, 1), "cancelled", Decimal(80), "导入取消"),
    }
    cancelled = FeeItem.objects.get(code="SF-IMP-2")
    assert (cancelled.version, cancelled.status, cancelled.cancelled_on) == (
        2,
        "cancelled",
        date(2026, 2, 1),
    )
    (event,) = AuditEvent.objects.filter(event_type__startswith="fee.")[before:]
    assert event.event_type == "fee.imported"
    assert event.payload["created_codes"] == ["SF-IMP-1", "SF-IMP-2"]
    assert event.payload["changed_codes"] == [RANGE_CODE]
    assert event.payload["cancelled_codes"] == ["SF-IMP-2"]


def test_the_example_sheet_imports(users: dict[str, User]) -> None:
    assert actions.import_fees(actor=users["caizheng"], data=example_xlsx()) == {
        "created": 1,
        "changed": 0,
    }


def test_an_unreadable_file_is_refused(users: dict[str, User]) -> None:
    with pytest.raises(InvalidInput) as exc:
        actions.import_fees(actor=users["caizheng"], data=b"not a workbook")
    assert exc.value.code == "fee_file_unreadable"
