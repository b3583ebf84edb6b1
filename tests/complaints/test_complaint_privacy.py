"""The complainant's identity is the complaint centre's alone: the accused
department's pages, API, export and notifications never hold the name,
phone, ID number or address; neither do audit payloads; the database column
holds ciphertext."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from complaint_world import ADDRESS, ID_NO, NAME, PHONE
from django.db import connection
from openpyxl import load_workbook

from xiaoneng.audit.models import AuditEvent
from xiaoneng.complaints import actions
from xiaoneng.complaints.models import Complaint
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

IDENTITY = (NAME, PHONE, ID_NO, ADDRESS)


def _none_of_it(text: str) -> None:
    for value in IDENTITY:
        assert value not in text, value


@pytest.fixture
def explaining(
    file_complaint: Callable[..., tuple[Complaint, str]], users: dict[str, User]
) -> Complaint:
    row, _ = file_complaint()
    with travel_to(date(2026, 9, 14)):
        actions.accept_complaint(actor=users["complaint"], complaint_id=row.pk)
        return actions.request_explanation(
            actor=users["complaint"], complaint_id=row.pk, questions="请说明当日窗口接待情况"
        )


def test_the_database_holds_ciphertext(explaining: Complaint) -> None:
    table = Complaint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT complainant_name, complainant_phone, complainant_id_no, "  # noqa: S608
            f"complainant_address FROM {table} WHERE id = %s",
            [explaining.pk],
        )
        raw = cursor.fetchone()
    assert raw is not None
    _none_of_it(" ".join(raw))
    assert all(value for value in raw)  # sealed, not blank
    assert Complaint.objects.get(pk=explaining.pk).complainant_name == NAME  # plain in Python


def test_audit_payloads_and_notifications_hold_no_identity(
    explaining: Complaint, users: dict[str, User]
) -> None:
    for event in AuditEvent.objects.filter(object_type="complaint"):
        _none_of_it(str(event.payload))
    sent = Notification.objects.filter(kind="complaint_explain")
    assert [n.recipient_id for n in sent] == [users["depthead"].pk]
    for note in sent:
        _none_of_it(f"{note.title} {note.body} {note.link}")
    with travel_to(date(2026, 9, 15)):
        actions.submit_explanation(
            actor=users["depthead"], complaint_id=explaining.pk, text="已核实"
        )
    back = Notification.objects.get(kind="complaint_explained")
    assert back.recipient_id == users["complaint"].pk  # the handler who accepted it
    _none_of_it(f"{back.title} {back.body}")


def test_the_accused_departments_pages_show_the_matter_only(
    explaining: Complaint, client: Any, login: Any
) -> None:
    login("depthead")
    desk = client.get("/complaints/explain/")
    assert desk.status_code == 200
    page = desk.content.decode()
    assert explaining.number in page
    _none_of_it(page)
    detail = client.get(f"/complaints/explain/{explaining.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "请说明当日窗口接待情况" in text
    _none_of_it(text)
    # The centre's desk is not theirs.
    assert client.get(f"/complaints/desk/{explaining.pk}/").status_code == 403
    assert client.get("/complaints/desk/").status_code == 403


def test_the_centre_sees_the_complainant(explaining: Complaint, client: Any, login: Any) -> None:
    login("complaint")
    page = client.get(f"/complaints/desk/{explaining.pk}/").content.decode()
    assert NAME in page
    assert PHONE in page


def _sheet(content: bytes) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]  # type: ignore[union-attr]


def test_exports_carry_the_complainant_only_for_the_centre(
    explaining: Complaint, client: Any, login: Any
) -> None:
    login("complaint")
    centre = _sheet(client.get("/complaints/desk/export.xlsx").content)
    headers = centre[0]
    for field in ("投诉编号", "投诉渠道", "投诉类型", "被投诉单位", "投诉内容", "投诉时间"):
        assert field in headers
    for field in ("受理时间", "办结时间", "处理结果", "满意度", "投诉人姓名"):
        assert field in headers
    assert centre[1][headers.index("投诉人姓名")] == NAME
    assert centre[1][headers.index("投诉类型")] == "态度蛮横"
    client.logout()
    login("depthead")
    accused = _sheet(client.get("/api/v1/complaints/export.xlsx").content)
    assert "投诉人姓名" not in accused[0]
    assert accused[1][0] == explaining.number
    _none_of_it(str(accused))


def test_text_is_written_as_text_not_a_formula(
    file_complaint: Callable[..., tuple[Complaint, str]], client: Any, login: Any
) -> None:
    file_complaint(title='=HYPERLINK("http://evil","点我")')
    login("complaint")
    content = client.get("/complaints/desk/export.xlsx").content
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None
    title = sheet.cell(row=2, column=4)
    assert title.data_type == "s"
    assert str(title.value).startswith("=HYPERLINK")


def test_another_departments_head_sees_nothing(
    explaining: Complaint, other_head: User, client: Any
) -> None:
    client.force_login(other_head)
    assert client.get("/complaints/explain/").content.decode().count(explaining.number) == 0
    assert client.get(f"/complaints/explain/{explaining.pk}/").status_code == 404
    api = client.get(f"/api/v1/complaints/{explaining.pk}")
    assert api.status_code == 404
    assert api.json()["code"] == "complaint_not_found"


def test_a_signed_in_complainant_is_not_named_in_the_audit_trail(
    users: dict[str, User], bureau: Any
) -> None:
    citizen = users["applicant"]
    with travel_to(date(2026, 9, 14)):
        row, _ = actions.submit_complaint(
            actor=citizen,
            channel="online",
            category="delay",
            department_id=bureau.pk,
            title="办事拖拉",
            description="材料齐全却一直不受理",
            anonymous=False,
        )
    assert row.complainant_user == citizen
    assert row.complainant_name == citizen.real_name
    event = AuditEvent.objects.get(event_type="complaint.received", object_id=row.number)
    assert event.actor is None
    assert citizen.real_name not in f"{event.actor_name} {event.payload}"


def test_the_head_is_asked_to_approve_an_extension(
    explaining: Complaint, users: dict[str, User]
) -> None:
    with travel_to(date(2026, 9, 15)):
        actions.request_extension(
            actor=users["complaint"], complaint_id=explaining.pk, days=5, reason="需调取录像"
        )
    asked = Notification.objects.get(kind="complaint_extension")
    assert asked.recipient_id == users["complainthead"].pk
    assert explaining.number in asked.title
    _none_of_it(f"{asked.title} {asked.body}")
