"""The API (/api/v1/targets): the same actions and scoping as the desks,
errors in the house shape with their codes."""

from __future__ import annotations

from datetime import date
from typing import Any

from target_world import START, YEAR

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department
from xiaoneng.targets.exports import book_xlsx
from xiaoneng.targets.models import TargetBook, Task
from xiaoneng.targets.sheet import write_xlsx


def test_books_and_tasks_are_scoped(api: Any, book: TargetBook, quantitative: Task) -> None:
    inspector = api("inspector")
    listed = inspector.get("/targets/books").json()
    assert [b["id"] for b in listed] == [book.pk]
    assert listed[0]["status"] == "signed"
    got = inspector.get(f"/targets/tasks/{quantitative.pk}").json()
    assert (got["code"], got["lead_department"], got["target_value"]) == (
        "1.1",
        book.department.name,
        "1000.0000",
    )
    assert got["milestones"][0]["due_on"] == "2026-06-30"
    assert got["light"] in {"normal", "warning", "overdue"}
    minle = api("minle")
    assert minle.get("/targets/books").json() == []
    assert minle.get("/targets/tasks").json() == []
    missing = minle.get(f"/targets/tasks/{quantitative.pk}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "target_not_found"


def test_report_verify_return_through_the_api(api: Any, quantitative: Task) -> None:
    with travel_to(date(2026, 3, 3)):
        unit = api("depthead")
        bad = unit.post(
            f"/targets/tasks/{quantitative.pk}/reports", {"year": YEAR, "month": 2, "text": ""}
        )
        assert bad.status_code == 400
        assert bad.json()["code"] == "target_text_required"
        made = unit.post(
            f"/targets/tasks/{quantitative.pk}/reports",
            {"year": YEAR, "month": 2, "text": "新增 300 户", "value": "300"},
        )
        assert made.status_code == 201, made.content
        report = made.json()
        assert (report["percent"], report["status"], report["late"]) == (30, "submitted", False)
        refused = unit.post(f"/targets/reports/{report['id']}/verify")
        assert refused.status_code == 403
        office = api("inspector")
        verified = office.post(f"/targets/reports/{report['id']}/verify")
        assert verified.json()["status"] == "verified"
        again = office.post(f"/targets/reports/{report['id']}/return", {"reason": "x"})
        assert again.status_code == 409
        assert again.json()["code"] == "target_report_wrong_status"
    assert Task.objects.get(pk=quantitative.pk).latest_percent == 30


def test_adjustment_and_urge_through_the_api(api: Any, qualitative: Task) -> None:
    with travel_to(date(2026, 5, 6)):
        asked = api("depthead").post(
            f"/targets/tasks/{qualitative.pk}/adjustments",
            {"reason": "接口未开放", "new_deadline": "2026-12-31"},
        )
        assert asked.status_code == 201, asked.content
        decided = api("leader").post(
            f"/targets/adjustments/{asked.json()['id']}/decide", {"approve": True}
        )
        assert decided.json()["status"] == "approved"
        urged = api("inspector").post(f"/targets/tasks/{qualitative.pk}/urge", {"text": "请加快"})
        assert urged.status_code == 201
        assert (
            api("depthead").post(f"/targets/tasks/{qualitative.pk}/urge", {"text": "x"}).status_code
            == 403
        )
    assert Task.objects.get(pk=qualitative.pk).deadline == date(2026, 12, 31)


def test_import_export_and_a_refused_task_through_the_api(
    api: Any, client: Any, book: TargetBook
) -> None:
    office = api("inspector")
    exported = office.get(f"/targets/books/{book.pk}/export")
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    county = Department.objects.get(code="620721")
    with travel_to(START):
        made = client.post(
            "/api/v1/targets/books",
            {"year": YEAR, "department_id": county.pk, "file": _upload(book_xlsx(book))},
        )
    assert made.status_code == 201, made.content
    assert made.json()["tasks"] == 3
    created = office.post(
        f"/targets/books/{made.json()['id']}/tasks", {"code": "1.3", "title": "无人负责"}
    )
    assert created.status_code == 400
    assert created.json()["code"] == "target_owner_required"
    assert book.tasks.count() == 3  # the source book is untouched


def _upload(data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("book.xlsx", data, content_type="application/octet-stream")


def test_a_sheet_with_errors_answers_every_row(api: Any, client: Any, book: TargetBook) -> None:
    api("inspector")
    no_owner = ["1.1", "", "无负责人", *[""] * 12]
    no_deadline = ["1.2", "", "也无时限", "", "市工商局", "", "", "某", *[""] * 5, "按期", ""]
    data = write_xlsx("坏表", [no_owner, no_deadline])
    county = Department.objects.get(code="620721")
    answer = client.post(
        "/api/v1/targets/books", {"year": YEAR, "department_id": county.pk, "file": _upload(data)}
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "target_import_invalid"
    assert {r["row"] for r in body["detail"]["rows"]} == {3, 4}
    assert not TargetBook.objects.filter(department=county).exists()
