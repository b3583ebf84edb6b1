"""/api/v1/checks: the bureau's loop through the API, the unit's report,
stable error codes as {code, message, detail}, evidence upload and download,
and the public exposures (published only, no staff names)."""

from __future__ import annotations

from typing import Any

import pytest
from checks_support import EXE_BYTES, JPEG_BYTES, NOTICE_DAY, PLAN_DAY, STAFF_NAME
from django.test import Client

from conftest import World, photo
from xiaoneng.core.timesource import travel_to

pytestmark = pytest.mark.django_db


def _plan(client: Any, world: World) -> int:
    created = client.post(
        "/checks/plans",
        {
            "title": "窗口作风暗访",
            "period_start": PLAN_DAY.isoformat(),
            "period_end": "2026-10-30",
            "focus": "在岗在位",
            "department_ids": [world.gongshang.pk],
        },
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["status"] == "draft"
    assert plan["targets"] == ["张掖市工商行政管理局"]
    return int(plan["id"])


def test_the_bureau_runs_a_check_through_the_api(world: World, api: Any, client: Client) -> None:
    with travel_to(NOTICE_DAY):
        boss = api("supervisor")
        pid = _plan(boss, world)
        refused = boss.post(f"/checks/plans/{pid}/approve")
        assert refused.status_code == 409
        assert refused.json()["code"] == "check_leader_required"
        leader = world.users["supervisor"].pk
        team = boss.post(f"/checks/plans/{pid}/members", {"user_id": leader, "leader": True})
        assert team.json()["members"] == [{"user_id": leader, "name": "马晓梅", "leader": True}]
        assert boss.post(f"/checks/plans/{pid}/approve").json()["status"] == "approved"
        found = boss.post(
            f"/checks/plans/{pid}/findings",
            {
                "department_id": world.gongshang.pk,
                "kind": "chatting",
                "observed_at": "2026-09-29T15:10:00",  # no offset: Beijing time
                "place": "登记窗口",
                "description": "工作人员上班时间玩手机游戏",
                "staff_name": STAFF_NAME,
            },
        )
        assert found.status_code == 201, found.content
        finding = found.json()
        assert finding["observed_at"].startswith("2026-09-29T07:10:00")  # UTC
        fid = finding["id"]
        assert finding["light_text"] == "尚未通报被检查单位"
        upload = client.post(
            f"/api/v1/checks/findings/{fid}/evidence",
            {"file": photo("现场.jpg", JPEG_BYTES), "caption": "现场"},
        )
        assert upload.status_code == 201, upload.content
        download = client.get(upload.json()["download_url"])
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == JPEG_BYTES
        bad = client.post(
            f"/api/v1/checks/findings/{fid}/evidence", {"file": photo("x.jpg", EXE_BYTES)}
        )
        assert (bad.status_code, bad.json()["code"]) == (400, "upload_type_not_allowed")
        notified = boss.post(f"/checks/findings/{fid}/notify").json()
        assert (notified["status"], notified["due_on"]) == ("notified", "2026-10-20")
        assert notified["light"] == "normal"
        unit = api("depthead")
        assert [f["id"] for f in unit.get("/checks/findings").json()] == [fid]
        seen = unit.get(f"/checks/findings/{fid}/evidence/{upload.json()['id']}")
        assert seen.status_code == 200
        assert b"".join(seen.streaming_content) == JPEG_BYTES
        reported = unit.post(f"/checks/findings/{fid}/rectification", {"report": "已批评教育"})
        assert reported.json()["status"] == "submitted"
        boss = api("supervisor")
        verified = boss.post(f"/checks/findings/{fid}/verify", {"note": "属实"}).json()
        assert (verified["status"], verified["on_time"]) == ("verified", True)


def test_bad_input_answers_with_stable_codes(world: World, api: Any) -> None:
    boss = api("supervisor")
    bad = boss.post(
        "/checks/plans",
        {
            "title": "x",
            "period_start": "2026-10-02",
            "period_end": "2026-10-01",
            "focus": "y",
            "department_ids": [world.gongshang.pk],
        },
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"code", "message", "detail"}
    assert bad.json()["code"] == "check_period_invalid"
    kind = boss.post(
        f"/checks/plans/{world.plan.pk}/findings",
        {
            "department_id": world.gongshang.pk,
            "kind": "napping",
            "observed_at": "2026-09-29T10:00:00+08:00",
            "place": "x",
            "description": "y",
        },
    )
    assert (kind.status_code, kind.json()["code"]) == (400, "check_kind_invalid")
    missing = boss.get("/checks/findings/987654")
    assert (missing.status_code, missing.json()["code"]) == (404, "check_finding_not_found")
    unit = api("depthead")
    denied = unit.post("/checks/plans", {})
    assert denied.status_code in (400, 422)  # the body is checked before the permission
    plan = unit.post(f"/checks/plans/{world.plan.pk}/approve")
    assert (plan.status_code, plan.json()["code"]) == (403, "permission_denied")


def test_overdue_findings_are_listed_for_the_bureau(world: World, record: Any, api: Any) -> None:
    finding = record()
    with travel_to(NOTICE_DAY):
        api("supervisor").post(f"/checks/findings/{finding.pk}/notify")
    with travel_to(NOTICE_DAY.replace(month=10, day=21)):
        rows = api("supervisor").get("/checks/findings?state=overdue").json()
        assert [(r["id"], r["light"], r["light_text"]) for r in rows] == [
            (finding.pk, "overdue", "超期 1 个工作日")
        ]


def test_the_public_sees_published_findings_only(world: World, record: Any, client: Client) -> None:
    boss = world.users["supervisor"]
    from xiaoneng.checks import actions

    kept, told, shown = record(), record(kind="attitude"), record(kind="bribery")
    with travel_to(NOTICE_DAY):
        actions.notify_finding(actor=boss, finding_id=told.pk)
        actions.notify_finding(actor=boss, finding_id=shown.pk)
        actions.publish_finding(actor=boss, finding_id=shown.pk, summary="窗口索要好处费")
        rows = client.get("/api/v1/checks/exposures").json()
        page = client.get("/checks/exposures/")
    assert [r["number"] for r in rows] == [shown.number]
    assert rows[0] == {
        "number": shown.number,
        "department": "张掖市工商行政管理局",
        "observed_on": "2026-09-29",
        "kind": "吃拿卡要",
        "summary": "窗口索要好处费",
        "published_on": "2026-09-30",
        "status": "整改中",
    }
    html = page.content.decode()
    assert page.status_code == 200
    assert "窗口索要好处费" in html
    assert "张掖市工商行政管理局" in html
    for hidden in (kept.number, told.number, STAFF_NAME, "马晓梅", world.plan.title):
        assert hidden not in html
        assert hidden not in str(rows)
