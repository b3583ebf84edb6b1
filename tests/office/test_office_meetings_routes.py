"""Applying for a meeting and its routes (seed art. 11, domain rules §13):
a 全市性会议 by the executive meeting or by the leader in charge and the
mayor; a professional meeting by the leader in charge; a department's
meeting may not invite city leaders, needs the government for county
leaders, else no approval. No notice before approval."""

from __future__ import annotations

from typing import Any

import pytest
from office_meetings_support import APPLY_DAY, FAGAI, apply, government, unit

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions import meetings as actions
from xiaoneng.office.models.meetings import Meeting
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db
U = dict[str, User]


def test_department_meeting_without_leaders_needs_no_approval(office_world: U) -> None:
    m = apply(office_world)
    assert (m.status, m.route, m.number) == ("approved", "none", "HY-2026-0001")
    assert m.host == unit("620700005")
    assert m.invitations.count() == 1
    assert AuditEvent.objects.filter(event_type="office.meeting_applied").count() == 1
    assert apply(office_world).number == "HY-2026-0002"


def test_department_meeting_may_not_invite_city_leaders(office_world: U) -> None:
    with pytest.raises(InvalidInput) as err:
        apply(office_world, invites_city_leaders=True)
    assert err.value.code == "office_meeting_city_leaders"
    assert "不得邀请市领导" in err.value.message
    assert not Meeting.objects.exists()


def test_department_meeting_inviting_county_leaders_needs_the_government(
    office_world: U,
) -> None:
    m = apply(office_world, invites_county_leaders=True)
    assert (m.status, m.route) == ("reviewing", "government")
    with travel_to(APPLY_DAY), pytest.raises(Conflict) as err:
        actions.notify_meeting(actor=office_world["office"], meeting_id=m.pk)
    assert err.value.code == "office_meeting_not_approved"
    with travel_to(APPLY_DAY):
        done = actions.review_meeting(actor=office_world["leader"], meeting_id=m.pk, approve=True)
        assert done.status == "approved"
        assert actions.notify_meeting(actor=office_world["office"], meeting_id=m.pk).status == (
            "notified"
        )


def test_professional_meeting_needs_the_leader_in_charge(office_world: U) -> None:
    m = apply(office_world, kind="professional")
    assert (m.status, m.route) == ("reviewing", "leader")
    with travel_to(APPLY_DAY):
        with pytest.raises(Conflict) as err:
            actions.notify_meeting(actor=office_world["office"], meeting_id=m.pk)
        assert err.value.code == "office_meeting_not_approved"
        with pytest.raises(Conflict):  # the mayor's step is not this one
            actions.approve_meeting(actor=office_world["mayor"], meeting_id=m.pk, approve=True)
        done = actions.review_meeting(actor=office_world["leader"], meeting_id=m.pk, approve=True)
    assert (done.status, done.approved_by) == ("approved", office_world["leader"])


def test_only_the_leader_in_charge_of_the_host_reviews(office_world: U) -> None:
    m = apply(office_world, kind="professional", host_id=None)
    # the mayor holds leader.approve but is not in charge of 市工商局
    with travel_to(APPLY_DAY), pytest.raises((PermissionDenied, NotFound)) as err:
        actions.review_meeting(actor=office_world["mayor"], meeting_id=m.pk, approve=True)
    assert err.value.code == "office_meeting_not_in_charge"
    with travel_to(APPLY_DAY), pytest.raises(PermissionDenied):
        actions.review_meeting(actor=office_world["office"], meeting_id=m.pk, approve=True)


def test_government_meeting_by_the_leader_then_the_mayor(office_world: U) -> None:
    m = government(office_world)
    assert (m.status, m.route) == ("reviewing", "leader_mayor")
    assert Notification.objects.filter(recipient=office_world["leader"]).exists()
    with travel_to(APPLY_DAY):
        with pytest.raises(Conflict):
            actions.notify_meeting(actor=office_world["zhengfuban"], meeting_id=m.pk)
        r = actions.review_meeting(actor=office_world["leader"], meeting_id=m.pk, approve=True)
        assert r.status == "approving"
        with pytest.raises(Conflict) as err:
            actions.notify_meeting(actor=office_world["zhengfuban"], meeting_id=m.pk)
        assert err.value.code == "office_meeting_not_approved"
        a = actions.approve_meeting(actor=office_world["mayor"], meeting_id=m.pk, approve=True)
        assert (a.status, a.route, a.approved_by) == (
            "approved",
            "leader_mayor",
            office_world["mayor"],
        )
        assert a.reviewed_by == office_world["leader"]
        n = actions.notify_meeting(actor=office_world["zhengfuban"], meeting_id=m.pk)
    assert n.status == "notified"
    # each invited unit's heads and office are told, with the level required
    told = Notification.objects.filter(kind="office_meeting", title__startswith="会议通知")
    assert told.filter(recipient=office_world["depthead"], body__contains="主要负责同志").exists()
    assert told.filter(recipient=office_world["office"]).exists()
    assert told.filter(recipient=office_world["fagai"], body__contains="分管负责同志").exists()


def test_government_meeting_by_the_executive_meeting(office_world: U) -> None:
    m = government(office_world)
    with travel_to(APPLY_DAY):
        with pytest.raises(InvalidInput) as err:
            actions.record_executive(
                actor=office_world["zhengfuban"], meeting_id=m.pk, executive_ref=" "
            )
        assert err.value.code == "office_meeting_executive_ref_required"
        with pytest.raises(PermissionDenied):
            actions.record_executive(
                actor=office_world["office"], meeting_id=m.pk, executive_ref="市政府第12次常务会议"
            )
        e = actions.record_executive(
            actor=office_world["zhengfuban"], meeting_id=m.pk, executive_ref="市政府第12次常务会议"
        )
    assert (e.status, e.route, e.executive_ref) == ("approved", "executive", "市政府第12次常务会议")


def test_a_professional_meeting_has_no_executive_route(office_world: U) -> None:
    m = apply(office_world, kind="professional")
    with travel_to(APPLY_DAY), pytest.raises(Conflict):
        actions.record_executive(
            actor=office_world["zhengfuban"], meeting_id=m.pk, executive_ref="第1次常务会议"
        )


@pytest.mark.parametrize("who", ["leader", "mayor", "zhengfuban"])
def test_rejection_needs_a_note(office_world: U, who: str) -> None:
    m = government(office_world)
    with travel_to(APPLY_DAY):
        if who == "mayor":
            actions.review_meeting(actor=office_world["leader"], meeting_id=m.pk, approve=True)
        call: Any = {
            "leader": actions.review_meeting,
            "mayor": actions.approve_meeting,
            "zhengfuban": lambda **k: actions.record_executive(executive_ref="第3次常务会议", **k),
        }[who]
        with pytest.raises(InvalidInput) as err:
            call(actor=office_world[who], meeting_id=m.pk, approve=False)
        assert err.value.code == "office_meeting_note_required"
        r = call(actor=office_world[who], meeting_id=m.pk, approve=False, note="可与季度会合并召开")
        assert (r.status, r.decision_note) == ("rejected", "可与季度会合并召开")
        with pytest.raises(Conflict):
            actions.notify_meeting(actor=office_world["zhengfuban"], meeting_id=m.pk)


def test_bad_applications_are_refused_with_codes(office_world: U) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "party"}, "office_meeting_kind_invalid"),
        ({"title": "  "}, "office_meeting_title_required"),
        ({"place": ""}, "office_meeting_place_required"),
        ({"agenda": ""}, "office_meeting_agenda_required"),
        ({"starts_at": "yesterday"}, "office_meeting_time_invalid"),
        ({"ends_at": "2026-03-10T08:00"}, "office_meeting_time_invalid"),
        ({"starts_at": "2026-03-01T09:00"}, "office_meeting_time_invalid"),
        ({"invitations": []}, "office_meeting_invitations_invalid"),
        (
            {"invitations": [{"unit_id": 99999999, "level": "principal"}]},
            "office_meeting_invitations_invalid",
        ),
        (
            {"invitations": [{"unit_id": "x", "level": "principal"}]},
            "office_meeting_invitations_invalid",
        ),
        ({"invitations": [{"unit_id": 1, "level": "boss"}]}, "office_meeting_level_invalid"),
        ({"host_id": 99999999}, "office_meeting_host_invalid"),
    ]
    fagai = unit(FAGAI).pk
    cases.append(
        (
            {
                "invitations": [
                    {"unit_id": fagai, "level": "deputy"},
                    {"unit_id": fagai, "level": "staff"},
                ]
            },
            "office_meeting_invitations_invalid",
        )
    )
    cases.append(
        (
            {
                "invitations": [
                    {"unit_id": fagai, "level": "deputy", "person_id": office_world["office"].pk}
                ]
            },
            "office_meeting_attendee_invalid",
        )
    )
    # 市工商局's office cannot host for 市发改委 (outside its scope)
    cases.append(({"host_id": fagai}, "office_meeting_host_invalid"))
    for extra, code in cases:
        with pytest.raises(InvalidInput) as err:
            apply(office_world, **extra)
        assert err.value.code == code, extra
    assert not Meeting.objects.exists()


def test_cancel_before_it_begins_only(office_world: U) -> None:
    from office_meetings_support import AFTER_DAY, notified

    m = notified(office_world)
    with travel_to(AFTER_DAY), pytest.raises(Conflict) as err:
        actions.cancel_meeting(actor=office_world["office"], meeting_id=m.pk)
    assert err.value.code == "office_meeting_started"
    with travel_to(APPLY_DAY):
        with pytest.raises(NotFound):  # another unit's office: not there
            actions.cancel_meeting(actor=office_world["fagai"], meeting_id=m.pk)
        c = actions.cancel_meeting(actor=office_world["office"], meeting_id=m.pk, reason="改期")
    assert c.status == "cancelled"
    assert Notification.objects.filter(
        recipient=office_world["fagai"], title__startswith="会议取消"
    ).exists()
