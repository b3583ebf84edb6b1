"""The reporting calendar's pages and API: the unit's desk and a due's page
(submit form, files), the calendar with its lights and the .xlsx, the kind
editor; /api/v1/reports with scoped lists and coded errors."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from xiaoneng.core.timesource import travel_to
from xiaoneng.office.actions import reports as actions
from xiaoneng.office.models.reports import ReportDue, ReportKind
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 9)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def dues(office_world: dict[str, User]) -> dict[str, ReportDue]:
    with travel_to(DAY):
        actions.open_dues(actor=None, today=DAY)
    get = ReportDue.objects.get
    return {
        "mine": get(kind__code="zhengwu_xinxi", unit__code="620700005", period_start="2026-09-01"),
        "theirs": get(
            kind__code="zhengwu_xinxi", unit__code="620700002", period_start="2026-09-01"
        ),
        "monthly": get(
            kind__code="gongzuo_yuebao", unit__code="620700005", period_start="2026-09-01"
        ),
    }


def test_the_unit_desk_and_submit_with_a_file(
    dues: dict[str, ReportDue], login: Any, client: Any
) -> None:
    login("office")
    with travel_to(DAY):
        page = client.get("/office/reports/")
        assert page.status_code == 200
        text = page.content.decode()
        assert "待报送" in text
        assert "政务信息" in text
        assert "2026年10月13日" in text
        assert f'data-due="{dues["theirs"].pk}"' not in text  # another unit's
        mine = dues["mine"]
        detail = client.get(f"/office/reports/dues/{mine.pk}/")
        assert detail.status_code == 200
        assert "data-submit-form" in detail.content.decode()
        upload = SimpleUploadedFile("九月政务信息.pdf", PDF, content_type="application/pdf")
        sent = client.post(
            f"/office/reports/dues/{mine.pk}/submit/",
            {"title": "九月政务信息", "content": "动态三条", "files": [upload]},
        )
        assert sent.status_code == 302
        mine.refresh_from_db()
        assert mine.submitted_at is not None
        assert not mine.late
        stored = mine.files.get()
        download = client.get(f"/office/reports/dues/{mine.pk}/files/{stored.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert client.get(f"/office/reports/dues/{dues['theirs'].pk}/").status_code == 404
        refused = client.post(f"/office/reports/dues/{mine.pk}/submit/", {"title": ""})
        assert refused.status_code == 302
        follow = client.get(f"/office/reports/dues/{mine.pk}/").content.decode()
        assert "office_report_title_required" in follow
        assert client.get("/office/reports/calendar/").status_code == 403
        assert (
            client.post(
                f"/office/reports/dues/{dues['theirs'].pk}/submit/", {"title": "x", "content": "y"}
            ).status_code
            == 404
        )


def test_the_calendar_shows_the_lights_and_exports(
    dues: dict[str, ReportDue], office_world: dict[str, User], login: Any, client: Any
) -> None:
    with travel_to(date(2026, 10, 12)):  # 工作月报 due 10日: the mine late, minle's missing
        actions.submit_report(
            actor=office_world["office"], due_id=dues["monthly"].pk, title="月报", content="x"
        )
    with travel_to(DAY):
        actions.submit_report(
            actor=office_world["fagai"], due_id=dues["theirs"].pk, title="信息", content="x"
        )
    login("zhengfuban")
    kind = ReportKind.objects.get(code="gongzuo_yuebao")
    with travel_to(date(2026, 10, 14)):
        page = client.get(f"/office/reports/calendar/?kind={kind.pk}&year=2026")
        assert page.status_code == 200
        text = page.content.decode()
        assert 'data-matrix="gongzuo_yuebao"' in text
        assert 'data-light="yellow"' in text
        assert 'data-light="red"' in text
        assert "生成本期报送任务" in text
        sheet = client.get(f"/office/reports/calendar/export.xlsx?kind={kind.pk}&year=2026")
        assert sheet.status_code == 200
        book = load_workbook(io.BytesIO(sheet.content))
        rows = list(book.active.iter_rows(values_only=True))
        assert rows[0][0].startswith("2026年工作月报报送情况")
        assert rows[1][:3] == ("报送单位", "2026年9月", "2026年10月")
        gongshang = Department.objects.get(code="620700005").name
        assert next(r for r in rows if r[0] == gongshang)[1] == "逾期报送"
        minle = Department.objects.get(code="620722").name
        assert next(r for r in rows if r[0] == minle)[1] == "未报送"
        info = client.get("/office/reports/calendar/").content.decode()
        assert "data-counts" in info
        opened = client.post("/office/reports/calendar/open/")
        assert opened.status_code == 302


def test_the_kind_editor(office_world: dict[str, User], login: Any, client: Any) -> None:
    login("zhengfuban")
    assert client.get("/office/reports/kinds/new/").status_code == 200
    unit = Department.objects.get(code="620700005")
    bad = client.post("/office/reports/kinds/new/", {"code": "x y", "name": "安全生产"})
    assert bad.status_code == 400
    assert "office_report_code_invalid" in bad.content.decode()
    made = client.post(
        "/office/reports/kinds/new/",
        {
            "code": "anquan",
            "name": "安全生产",
            "cadence": "monthly",
            "due_workdays": "3",
            "units": [str(unit.pk)],
        },
    )
    assert made.status_code == 302
    kind = ReportKind.objects.get(code="anquan")
    edit = client.get(f"/office/reports/kinds/{kind.pk}/")
    assert edit.status_code == 200
    assert "安全生产" in edit.content.decode()
    stopped = client.post(f"/office/reports/kinds/{kind.pk}/active/", {"active": "0"})
    assert stopped.status_code == 302
    kind.refresh_from_db()
    assert not kind.active
    client.logout()
    login("office")
    assert client.get("/office/reports/kinds/new/").status_code == 403


def test_the_api(dues: dict[str, ReportDue], api: Any) -> None:
    office = api("office")
    kinds = office.get("/reports/kinds").json()
    assert {k["code"] for k in kinds} >= {"zhengwu_xinxi", "gongzuo_yuebao", "tongji_baobiao"}
    listed = office.get("/reports/dues?kind=zhengwu_xinxi").json()
    assert {d["unit_id"] for d in listed} == {dues["mine"].unit_id}
    assert office.get(f"/reports/dues/{dues['theirs'].pk}").status_code == 404
    with travel_to(DAY):
        sent = office.post(
            f"/reports/dues/{dues['mine'].pk}/submit", {"title": "九月政务信息", "content": "x"}
        )
    assert sent.status_code == 200, sent.content
    assert (sent.json()["light"], sent.json()["version"]) == ("green", 1)
    empty = office.post(f"/reports/dues/{dues['mine'].pk}/submit", {"title": ""})
    assert empty.status_code == 400
    assert empty.json()["code"] == "office_report_title_required"
    assert set(empty.json()) >= {"code", "message", "detail"}
    refused = office.post(
        "/reports/kinds",
        {"code": "x1", "name": "n", "cadence": "monthly", "due_workdays": 3, "unit_ids": [1]},
    )
    assert refused.status_code == 403
    gov = api("zhengfuban")
    unit = dues["mine"].unit_id
    body = {"code": "anquan", "name": "安全生产", "cadence": "monthly", "due_workdays": 3,
            "unit_ids": [unit]}  # fmt: skip
    made = gov.post("/reports/kinds", body)
    assert made.status_code == 201, made.content
    assert made.json()["receiver"] == "张掖市人民政府办公室"
    bad = gov.post("/reports/kinds", {**body, "code": "anquan2", "cadence": "daily"})
    assert (bad.status_code, bad.json()["code"]) == (400, "office_report_cadence_invalid")
    taken = gov.post("/reports/kinds", body)
    assert (taken.status_code, taken.json()["code"]) == (409, "office_report_code_taken")
    changed = gov.post(f"/reports/kinds/{made.json()['id']}", {**body, "due_workdays": 5})
    assert changed.json()["due_workdays"] == 5
    missing = gov.post("/reports/kinds/999999", body)
    assert (missing.status_code, missing.json()["code"]) == (404, "office_report_kind_not_found")
    with travel_to(DAY):
        overview = gov.get("/reports/overview?year=2026").json()
    assert any(r["unit_id"] == unit and r["on_time"] == 1 for r in overview)
    assert len(gov.get("/reports/dues?limit=500").json()) > len(listed)
