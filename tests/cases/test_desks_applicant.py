"""The applicant's pages: apply online with the full material list, see the
query code once, follow the case, withdraw; nobody else's case is visible."""

from __future__ import annotations

from typing import Any

import pytest
from test_desks_support import RECEIVED_ON, html, switch

from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.cases.selectors import case_by_query_code
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Role, User

pytestmark = pytest.mark.django_db


def _apply(client: Any, code: str) -> Any:
    form = client.get(f"/cases/apply/{code}/")
    assert form.status_code == 200
    data = {
        "form_token": form.context["form_token"],
        "applicant_name": "张掖市祁连绿源农业科技有限公司",
        "applicant_phone": "0936-8210000",
        "summary": "新设外商投资企业",
    }
    with travel_to(RECEIVED_ON):
        return client.post(f"/cases/apply/{code}/", data), data


def test_the_item_page_shows_the_full_material_list(
    client: Any, login: Any, promise_item: ApprovalItem
) -> None:
    login("applicant")
    listing = client.get("/cases/apply/", {"q": "外商投资"})
    assert [i.code for i in listing.context["page_obj"]] == [promise_item.code]
    page = html(client.get(f"/cases/apply/{promise_item.code}/"))
    assert "申请材料清单（一次性告知）" in page
    assert "设立登记申请书" in page
    assert "电子材料（可选）" in page
    # The applicant's own name is filled in.
    assert "张掖市祁连绿源农业科技有限公司" in page
    assert client.get("/cases/apply/NO-SUCH-ITEM/").status_code == 404


def test_apply_see_the_code_once_then_withdraw(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    login("applicant")
    response, data = _apply(client, promise_item.code)
    assert response.status_code == 200
    case, code = response.context["case"], response.context["query_code"]
    assert case.applicant_id == users["applicant"].pk
    assert case.status == CaseStatus.RECEIVED
    page = html(response)
    assert code in page
    assert "查询码只显示这一次" in page
    assert "no-store" in response["Cache-Control"]
    assert case_by_query_code(case.tracking_no, code).pk == case.pk
    # A reload re-posts the form: no second application.
    with travel_to(RECEIVED_ON):
        again = client.post(f"/cases/apply/{promise_item.code}/", data)
    assert again.status_code == 302
    assert Case.objects.count() == 1
    # 我的申请 and the case page list it, without the code.
    mine = client.get("/cases/mine/")
    assert [row.case.pk for row in mine.context["rows"]] == [case.pk]
    assert code not in html(mine)
    detail = client.get(f"/cases/mine/{case.pk}/")
    assert detail.status_code == 200
    assert code not in html(detail)
    assert "撤回申请" in html(detail)
    assert "收件" in html(detail)
    with travel_to(RECEIVED_ON.replace(day=11)):
        withdrawn = client.post(
            f"/cases/mine/{case.pk}/withdraw/", {"reason": "材料有误", "version": case.version}
        )
    assert withdrawn.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN
    after = client.get(f"/cases/mine/{case.pk}/")
    assert "申请已撤回" in html(after)
    assert after.context["can_withdraw"] is False
    # Withdrawing twice is refused by the action, shown with its code.
    again = client.post(f"/cases/mine/{case.pk}/withdraw/", {})
    assert again.status_code == 409
    assert "case_closed" in html(again)


def test_another_applicant_gets_404(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    other = org_actions.create_user(
        actor=users["admin"],
        username="applicant2",
        password=DEMO_PASSWORD,
        real_name="甘州区丝路驿站餐饮店",
        roles=[Role.objects.get(code="applicant")],
    )
    login("applicant")
    response, _ = _apply(client, promise_item.code)
    case = response.context["case"]
    switch(client, login, other.username)
    assert client.get(f"/cases/mine/{case.pk}/").status_code == 404
    assert client.post(f"/cases/mine/{case.pk}/withdraw/", {}).status_code == 404
    assert client.get("/cases/mine/").context["rows"] == []
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECEIVED


def test_the_window_sees_an_online_application(
    client: Any, login: Any, promise_item: ApprovalItem
) -> None:
    login("applicant")
    response, _ = _apply(client, promise_item.code)
    case = response.context["case"]
    switch(client, login, "window")
    queue = client.get("/cases/window/")
    assert case.pk in [row.case.pk for row in queue.context["rows"]]
    assert "网上申请" in html(client.get(f"/cases/{case.pk}/"))
