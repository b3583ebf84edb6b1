"""Attendance (seed art. 11): the invited unit confirms who comes; a
substitute needs leave approved by the host before the meeting; sign-in at
the door by the invitation's token; held → absences; a substitute or an
absence without leave is a violation and a finding on the invited unit;
statistics per unit and per person; published to the supervision bureau."""

from __future__ import annotations

import pytest
from office_meetings_support import (
    AFTER_DAY,
    APPLY_DAY,
    BEFORE_DAY,
    FAGAI,
    MEETING_DAY,
    apply,
    notified,
    unit,
)

from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions import meetings as actions
from xiaoneng.office.models.meetings import Invitation
from xiaoneng.office.selectors.meetings import attendance
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db
U = dict[str, User]


def _inv(meeting_id: int) -> Invitation:
    return Invitation.objects.get(meeting_id=meeting_id)


def _confirm(users: U, inv: Invitation, level: str, name: str = "李副主任") -> Invitation:
    with travel_to(BEFORE_DAY):
        return actions.confirm_attendee(
            actor=users["fagai"], invitation_id=inv.pk, attendee_level=level, attendee_name=name
        )


def _sign(users: U, inv: Invitation, who: str = "office", **kw: str) -> Invitation:
    with travel_to(MEETING_DAY):
        return actions.sign_in(actor=users[who], token=inv.sign_token, **kw)


def test_principal_attends_as_required(office_world: U) -> None:
    m = notified(office_world)
    inv = _inv(m.pk)
    with travel_to(BEFORE_DAY):
        c = actions.confirm_attendee(
            actor=office_world["fagai"],
            invitation_id=inv.pk,
            attendee_level="principal",
            attendee_id=office_world["fagai"].pk,
        )
    assert (c.status, c.substitute, c.attendee_name) == ("confirmed", False, "张宏伟")
    # the attendee signs in as themselves
    s = _sign(office_world, inv, "fagai")
    assert (s.status, s.violation, s.signed_by_clerk) == ("signed", "", None)
    with travel_to(MEETING_DAY), pytest.raises(Conflict) as err:
        actions.sign_in(actor=office_world["office"], token=inv.sign_token)
    assert err.value.code == "office_meeting_signed"
    assert not Anomaly.objects.exists()


def test_deputy_without_leave_is_flagged_at_the_door(office_world: U) -> None:
    m = notified(office_world)
    inv = _confirm(office_world, _inv(m.pk), "deputy")
    assert inv.substitute
    s = _sign(office_world, inv)
    assert (s.substitute, s.violation, s.signed_by_clerk) == (
        True,
        "未经请假派人代会",
        office_world["office"],
    )
    finding = Anomaly.objects.get(kind="meeting_substitute")
    assert (finding.subject_kind, finding.subject_ref) == ("meeting", inv.pk)
    assert finding.department_id == unit(FAGAI).pk
    assert Notification.objects.filter(recipient=office_world["fagai"], kind="anomaly").exists()


def test_deputy_with_leave_approved_beforehand_is_no_violation(office_world: U) -> None:
    m = notified(office_world)
    inv = _confirm(office_world, _inv(m.pk), "deputy")
    with travel_to(BEFORE_DAY):
        leave = actions.request_leave(
            actor=office_world["fagai"],
            invitation_id=inv.pk,
            reason="赴省参加会议",
            substitute_name="李副主任",
        )
        with pytest.raises(Conflict) as err:
            actions.request_leave(
                actor=office_world["fagai"], invitation_id=inv.pk, reason="又一次"
            )
        assert err.value.code == "office_meeting_leave_pending"
        with pytest.raises(NotFound):  # the invited unit cannot approve its own leave
            actions.decide_leave(actor=office_world["fagai"], leave_id=leave.pk, approve=True)
        actions.decide_leave(actor=office_world["office"], leave_id=leave.pk, approve=True)
    s = _sign(office_world, inv)
    assert (s.substitute, s.violation) == (True, "")
    assert not Anomaly.objects.exists()


def test_leave_after_the_start_is_refused(office_world: U) -> None:
    m = notified(office_world)
    inv = _confirm(office_world, _inv(m.pk), "deputy")
    with travel_to(BEFORE_DAY):
        leave = actions.request_leave(
            actor=office_world["fagai"], invitation_id=inv.pk, reason="出差"
        )
    with travel_to(AFTER_DAY):
        with pytest.raises(Conflict) as err:
            actions.decide_leave(actor=office_world["office"], leave_id=leave.pk, approve=True)
        assert err.value.code == "office_meeting_leave_late"
        with pytest.raises(Conflict) as err:
            actions.request_leave(actor=office_world["fagai"], invitation_id=inv.pk, reason="出差")
        assert err.value.code == "office_meeting_leave_late"


def test_refused_leave_still_leaves_a_violation(office_world: U) -> None:
    m = notified(office_world)
    inv = _confirm(office_world, _inv(m.pk), "section")
    with travel_to(BEFORE_DAY):
        leave = actions.request_leave(
            actor=office_world["fagai"], invitation_id=inv.pk, reason="忙"
        )
        with pytest.raises(InvalidInput) as err:
            actions.decide_leave(actor=office_world["office"], leave_id=leave.pk, approve=False)
        assert err.value.code == "office_meeting_note_required"
        actions.decide_leave(
            actor=office_world["office"],
            leave_id=leave.pk,
            approve=False,
            note="须主要负责同志参加",
        )
    assert _sign(office_world, inv).violation == "未经请假派人代会"


def test_clerk_records_who_actually_came(office_world: U) -> None:
    m = notified(office_world)
    inv = _confirm(office_world, _inv(m.pk), "principal", name="张宏伟")
    assert not inv.substitute
    s = _sign(office_world, inv, attendee_name="王科长", attendee_level="section")
    assert (s.attendee_name, s.substitute, s.violation) == ("王科长", True, "未经请假派人代会")


def test_named_person_required(office_world: U) -> None:
    fagai = office_world["fagai"]
    m = apply(
        office_world,
        invitations=[{"unit_id": unit(FAGAI).pk, "level": "principal", "person_id": fagai.pk}],
    )
    with travel_to(APPLY_DAY):
        actions.notify_meeting(actor=office_world["office"], meeting_id=m.pk)
    inv = _confirm(office_world, _inv(m.pk), "principal", name="另一位主任")
    assert inv.substitute  # not the person named, whatever the level


def test_scope_another_unit_cannot_confirm_or_sign(office_world: U) -> None:
    m = notified(office_world)
    inv = _inv(m.pk)
    with travel_to(BEFORE_DAY), pytest.raises(NotFound):
        actions.confirm_attendee(
            actor=office_world["depthead"],
            invitation_id=inv.pk,
            attendee_level="principal",
            attendee_name="某",
        )
    with travel_to(BEFORE_DAY), pytest.raises(InvalidInput) as err:  # a user of another unit
        actions.confirm_attendee(
            actor=office_world["fagai"],
            invitation_id=inv.pk,
            attendee_level="principal",
            attendee_id=office_world["office"].pk,
        )
    assert err.value.code == "office_meeting_attendee_invalid"
    _confirm(office_world, inv, "principal", name="张宏伟")
    # neither the county nor the invited unit itself may sign for the host
    for who in ("minle", "fagai"):
        with travel_to(MEETING_DAY), pytest.raises(PermissionDenied) as denied:
            actions.sign_in(actor=office_world[who], token=inv.sign_token)
        assert denied.value.code == "office_meeting_sign_forbidden"


def test_tokens_are_random_and_bound_to_their_meeting(office_world: U) -> None:
    a, b = notified(office_world), notified(office_world)
    ta, tb = _inv(a.pk).sign_token, _inv(b.pk).sign_token
    assert ta != tb
    assert len(ta) >= 32
    assert len(tb) >= 32
    _confirm(office_world, _inv(a.pk), "principal", name="张宏伟")
    with travel_to(MEETING_DAY):
        for bad in ("", "x" * 20, ta[:-1] + ("A" if ta[-1] != "A" else "B"), None, 12):
            with pytest.raises(NotFound) as err:
                actions.sign_in(actor=office_world["office"], token=bad)  # type: ignore[arg-type]
            assert err.value.code == "office_meeting_sign_token_invalid"
        with pytest.raises(NotFound):  # a's token does not open b
            actions.sign_in(actor=office_world["office"], token=ta, meeting_id=b.pk)
        assert (
            actions.sign_in(actor=office_world["office"], token=ta, meeting_id=a.pk).status
            == "signed"
        )


def test_sign_in_before_notice_or_after_held_is_refused(office_world: U) -> None:
    m = apply(office_world)
    inv = _inv(m.pk)
    with travel_to(MEETING_DAY), pytest.raises(Conflict) as err:
        actions.sign_in(
            actor=office_world["office"],
            token=inv.sign_token,
            attendee_name="某",
            attendee_level="staff",
        )
    assert err.value.code == "office_meeting_not_notified"


def test_held_marks_absences_and_stats_count_them(office_world: U) -> None:
    m = apply(
        office_world,
        invitations=[
            {"unit_id": unit(FAGAI).pk, "level": "principal"},
            {"unit_id": unit("620700003").pk, "level": "principal"},
            {"unit_id": unit("620722").pk, "level": "deputy"},
        ],
    )
    with travel_to(APPLY_DAY):
        actions.notify_meeting(actor=office_world["office"], meeting_id=m.pk)
    fagai, gongxin, minle = list(Invitation.objects.filter(meeting=m).order_by("id"))
    _confirm(office_world, fagai, "deputy")
    _sign(office_world, fagai)
    with travel_to(BEFORE_DAY):
        leave = actions.request_leave(
            actor=office_world["minle"], invitation_id=minle.pk, reason="防汛值守"
        )
        actions.decide_leave(actor=office_world["office"], leave_id=leave.pk, approve=True)
    with travel_to(MEETING_DAY), pytest.raises(Conflict):
        actions.publish_attendance(actor=office_world["office"], meeting_id=m.pk)
    with travel_to(AFTER_DAY):
        actions.mark_held(actor=office_world["office"], meeting_id=m.pk)
        with pytest.raises(Conflict):
            actions.mark_held(actor=office_world["office"], meeting_id=m.pk)
    gongxin.refresh_from_db()
    minle.refresh_from_db()
    assert (gongxin.status, gongxin.violation) == ("absent", "未经请假缺席")
    assert (minle.status, minle.violation) == ("absent", "")
    assert Anomaly.objects.filter(kind="meeting_absent", department_id=gongxin.unit_id).count() == 1
    assert Anomaly.objects.filter(kind="meeting_substitute").count() == 1
    data = attendance(office_world["supervisor"], 2026)
    units = {t.name: t for t in data["units"]}
    assert data["meetings"] == 1
    assert units["张掖市发展和改革委员会"].substitute_without_leave == 1
    assert units["张掖市工业和信息化委员会"].absent == 1
    assert [p.name for p in data["people"]] == ["李副主任"]
    # a unit sees its own row only
    assert [t.name for t in attendance(office_world["fagai"], 2026)["units"]] == [
        "张掖市发展和改革委员会"
    ]
    with travel_to(AFTER_DAY):
        p = actions.publish_attendance(actor=office_world["office"], meeting_id=m.pk)
        assert p.attendance_published_at is not None
        with pytest.raises(Conflict) as err:
            actions.publish_attendance(actor=office_world["office"], meeting_id=m.pk)
        assert err.value.code == "office_meeting_published"
    assert Notification.objects.filter(
        recipient=office_world["supervisor"], title__contains="出勤情况通报"
    ).exists()


def test_held_not_before_the_start(office_world: U) -> None:
    m = notified(office_world)
    with travel_to(BEFORE_DAY), pytest.raises(Conflict) as err:
        actions.mark_held(actor=office_world["office"], meeting_id=m.pk)
    assert err.value.code == "office_meeting_not_started"
