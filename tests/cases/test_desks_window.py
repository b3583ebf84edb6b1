"""窗口工作台 · 收件受理: the queue, intake with the materials checklist, the
one-time notice, instant items, the query code shown once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_desks_support import INSTANT, RECEIVED_ON, accept, html, receive

from xiaoneng.cases.models import Case, CaseEvent, CaseStatus
from xiaoneng.cases.selectors import case_by_query_code
from xiaoneng.catalog.models import ApprovalItem, ItemMaterial
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

INTAKE = "/cases/window/intake/"


def _open_form(client: Any, code: str) -> dict[str, Any]:
    """The intake form of an item: its one-time token and its materials."""
    response = client.get(f"{INTAKE}?item={code}")
    assert response.status_code == 200
    return {
        "item": code,
        "form_token": response.context["form_token"],
        "applicant_name": "张掖市祁连绿源农业科技有限公司",
        "applicant_phone": "0936-8210000",
        "summary": "新设企业",
    }


def _ticks(code: str, *, skip: str = "") -> dict[str, str]:
    materials = ItemMaterial.objects.filter(item__code=code)
    return {f"m{m.pk}": "on" for m in materials if m.name != skip}


def test_the_item_list_offers_only_the_bureaus_published_items(
    client: Any, login: Any, catalog: None
) -> None:
    login("window")
    response = client.get(INTAKE)
    items = list(response.context["page_obj"])
    assert items
    assert {i.department.code for i in items} == {"620700005"}
    assert len(items) <= 10
    assert "企业名称预先核准" in html(response)


def test_all_materials_ticked_accepts(client: Any, login: Any, promise_item: ApprovalItem) -> None:
    login("window")
    with travel_to(RECEIVED_ON):
        data = _open_form(client, promise_item.code)
        response = client.post(INTAKE, {**data, **_ticks(promise_item.code)})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.kind == "accepted"
    case = outcome.case
    assert case.status == CaseStatus.ACCEPTED
    assert case.accepted_on == RECEIVED_ON
    page = html(response)
    assert "已受理" in page
    assert "2026年2月10日" in page
    # 10 working days after Tue 10 Feb across the Spring Festival (off 15–23
    # Feb, make-up Sat 14 and 28 Feb): 11, 12, 13, 14, 24, 25, 26, 27, 28 Feb, 2 Mar.
    assert "2026年3月2日" in page
    # The query code, once, with the note to hand it over; it opens the case.
    assert outcome.query_code in page
    assert "请将办件编号和查询码交给申请人" in page
    assert "no-store" in response["Cache-Control"]
    assert case_by_query_code(case.tracking_no, outcome.query_code).pk == case.pk
    for later in (f"/cases/{case.pk}/", "/cases/window/"):
        assert outcome.query_code not in html(client.get(later))


def test_a_required_material_missing_issues_the_notice_listing_it(
    client: Any, login: Any, catalog: None
) -> None:
    login("window")
    missing = "企业名称预先核准申请书"
    with travel_to(RECEIVED_ON):
        data = {**_open_form(client, INSTANT), **_ticks(INSTANT, skip=missing)}
        data["defects"] = "投资人证明未签字\n"
        offered = client.post(INTAKE, data)
        # First the offer: nothing is written before the one notice is spent.
        assert offered.status_code == 200
        assert offered.context["offer"] == [missing, "投资人证明未签字"]
        assert "确认收件并出具一次性告知书" in html(offered)
        assert not Case.objects.exists()
        response = client.post(INTAKE, {**data, "confirm_notice": "1"})
    outcome = response.context["outcome"]
    assert outcome.kind == "notice"
    assert outcome.case.status == CaseStatus.SUPPLEMENTING
    notice = CaseEvent.objects.get(case=outcome.case, kind="supplement_notice")
    assert notice.payload["missing"] == [missing, "投资人证明未签字"]
    page = html(response)
    assert "已出具一次性告知书" in page
    assert missing in page
    assert outcome.query_code in page


def test_an_instant_item_finishes_at_the_window(client: Any, login: Any, catalog: None) -> None:
    login("window")
    with travel_to(RECEIVED_ON):
        data = _open_form(client, INSTANT)
        response = client.post(INTAKE, {**data, **_ticks(INSTANT)})
    outcome = response.context["outcome"]
    assert outcome.kind == "instant"
    assert outcome.case.status == CaseStatus.DELIVERED
    assert outcome.case.delivered_on == RECEIVED_ON
    assert "即办件，当场办结" in html(response)


def test_a_reload_does_not_receive_twice(
    client: Any, login: Any, promise_item: ApprovalItem
) -> None:
    login("window")
    with travel_to(RECEIVED_ON):
        data = {**_open_form(client, promise_item.code), **_ticks(promise_item.code)}
        assert client.post(INTAKE, data).status_code == 200
        again = client.post(INTAKE, data)
    assert again.status_code == 302
    assert again["Location"] == "/cases/window/"
    assert Case.objects.count() == 1


def test_the_applicant_is_required(client: Any, login: Any, promise_item: ApprovalItem) -> None:
    login("window")
    data = {**_open_form(client, promise_item.code), "applicant_name": " "}
    response = client.post(INTAKE, data)
    assert response.status_code == 200
    assert response.context["form"].errors["applicant_name"]
    assert not Case.objects.exists()


def test_the_queue_lists_open_cases_with_their_light(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    late = accept(users, promise_item.code)  # decision due 2 Mar 2026
    fresh = receive(users, promise_item.code, date(2026, 3, 2))  # notice due 9 Mar
    login("window")
    with travel_to(date(2026, 2, 27)):
        response = client.get("/cases/window/")
    rows = {row.case.pk: row for row in response.context["rows"]}
    # Fri 27 Feb: 28 Feb (make-up Saturday) and 2 Mar are left.
    assert rows[late.pk].light.label == "绿灯"
    assert rows[late.pk].light.text == "剩余 2 个工作日"
    with travel_to(date(2026, 3, 2)):
        response = client.get("/cases/window/")
    rows = {row.case.pk: row for row in response.context["rows"]}
    assert rows[late.pk].light.label == "黄灯"
    assert rows[late.pk].light.text == "今日到期"
    assert rows[fresh.pk].light.label == "绿灯"
    assert rows[fresh.pk].light.text == "剩余 5 个工作日"
    # Most urgent first.
    assert [row.case.pk for row in response.context["rows"]] == [late.pk, fresh.pk]
    with travel_to(date(2026, 3, 5)):
        response = client.get("/cases/window/")
    rows = {row.case.pk: row for row in response.context["rows"]}
    assert rows[late.pk].light.label == "红灯"
    assert rows[late.pk].light.text == "超期 3 个工作日"
    assert "红灯" in html(response)
    # Search by tracking number and filter by status.
    found = client.get("/cases/window/", {"q": late.tracking_no})
    assert [row.case.pk for row in found.context["rows"]] == [late.pk]
    received = client.get("/cases/window/", {"status": "received"})
    assert [row.case.pk for row in received.context["rows"]] == [fresh.pk]


def test_the_queue_pages_by_ten(
    client: Any,
    login: Any,
    users: dict[str, User],
    promise_item: ApprovalItem,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(12):
        receive(users, promise_item.code)
    login("window")
    with django_assert_max_num_queries(16):  # not one per row
        first = client.get("/cases/window/")
    assert len(first.context["rows"]) == 10
    second = client.get("/cases/window/", {"page": 2})
    assert len(second.context["rows"]) == 2
    assert "共 12 条" in html(second)
