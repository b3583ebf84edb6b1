"""The documents API (/api/v1/documents) and desks (/office/documents/):
the same rules with coded errors, the scope (another unit's user gets 404),
the pages' content, the stats and its .xlsx, and the issued document's PDF
(GB/T 9704, byte-identical when generated again, its number in the text)."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

import pytest
from office_dispatches_support import DAY, FAGAI, MINLE, dept, draft, issued, through
from openpyxl import load_workbook

from xiaoneng.core.timesource import travel_to
from xiaoneng.office.dispatch_pdf import dispatch_pdf
from xiaoneng.office.models import Dispatch
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def body(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "notice",
        "title": "关于开展市场主体年报工作的通知",
        "body": "请各县区按时完成年报公示工作。",
        "recipient_ids": [dept(MINLE).pk],
        "copy_ids": [dept(FAGAI).pk],
    }
    data.update(extra)
    return data


def test_the_api_walks_a_document_to_the_counties(office_world: dict[str, User], api: Any) -> None:
    with travel_to(DAY):
        office = api("office")
        made = office.post("/documents", body())
        assert made.status_code == 201, made.content
        did = made.json()["id"]
        assert made.json()["to_counties"] is True
        assert made.json()["steps"] == ["edit", "submit", "withdraw"]
        assert office.post(f"/documents/{did}/submit", {}).json()["status"] == "reviewing"
        refused = office.post(f"/documents/{did}/review", {})
        assert (refused.status_code, refused.json()["code"]) == (403, "office_dispatch_four_eyes")
        head = api("depthead")
        assert head.post(f"/documents/{did}/review", {"note": "可"}).json()["status"] == "signing"
        assert head.post(f"/documents/{did}/sign", {}).json()["status"] == "leader"
        early = api("office").post(f"/documents/{did}/issue")
        assert (early.status_code, early.json()["code"]) == (409, "office_dispatch_wrong_status")
        nope = api("depthead").post(f"/documents/{did}/approve", {})
        assert nope.status_code == 403
        leader = api("leader")
        assert leader.post(f"/documents/{did}/approve", {}).json()["status"] == "approved"
        done = api("office").post(f"/documents/{did}/issue")
        assert done.status_code == 200, done.content
        assert done.json()["number"] == "张工商发〔2026〕1号"
        steps = [o["step"] for o in done.json()["opinions"]]
        assert steps == ["submit", "review", "sign", "leader", "issue"]
        pdf = api("office").get(f"/documents/{did}/pdf")
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"kind": "memo"}, 400, "office_dispatch_kind_invalid"),
        ({"title": ""}, 400, "office_dispatch_title_required"),
        ({"recipient_ids": []}, 400, "office_dispatch_recipients_required"),
        ({"recipient_ids": [987654]}, 400, "office_dispatch_recipient_invalid"),
        ({"series": "〔2026〕"}, 400, "office_dispatch_series_invalid"),
        ({"issuer_id": 987654}, 400, "office_dispatch_issuer_invalid"),
    ],
)
def test_bad_input_through_the_api(
    office_world: dict[str, User], api: Any, fields: dict[str, Any], status: int, code: str
) -> None:
    answer = api("office").post("/documents", body(**fields))
    assert answer.status_code == status
    assert answer.json()["code"] == code
    assert set(answer.json()) == {"code", "message", "detail"}


def test_the_api_is_scoped(office_world: dict[str, User], api: Any) -> None:
    row = draft(office_world)
    other = api("fagai")
    assert other.get(f"/documents/{row.pk}").json()["code"] == "office_dispatch_not_found"
    assert other.post(f"/documents/{row.pk}/sign", {}).status_code == 404
    assert other.get("/documents").json() == []
    assert [d["id"] for d in api("office").get("/documents").json()] == [row.pk]
    assert api("office").get(f"/documents/{row.pk}/pdf").json()["code"] == (
        "office_dispatch_not_issued"
    )
    assert api("office").get("/documents/stats").status_code == 403
    bad = api("zhengfuban").get("/documents/stats?year=abc")
    assert (bad.status_code, bad.json()["code"]) == (400, "office_dispatch_year_invalid")


def test_the_stats_rank_fewest_and_shortest_first(office_world: dict[str, User], api: Any) -> None:
    u = office_world
    issued(u, body="短" * 10)
    issued(u, body="长" * 30)
    answer = api("zhengfuban").get("/documents/stats?year=2026")
    assert answer.status_code == 200
    units = answer.json()["units"]
    assert [(x["name"], x["issued"], x["average_length"]) for x in units] == [
        ("张掖市工商行政管理局", 2, 20)
    ]
    assert api("supervisor").get("/documents/stats?year=2026").json()["units"] == units


def test_the_desks(office_world: dict[str, User], login: Any, client: Any) -> None:
    u = office_world
    row = through(u, draft(u, to=(MINLE,), body="字" * 6000), "submit", "review", "sign")
    login("office")
    page = client.get("/office/documents/")
    assert page.status_code == 200
    assert "关于做好市场主体年报工作的通知" in page.content.decode()
    assert (
        client.get("/office/documents/?q=年报&status=leader")
        .content.decode()
        .count("data-dispatch=")
        == 1
    )
    detail = client.get(f"/office/documents/{row.pk}/").content.decode()
    assert "待市分管领导审批" in detail
    assert "data-too-long" in detail
    assert 'data-step="approve"' not in detail
    assert client.get("/office/documents/new/").status_code == 200
    wrong = client.post(
        "/office/documents/new/",
        {"kind": "notice", "title": "", "body": "x", "recipients": [dept(FAGAI).pk]},
    )
    assert wrong.status_code == 400
    assert "office_dispatch_title_required" in wrong.content.decode()
    client.logout()
    login("leader")
    queue = client.get("/office/documents/leader/").content.decode()
    assert f'data-dispatch="{row.pk}"' in queue
    assert 'data-step="approve"' in client.get(f"/office/documents/{row.pk}/").content.decode()
    with travel_to(DAY):
        client.post(f"/office/documents/{row.pk}/approve/")
    assert Dispatch.objects.get(pk=row.pk).status == "approved"
    client.logout()
    login("fagai")
    assert client.get(f"/office/documents/{row.pk}/").status_code == 404
    assert client.get("/office/documents/stats/").status_code == 403


def test_the_stats_page_and_its_sheet(
    office_world: dict[str, User], login: Any, client: Any
) -> None:
    issued(office_world)
    login("zhengfuban")
    page = client.get("/office/documents/stats/?year=2026")
    assert page.status_code == 200
    assert "张掖市工商行政管理局" in page.content.decode()
    sheet = client.get("/office/documents/stats/?year=2026&format=xlsx")
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    assert rows[0][:3] == ("排名", "发文单位", "印发件数")
    assert rows[1][1:3] == ("张掖市工商行政管理局", 1)


def test_the_pdf_is_after_gbt9704_and_the_same_every_time(
    office_world: dict[str, User], login: Any, client: Any
) -> None:
    u = office_world
    row = through(
        u, draft(u, to=(MINLE,), copies=(FAGAI,)), "submit", "review", "sign", "approve", "issue"
    )
    first = dispatch_pdf(row)
    assert first.startswith(b"%PDF")
    assert dispatch_pdf(Dispatch.objects.get(pk=row.pk)) == first
    login("office")
    page = client.get(f"/office/documents/{row.pk}/pdf")
    assert page.status_code == 200
    assert page.content == first
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own bytes
        [tool, "-", "-"], input=first, capture_output=True, check=True
    ).stdout.decode()
    flat = "".join(text.split())
    for expected in (
        "张掖市工商行政管理局文件",
        "张工商发〔2026〕1号",
        "关于做好市场主体年报工作的通知",
        "民乐县人民政府",
        "抄送：张掖市发展和改革委员会。",
        "张掖市工商行政管理局办公室",
        "2026年3月10日印发",
    ):
        assert expected in flat, expected
