"""Holiday duty (seed art. 12): rosters opened before each holiday and due N
working days before it, reminders once a day, a shift for every day before
submitting, late at the day boundary, edits until the holiday, spot checks
and their finding once per unit and holiday, cards for overdue rosters."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions import duty
from xiaoneng.office.common import DUTY_KINDS
from xiaoneng.office.models.duty import DutyRoster, RosterStatus, SpotCheck
from xiaoneng.office.sweeps import duty as duty_sweep
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import Anomaly, SubjectCard

pytestmark = pytest.mark.django_db

SPRING = date(2026, 2, 15)  # 春节 2026: 2月15日–23日
SPRING_DUE = date(2026, 2, 12)  # 3 working days before: 2/14 (make-up Saturday), 2/13, 2/12
EARLY_FEB = date(2026, 2, 2)


def gongshang() -> Department:
    return Department.objects.get(code="620700005")


def roster_of(unit: Department, start: date = SPRING) -> DutyRoster:
    return DutyRoster.objects.get(unit=unit, starts_on=start)


def fill(roster: DutyRoster, users: dict[str, User], *, skip: int = 0) -> list[dict[str, Any]]:
    days = duty.missing_days(roster, [])
    return [
        {"day": d, "leader": users["depthead"].pk, "staff": users["office"].pk} for d in days[skip:]
    ]


@pytest.fixture
def opened(office_world: dict[str, User]) -> dict[str, User]:
    with travel_to(EARLY_FEB):
        duty_sweep.sweep(EARLY_FEB)
    return office_world


def test_the_sweep_opens_every_duty_units_roster_once(office_world: dict[str, User]) -> None:
    with travel_to(EARLY_FEB):
        first = duty_sweep.sweep(EARLY_FEB)
        again = duty_sweep.sweep(EARLY_FEB)
    units = Department.objects.filter(active=True, kind__in=DUTY_KINDS).count()
    assert first["rosters_opened"] == units > 6  # the departments and the six counties
    assert again["rosters_opened"] == 0
    row = roster_of(gongshang())
    assert (row.holiday, row.ends_on, row.due_on) == ("春节", date(2026, 2, 23), SPRING_DUE)
    assert DutyRoster.objects.filter(unit__code="620722", starts_on=SPRING).exists()  # 民乐县
    assert not DutyRoster.objects.filter(unit__kind="office").exists()


def test_reminders_once_a_day_from_the_window(opened: dict[str, User]) -> None:
    office = opened["office"]
    mine = Notification.objects.filter(recipient=office, kind="office_roster_remind")
    # due 2月12日, reminders 7 days before: from 2月5日
    with travel_to(date(2026, 2, 4)):
        assert duty_sweep.sweep(date(2026, 2, 4))["roster_reminders"] == 0
    for day in (date(2026, 2, 5), date(2026, 2, 6)):
        with travel_to(day):
            duty_sweep.sweep(day)
            duty_sweep.sweep(day)
    assert mine.count() == 2
    assert (
        Notification.objects.filter(
            recipient=opened["depthead"], kind="office_roster_remind"
        ).count()
        == 2
    )
    assert (
        Notification.objects.filter(recipient=opened["window"], kind="office_roster_remind").count()
        == 0
    )


def test_a_roster_needs_every_day_and_the_phone(opened: dict[str, User]) -> None:
    office = opened["office"]
    row = roster_of(gongshang())
    with travel_to(date(2026, 2, 10)):
        duty.save_roster(
            actor=office,
            roster_id=row.pk,
            duty_phone="0936-8213000",
            shifts=fill(row, opened, skip=1),
        )
        with pytest.raises(InvalidInput) as missing:
            duty.submit_roster(actor=office, roster_id=row.pk)
        assert missing.value.code == "office_roster_incomplete"
        assert missing.value.detail["missing_days"] == [SPRING]
        duty.save_roster(actor=office, roster_id=row.pk, duty_phone="", shifts=fill(row, opened))
        with pytest.raises(InvalidInput):
            duty.submit_roster(actor=office, roster_id=row.pk)
        duty.save_roster(
            actor=office, roster_id=row.pk, duty_phone="0936-8213000", shifts=fill(row, opened)
        )
        done = duty.submit_roster(actor=office, roster_id=row.pk)
    assert (done.status, done.late, done.shifts.count()) == (RosterStatus.SUBMITTED, False, 9)


@pytest.mark.parametrize(("day", "late"), [(SPRING_DUE, False), (date(2026, 2, 13), True)])
def test_late_after_the_due_day(opened: dict[str, User], day: date, late: bool) -> None:
    row = roster_of(gongshang())
    with travel_to(day):
        duty.save_roster(
            actor=opened["office"],
            roster_id=row.pk,
            duty_phone="0936-8213000",
            shifts=fill(row, opened),
        )
        assert duty.submit_roster(actor=opened["office"], roster_id=row.pk).late is late


def test_the_people_are_of_the_unit_and_two(opened: dict[str, User]) -> None:
    row = roster_of(gongshang())
    office = opened["office"]
    with travel_to(date(2026, 2, 10)):
        stranger = [{"day": SPRING, "leader": opened["fagai"].pk, "staff": office.pk}]
        with pytest.raises(InvalidInput) as bad:
            duty.save_roster(actor=office, roster_id=row.pk, duty_phone="1", shifts=stranger)
        assert bad.value.code == "office_roster_person_invalid"
        same = [{"day": SPRING, "leader": office.pk, "staff": office.pk}]
        with pytest.raises(InvalidInput) as twice:
            duty.save_roster(actor=office, roster_id=row.pk, duty_phone="", shifts=same)
        assert twice.value.code == "office_roster_same_person"
        outside = [{"day": date(2026, 2, 24), "leader": opened["depthead"].pk, "staff": office.pk}]
        with pytest.raises(InvalidInput) as day:
            duty.save_roster(actor=office, roster_id=row.pk, duty_phone="", shifts=outside)
        assert day.value.code == "office_roster_day_invalid"
        # a section's clerk is of the bureau
        ok = [{"day": SPRING, "leader": opened["depthead"].pk, "staff": opened["reviewer"].pk}]
        duty.save_roster(actor=office, roster_id=row.pk, duty_phone="", shifts=ok)


def test_another_unit_cannot_touch_the_roster(opened: dict[str, User]) -> None:
    row = roster_of(gongshang())
    with travel_to(date(2026, 2, 10)), pytest.raises(NotFound):
        duty.save_roster(actor=opened["fagai"], roster_id=row.pk, duty_phone="", shifts=[])
    with travel_to(date(2026, 2, 10)), pytest.raises(PermissionDenied):
        duty.submit_roster(actor=opened["window"], roster_id=row.pk)


def test_edits_after_submission_until_the_holiday(opened: dict[str, User]) -> None:
    row = roster_of(gongshang())
    office = opened["office"]
    with travel_to(date(2026, 2, 10)):
        duty.save_roster(
            actor=office, roster_id=row.pk, duty_phone="0936-8213000", shifts=fill(row, opened)
        )
        duty.submit_roster(actor=office, roster_id=row.pk)
    with travel_to(date(2026, 2, 14)):
        with pytest.raises(InvalidInput):  # still complete
            duty.save_roster(
                actor=office,
                roster_id=row.pk,
                duty_phone="0936-8213000",
                shifts=fill(row, opened, skip=2),
            )
        again = duty.save_roster(
            actor=office, roster_id=row.pk, duty_phone="0936-8213001", shifts=fill(row, opened)
        )
        assert (again.version, again.status) == (2, RosterStatus.SUBMITTED)
    with travel_to(SPRING), pytest.raises(Conflict) as closed:
        duty.save_roster(
            actor=office, roster_id=row.pk, duty_phone="0936-8213000", shifts=fill(row, opened)
        )
    assert closed.value.code == "office_roster_closed"


def test_an_unsubmitted_roster_is_carded_then_closed(opened: dict[str, User]) -> None:
    row = roster_of(gongshang())
    cards = SubjectCard.objects.filter(subject_kind="duty_roster", subject_ref=row.pk)
    with travel_to(SPRING_DUE):
        duty_sweep.sweep(SPRING_DUE)
    assert not cards.exists()  # due today: not yet late
    with travel_to(date(2026, 2, 13)):
        assert duty_sweep.sweep(date(2026, 2, 13))["roster_cards_yellow"] >= 1
        duty_sweep.sweep(date(2026, 2, 13))
    assert cards.count() == 1
    assert cards.get().step == "roster"
    with travel_to(date(2026, 2, 13)):
        duty.save_roster(
            actor=opened["office"],
            roster_id=row.pk,
            duty_phone="0936-8213000",
            shifts=fill(row, opened),
        )
        assert duty.submit_roster(actor=opened["office"], roster_id=row.pk).late
    with travel_to(date(2026, 2, 14)):
        duty_sweep.sweep(date(2026, 2, 14))
    assert cards.get().closed_on == date(2026, 2, 14)


def test_a_failed_spot_check_is_one_finding(opened: dict[str, User]) -> None:
    row = roster_of(gongshang())
    with travel_to(date(2026, 2, 10)):
        duty.save_roster(
            actor=opened["office"],
            roster_id=row.pk,
            duty_phone="0936-8213000",
            shifts=fill(row, opened),
        )
        duty.submit_roster(actor=opened["office"], roster_id=row.pk)
    checker = opened["zhengfuban"]
    with travel_to(date(2026, 2, 16)):
        ok = duty.record_check(actor=checker, unit_id=row.unit_id, result="present")
        assert ok.shift is not None
        assert ok.shift.staff == opened["office"]
        assert not Anomaly.objects.filter(kind="duty_absent").exists()
        duty.record_check(actor=checker, unit_id=row.unit_id, result="no_answer", note="连拨三次")
        duty.record_check(actor=opened["supervisor"], unit_id=row.unit_id, result="absent")
    finding = Anomaly.objects.get(kind="duty_absent")
    assert (finding.department_id, finding.subject_kind, finding.subject_ref) == (
        row.unit_id,
        "duty_roster",
        row.pk,
    )
    assert finding.evidence["result"] == "no_answer"
    assert finding.evidence["staff"] == "王丽"
    assert finding.evidence["day"] == "2026-02-16"
    heads = Notification.objects.filter(recipient=opened["depthead"])
    assert heads.filter(kind="anomaly").count() == 1
    assert heads.filter(kind="office_duty_check").count() == 1  # the second failure told too
    assert SpotCheck.objects.count() == 3


def test_a_unit_without_a_roster_can_be_checked(office_world: dict[str, User]) -> None:
    with travel_to(date(2026, 2, 17)):
        check = duty.record_check(
            actor=office_world["zhengfuban"], unit_id=gongshang().pk, result="no_answer"
        )
    assert check.shift is None
    assert Anomaly.objects.filter(kind="duty_absent", department=gongshang()).count() == 1


def test_spot_checks_only_on_holidays_and_by_the_checkers(office_world: dict[str, User]) -> None:
    unit = gongshang().pk
    with travel_to(date(2026, 3, 2)), pytest.raises(InvalidInput) as workday:
        duty.record_check(actor=office_world["zhengfuban"], unit_id=unit, result="absent")
    assert workday.value.code == "office_check_not_holiday"
    with travel_to(date(2026, 2, 16)):
        with pytest.raises(PermissionDenied):
            duty.record_check(actor=office_world["office"], unit_id=unit, result="absent")
        with pytest.raises(InvalidInput) as bad:
            duty.record_check(actor=office_world["zhengfuban"], unit_id=unit, result="asleep")
        assert bad.value.code == "office_check_result_invalid"
        with pytest.raises(NotFound):
            duty.record_check(actor=office_world["zhengfuban"], unit_id=999999, result="absent")
