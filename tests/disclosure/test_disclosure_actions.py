"""依申请公开 through the actions, pages and API: the public form and the
acknowledgement, receipt by channel (art. 31), a request walked across the
2026 National Day with a third-party consultation and an extension approved
by the head, corrections, answers, the desk with its lights."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.disclosure import actions
from xiaoneng.disclosure.models import DisclosureRequest, Status
from xiaoneng.org.models import Department, Role, User
from xiaoneng.system.actions import set_parameter

pytestmark = pytest.mark.django_db

NAME = "张三丰"


@pytest.fixture
def bureau(demo_city: None) -> Department:
    return Department.objects.get(code="620700005")  # 市工商局


def _register(
    users: dict[str, User], bureau: Department, on: date, **extra: Any
) -> DisclosureRequest:
    with travel_to(on):
        row, code = actions.submit_request(
            actor=users["reviewer"],
            department_id=bureau.pk,
            requester_name=NAME,
            description="2025年度企业登记统计数据",
            phone="0936-1234567",
            channel=extra.pop("channel", "in_person"),
            **extra,
        )
    assert len(code) == 10
    return row


def test_a_request_across_national_day_with_consultation_and_extension(
    users: dict[str, User], bureau: Department
) -> None:
    row = _register(users, bureau, date(2026, 9, 14))
    assert row.status == Status.PROCESSING
    assert row.received_on == date(2026, 9, 14)  # in person: that day
    assert row.due_on == date(2026, 10, 16)
    reviewer, head = users["reviewer"], users["depthead"]
    with travel_to(date(2026, 9, 22)):
        row = actions.start_consultation(
            actor=reviewer, request_id=row.pk, kind="third_party", party="某企业"
        )
    assert row.status == Status.CONSULTING
    assert row.consult_due_on == date(2026, 10, 20)
    with travel_to(date(2026, 10, 9)):
        row = actions.end_consultation(actor=reviewer, request_id=row.pk)
    assert row.consult_days == 7
    assert row.due_on == date(2026, 10, 27)
    with travel_to(date(2026, 10, 26)):
        with pytest.raises(InvalidInput) as too_long:
            actions.request_extension(actor=reviewer, request_id=row.pk, days=21, reason="x")
        assert too_long.value.code == "extension_exceeds_limit"
        actions.request_extension(actor=reviewer, request_id=row.pk, days=20, reason="需检索档案")
        with pytest.raises(PermissionDenied):
            actions.approve_extension(actor=reviewer, request_id=row.pk)
        row = actions.approve_extension(actor=head, request_id=row.pk)
        with pytest.raises(Conflict) as twice:
            actions.request_extension(actor=reviewer, request_id=row.pk, days=5, reason="x")
        assert twice.value.code == "extension_already_granted"
    assert row.extension_days == 20
    assert row.due_on == date(2026, 11, 24)
    with travel_to(date(2026, 11, 24)):
        with pytest.raises(InvalidInput) as why:
            actions.answer_request(actor=reviewer, request_id=row.pk, answer_type="refuse")
        assert why.value.code == "answer_reason_required"
        for ground, code in (("", "answer_ground_required"), ("secret", "answer_ground_invalid")):
            with pytest.raises(InvalidInput) as why:
                actions.answer_request(
                    actor=reviewer,
                    request_id=row.pk,
                    answer_type="refuse",
                    reason="涉及商业秘密（条例第十五条）",
                    ground=ground,
                )
            assert why.value.code == code
        row = actions.answer_request(
            actor=reviewer,
            request_id=row.pk,
            answer_type="partial",
            text="统计表一份",
            reason="涉及商业秘密的部分不予公开（条例第十五条）",
        )
    assert row.status == Status.ANSWERED
    assert row.on_time is True
    assert not row.is_open
    kinds = list(row.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == ["received", "consult_started", "consult_ended", "extended", "answered"]
    assert AuditEvent.objects.filter(object_id=row.tracking_no).count() == 7


def test_online_requests_count_from_confirmation_and_corrections_restart(
    client: Any, users: dict[str, User], bureau: Department
) -> None:
    with travel_to(date(2026, 9, 11)):  # Fri
        response = client.post(
            "/api/v1/disclosure/requests",
            {
                "department_id": bureau.pk,
                "requester_name": NAME,
                "description": "某文件",
                "email": "a@example.com",
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["request"]["status"] == "submitted"
    assert body["request"]["due_on"] is None
    rid = body["request"]["id"]
    with travel_to(date(2026, 9, 15)):
        row = actions.confirm_receipt(actor=users["reviewer"], request_id=rid, on=date(2026, 9, 14))
    assert row.received_on == date(2026, 9, 14)
    assert row.due_on == date(2026, 10, 16)
    with travel_to(date(2026, 9, 16)):
        row = actions.request_correction(
            actor=users["reviewer"], request_id=rid, items="请写明文号"
        )
    assert row.status == Status.CORRECTING
    assert row.due_on is None
    with travel_to(date(2026, 10, 9)):
        row = actions.record_correction(actor=users["reviewer"], request_id=rid)
    assert row.base_on == date(2026, 10, 9)
    assert row.due_on == date(2026, 11, 5)
    tracked = client.post(
        "/api/v1/disclosure/track",
        {"tracking_no": body["request"]["tracking_no"], "query_code": body["query_code"]},
        content_type="application/json",
    )
    assert tracked.json()["due_on"] == "2026-11-05"
    wrong = client.post(
        "/api/v1/disclosure/track",
        {"tracking_no": body["request"]["tracking_no"], "query_code": "NOPE"},
        content_type="application/json",
    )
    assert wrong.status_code == 404
    assert wrong.json()["code"] == "request_not_found"


def test_a_posted_request_counts_from_the_day_signed_for(
    users: dict[str, User], bureau: Department
) -> None:
    row = _register(users, bureau, date(2026, 9, 16), channel="post", received_on=date(2026, 9, 15))
    assert row.received_on == date(2026, 9, 15)


def test_the_public_form_acknowledges_once_and_is_rate_limited(
    client: Any, users: dict[str, User], bureau: Department
) -> None:
    form = {
        "department_id": bureau.pk,
        "requester_name": NAME,
        "description": "某文件",
        "phone": "13800000000",
        "form": "electronic",
        "requester_kind": "person",
    }
    page = client.post("/disclosure/", form)
    html = page.content.decode()
    assert page.status_code == 200
    code = page.context["query_code"]
    row = page.context["row"]
    assert code in html
    assert row.tracking_no in html
    assert page["Cache-Control"] == "no-store"
    tracked = client.post("/disclosure/track/", {"no": row.tracking_no, "code": code})
    text = tracked.content.decode()
    assert "张*丰" in text
    assert NAME not in text
    missing = client.post("/disclosure/", {**form, "description": ""})
    assert missing.context["error_code"] == "description_required"
    set_parameter(actor=users["admin"], key="disclosure.submit_per_minute", value="3")
    assert client.post("/disclosure/track/", {"no": "x", "code": "y"}).status_code == 429


def test_the_desk_lists_by_due_date_with_lights(
    client: Any, login: Any, users: dict[str, User], bureau: Department
) -> None:
    early = _register(users, bureau, date(2026, 9, 14))
    later = _register(users, bureau, date(2026, 9, 28))
    login("reviewer")
    with travel_to(date(2026, 10, 13)):
        page = client.get("/disclosure/desk/")
    html = page.content.decode()
    assert html.index(f'data-request="{early.pk}"') < html.index(f'data-request="{later.pk}"')
    assert "黄灯" in html
    assert "剩余 3 个工作日" in html
    login("zhijian")
    other = client.get("/disclosure/desk/").content.decode()
    assert f'data-request="{early.pk}"' not in other
    assert client.get(f"/disclosure/desk/{early.pk}/").status_code == 404


def test_the_desk_steps_through_the_pages(
    client: Any, login: Any, users: dict[str, User], bureau: Department
) -> None:
    row = _register(users, bureau, date(2026, 9, 14))
    login("reviewer")
    with travel_to(date(2026, 9, 15)):
        client.post(f"/disclosure/desk/{row.pk}/extend/", {"days": "10", "reason": "检索"})
    login("depthead")
    with travel_to(date(2026, 9, 15)):
        client.post(f"/disclosure/desk/{row.pk}/approve/")
        client.post(
            f"/disclosure/desk/{row.pk}/answer/",
            {"answer_type": "not_exist", "reason": "经检索，本机关未制作或获取该信息"},
        )
    row.refresh_from_db()
    assert row.extension_days == 10
    assert row.status == Status.ANSWERED
    assert row.answer_type == "not_exist"


def test_roles_hold_the_disclosure_permissions(demo_city: None) -> None:
    head = Role.objects.get(code="dept_head").permissions
    assert "disclosure.handle" in head
    assert "disclosure.extend.approve" in head
    assert "disclosure.extend.approve" not in Role.objects.get(code="reviewer").permissions
