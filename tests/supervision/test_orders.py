"""督办 and 纠错 through the API and the desk: issued by the supervision
bureau, answered by the department, closed by the bureau; scoped."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from worlds import received_case
from xiaoneng.audit.models import AuditEvent
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Role, User
from xiaoneng.supervision.models import OrderStatus, SupervisionOrder
from xiaoneng.supervision.selectors import cards_for_actor, orders_for_actor

pytestmark = pytest.mark.django_db


def test_roles_hold_the_new_permissions(db: None) -> None:
    assert "supervision.manage" in Role.objects.get(code="supervisor").permissions
    assert "supervision.reply" in Role.objects.get(code="dept_head").permissions
    assert "supervision.manage" not in Role.objects.get(code="dept_head").permissions


def test_an_urging_notice_to_closure(
    api: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = received_case(users["window"], promise_item, date(2026, 9, 28))
    supervisor = api("supervisor")
    with travel_to(date(2026, 9, 30)):
        past = supervisor.post(
            "/supervision/orders",
            {"case_id": case.pk, "kind": "urge", "text": "请加快办理", "due_on": "2026-09-29"},
        )
        assert past.status_code == 400
        assert past.json()["code"] == "order_due_in_past"
        bad = supervisor.post(
            "/supervision/orders",
            {"case_id": case.pk, "kind": "scold", "text": "x", "due_on": "2026-10-09"},
        )
        assert bad.json()["code"] == "order_kind_invalid"
        created = supervisor.post(
            "/supervision/orders",
            {
                "case_id": case.pk,
                "kind": "urge",
                "text": "该件临近期限，请于国庆节后首个工作日前说明办理进度",
                "due_on": "2026-10-08",
            },
        )
    assert created.status_code == 201, created.content
    order = created.json()
    assert order["status"] == "issued"
    assert order["department"] == "张掖市工商行政管理局" or order["department_id"] == (
        case.department_id
    )
    head_note = Notification.objects.get(recipient=users["depthead"])
    assert head_note.kind == "order_urge"
    assert "2026年10月8日" in head_note.title
    # Closing before the department answered is refused.
    closed_early = supervisor.post(f"/supervision/orders/{order['id']}/close", {})
    assert closed_early.status_code == 409
    assert closed_early.json()["code"] == "order_not_replied"

    reviewer = api("reviewer")  # no supervision.reply
    denied = reviewer.post(f"/supervision/orders/{order['id']}/reply", {"reply": "好"})
    assert denied.status_code == 403

    head = api("depthead")
    listed = head.get("/supervision/orders").json()
    assert [o["id"] for o in listed] == [order["id"]]
    with travel_to(date(2026, 10, 8)):
        empty = head.post(f"/supervision/orders/{order['id']}/reply", {"reply": "  "})
        assert empty.json()["code"] == "reply_required"
        replied = head.post(
            f"/supervision/orders/{order['id']}/reply", {"reply": "已组织专家评审，10月9日决定"}
        )
    assert replied.status_code == 200
    assert replied.json()["status"] == "replied"
    again = head.post(f"/supervision/orders/{order['id']}/reply", {"reply": "再答"})
    assert again.status_code == 409
    assert again.json()["code"] == "order_not_awaiting_reply"
    assert Notification.objects.filter(recipient=users["supervisor"], kind="order_replied").exists()
    head_close = head.post(f"/supervision/orders/{order['id']}/close", {})
    assert head_close.status_code == 403

    supervisor = api("supervisor")
    with travel_to(date(2026, 10, 9)):
        closed = supervisor.post(
            f"/supervision/orders/{order['id']}/close", {"note": "答复属实，予以办结"}
        )
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_on"] == "2026-10-09"
    kinds = list(
        AuditEvent.objects.filter(object_type="supervision_order").values_list(
            "event_type", flat=True
        )
    )
    assert kinds == [
        "supervision.order_urge_issued",
        "supervision.order_replied",
        "supervision.order_closed",
    ]


def test_departments_see_their_own_orders_only(
    users: dict[str, User], promise_item: ApprovalItem, other_item: ApprovalItem
) -> None:
    from xiaoneng.supervision.actions import issue_order

    ours = received_case(users["window"], promise_item, date(2026, 9, 28))
    theirs = received_case(users["applicant"], other_item, date(2026, 9, 28))
    with travel_to(date(2026, 9, 28)):
        for case in (ours, theirs):
            issue_order(
                actor=users["supervisor"],
                case_id=case.pk,
                kind="correct",
                text="请纠正",
                due_on=date(2026, 9, 30),
            )
    assert orders_for_actor(users["supervisor"]).count() == 2
    assert list(orders_for_actor(users["depthead"]).values_list("case_id", flat=True)) == [ours.pk]
    assert not cards_for_actor(users["applicant"]).exists()
    # Another department's order cannot be answered by probing its id.
    from xiaoneng.core.errors import NotFound
    from xiaoneng.supervision.actions import reply_order

    other = SupervisionOrder.objects.get(case=theirs)
    with pytest.raises(NotFound):
        reply_order(actor=users["depthead"], order_id=other.pk, reply="不是我们的")
    assert SupervisionOrder.objects.get(pk=other.pk).status == OrderStatus.ISSUED


def test_the_desk_issues_and_the_department_replies(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = received_case(users["window"], promise_item, date(2026, 9, 28))
    login("supervisor")
    with travel_to(date(2026, 9, 28)):
        form = client.get(f"/supervision/orders/new/?case={case.pk}")
        assert form.status_code == 200
        response = client.post(
            f"/supervision/orders/new/?case={case.pk}",
            {"kind": "correct", "text": "一次性告知材料清单不全，请更正", "due_on": "2026-09-30"},
        )
    assert response.status_code == 302
    order = SupervisionOrder.objects.get()
    client.logout()
    login("depthead")
    page = client.get("/supervision/orders/").content.decode()
    assert f'id="order-{order.pk}"' in page
    assert "提交答复" in page
    with travel_to(date(2026, 9, 29)):
        client.post(f"/supervision/orders/{order.pk}/reply/", {"reply": "已更正并重新告知"})
    assert SupervisionOrder.objects.get().status == OrderStatus.REPLIED
    # The head opens the message: it is read, and the bell goes quiet.
    note = Notification.objects.get(recipient=users["depthead"])
    opened = client.get(f"/supervision/notifications/{note.pk}/")
    assert opened.status_code == 302
    assert opened["Location"].startswith("/supervision/orders/")
    assert Notification.objects.get(pk=note.pk).read_at is not None
    assert 'data-unread="0"' in client.get("/supervision/notifications/").content.decode()


def test_who_may_open_the_desk(client: Any, login: Any, demo_city: None) -> None:
    login("reviewer")
    assert client.get("/supervision/").status_code == 403
    assert client.get("/supervision/cards/").status_code == 403
    assert client.get("/supervision/notifications/").status_code == 200
    client.logout()
    login("depthead")
    assert client.get("/supervision/").status_code == 403
    assert client.get("/supervision/cards/").status_code == 200
    client.logout()
    login("mayor")
    page = client.get("/supervision/")
    assert page.status_code == 200
    assert "监察台" in page.content.decode()
    assert client.get("/supervision/orders/new/?case=1").status_code == 403
    assert client.get("/api/v1/supervision/alerts").status_code == 200
    client.logout()
    login("applicant")
    assert client.get("/api/v1/supervision/alerts").json()["code"] == "permission_denied"
    assert client.get("/api/v1/supervision/cards").status_code == 403
