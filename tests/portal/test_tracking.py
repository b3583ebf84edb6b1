"""办件查询: tracking number + query code; the same answer for an unknown
number and a wrong code; staff public, the applicant masked, no phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from portal_world import COMPANY, JOINT, ON

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return response.content.decode("utf-8")


def test_form_alone(client: Client) -> None:
    response = client.get("/track/")
    assert response.status_code == 200
    html = _text(response)
    assert 'name="no"' in html
    assert 'name="code"' in html
    assert 'role="alert"' not in html


def test_a_decided_case_shows_steps_staff_and_masked_applicant(
    client: Client, decided: tuple[Case, str], users: dict[str, User]
) -> None:
    case, code = decided
    with travel_to(ON):
        response = client.post("/track/", {"no": case.tracking_no, "code": code})
    assert response.status_code == 200
    html = _text(response)
    assert "企业名称预先核准" in html
    assert "已送达（办结）" in html
    assert "张掖市祁连****有限公司" in html
    assert COMPANY not in html
    assert "13909361234" not in html
    for step in ("收件", "受理", "作出决定", "送达"):
        assert f"<strong>{step}</strong>" in html
    staff = users["window"].display_name
    assert f"承办人员 {staff}" in html
    assert "2026年3月2日" in html
    assert "准予许可" in html
    assert "按期办结" in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_time_left_of_a_running_case(client: Client, users: dict[str, User], catalog: None) -> None:
    with travel_to(ON):
        case, code = actions.submit_application(
            actor=users["window"], item_code=JOINT, applicant_name="张三丰"
        )
        actions.accept_case(actor=users["window"], case_id=case.pk)
        html = _text(client.post("/track/", {"no": case.tracking_no, "code": code}))
    assert "张*丰" in html
    assert "张三丰" not in html
    assert "剩余 5 个工作日" in html
    assert "绿灯" in html


def test_wrong_code_and_unknown_number_answer_alike(
    client: Client, received: tuple[Case, str]
) -> None:
    case, code = received
    wrong = _text(client.post("/track/", {"no": case.tracking_no, "code": "000000"}))
    unknown = _text(client.post("/track/", {"no": "2099010199999999", "code": code}))
    assert "办件编号或查询码不正确" in wrong
    assert "办件编号或查询码不正确" in unknown
    assert case.item.name not in wrong.split("<main", 1)[1]

    def body(html: str) -> str:
        return html.split("<main", 1)[1].split("</main>", 1)[0].replace(case.tracking_no, "N")

    assert body(wrong) == body(unknown.replace("2099010199999999", "N"))


def test_missing_field_asks_for_both(client: Client, db: None) -> None:
    html = _text(client.post("/track/", {"no": "123", "code": ""}))
    assert "请填写办件编号和查询码" in html


def test_the_applicants_own_steps_name_no_one(
    client: Client, users: dict[str, User], catalog: None
) -> None:
    with travel_to(ON):
        case, code = actions.submit_application(
            actor=users["applicant"], item_code=JOINT, applicant_name="张三丰"
        )
        html = _text(client.post("/track/", {"no": case.tracking_no, "code": code}))
    assert "承办：申请人" in html
    assert users["applicant"].display_name not in html


def test_the_decided_case_offers_its_documents(client: Client, decided: tuple[Case, str]) -> None:
    case, code = decided
    html = _text(client.post("/track/", {"no": case.tracking_no, "code": code}))
    assert f"/track/cases/{case.pk}/documents/acceptance.pdf" in html
    assert f"/documents/cases/{case.pk}/" not in html


def test_the_kept_page_follows_the_case(
    client: Client, users: dict[str, User], received: tuple[Case, str]
) -> None:
    case, code = received
    with travel_to(ON):
        first = _text(client.post("/track/", {"no": case.tracking_no, "code": code}))
        assert "已收件" in first
        assert _text(client.post("/track/", {"no": case.tracking_no, "code": code})) == first
        actions.accept_case(actor=users["window"], case_id=case.pk)  # instant: finished
        after = _text(client.post("/track/", {"no": case.tracking_no, "code": code}))
    assert "已送达（办结）" in after


def test_a_signed_in_visitor_gets_a_page_of_their_own(
    client: Client, login: Any, decided: tuple[Case, str], users: dict[str, User]
) -> None:
    case, code = decided
    client.post("/track/", {"no": case.tracking_no, "code": code})  # kept for the anonymous
    login("applicant")
    html = _text(client.post("/track/", {"no": case.tracking_no, "code": code}))
    assert "进入工作台" in html
    assert "张掖市祁连****有限公司" in html
