"""Emergencies (domain rules §12): who is called to the scene, check-in by
the responder only, once, late at the minute boundary, the finding once per
late arrival, close then review (final), scope."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions import emergencies as act
from xiaoneng.office.models.duty import DutyRoster, DutyShift, RosterStatus
from xiaoneng.office.models.emergencies import Emergency, EmergencyStatus, Responder
from xiaoneng.office.sweeps.emergencies import sweep
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

DAY = date(2026, 7, 14)
SAIC = "620700005"  # 市工商局: leader in charge `leader`, head `depthead`, office `office`
WATER = "620700015"  # 市水务局: no leader in charge, no demo head


def dept(code: str) -> Department:
    return Department.objects.get(code=code)


def register(users: dict[str, User], code: str = SAIC, **over: Any) -> Emergency:
    data = {
        "title": "西关农贸市场火灾",
        "category": "accident",
        "grade": "3",
        "place": "甘州区西关农贸市场",
        "occurred_at": f"{DAY.isoformat()}T08:30",
        "description": "市场东区商铺起火，无人员伤亡。",
        "department_id": dept(code).pk,
    } | over
    return act.register_emergency(actor=users["zhengfuban"], **data)


def duties(row: Emergency) -> dict[str, str]:
    return {r.user.username: r.duty for r in row.responders.select_related("user")}


def at(monkeypatch: Any, moment: Any) -> None:
    monkeypatch.setattr(timesource, "now", lambda: moment)


def test_register_numbers_and_calls_leader_head_and_office(office_world: Any) -> None:
    users = office_world
    with travel_to(DAY):
        row = register(users)
        second = register(users, title="第二起")
    assert row.number == "TF-2026-0001"
    assert second.number == "TF-2026-0002"
    assert row.arrival_minutes == 90  # Ⅲ级
    assert duties(row) == {"leader": "leader", "depthead": "head", "office": "on_duty"}
    told = Notification.objects.filter(
        kind="office_emergency", link__endswith=f"/{row.pk}/checkin/"
    )
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "depthead",
        "leader",
        "office",
    ]
    assert AuditEvent.objects.filter(event_type="office.emergency_registered").count() == 2


def test_the_mayor_where_no_leader_is_in_charge(office_world: Any) -> None:
    with travel_to(DAY):
        row = register(office_world, code=WATER)
    assert duties(row) == {"mayor": "leader"}


def test_on_duty_is_the_submitted_rosters_shift_of_the_day(office_world: Any) -> None:
    users = office_world
    unit = dept(SAIC)
    roster = DutyRoster.objects.create(
        unit=unit,
        holiday="测试",
        starts_on=DAY,
        ends_on=DAY,
        due_on=DAY - timedelta(days=5),
        status=RosterStatus.SUBMITTED,
    )
    DutyShift.objects.create(roster=roster, day=DAY, leader=users["depthead"], staff=users["zhifa"])
    with travel_to(DAY):
        row = register(users)
    assert duties(row) == {"leader": "leader", "depthead": "head", "zhifa": "on_duty"}
    # a draft roster does not count: the unit's office again
    roster.status = RosterStatus.DRAFT
    roster.save()
    with travel_to(DAY):
        again = register(users)
    assert duties(again)["office"] == "on_duty"
    assert "zhifa" not in duties(again)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("title", " ", "office_emergency_title_required"),
        ("category", "flood", "office_emergency_category_invalid"),
        ("grade", "5", "office_emergency_grade_invalid"),
        ("occurred_at", "2026-07-15T08:00", "office_emergency_occurred_invalid"),
        ("occurred_at", "yesterday", "office_emergency_occurred_invalid"),
        ("department_id", "x", "office_emergency_department_invalid"),
        ("latitude", "95", "office_emergency_coordinates_invalid"),
    ],
)
def test_bad_input_is_refused_with_a_code(
    office_world: Any, field: str, value: str, code: str
) -> None:
    with travel_to(DAY), pytest.raises(InvalidInput) as refused:
        register(office_world, **({"latitude": "38.9", "longitude": "100.45"} | {field: value}))
    assert refused.value.code == code


def test_only_the_duty_room_registers(office_world: Any) -> None:
    with travel_to(DAY), pytest.raises(PermissionDenied):
        act.register_emergency(
            actor=office_world["office"],
            title="x",
            category="accident",
            grade="4",
            place="x",
            occurred_at=f"{DAY}T08:00",
            description="x",
            department_id=dept(SAIC).pk,
        )


def test_only_the_responder_checks_in_and_only_once(office_world: Any, monkeypatch: Any) -> None:
    users = office_world
    with travel_to(DAY):
        row = register(users)
        with pytest.raises(PermissionDenied) as refused:
            act.check_in(actor=users["mayor"], emergency_id=row.pk, place="现场")
        assert refused.value.code == "office_emergency_not_responder"
        mine = act.check_in(
            actor=users["depthead"],
            emergency_id=row.pk,
            place="西关农贸市场东门",
            latitude="38.932100",
            longitude="100.451200",
        )
        assert mine.arrived_at is not None
        assert not mine.late
        assert mine.minutes is not None
        with pytest.raises(Conflict) as twice:
            act.check_in(actor=users["depthead"], emergency_id=row.pk, place="again")
        assert twice.value.code == "office_emergency_checked_in"
        with pytest.raises(NotFound):
            act.check_in(actor=users["depthead"], emergency_id=999999, place="x")


def test_late_at_the_minute_boundary_and_the_finding_once(
    office_world: Any, monkeypatch: Any
) -> None:
    users = office_world
    with travel_to(DAY):
        row = register(users)
    notified = Responder.objects.get(emergency=row, user=users["leader"]).notified_at
    at(monkeypatch, notified + timedelta(minutes=90))  # exactly the target: on time
    on_time = act.check_in(actor=users["leader"], emergency_id=row.pk, place="现场")
    assert (on_time.minutes, on_time.late) == (90, False)
    at(monkeypatch, notified + timedelta(minutes=90, seconds=1))  # a second past: 91, late
    late = act.check_in(actor=users["office"], emergency_id=row.pk, place="现场")
    assert (late.minutes, late.late) == (91, True)
    found = Anomaly.objects.filter(kind="late_arrival", subject_kind="emergency")
    assert found.count() == 1
    anomaly = found.get()
    assert anomaly.subject_ref == late.pk
    assert anomaly.department_id == dept(SAIC).pk  # the office's unit
    assert anomaly.evidence["minutes"] == 91
    assert anomaly.evidence["target"] == 90
    assert sweep(DAY) == {}  # raised already: the sweep adds none
    assert found.count() == 1


def test_the_sweep_raises_a_missing_finding_once(office_world: Any) -> None:
    users = office_world
    with travel_to(DAY):
        row = register(users)
        r = Responder.objects.get(emergency=row, user=users["office"])
        Responder.objects.filter(pk=r.pk).update(
            arrived_at=timesource.now(), minutes=200, late=True, arrival_place="现场"
        )
    assert sweep(DAY) == {"late_arrival": 1}
    assert sweep(DAY) == {}
    assert Anomaly.objects.filter(kind="late_arrival", subject_ref=r.pk).count() == 1


def test_log_close_then_review_which_is_final(office_world: Any) -> None:
    users = office_world
    with travel_to(DAY):
        row = register(users)
        act.log_action(actor=users["zhengfuban"], emergency_id=row.pk, text="调集消防力量")
        act.log_action(actor=users["office"], emergency_id=row.pk, text="疏散商户", kind="action")
        with pytest.raises(PermissionDenied):
            act.log_action(actor=users["fagai"], emergency_id=row.pk, text="x")
        with pytest.raises(Conflict) as early:
            act.review_emergency(actor=users["supervisor"], emergency_id=row.pk, review="x")
        assert early.value.code == "office_emergency_not_closed"
        with pytest.raises(PermissionDenied):
            act.close_emergency(actor=users["office"], emergency_id=row.pk)
        act.record_duties(actor=users["depthead"], emergency_id=row.pk, duties_done="现场指挥")
        act.close_emergency(actor=users["zhengfuban"], emergency_id=row.pk)
        with pytest.raises(Conflict):
            act.check_in(actor=users["leader"], emergency_id=row.pk, place="现场")
        with pytest.raises(PermissionDenied):
            act.review_emergency(actor=users["office"], emergency_id=row.pk, review="x")
        with pytest.raises(InvalidInput):
            act.review_emergency(actor=users["supervisor"], emergency_id=row.pk, review=" ")
        done = act.review_emergency(
            actor=users["supervisor"], emergency_id=row.pk, review="响应及时。"
        )
        assert done.status == EmergencyStatus.REVIEWED
        with pytest.raises(Conflict):
            act.review_emergency(actor=users["zhengfuban"], emergency_id=row.pk, review="再改")
        with pytest.raises(Conflict):
            act.log_action(actor=users["zhengfuban"], emergency_id=row.pk, text="x")
    assert row.actions.count() == 2


def test_add_responder(office_world: Any) -> None:
    users = office_world
    with travel_to(DAY):
        row = register(users)
        added = act.add_responder(
            actor=users["zhengfuban"], emergency_id=row.pk, user_id=users["fagai"].pk
        )
        assert added.duty == "on_duty"
        with pytest.raises(Conflict):
            act.add_responder(
                actor=users["zhengfuban"], emergency_id=row.pk, user_id=users["fagai"].pk
            )
        with pytest.raises(InvalidInput):
            act.add_responder(actor=users["zhengfuban"], emergency_id=row.pk, user_id="nobody")
        with pytest.raises(PermissionDenied):
            act.add_responder(
                actor=users["depthead"], emergency_id=row.pk, user_id=users["mayor"].pk
            )
        act.check_in(actor=users["fagai"], emergency_id=row.pk, place="现场")
