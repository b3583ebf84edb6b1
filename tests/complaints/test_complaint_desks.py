"""The complaint centre's desk (queue with lights and filters, paging, staff
entry, every step as a form) and the navigation links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from xiaoneng.complaints.models import Complaint, Status
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.web.navigation import NAVIGATION

pytestmark = pytest.mark.django_db

Filer = Callable[..., tuple[Complaint, str]]


def test_the_queue_shows_lights_and_filters(file_complaint: Filer, client: Any, login: Any) -> None:
    overdue, _ = file_complaint(on=date(2026, 9, 1))
    fresh, _ = file_complaint(on=date(2026, 9, 14), category="delay")
    login("complaint")
    with travel_to(date(2026, 9, 15)):
        page = client.get("/complaints/desk/")
        assert page.status_code == 200
        html = page.content.decode()
        assert html.index(overdue.number) < html.index(fresh.number)  # most urgent first
        assert "红灯" in html
        red = client.get("/complaints/desk/?light=overdue").content.decode()
        assert overdue.number in red
        assert fresh.number not in red
        delay = client.get("/complaints/desk/?category=delay").content.decode()
        assert fresh.number in delay
        assert overdue.number not in delay
        other = Department.objects.get(code="620700024").pk
        assert (
            fresh.number
            not in client.get(f"/complaints/desk/?department_id={other}").content.decode()
        )


def test_paging_ten_a_page(file_complaint: Filer, client: Any, login: Any) -> None:
    for _ in range(12):
        file_complaint()
    login("complaint")
    first = client.get("/complaints/desk/").content.decode()
    second = client.get("/complaints/desk/?page=2").content.decode()
    assert first.count("data-complaint=") == 10
    assert second.count("data-complaint=") == 2


def test_staff_entry_and_every_step_through_the_forms(
    bureau: Department, users: dict[str, User], client: Any, login: Any
) -> None:
    login("complaint")
    with travel_to(date(2026, 9, 14)):
        response = client.post(
            "/complaints/desk/register/",
            {
                "channel": "letter",
                "category": "bribery",
                "department_id": bureau.pk,
                "title": "索要好处费",
                "description": "窗口人员暗示需要好处费才能加快办理",
                "complainant_name": "来信人",
                "complainant_address": "张掖市甘州区",
            },
        )
        assert response.status_code == 200
        row = Complaint.objects.get(title="索要好处费")
        assert row.channel == "letter"
        assert row.number in response.content.decode()
        steps = [
            ("accept", {"handler_id": users["complainthead"].pk}),
            ("explanation", {"questions": "请说明"}),
            ("extend", {"days": "5", "reason": "需调取录像"}),
        ]
        for name, data in steps:
            done = client.post(f"/complaints/desk/{row.pk}/{name}/", data)
            assert done.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.HANDLING
    assert row.handler == users["complainthead"]
    assert row.extension_requested_days == 5
    # The approval form is the head's.
    with travel_to(date(2026, 9, 15)):
        client.post(f"/complaints/desk/{row.pk}/approve/", {})
        row.refresh_from_db()
        assert row.extension_days == 0
        client.logout()
        login("complainthead")
        client.post(f"/complaints/desk/{row.pk}/approve/", {})
        conclude = {
            "outcome": "unsubstantiated",
            "findings": "未发现",
            "handling_opinion": "无",
            "reply_text": "经查不属实",
        }
        client.post(f"/complaints/desk/{row.pk}/conclude/", conclude)
    row.refresh_from_db()
    assert row.extension_days == 5
    assert row.status == Status.CONCLUDED
    page = client.get(f"/complaints/desk/{row.pk}/").content.decode()
    assert "办结并答复" in page
    assert client.post(f"/complaints/desk/{row.pk}/nonsense/").status_code == 404
    assert client.post("/complaints/desk/99999999/accept/").status_code == 404


def test_a_refused_step_is_a_message_not_an_error(
    file_complaint: Filer, client: Any, login: Any
) -> None:
    row, _ = file_complaint()
    login("complaint")
    response = client.post(f"/complaints/desk/{row.pk}/decline/", {"reason": ""}, follow=True)
    assert response.status_code == 200
    assert "complaint_reason_required" in response.content.decode()


def test_the_navigation_links_each_desk() -> None:
    items = {(i.url_name, i.permission) for g in NAVIGATION for i in g.items}
    assert ("complaints:desk", "complaint.handle") in items
    assert ("complaints:explain_desk", "complaint.explain") in items


def test_the_desks_are_in_the_menu(client: Any, login: Any) -> None:
    login("complaint")
    assert "/complaints/desk/" in client.get("/complaints/desk/").content.decode()
    client.logout()
    login("depthead")
    assert "/complaints/explain/" in client.get("/complaints/explain/").content.decode()


def test_the_page_offers_the_duplicates_to_merge_into(
    file_complaint: Filer, client: Any, login: Any
) -> None:
    kept, _ = file_complaint()
    again, _ = file_complaint()
    stranger, _ = file_complaint(complainant_phone="13600000000")
    login("complaint")
    page = client.get(f"/complaints/desk/{again.pk}/").content.decode()
    assert f'<option value="{kept.number}">' in page
    assert stranger.number not in page
    client.post(f"/complaints/desk/{again.pk}/merge/", {"into": kept.number, "reason": "重复"})
    again.refresh_from_db()
    assert again.status == Status.MERGED
    assert again.merged_into_id == kept.pk
    kept_page = client.get(f"/complaints/desk/{kept.pk}/").content.decode()
    assert again.number in kept_page  # the record on the surviving row


def test_the_head_filters_the_extensions_waiting(
    file_complaint: Filer, users: dict[str, User], client: Any, login: Any
) -> None:
    from xiaoneng.complaints import actions

    waiting, _ = file_complaint()
    other, _ = file_complaint()
    with travel_to(date(2026, 9, 14)):
        for row in (waiting, other):
            actions.accept_complaint(actor=users["complaint"], complaint_id=row.pk)
        actions.request_extension(
            actor=users["complaint"], complaint_id=waiting.pk, days=3, reason="核查"
        )
    login("complainthead")
    page = client.get("/complaints/desk/?extension=pending").content.decode()
    assert waiting.number in page
    assert other.number not in page
