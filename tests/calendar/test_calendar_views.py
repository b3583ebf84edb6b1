"""The year calendar page and the import form, as staff use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.models import HolidaySchedule

pytestmark = pytest.mark.django_db


def test_year_page_marks_holidays_and_makeup_days(login: Any) -> None:
    client = login("window")
    response = client.get("/calendar/", {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年工作日历" in html
    assert 'class="is-holiday" data-date="2026-02-16"' in html
    assert 'class="is-makeup" data-date="2026-02-14"' in html
    assert "2026年2月14日" in html
    assert "data-calendar-provisional" not in html
    assert "导入节假日安排</a>" not in html  # window staff may look, not import


def test_year_page_warns_of_a_provisional_year(login: Any) -> None:
    response = login("window").get("/calendar/", {"year": "2027"})
    assert "data-calendar-provisional" in response.content.decode()
    assert login("window").get("/calendar/", {"year": "abc"}).status_code == 200


def test_pages_need_sign_in_and_permission(client: Any, login: Any) -> None:
    assert client.get("/calendar/").status_code == 302
    assert login("applicant").get("/calendar/").status_code == 403
    assert login("window").get("/calendar/import/").status_code == 403


def test_import_form(login: Any, csv_2027: str) -> None:
    client = login("admin")
    assert "文件格式" in client.get("/calendar/import/").content.decode()
    upload = SimpleUploadedFile("2027.csv", csv_2027.encode("gb18030"), "text/csv")
    response = client.post(
        "/calendar/import/",
        {"file": upload, "year": 2027, "source": "国办发明电（测试）"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/calendar/?year=2027"
    html = response.content.decode()
    assert "2027 年：放假 6 天，调休上班 2 天" in html
    assert "data-calendar-provisional" not in html
    assert HolidaySchedule.objects.filter(year=2027, imported_by__username="admin").exists()
    assert AuditEvent.objects.filter(event_type="calendar.schedule_imported").count() == 1


def test_import_form_shows_domain_errors(login: Any) -> None:
    upload = SimpleUploadedFile("bad.csv", b"date,kind,name\n2027-02-05,workday,x\n")
    response = login("admin").post("/calendar/import/", {"file": upload, "year": 2027})
    assert response.status_code == 200
    assert "调休上班日只能是周六或周日" in response.content.decode()
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_admin_shows_schedules_read_only(login: Any) -> None:
    client = login("admin")
    listing = client.get("/admin/calendar/holidayschedule/")
    assert listing.status_code == 200
    assert "2026" in listing.content.decode()
    schedule = HolidaySchedule.objects.get(year=2026)
    url = f"/admin/calendar/holidayschedule/{schedule.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "春节" in page.content.decode()
    assert client.post(url, {"source": "改"}).status_code == 403
    assert client.get("/admin/calendar/specialday/").status_code == 200
    assert client.get("/admin/calendar/holidayschedule/add/").status_code == 403
