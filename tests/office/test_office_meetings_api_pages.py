"""The meetings API (/api/v1/meetings) and desks: the whole path through
the API with coded errors, scoped lists and details (another unit: 404),
the pages (desk, detail, queue, QR sheet, phone sign-in, stats and .xlsx)."""

from __future__ import annotations

from typing import Any

import pytest
from office_meetings_support import APPLY_DAY, BEFORE_DAY, FAGAI, GONGSHANG, MEETING_DAY, unit

from xiaoneng.core.timesource import travel_to
from xiaoneng.office.models.meetings import Invitation, Meeting

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "government",
    "title": "全市优化营商环境推进会",
    "starts_at": "2026-03-10T09:00:00+08:00",
    "ends_at": "2026-03-10T11:00:00+08:00",
    "place": "市政府第一会议室",
    "agenda": "部署优化营商环境工作",
}


def _body() -> dict[str, Any]:
    return {
        **BODY,
        "host_id": unit(GONGSHANG).pk,
        "invitations": [
            {"unit_id": unit(GONGSHANG).pk, "level": "principal"},
            {"unit_id": unit(FAGAI).pk, "level": "principal"},
        ],
    }


def test_api_whole_path_with_a_flagged_substitute(office_world: Any, api: Any) -> None:
    with travel_to(APPLY_DAY):
        gov = api("zhengfuban")
        made = gov.post("/meetings", _body())
        assert made.status_code == 201, made.content
        mid = made.json()["id"]
        assert made.json()["status"] == "reviewing"
        early = gov.post(f"/meetings/{mid}/notify")
        assert early.status_code == 409
        assert early.json()["code"] == "office_meeting_not_approved"
        assert (
            api("leader").post(f"/meetings/{mid}/review", {"approve": True}).json()["status"]
            == "approving"
        )
        assert (
            api("mayor").post(f"/meetings/{mid}/approve", {"approve": True}).json()["status"]
            == "approved"
        )
        assert api("zhengfuban").post(f"/meetings/{mid}/notify").json()["status"] == "notified"
    inv = Invitation.objects.get(meeting_id=mid, unit__code=GONGSHANG)
    with travel_to(BEFORE_DAY):
        ok = api("office").post(
            f"/meetings/invitations/{inv.pk}/confirm",
            {"attendee_level": "deputy", "attendee_name": "李明", "attendee_title": "副局长"},
        )
        assert ok.status_code == 200, ok.content
        assert ok.json()["substitute"] is True
        other = api("fagai").post(
            f"/meetings/invitations/{inv.pk}/confirm",
            {"attendee_level": "deputy", "attendee_name": "某"},
        )
        assert other.status_code == 404
    with travel_to(MEETING_DAY):
        bad = api("zhengfuban").post(f"/meetings/{mid}/sign", {"token": "nope-nope-nope-nope"})
        assert bad.status_code == 404
        assert bad.json()["code"] == "office_meeting_sign_token_invalid"
        signed = api("zhengfuban").post(f"/meetings/{mid}/sign", {"token": inv.sign_token})
        assert signed.status_code == 200, signed.content
        assert signed.json()["violation"] == "未经请假派人代会"
    with travel_to(date_after()):
        held = api("zhengfuban").post(f"/meetings/{mid}/held")
        assert held.json()["status"] == "held"
        stats = api("supervisor").get("/meetings/stats?year=2026").json()
        assert {u["name"]: u["substitute_without_leave"] for u in stats["units"]}[
            "张掖市工商行政管理局"
        ] == 1


def date_after() -> Any:
    from office_meetings_support import AFTER_DAY

    return AFTER_DAY


def test_api_errors_and_scope(office_world: Any, api: Any) -> None:
    with travel_to(APPLY_DAY):
        office = api("office")
        refused = office.post(
            "/meetings",
            {**_body(), "kind": "department", "invites_city_leaders": True, "host_id": None},
        )
        assert refused.status_code == 400
        assert refused.json()["code"] == "office_meeting_city_leaders"
        assert set(refused.json()) >= {"code", "message", "detail"}
        assert office.post("/meetings", {**_body(), "starts_at": "soon"}).status_code in (400, 422)
        assert office.post("/meetings", {**_body(), "kind": "x", "host_id": None}).json()[
            "code"
        ] == ("office_meeting_kind_invalid")
        mine = office.post("/meetings", {**_body(), "kind": "department", "host_id": None})
        assert mine.status_code == 201
        mid = mine.json()["id"]
        assert office.get("/meetings/999999").status_code == 404
        # 民乐县 is neither host nor invited: not there
        assert api("minle").get(f"/meetings/{mid}").status_code == 404
        assert api("minle").get("/meetings").json() == []
        # 市发改委 is invited: sees the meeting and its own invitation only
        seen = api("fagai").get(f"/meetings/{mid}").json()
        assert [i["unit"] for i in seen["invitations"]] == ["张掖市发展和改革委员会"]
        assert api("fagai").post(f"/meetings/{mid}/notify").status_code == 404
        rejected = api("leader").post(f"/meetings/{mid}/reject", {"approve": False})
        assert rejected.status_code == 409


def test_pages(office_world: Any, login: Any) -> None:
    with travel_to(APPLY_DAY):
        client = login("office")
        desk = client.get("/office/meetings/")
        assert desk.status_code == 200
        assert "申请召开会议" in desk.content.decode()
        posted = client.post(
            "/office/meetings/",
            {
                "kind": "department",
                "title": "全市工商系统年度工作会议",
                "host_id": unit(GONGSHANG).pk,
                "starts_at": "2026-03-10T09:00",
                "ends_at": "2026-03-10T11:00",
                "place": "市工商局三楼会议室",
                "agenda": "总结部署",
                "invite": [str(unit(FAGAI).pk)],
                f"level_{unit(FAGAI).pk}": "principal",
                "invites_city_leaders": "1",
            },
        )
        assert posted.status_code == 400
        assert "office_meeting_city_leaders" in posted.content.decode()
        assert not Meeting.objects.exists()
        data = {
            "kind": "department",
            "title": "全市工商系统年度工作会议",
            "starts_at": "2026-03-10T09:00",
            "ends_at": "2026-03-10T11:00",
            "place": "市工商局三楼会议室",
            "agenda": "总结部署",
            "invite": [str(unit(FAGAI).pk)],
            f"level_{unit(FAGAI).pk}": "principal",
        }
        made = client.post("/office/meetings/", data)
        assert made.status_code == 302
        m = Meeting.objects.get()
        page = client.get(f"/office/meetings/{m.pk}/")
        assert "发出会议通知" in page.content.decode()
        client.post(f"/office/meetings/{m.pk}/step/notify/")
        m.refresh_from_db()
        assert m.status == "notified"
        qr = client.get(f"/office/meetings/{m.pk}/qr/")
        inv = Invitation.objects.get(meeting=m)
        assert qr.status_code == 200
        assert "<svg" in qr.content.decode()
        assert client.get(f"/office/meetings/{m.pk}/signin/").status_code == 200
        phone = client.get(f"/office/meetings/sign/{inv.sign_token}/")
        assert phone.status_code == 200
        assert "实到人员姓名" in phone.content.decode()
        assert client.get("/office/meetings/sign/not-a-real-token-at-all/").status_code == 404
        client.post(
            f"/office/meetings/sign/{inv.sign_token}/",
            {"attendee_name": "王科长", "attendee_level": "section"},
        )
        inv.refresh_from_db()
        assert inv.violation == "未经请假派人代会"
        stats = client.get("/office/meetings/stats/?year=2026")
        assert stats.status_code == 200
        xlsx = client.get("/office/meetings/stats/?year=2026&format=xlsx")
        assert xlsx.content[:2] == b"PK"
        client.logout()
        minle = login("minle")
        assert minle.get(f"/office/meetings/{m.pk}/").status_code == 404
        assert minle.get(f"/office/meetings/{m.pk}/qr/").status_code == 404
        client.logout()
        leader = login("leader")
        assert leader.get("/office/meetings/approve/").status_code == 200
