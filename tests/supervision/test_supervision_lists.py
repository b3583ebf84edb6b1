"""The supervision lists people work with: each exports its filtered rows
(xlsx with title rows and 数据截至, a print view in words), pages by the size
asked for, and the batch forms run each row through its own action, naming
what was refused and why (a row out of the actor's scope, or no longer open)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from openpyxl import load_workbook

from worlds import accepted_case
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import User
from xiaoneng.supervision import actions as supervision_actions
from xiaoneng.supervision.anomalies import detect_anomalies
from xiaoneng.supervision.models import Anomaly, AnomalyStatus, SupervisionOrder

pytestmark = pytest.mark.django_db

LATE = date(2026, 10, 9)  # the cases accepted on 17 Sep are one day overdue


@pytest.fixture
def late_cases(
    users: dict[str, User], promise_item: ApprovalItem, other_item: ApprovalItem
) -> list[Case]:
    """Two overdue cases of 市工商局 and one of another department, each with
    its overdue anomaly."""
    cases = [accepted_case(users["window"], promise_item, date(2026, 9, 17)) for _ in range(2)]
    other_window = User.objects.filter(department__parent=other_item.department).first()
    actor = other_window or users["admin"]
    cases.append(accepted_case(actor, other_item, date(2026, 9, 17)))
    with travel_to(LATE):
        detect_anomalies()
    return cases


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_each_list_exports_its_rows_with_title_rows(
    late_cases: list[Case], client: Client, users: dict[str, User]
) -> None:
    client.force_login(users["supervisor"])
    with travel_to(LATE):
        for path, title in (
            ("/supervision/", "电子监察在办办件"),
            ("/supervision/anomalies/", "电子监察异常"),
            ("/supervision/cards/", "黄牌红牌"),
            ("/supervision/orders/", "督办与纠错通知"),
            ("/supervision/steps/", "待出具的会签意见"),
            ("/supervision/cards/subjects/", "督办事项黄牌红牌"),
        ):
            response = client.get(path, {"export": "xlsx"})
            assert response.status_code == 200, path
            sheet = load_workbook(io.BytesIO(response.content)).active
            assert sheet["A1"].value == title
            assert sheet["A2"].value.startswith("单位：张掖市监察局")
            assert sheet["A3"].value.startswith("数据截至 ")
        desk = load_workbook(io.BytesIO(client.get("/supervision/?export=xlsx").content)).active
    numbers = {row[0] for row in desk.iter_rows(min_row=5, values_only=True)}
    assert {c.tracking_no for c in late_cases} <= numbers
    header = [c.value for c in desk[4]]
    remaining = header.index("剩余工作日")
    assert all(
        isinstance(row[remaining], int) for row in desk.iter_rows(min_row=5, values_only=True)
    )


def test_the_print_view_is_in_words(
    late_cases: list[Case], client: Client, users: dict[str, User]
) -> None:
    client.force_login(users["supervisor"])
    with travel_to(LATE):
        html = client.get("/supervision/anomalies/", {"export": "print"}).content.decode()
    assert "办件超期" in html or "超期" in html
    assert "overdue_case" not in html
    assert "2026年10月9日" in html


def test_a_list_pages_by_the_size_asked_for(
    late_cases: list[Case], client: Client, users: dict[str, User]
) -> None:
    client.force_login(users["supervisor"])
    with travel_to(LATE):
        page = client.get("/supervision/anomalies/", {"per_page": "20"})
    assert page.context["page_obj"].paginator.per_page == 20
    assert b"data-page-sizes" in page.content


def test_batch_urge_issues_one_order_per_case_and_names_the_refused(
    late_cases: list[Case], client: Client, users: dict[str, User]
) -> None:
    client.force_login(users["supervisor"])
    ids = [str(c.pk) for c in late_cases] + ["999999"]
    with travel_to(LATE):
        response = client.post(
            "/supervision/cases/urge/",
            {"id": ids, "text": "请于期限内办结并说明超期原因", "due_on": "2026-10-13"},
        )
    assert response.status_code == 302
    assert SupervisionOrder.objects.filter(kind="urge").count() == 3
    (message,) = _messages(response)
    assert message.startswith("已发出督办通知 3 件；1 件未办理：")
    assert "_" not in message  # the refusal in words, not its code


def test_batch_urge_needs_the_bureau(
    late_cases: list[Case], client: Client, users: dict[str, User]
) -> None:
    client.force_login(users["depthead"])
    with travel_to(LATE):
        response = client.post(
            "/supervision/cases/urge/",
            {"id": [late_cases[0].pk], "text": "x", "due_on": "2026-10-13"},
        )
    assert response.status_code == 403
    assert not SupervisionOrder.objects.exists()


def test_batch_explain_checks_each_row_in_the_action(
    late_cases: list[Case], client: Client, users: dict[str, User]
) -> None:
    own = list(Anomaly.objects.filter(department__code="620700005").values_list("pk", flat=True))
    foreign = Anomaly.objects.exclude(department__code="620700005").values_list("pk", flat=True)
    assert own
    assert foreign
    client.force_login(users["depthead"])
    with travel_to(LATE):
        response = client.post(
            "/supervision/anomalies/explain/",
            {"id": [*own, *foreign], "explanation": "专家评审延误，已督促", "next": "/x/?a=1"},
        )
    assert response["Location"] == "/x/?a=1"
    statuses = dict(Anomaly.objects.values_list("pk", "status"))
    assert all(statuses[pk] == AnomalyStatus.EXPLAINED for pk in own)
    assert all(statuses[pk] == AnomalyStatus.OPEN for pk in foreign)  # out of its scope
    (message,) = _messages(response)
    assert message.startswith(f"已提交情况说明 {len(own)} 项；{len(foreign)} 项未办理：")


def test_ticked_notifications_are_read_and_only_those(
    late_cases: list[Case], client: Client, users: dict[str, User]
) -> None:
    head = users["depthead"]
    with travel_to(LATE):  # a second message: the bureau urges one of the cases
        supervision_actions.issue_order(
            actor=users["supervisor"],
            case_id=late_cases[0].pk,
            kind="urge",
            text="请说明超期原因",
            due_on=date(2026, 10, 13),
        )
    unread = list(Notification.objects.filter(recipient=head, read_at__isnull=True))
    assert len(unread) >= 2
    client.force_login(head)
    client.post("/supervision/notifications/read/", {"id": [unread[0].pk]})
    assert Notification.objects.filter(recipient=head, read_at__isnull=True).count() == (
        len(unread) - 1
    )
    nothing = client.post("/supervision/notifications/read/", {})
    assert _messages(nothing)[-1] == "请先勾选要标为已读的通知"
    client.post("/supervision/notifications/read/", {"all": "1"})
    assert not Notification.objects.filter(recipient=head, read_at__isnull=True).exists()
