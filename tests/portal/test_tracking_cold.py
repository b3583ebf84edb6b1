"""A cold look-up (a case no one has looked up here today): the statements it
costs, pinned so that they cannot creep back, and the page set into the
day's frame is the very page rendered whole."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from portal_world import COMPANY, JOINT, ON

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.fees.actions.charges import record_charge
from xiaoneng.org.models import User
from xiaoneng.portal.views import tracking

pytestmark = pytest.mark.django_db


@pytest.fixture
def lifted(set_limit: Any) -> None:
    """The look-up's own statements: without the rate limit's count."""
    set_limit("portal.track_per_minute", 0)


def _accepted(window: User, item_code: str) -> tuple[Case, str]:
    case, code = actions.submit_application(
        actor=window, item_code=item_code, applicant_name=COMPANY
    )
    actions.accept_case(actor=window, case_id=case.pk)
    return case, code


def _look_up(client: Client, case: Case, code: str) -> None:
    assert client.post("/track/", {"no": case.tracking_no, "code": code}).status_code == 200


def test_a_cold_look_up_reads_the_case_and_its_steps_in_two_statements(
    client: Client,
    users: dict[str, User],
    catalog: None,
    lifted: None,
    django_assert_max_num_queries: Any,
) -> None:
    with travel_to(ON):
        # Another case first: templates, parameters, the year's calendar, the frame.
        _look_up(client, *_accepted(users["window"], JOINT))
        case, code = _accepted(users["window"], JOINT)
        with django_assert_max_num_queries(2):
            response = client.post("/track/", {"no": case.tracking_no, "code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "企业设立联合审批" in html
    assert "<strong>受理</strong>" in html
    assert f"承办人员 {users['window'].display_name}" in html
    assert f"/track/cases/{case.pk}/documents/acceptance.pdf" in html
    assert "剩余 " in html
    assert "本办件未收费" in html


def test_a_charged_case_adds_its_charges_and_refunds(
    client: Client,
    users: dict[str, User],
    catalog: None,
    lifted: None,
    django_assert_max_num_queries: Any,
) -> None:
    item = ApprovalItem.objects.get(name="有限责任公司设立登记")
    with travel_to(ON):
        case, code = _accepted(users["window"], item.code)
        record_charge(
            actor=users["window"],
            case_id=case.pk,
            fee_code="SF-620700005-011",
            quantity="2",
            notice_no="JK2026000001",
            receipt_no="GS0000001",
        )
        _look_up(client, *_accepted(users["window"], JOINT))
        with django_assert_max_num_queries(4):
            html = client.post("/track/", {"no": case.tracking_no, "code": code}).content.decode()
    assert "营业执照副本工本费" in html
    assert "GS0000001" in html
    assert "下载收费通知书" in html


def test_the_framed_page_is_the_page_rendered_whole(
    client: Client, decided: tuple[Case, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case, code = decided
    look_up = {"no": case.tracking_no, "code": code}
    with travel_to(ON):
        framed = client.post("/track/", look_up)
        cache.clear()  # the kept page would answer instead
        monkeypatch.setattr(tracking, "_frame", lambda request: None)
        whole = client.post("/track/", look_up)
    assert "ps-case" in framed.content.decode()
    assert framed.content == whole.content
    assert framed["Cache-Control"] == whole["Cache-Control"]
    assert framed["Referrer-Policy"] == "no-referrer"
