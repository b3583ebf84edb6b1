"""The desks, the public page and the API: the unit's desk shows each
item's light; another unit's item is a 404, a desk without the permission
a 403; the public page and API show published items only, a policy
document with its interpretation, and the art. 7 feeds without personal
data (the applicant's name masked, no phone)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from openinfo_support import publish, register

from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 20)  # 4 working days before the items' due day (26 Oct)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with travel_to(TODAY):
        yield


def test_the_unit_desk_shows_lights(users: dict[str, User], login: Any) -> None:
    head = users["depthead"]
    register(head, title="黄灯信息")
    register(head, title="红灯信息", formed_on=date(2026, 9, 1))
    register(head, title="绿灯信息", formed_on=date(2026, 10, 19))
    register(users["fagai"], title="发改委的信息")
    client = login("depthead")
    page = client.get("/openinfo/").content.decode()
    assert "黄灯信息" in page
    assert "红灯信息" in page
    assert "绿灯信息" in page
    assert "发改委的信息" not in page
    assert 'data-light="warning"' in page
    assert 'data-light="overdue"' in page
    assert 'data-light="normal"' in page
    red = client.get("/openinfo/?light=overdue").content.decode()
    assert "红灯信息" in red
    assert "黄灯信息" not in red


def test_scope_on_the_pages(users: dict[str, User], login: Any) -> None:
    row = register(users["depthead"])
    assert login("fagai").get(f"/openinfo/items/{row.pk}/").status_code == 404
    response = login("fagai").post(f"/openinfo/items/{row.pk}/publish/")
    assert response.status_code == 404
    assert login("supervisor").get("/openinfo/").status_code == 403
    assert login("depthead").get("/openinfo/city/").status_code == 403
    assert login("depthead").get("/openinfo/report/").status_code == 403
    office = login("zhengfuban")
    assert office.get(f"/openinfo/items/{row.pk}/").status_code == 200
    assert office.get("/openinfo/city/").status_code == 200


def test_register_and_publish_through_the_pages(users: dict[str, User], login: Any) -> None:
    client = login("depthead")
    response = client.post(
        "/openinfo/items/new/",
        {
            "category": "policy",
            "title": "张掖市个体工商户登记管理办法",
            "formed_on": "2026-10-19",
            "body": "第一条 为规范个体工商户登记……",
            "document_number": "张工商发〔2026〕3号",
        },
    )
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/openinfo/items/{pk}/").content.decode()
    assert "绿灯" in page
    client.post(f"/openinfo/items/{pk}/publish/")
    assert "已公开" in client.get(f"/openinfo/items/{pk}/").content.decode()


def test_the_public_page_shows_published_items_with_interpretations(
    users: dict[str, User], client: Any
) -> None:
    head = users["depthead"]
    doc = register(head, category="policy", title="张掖市个体工商户登记管理办法")
    note = register(head, category="interpretation", title="《办法》政策解读", interprets_id=doc.pk)
    register(head, title="尚未公开的信息")
    publish(head, doc, TODAY)
    publish(head, note, TODAY)
    page = client.get("/openinfo/public/").content.decode()
    assert "张掖市个体工商户登记管理办法" in page
    assert "《办法》政策解读" in page
    assert "尚未公开的信息" not in page
    item = client.get(f"/openinfo/public/items/{doc.pk}/").content.decode()
    assert "《办法》政策解读" in item
    assert "data-interpretations" in item
    pending = register(head, title="草稿")
    assert client.get(f"/openinfo/public/items/{pending.pk}/").status_code == 404
    entries = client.get("/api/v1/disclosure/proactive/entries").json()
    assert {e["title"] for e in entries} == {"张掖市个体工商户登记管理办法", "《办法》政策解读"}
    (policy,) = [e for e in entries if e["category"] == "policy"]
    assert policy["interpretations"] == [note.pk]
    assert client.get(f"/api/v1/disclosure/proactive/entries/{pending.pk}").status_code == 404


def test_interpretations_have_their_own_list_and_outlive_their_document(
    users: dict[str, User], client: Any, login: Any
) -> None:
    """政策解读 is a category of the public catalogue like any other; when its
    policy document leaves the public site (changed, waiting to be published
    again) the interpretation stays listed, and the API names the document it
    interprets only while that document is published."""
    head = users["depthead"]
    doc = publish(head, register(head, category="policy", title="张掖市某办法"), TODAY)
    note = register(head, category="interpretation", title="《办法》政策解读", interprets_id=doc.pk)
    publish(head, note, TODAY)
    listed = client.get("/openinfo/public/", {"category": "interpretation"}).content.decode()
    assert f'data-public-item="{note.pk}"' in listed
    assert f'data-public-item="{doc.pk}"' not in listed
    entry = client.get(f"/api/v1/disclosure/proactive/entries/{note.pk}").json()
    assert entry["interprets"] == doc.pk
    response = login("depthead").post(
        f"/openinfo/items/{doc.pk}/revise/", {"changed_on": "2026-10-20", "body": "修改后的办法"}
    )
    assert response.status_code == 302
    client.logout()
    page = client.get("/openinfo/public/").content.decode()
    assert f'data-public-item="{note.pk}"' in page
    assert f'data-public-item="{doc.pk}"' not in page
    entry = client.get(f"/api/v1/disclosure/proactive/entries/{note.pk}").json()
    assert entry["interprets"] is None
    item = client.get(f"/openinfo/public/items/{note.pk}/").content.decode()
    assert "的政策解读" not in item
    assert client.get(f"/openinfo/public/items/{doc.pk}/").status_code == 404


def test_revise_through_the_page_and_the_api(users: dict[str, User], login: Any, api: Any) -> None:
    head = users["depthead"]
    row = publish(head, register(head), date(2026, 9, 28))
    desk = login("depthead")
    assert "登记变更" in desk.get(f"/openinfo/items/{row.pk}/").content.decode()
    bad = desk.post(f"/openinfo/items/{row.pk}/revise/", {"changed_on": "²"}, follow=True)
    assert "openinfo_changed_on_invalid" in bad.content.decode()
    assert login("fagai").post(f"/openinfo/items/{row.pk}/revise/").status_code == 404
    assert login("supervisor").post(f"/openinfo/items/{row.pk}/revise/").status_code == 403
    done = api("depthead").post(
        f"/disclosure/proactive/items/{row.pk}/revise", {"changed_on": "2026-10-19"}
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["status"], body["changed_on"], body["due_on"]) == (
        "pending",
        "2026-10-19",
        "2026-11-16",
    )
    assert body["formed_on"] == "2026-09-21"
    page = login("depthead").get(f"/openinfo/items/{row.pk}/").content.decode()
    assert "data-changed-on" in page
    again = api("depthead").post(
        f"/disclosure/proactive/items/{row.pk}/revise", {"changed_on": "2026-10-20"}
    )
    assert again.status_code == 400
    assert again.json()["code"] == "openinfo_revise_invalid"
    other = api("fagai").post(
        f"/disclosure/proactive/items/{row.pk}/revise", {"changed_on": "2026-10-20"}
    )
    assert other.status_code == 404


def test_the_feeds_show_no_personal_data(
    users: dict[str, User], client: Any, promise_item: ApprovalItem
) -> None:
    with travel_to(date(2026, 10, 12)):
        case, _ = case_actions.submit_application(
            actor=users["window"],
            item_code=promise_item.code,
            applicant_name="张三丰",
            applicant_phone="13912345678",
        )
    Case.objects.filter(pk=case.pk).update(decision="approved", decided_on=date(2026, 10, 16))
    page = client.get("/openinfo/public/").content.decode()
    assert case.tracking_no in page
    assert "张*丰" in page
    assert "张三丰" not in page
    assert "13912345678" not in page
    assert promise_item.name in page  # the approval item with its basis and limits


def test_the_api_for_units_is_scoped_and_writes_through_the_actions(
    users: dict[str, User], api: Any
) -> None:
    mine = api("depthead")
    created = mine.post(
        "/disclosure/proactive/items",
        {"category": "plans", "title": "工作要点", "body": "内容", "formed_on": "2026-10-19"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["light"] == "normal"
    assert body["status"] == "pending"
    other = api("fagai")
    assert other.get(f"/disclosure/proactive/items/{body['id']}").status_code == 404
    assert other.get("/disclosure/proactive/items").json() == []
    refused = other.post(f"/disclosure/proactive/items/{body['id']}/publish")
    assert refused.status_code == 404
    assert refused.json()["code"] == "openinfo_item_not_found"
    mine = api("depthead")
    done = mine.post(f"/disclosure/proactive/items/{body['id']}/publish")
    assert done.json()["status"] == "published"
    assert api("supervisor").get("/disclosure/proactive/items").json() == []


def test_the_published_major_decisions_are_a_feed(users: dict[str, User], client: Any) -> None:
    from xiaoneng.decisions.models import Decision

    common = {
        "year": 2026,
        "sponsor": users["fagai"].department,
        "legal_basis": "《价格法》第二十三条",
    }
    shown = Decision.objects.create(
        title="城区居民生活用水价格调整",
        category="policy",
        stage="published",
        published_on=date(2026, 10, 15),
        **common,
    )
    Decision.objects.create(
        title="尚在公众参与的决策", category="planning", stage="consulting", **common
    )
    page = client.get("/openinfo/public/").content.decode()
    assert "城区居民生活用水价格调整" in page
    assert f"/decisions/public/{shown.pk}/" in page
    assert "尚在公众参与的决策" not in page


def test_the_city_overview_counts_every_unit_and_lists_the_late(
    users: dict[str, User], login: Any
) -> None:
    head, fagai = users["depthead"], users["fagai"]
    register(head, title="工商局逾期未公开", formed_on=date(2026, 9, 1))
    register(head, title="工商局待公开")
    late = register(fagai, title="发改委超期公开", formed_on=date(2026, 8, 3))
    publish(fagai, late, TODAY)
    page = login("zhengfuban").get("/openinfo/city/").content.decode()
    assert "工商局逾期未公开" in page
    assert "发改委超期公开" in page
    assert "工商局待公开" not in page.split("data-late")[1]
    units = page.split("data-units")[1].split("</table>")[0]
    gs = units.split(f'data-department="{head.department_id}"')[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in gs.split("</td>")[1:5]] == ["2", "1", "0", "0"]
    fg = units.split(f'data-department="{fagai.department_id}"')[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in fg.split("</td>")[1:5]] == ["0", "0", "1", "1"]


def test_the_office_registers_and_decides_a_review_on_its_page(
    users: dict[str, User], login: Any
) -> None:
    from xiaoneng.openinfo.models import ReviewRecord

    office = login("zhengfuban")
    office.post(
        "/openinfo/reviews/",
        {
            "number": "张政复〔2026〕3号",
            "kind": "reconsideration",
            "department_id": str(users["depthead"].department_id),
            "subject": "不服政府信息公开答复",
            "filed_on": "2026-10-12",
        },
    )
    row = ReviewRecord.objects.get()
    assert (row.result, row.filed_on) == ("pending", date(2026, 10, 12))
    office.post(f"/openinfo/reviews/{row.pk}/decide/", {"result": "corrected"})
    row.refresh_from_db()
    assert (row.result, row.decided_on) == ("corrected", TODAY)
    assert login("depthead").get("/openinfo/reviews/").status_code == 403
    assert "张政复〔2026〕3号" in login("zhengfuban").get("/openinfo/reviews/").content.decode()
