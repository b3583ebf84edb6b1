"""The JSON API (/api/v1/directives, /api/v1/requests): the same steps and
scope as the actions, errors in the house shape with their codes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from directives_support import MEETING_DAY

from conftest import World
from xiaoneng.core.timesource import travel_to

DAY = date(2026, 3, 3)


@pytest.fixture(autouse=True)
def on_day() -> Any:
    with travel_to(DAY):
        yield


def test_register_assign_report_close(world: World, api: Any) -> None:
    inspector = api("inspector")
    created = inspector.post(
        "/directives/",
        {
            "source": "instruction",
            "number": "张政批〔2026〕9号",
            "title": "春耕备耕",
            "content": "请各县区做好春耕物资保障。",
            "issued_on": MEETING_DAY.isoformat(),
            "leader": "刘卫东",
            "tasks": [
                {"department_id": world.minle.pk, "requirement": "物资保障", "due_on": "2026-03-20"}
            ],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    task_id = body["task_ids"][0]
    minle = api("minle")
    got = minle.get(f"/directives/tasks/{task_id}")
    assert got.status_code == 200
    assert got.json()["light"] == "normal"
    reported = minle.post(
        f"/directives/tasks/{task_id}/reports", {"report": "已落实", "is_final": True}
    )
    assert reported.status_code == 201
    assert reported.json()["status"] == "reported"
    closed = api("inspector").post(f"/directives/tasks/{task_id}/close", {"note": "同意销号"})
    assert closed.json()["status"] == "closed"
    assert api("inspector").get(f"/directives/{body['id']}").json()["status"] == "closed"


def test_errors_carry_their_codes(world: World, api: Any) -> None:
    bad = api("inspector").post(
        "/directives/",
        {"source": "x", "number": "1", "title": "t", "content": "c", "issued_on": "2026-03-02"},
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "directive_source_invalid"
    depthead = api("depthead")
    refused = depthead.post(f"/directives/tasks/{world.fagai_task.pk}/reports", {"report": "抢报"})
    assert (refused.status_code, refused.json()["code"]) == (403, "directive_not_own_task")
    assert depthead.get(f"/directives/tasks/{world.fagai_task.pk}").status_code == 200  # cooperates
    missing = api("minle").get(f"/directives/tasks/{world.gongshang_task.pk}")
    assert (missing.status_code, missing.json()["code"]) == (404, "directive_task_not_found")


def test_a_unit_lists_only_its_tasks(world: World, api: Any) -> None:
    ids = {t["id"] for t in api("fagai").get("/directives/tasks").json()}
    assert ids == {world.fagai_task.pk}
    everything = {t["id"] for t in api("inspector").get("/directives/tasks").json()}
    assert everything == {world.fagai_task.pk, world.gongshang_task.pk}


def test_adjustment_through_the_api(world: World, api: Any) -> None:
    task = world.gongshang_task.pk
    asked = api("depthead").post(
        f"/directives/tasks/{task}/adjustments", {"new_due_on": "2026-03-27", "reason": "系统升级"}
    )
    assert asked.status_code == 201
    body = asked.json()
    assert body["pending_adjustment"]
    assert body["due_on"] == "2026-03-13"
    adjustment = body["adjustments"][0]["id"]
    leader = api("leader")
    assert [a["id"] for a in leader.get("/directives/adjustments").json()] == [adjustment]
    decided = leader.post(f"/directives/adjustments/{adjustment}/decide", {"approve": True})
    assert decided.json()["due_on"] == "2026-03-27"


def test_request_flow_through_the_api(world: World, api: Any) -> None:
    minle = api("minle")
    made = minle.post(
        "/requests/",
        {
            "to_department_id": world.gongshang.pk,
            "kind": "urgent",
            "title": "请示",
            "content": "内容",
        },
    )
    assert made.status_code == 201, made.content
    rid = made.json()["id"]
    assert made.json()["due_on"] == "2026-03-06"
    refused = minle.post(f"/requests/{rid}/answer", {"answer": "同意"})
    assert (refused.status_code, refused.json()["code"]) == (403, "qingshi_not_holder")
    depthead = api("depthead")
    assert [r["id"] for r in depthead.get("/requests/?box=inbox").json()] == [rid]
    moved = depthead.post(
        f"/requests/{rid}/transfer", {"to_department_id": world.fagai.pk, "reason": "不属本局"}
    )
    assert moved.json()["holder_id"] == world.fagai.pk
    assert moved.json()["due_on"] == "2026-03-06"
    answered = api("fagai").post(f"/requests/{rid}/answer", {"answer": "同意"})
    assert answered.json()["status"] == "answered"
    assert answered.json()["on_time"] is True
    bad = api("minle").post("/requests/", {"to_department_id": 0, "title": "t", "content": "c"})
    assert (bad.status_code, bad.json()["code"]) == (400, "qingshi_department_invalid")
