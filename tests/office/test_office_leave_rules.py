"""Leave of principal leaders (离张请假, seed art. 12): asked by the head of a
department or county with an acting person of the unit, numbered, approved
only by the leader in charge (or the mayor), after-the-fact and late
approval flagged once, 销假 and the overdue-return card."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.office.actions import leave
from xiaoneng.office.models.leave import LeaveStatus
from xiaoneng.office.sweeps import leave as leave_sweep
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User
from xiaoneng.supervision.models import Anomaly, SubjectCard

pytestmark = pytest.mark.django_db

ASK = date(2026, 3, 2)


def ask(
    users: dict[str, User], who: str = "depthead", acting: str = "office", **kw: object
) -> object:
    data = {
        "destination": "兰州",
        "purpose": "参加省工商局工作会议",
        "starts_on": date(2026, 3, 10),
        "ends_on": date(2026, 3, 12),
        "acting_id": users[acting].pk,
        **kw,
    }
    return leave.request_leave(actor=users[who], **data)


def test_a_request_is_numbered_and_routed_to_the_leader_in_charge(
    office_world: dict[str, User],
) -> None:
    with travel_to(ASK):
        first = ask(office_world)
        second = ask(office_world)
    assert (first.number, second.number) == ("QJ-2026-0001", "QJ-2026-0002")
    assert first.approver == office_world["leader"]  # 市工商局 is in 刘卫东's portfolio
    assert first.return_due == date(2026, 3, 13)
    assert not first.after_the_fact


def test_the_acting_person_is_another_of_the_unit(office_world: dict[str, User]) -> None:
    with travel_to(ASK):
        for acting in ("fagai", "depthead"):
            with pytest.raises(InvalidInput) as bad:
                ask(office_world, acting=acting)
            assert bad.value.code == "office_leave_acting_invalid"
        with pytest.raises(InvalidInput) as dates:
            ask(office_world, ends_on=date(2026, 3, 9))
        assert dates.value.code == "office_leave_dates_invalid"
        with pytest.raises(PermissionDenied):
            ask(office_world, who="office", acting="depthead")


def test_only_the_leader_in_charge_or_the_mayor_decides(office_world: dict[str, User]) -> None:
    with travel_to(ASK):
        row = ask(office_world)
        with pytest.raises(PermissionDenied):  # sees all, is no approver
            leave.approve_leave(actor=office_world["supervisor"], leave_id=row.pk)
        with pytest.raises(PermissionDenied):
            leave.approve_leave(actor=office_world["depthead"], leave_id=row.pk)
        with pytest.raises(InvalidInput) as reason:
            leave.refuse_leave(actor=office_world["leader"], leave_id=row.pk, note="")
        assert reason.value.code == "office_leave_note_invalid"
        done = leave.approve_leave(actor=office_world["leader"], leave_id=row.pk, note="同意")
        assert (done.status, done.approver) == (LeaveStatus.APPROVED, office_world["leader"])
        with pytest.raises(Conflict) as twice:
            leave.refuse_leave(actor=office_world["mayor"], leave_id=row.pk, note="不同意")
        assert twice.value.code == "office_leave_state"
        other = ask(office_world)
        assert (
            leave.approve_leave(actor=office_world["mayor"], leave_id=other.pk).status == "approved"
        )
    assert not Anomaly.objects.filter(kind="leave_unapproved").exists()


@pytest.fixture
def other_leader(office_world: dict[str, User]) -> User:
    """A vice-mayor in charge of 市财政局 only (not of 市工商局)."""
    user = org_actions.create_user(
        actor=office_world["admin"],
        username="leader2",
        password=DEMO_PASSWORD,
        real_name="孙副市长",
        department=Department.objects.get(code="620700"),
        roles=[Role.objects.get(code="leader")],
    )
    org_actions.assign_portfolio(
        actor=office_world["admin"],
        leader=user,
        departments=[Department.objects.get(code="620700010")],
    )
    return user


def test_a_leader_not_in_charge_gets_a_coded_refusal(
    office_world: dict[str, User], other_leader: User
) -> None:
    with travel_to(ASK):
        row = ask(office_world)
        with pytest.raises(NotFound) as unseen:  # not in the portfolio: not there
            leave.approve_leave(actor=other_leader, leave_id=row.pk)
        assert unseen.value.code == "office_leave_not_found"
        with pytest.raises(PermissionDenied) as refused:  # sees all, is not the approver
            leave.approve_leave(actor=office_world["admin"], leave_id=row.pk)
        assert refused.value.code == "office_leave_not_approver"


def test_after_the_fact_and_late_approval_are_one_finding_each(
    office_world: dict[str, User],
) -> None:
    with travel_to(date(2026, 3, 11)):
        late = ask(office_world)
        assert late.after_the_fact
        leave.approve_leave(actor=office_world["leader"], leave_id=late.pk)
    with travel_to(ASK):
        slow = ask(office_world)
    with travel_to(date(2026, 3, 10)):
        leave.approve_leave(actor=office_world["leader"], leave_id=slow.pk)
    flagged = Anomaly.objects.filter(kind="leave_unapproved", subject_kind="leave")
    assert sorted(flagged.values_list("subject_ref", flat=True)) == sorted([late.pk, slow.pk])


def test_an_overdue_return_is_carded_then_closed(office_world: dict[str, User]) -> None:
    with travel_to(ASK):
        row = ask(office_world)
        leave.approve_leave(actor=office_world["leader"], leave_id=row.pk)
    cards = SubjectCard.objects.filter(subject_kind="leave", subject_ref=row.pk)
    leave_sweep.sweep(date(2026, 3, 13))
    assert not cards.exists()
    leave_sweep.sweep(date(2026, 3, 16))
    leave_sweep.sweep(date(2026, 3, 16))
    assert cards.count() == 1
    assert cards.get().step == "return"
    with travel_to(date(2026, 3, 16)):
        with pytest.raises(InvalidInput):
            leave.report_return(
                actor=office_world["depthead"], leave_id=row.pk, returned_on="2026-03-09"
            )
        back = leave.report_return(
            actor=office_world["depthead"], leave_id=row.pk, returned_on="2026-03-12"
        )
    assert (back.status, back.returned_on) == (LeaveStatus.RETURNED, date(2026, 3, 12))
    leave_sweep.sweep(date(2026, 3, 17))
    assert cards.get().closed_on == date(2026, 3, 17)


def test_cancel_only_before_leaving_and_only_ones_own(office_world: dict[str, User]) -> None:
    with travel_to(ASK):
        row = ask(office_world)
        with pytest.raises(NotFound):
            leave.cancel_leave(actor=office_world["fagai"], leave_id=row.pk)
    with travel_to(date(2026, 3, 10)), pytest.raises(Conflict):
        leave.cancel_leave(actor=office_world["depthead"], leave_id=row.pk)
    with travel_to(ASK):
        assert (
            leave.cancel_leave(actor=office_world["depthead"], leave_id=row.pk).status
            == "cancelled"
        )
