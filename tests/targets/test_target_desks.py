"""The desks render for who may see them and refuse the rest; their forms
run the actions (the import lists every bad row on the page)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from target_world import START, YEAR

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department
from xiaoneng.supervision.models import SupervisionOrder
from xiaoneng.targets.models import Adjustment, ProgressReport, ReportStatus, TargetBook, Task
from xiaoneng.targets.sheet import write_xlsx


def test_each_desk_renders_for_its_people(login: Any, client: Any, book: TargetBook) -> None:
    task = book.tasks.get(code="1.1")
    with travel_to(date(2026, 3, 3)):
        login("inspector")
        desk = client.get("/targets/")
        assert desk.status_code == 200
        assert f'data-task="{task.pk}"' in desk.content.decode()
        assert "导入目标责任书" in desk.content.decode()
        assert client.get(f"/targets/books/{book.pk}/").status_code == 200
        assert client.get(f"/targets/tasks/{task.pk}/").status_code == 200
        assert client.get("/targets/?light=overdue").status_code == 200
        assert client.get("/targets/mine/").status_code == 403  # no target.report
        client.logout()
        login("depthead")
        mine = client.get("/targets/mine/")
        assert mine.status_code == 200
        assert f'data-task="{task.pk}"' in mine.content.decode()
        page = client.get(f"/targets/tasks/{task.pk}/").content.decode()
        assert "报送月度进度" in page
        assert "催办" not in page.split("督办通知")[0].split("办理")[-1]
        assert client.get("/targets/").status_code == 403
        client.logout()
        login("leader")
        leader = client.get("/targets/leader/")
        assert leader.status_code == 200
        assert "data-light-counts" in leader.content.decode()
        client.logout()
        login("minle")
        assert client.get(f"/targets/tasks/{task.pk}/").status_code == 404


def test_the_import_form_lists_every_bad_row(login: Any, client: Any, demo_city: None) -> None:
    login("inspector")
    no_owner = ["1", "", "无负责人", *[""] * 12]
    no_standard = ["2", "", "无标准", "", "市工商局", "", "", "某", "2026-12-31", *[""] * 6]
    data = write_xlsx("张掖市工商局2026年度目标责任书", [no_owner, no_standard])
    unit = Department.objects.get(code="620700005")
    with travel_to(START):
        answer = client.post(
            "/targets/",
            {"year": YEAR, "department": unit.pk, "file": SimpleUploadedFile("b.xlsx", data)},
        )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'data-row="3"' in page
    assert 'data-row="4"' in page
    assert "target_owner_required" in page
    assert "target_standard_required" in page
    assert not TargetBook.objects.exists()
    no_standard[-2] = "按期完成"  # 定性标准
    good = write_xlsx("张掖市工商局2026年度目标责任书", [no_standard])
    with travel_to(START):
        done = client.post(
            "/targets/",
            {"year": YEAR, "department": unit.pk, "file": SimpleUploadedFile("b.xlsx", good)},
        )
    made = TargetBook.objects.get()
    assert done.status_code == 302
    assert done["Location"] == f"/targets/books/{made.pk}/"
    assert made.title == "张掖市工商局2026年度目标责任书"


def test_the_task_page_steps_run_the_actions(login: Any, client: Any, book: TargetBook) -> None:
    task = book.tasks.get(code="1.2")
    with travel_to(date(2026, 3, 3)):
        login("depthead")
        client.post(
            f"/targets/tasks/{task.pk}/report/",
            {"year": YEAR, "month": 2, "text": "已上线试运行", "percent": 40},
        )
        report = ProgressReport.objects.get(task=task)
        assert report.percent == 40
        client.post(
            f"/targets/tasks/{task.pk}/adjust/", {"reason": "等待省平台", "new_standard": "试运行"}
        )
        assert Task.objects.get(pk=task.pk).pending_adjustment
        # Seeing is not acting: the unit's verify is refused with a message, nothing changes.
        refused = client.post(f"/targets/tasks/{task.pk}/verify/", {"id": report.pk})
        assert refused["Location"] == f"/targets/tasks/{task.pk}/"
        assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
        client.logout()
        login("inspector")
        client.post(f"/targets/tasks/{task.pk}/verify/", {"id": report.pk})
        assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.VERIFIED
        client.post(f"/targets/tasks/{task.pk}/urge/", {"text": "请加快"})
        assert SupervisionOrder.objects.filter(subject_ref=task.pk).count() == 1
        assert client.post(f"/targets/tasks/{task.pk}/nonsense/").status_code == 404
        client.logout()
        login("leader")
        adjustment = Adjustment.objects.get(task=task)
        back = client.post(
            f"/targets/tasks/{task.pk}/decide/",
            {"id": adjustment.pk, "approve": "1", "next": "/targets/leader/"},
        )
        assert back["Location"] == "/targets/leader/"
    assert Task.objects.get(pk=task.pk).standard == "试运行"


def test_evidence_is_served_to_those_who_see_the_task(
    login: Any, client: Any, book: TargetBook
) -> None:
    task = book.tasks.get(code="1.2")
    pdf = SimpleUploadedFile("验收.pdf", b"%PDF-1.4\n%%EOF\n")
    with travel_to(date(2026, 3, 3)):
        login("depthead")
        client.post(
            f"/targets/tasks/{task.pk}/report/",
            {"year": YEAR, "month": 2, "text": "验收", "percent": 50, "files": [pdf]},
        )
    item = ProgressReport.objects.get(task=task).files.get()
    got = client.get(f"/targets/tasks/{task.pk}/files/{item.pk}/")
    assert got.status_code == 200
    assert b"".join(got.streaming_content).startswith(b"%PDF")
    client.logout()
    login("minle")
    assert client.get(f"/targets/tasks/{task.pk}/files/{item.pk}/").status_code == 404


def test_the_leader_sees_his_units_by_light(login: Any, client: Any, book: TargetBook) -> None:
    login("leader")
    with travel_to(date(2026, 7, 10)):  # the June milestone of 1.1 is open: red
        page = client.get("/targets/leader/")
    counts = dict(page.context["by_unit"])
    assert counts[book.department.name] == {"overdue": 1, "warning": 0, "normal": 1, "none": 0}
    assert page.context["counts"]["overdue"] == 1
    red = [row["t"].code for row in page.context["red"]]
    assert red == ["1.1"]


def test_the_example_sheet_imports_as_it_is(login: Any, client: Any, demo_city: None) -> None:
    login("inspector")
    sheet = client.get("/targets/template/")
    assert sheet.status_code == 200
    data = sheet.content
    unit = Department.objects.get(code="620700002")
    with travel_to(START):
        done = client.post(
            "/targets/",
            {"year": YEAR, "department": unit.pk, "file": SimpleUploadedFile("t.xlsx", data)},
        )
    assert done.status_code == 302
    assert TargetBook.objects.get().tasks.count() == 3
    client.logout()
    login("depthead")
    assert client.get("/targets/template/").status_code == 403
