"""预警提醒: the department heads are told once when a case turns to the
yellow light, again only when its deadline moves."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import User
from xiaoneng.supervision import tasks
from xiaoneng.supervision.actions import notify_warnings
from xiaoneng.supervision.models import WarningNotice

pytestmark = pytest.mark.django_db


def test_a_case_at_the_yellow_light_warns_its_heads_once(
    users: dict[str, User], promise_item: ApprovalItem, other_item: ApprovalItem
) -> None:
    with travel_to(date(2026, 9, 17)):
        case, _ = case_actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="甲公司"
        )
        case_actions.accept_case(actor=users["window"], case_id=case.pk)  # due 8 Oct
    head = users["depthead"]
    with travel_to(date(2026, 9, 29)):  # 30 Sep and 8 Oct left: green
        assert notify_warnings() == 0
    with travel_to(date(2026, 9, 30)):  # only 8 Oct left: yellow
        assert notify_warnings() == 1
        assert tasks.issue_cards.call()["warned"] == 0  # nothing twice
    with travel_to(date(2026, 10, 8)):
        assert notify_warnings() == 0
    note = Notification.objects.get(recipient=head, kind="alert_warning")
    assert note.title == f"预警：办件 {case.tracking_no} 将于2026年10月8日到期"
    assert note.link == f"/cases/{case.pk}/"
    assert AuditEvent.objects.filter(event_type="supervision.warnings_notified").count() == 1
    # An extension moves the deadline: the new one warns again when it nears.
    with travel_to(date(2026, 10, 8)):
        case_actions.request_extension(
            actor=users["reviewer"], case_id=case.pk, days=2, reason="需补充现场核查"
        )
        case_actions.approve_extension(actor=head, case_id=case.pk)
    assert Case.objects.get(pk=case.pk).due_on == date(2026, 10, 10)  # Fri 9, Sat 10 (make-up)
    with travel_to(date(2026, 10, 9)):
        assert notify_warnings() == 1
    assert WarningNotice.objects.filter(case_id=case.pk).count() == 2
