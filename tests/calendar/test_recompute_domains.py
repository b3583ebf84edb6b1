"""Importing next year's schedule recomputes every provisional deadline of
every domain that keeps one (domain rules §1): approval cases, disclosure
requests and 差评整改. Each is opened late in January 2027 (no official
schedule yet: Monday–Friday assumed) with a deadline across the made-up
Spring Festival of conftest (8–12 Feb off, Sat 6 and Sat 20 Feb worked)."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.actions import import_schedule_file
from xiaoneng.cases import actions as case_actions
from xiaoneng.core.timesource import travel_to
from xiaoneng.disclosure import actions as disclosure_actions
from xiaoneng.disclosure.models import DisclosureRequest
from xiaoneng.org.models import Department, User
from xiaoneng.ratings import actions as rating_actions
from xiaoneng.ratings.models import Rectification

pytestmark = pytest.mark.django_db

INSTANT = "0100001000620700005"  # 企业名称预先核准 (市工商局), finished at the window


def _import(users: dict[str, User], csv_2027: str) -> None:
    import_schedule_file(
        actor=users["admin"], data=csv_2027.encode(), year=2027, source="国办发明电（测试）"
    )


def _bad_rating_rectification(users: dict[str, User]) -> Rectification:
    """An instant case finished on Mon 1 Feb 2027 and rated 非常不满意 on Wed 3 Feb."""
    with travel_to(date(2027, 2, 1)):
        case, code = case_actions.submit_application(
            actor=users["window"], item_code=INSTANT, applicant_name="祁连绿源有限公司"
        )
        case_actions.accept_case(actor=users["window"], case_id=case.pk)
    with travel_to(date(2027, 2, 3)):
        rating = rating_actions.rate_case_online(
            tracking_no=case.tracking_no, query_code=code, level=5, comment="窗口态度差"
        )
    return Rectification.objects.get(rating=rating)


def test_a_disclosure_requests_provisional_deadline_is_recomputed(
    users: dict[str, User], csv_2027: str
) -> None:
    with travel_to(date(2027, 1, 25)):
        row, _ = disclosure_actions.submit_request(
            actor=users["reviewer"],
            department_id=Department.objects.get(code="620700005").pk,
            requester_name="张三丰",
            description="2026年度企业登记统计数据",
            phone="0936-1234567",
            channel="in_person",
        )
    assert row.provisional
    assumed = row.due_on  # 20 working days, Monday to Friday: 22 Feb
    assert assumed == date(2027, 2, 22)
    with travel_to(date(2027, 1, 26)):
        _import(users, csv_2027)
    row = DisclosureRequest.objects.get(pk=row.pk)
    # 26–29 Jan (4), 1–5 Feb (9), Sat 6 Feb (10), 15–19 Feb (15), Sat 20 (16), 22–25 (20).
    assert row.due_on == date(2027, 2, 25)
    assert not row.provisional
    assert AuditEvent.objects.filter(
        event_type="disclosure.deadline_recomputed", object_id=row.tracking_no
    ).exists()


def test_a_rectifications_provisional_deadline_is_recomputed(
    users: dict[str, User], catalog: None, csv_2027: str
) -> None:
    rectification = _bad_rating_rectification(users)
    assert rectification.provisional
    assert rectification.due_on == date(2027, 2, 10)  # 5 working days, Monday to Friday
    with travel_to(date(2027, 2, 4)):
        _import(users, csv_2027)
    rectification.refresh_from_db()
    # 4, 5 Feb (2), Sat 6 Feb (3), 15, 16 Feb (5).
    assert rectification.due_on == date(2027, 2, 16)
    assert not rectification.provisional
    assert AuditEvent.objects.filter(
        event_type="rating.rectification_deadline_recomputed", object_id=str(rectification.pk)
    ).exists()


def test_a_rectification_already_rectified_keeps_the_date_it_was_judged_by(
    users: dict[str, User], catalog: None, csv_2027: str
) -> None:
    rectification = _bad_rating_rectification(users)
    with travel_to(date(2027, 2, 3)):
        rating_actions.record_measures(
            actor=users["depthead"], rectification_id=rectification.pk, measures="已约谈经办人"
        )
    with travel_to(date(2027, 2, 4)):
        _import(users, csv_2027)
    rectification.refresh_from_db()
    assert rectification.due_on == date(2027, 2, 10)
