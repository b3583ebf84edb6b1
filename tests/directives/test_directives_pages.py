"""The desks render for each role and their forms take the steps (the test
client, GET and POST); a page out of scope is a 404, a desk without the
permission a 403."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from directives_support import EXE_BYTES, PDF_BYTES
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import World
from xiaoneng.core.timesource import travel_to
from xiaoneng.directives.models import Directive, DirectiveTask, Request

DAY = date(2026, 3, 3)


@pytest.fixture(autouse=True)
def on_day() -> Any:
    with travel_to(DAY):
        yield


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("inspector", "/directives/", 200),
        ("leader", "/directives/", 200),
        ("mayor", "/directives/", 200),
        ("depthead", "/directives/", 403),
        ("depthead", "/directives/mine/", 200),
        ("minle", "/directives/mine/", 200),
        ("inspector", "/directives/mine/", 403),
        ("leader", "/directives/adjustments/", 200),
        ("depthead", "/directives/adjustments/", 403),
        ("minle", "/directives/requests/", 200),
        ("leader", "/directives/requests/", 200),
        ("window", "/directives/requests/", 403),
    ],
)
def test_desks_by_role(world: World, login: Any, user: str, url: str, status: int) -> None:
    assert login(user).get(url).status_code == status


def test_the_inspector_registers_with_an_original_and_a_task(world: World, login: Any) -> None:
    client = login("inspector")
    response = client.post(
        "/directives/",
        {
            "source": "meeting",
            "number": "市政府第13次常务会议",
            "title": "春季植树造林",
            "content": "会议决定：完成植树造林任务。",
            "issued_on": "2026-03-02",
            "department_id": str(world.minle.pk),
            "requirement": "完成县域造林1万亩",
            "due_on": "2026-03-31",
            "originals": SimpleUploadedFile("纪要.pdf", PDF_BYTES),
        },
    )
    row = Directive.objects.get(number="市政府第13次常务会议")
    assert response.status_code == 302
    assert response["Location"] == f"/directives/{row.pk}/"
    original = row.originals.get()
    page = client.get(f"/directives/{row.pk}/")
    assert "纪要.pdf" in page.content.decode()
    assert "完成县域造林1万亩" in page.content.decode()
    download = client.get(f"/directives/files/original/{original.pk}/")
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert login("fagai").get(f"/directives/files/original/{original.pk}/").status_code == 404


def test_a_bad_form_shows_the_rule_and_keeps_the_input(world: World, login: Any) -> None:
    response = login("inspector").post(
        "/directives/",
        {
            "source": "meeting",
            "number": "x",
            "title": "留着",
            "content": "c",
            "issued_on": "2026-03-02",
            "originals": SimpleUploadedFile("a.exe", EXE_BYTES),
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "upload_type_not_allowed" in text
    assert "留着" in text
    assert not Directive.objects.filter(number="x").exists()


def test_the_unit_reports_from_the_task_page(world: World, login: Any) -> None:
    client = login("depthead")
    url = f"/directives/tasks/{world.gongshang_task.pk}/"
    page = client.get(url).content.decode()
    assert "报送进展或办结材料" in page
    assert "催办" not in page
    client.post(
        url + "report/",
        {"report": "已办结", "is_final": "1", "files": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )
    task = DirectiveTask.objects.get(pk=world.gongshang_task.pk)
    assert task.status == "reported"
    # Seeing is not acting: the cooperating unit's page offers no step, its POST is refused.
    other = login("fagai")
    fagai_page = other.get(url)
    assert fagai_page.status_code == 404
    coop = login("depthead").get(f"/directives/tasks/{world.fagai_task.pk}/").content.decode()
    assert "报送进展或办结材料" not in coop
    login("depthead").post(f"/directives/tasks/{world.fagai_task.pk}/report/", {"report": "抢报"})
    assert not DirectiveTask.objects.get(pk=world.fagai_task.pk).reports.exists()


def test_the_inspector_closes_and_returns_from_the_task_page(world: World, login: Any) -> None:
    for name, task in (("depthead", world.gongshang_task), ("fagai", world.fagai_task)):
        login(name).post(
            f"/directives/tasks/{task.pk}/report/", {"report": "完成", "is_final": "1"}
        )
    client = login("inspector")
    page = client.get(f"/directives/tasks/{world.gongshang_task.pk}/").content.decode()
    assert "办结销号" in page
    assert "退回重办" in page
    client.post(f"/directives/tasks/{world.gongshang_task.pk}/close/", {"note": "好"})
    client.post(f"/directives/tasks/{world.fagai_task.pk}/return/", {"reason": "材料不全"})
    assert DirectiveTask.objects.get(pk=world.gongshang_task.pk).status == "closed"
    assert DirectiveTask.objects.get(pk=world.fagai_task.pk).status == "returned"
    assert client.post(f"/directives/tasks/{world.fagai_task.pk}/nonsense/").status_code == 404


def test_leader_decides_on_the_adjustments_page(world: World, login: Any) -> None:
    login("depthead").post(
        f"/directives/tasks/{world.gongshang_task.pk}/adjust/",
        {"new_due_on": "2026-03-27", "reason": "系统升级"},
    )
    client = login("leader")
    page = client.get("/directives/adjustments/").content.decode()
    assert "系统升级" in page
    adjustment = world.gongshang_task.adjustments.get()
    response = client.post(f"/directives/adjustments/{adjustment.pk}/decide/", {"approve": "1"})
    assert response.status_code == 302
    assert DirectiveTask.objects.get(pk=world.gongshang_task.pk).due_on == date(2026, 3, 27)


def test_requests_desk_submit_transfer_answer(world: World, login: Any) -> None:
    client = login("minle")
    response = client.post(
        "/directives/requests/",
        {
            "to_department_id": str(world.gongshang.pk),
            "kind": "general",
            "title": "关于X的请示",
            "content": "妥否",
        },
    )
    row = Request.objects.get(title="关于X的请示")
    assert response["Location"] == f"/directives/requests/{row.pk}/"
    assert (
        "答复"
        not in client.get(f"/directives/requests/{row.pk}/").content.decode().split("转办记录")[1]
    )
    depthead = login("depthead")
    inbox = depthead.get("/directives/requests/?box=inbox").content.decode()
    assert "关于X的请示" in inbox
    depthead.post(
        f"/directives/requests/{row.pk}/transfer/",
        {"to_department_id": str(world.fagai.pk), "reason": "不属本局"},
    )
    login("fagai").post(f"/directives/requests/{row.pk}/answer/", {"answer": "同意"})
    row.refresh_from_db()
    assert (row.status, row.holder_id, row.transfers) == ("answered", world.fagai.pk, 1)
    assert login("minle").get(f"/directives/requests/{row.pk}/").status_code == 200
    assert login("zhijian").get(f"/directives/requests/{row.pk}/").status_code in (403, 404)
