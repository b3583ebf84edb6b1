"""Receptions (公务接待): the letter, the standards, approval before by the
unit head (never the registrant, only within scope), actuals after, and the
working-day alcohol ban against the calendar (a make-up Saturday is a
working day, a holiday Thursday is not)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from frugality_support import (
    ACTUALS_DAY,
    HOLIDAY,
    MAKEUP_SAT,
    MONDAY,
    REGISTER_DAY,
    SUNDAY,
    TUESDAY,
    World,
    actuals_fields,
)

from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.frugality import actions
from xiaoneng.frugality.models import Reception, Status
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def anomalies(row: Reception, kind: str) -> list[Anomaly]:
    return list(Anomaly.objects.filter(subject_kind="reception", subject_ref=row.pk, kind=kind))


def test_the_calendar_days_the_tests_rely_on() -> None:
    cal = current_calendar()
    assert cal.is_workday(MAKEUP_SAT)  # 国庆节 make-up Saturday
    assert not cal.is_workday(SUNDAY)
    assert not cal.is_workday(HOLIDAY)
    assert cal.is_workday(MONDAY)
    assert cal.is_workday(TUESDAY)


# --- the letter ----------------------------------------------------------------------


def test_a_reception_without_a_letter_is_recorded_and_flagged(registered: Any) -> None:
    row = registered(letter_number="", letter_date=None)
    (found,) = anomalies(row, "reception_no_letter")
    assert found.department_id == row.department_id
    assert found.evidence["letter_number"] == ""
    assert found.evidence["sending_unit"] == "嘉峪关市市场监督管理局"
    assert found.subject_url == f"/frugality/receptions/{row.pk}/"


def test_a_reception_with_its_letter_is_not_flagged(registered: Any) -> None:
    row = registered()
    assert anomalies(row, "reception_no_letter") == []
    assert row.letter_number == "嘉市监函〔2026〕18号"


def test_the_letter_scan_is_stored_through_the_upload_checks(registered: Any) -> None:
    row = registered(letter_scan=SimpleUploadedFile("公函.pdf", PDF, "application/pdf"))
    (scan,) = row.scans.all()
    assert scan.content_type == "application/pdf"
    assert scan.stored_path.startswith(f"frugality/receptions/{row.pk}/")


def test_a_scan_that_is_not_a_document_is_refused(registered: Any) -> None:
    with pytest.raises(InvalidInput):
        registered(letter_scan=SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + bytes(64)))
    assert not Reception.objects.exists()


# --- the standards at registration ---------------------------------------------------


@pytest.mark.parametrize(
    ("guests", "companions", "ok"),
    [(6, 3, True), (6, 4, False), (10, 3, True), (10, 4, False), (12, 4, True), (12, 5, False)],
)
def test_companions_within_the_rule(
    registered: Any, guests: int, companions: int, ok: bool
) -> None:
    """≤ 10 guests: at most 3 companions; more: at most a third of the guests."""
    fields = {"guests": guests, "companions": companions, "planned_cost": Decimal("100")}
    if ok:
        assert registered(**fields).companions == companions
    else:
        with pytest.raises(InvalidInput) as refused:
            registered(**fields)
        assert refused.value.code == "reception_companions_over"


def test_a_plan_over_the_standard_is_refused(registered: Any) -> None:
    # (6 + 3) × 4 meals × 100 + 6 × 2 nights × 350 = 3600 + 4200 = 7800
    assert registered(planned_cost=Decimal("7800.00")).planned_cost == Decimal("7800.00")
    with pytest.raises(InvalidInput) as refused:
        registered(planned_cost=Decimal("7800.01"))
    assert refused.value.code == "reception_plan_over_standard"


def test_bad_input_is_refused_with_a_code(registered: Any) -> None:
    for fields, code in (
        ({"guest_level": "vip"}, "reception_guest_level_invalid"),
        ({"guests": 0}, "reception_guests_invalid"),
        ({"guests": "x"}, "reception_guests_invalid"),
        ({"planned_cost": "-1"}, "reception_cost_invalid"),
        ({"planned_cost": "1.234"}, "reception_cost_invalid"),
        ({"end_on": date(2026, 10, 1)}, "reception_dates_invalid"),
        ({"sending_unit": "  "}, "reception_sender_required"),
        ({"letter_date": None}, "reception_letter_date_invalid"),
    ):
        with pytest.raises(InvalidInput) as refused:
            registered(**fields)
        assert refused.value.code == code, fields


# --- approval ------------------------------------------------------------------------


def test_the_head_approves_before_and_it_is_recorded(world: World, registered: Any) -> None:
    row = registered()
    with travel_to(REGISTER_DAY):
        done = actions.decide_reception(
            actor=world.users["depthead"], reception_id=row.pk, approve=True, note="同意"
        )
    assert done.status == Status.APPROVED
    assert done.decided_by == world.users["depthead"]
    assert AuditEvent.objects.filter(
        event_type="frugality.reception_approved", object_id=row.number
    ).exists()


def test_the_registrant_never_approves_their_own(world: World, registered: Any) -> None:
    row = registered(actor="depthead")
    with travel_to(REGISTER_DAY), pytest.raises(PermissionDenied) as refused:
        actions.decide_reception(actor=world.users["depthead"], reception_id=row.pk, approve=True)
    assert refused.value.code == "reception_self_approval"


def test_the_office_may_not_approve(world: World, registered: Any) -> None:
    row = registered(actor="depthead")
    with travel_to(REGISTER_DAY), pytest.raises(PermissionDenied):
        actions.decide_reception(actor=world.users["office"], reception_id=row.pk, approve=True)


def test_approval_only_within_scope(world: World, registered: Any) -> None:
    row = registered()
    with travel_to(REGISTER_DAY), pytest.raises(NotFound):
        actions.decide_reception(actor=world.users["zj_head"], reception_id=row.pk, approve=True)
    assert Reception.objects.get(pk=row.pk).status == Status.PENDING


def test_no_approval_after_the_reception_began(world: World, registered: Any) -> None:
    row = registered()
    with travel_to(SUNDAY), pytest.raises(Conflict) as refused:
        actions.decide_reception(actor=world.users["depthead"], reception_id=row.pk, approve=True)
    assert refused.value.code == "reception_approval_late"


def test_a_refusal_needs_its_reason(world: World, registered: Any) -> None:
    row = registered()
    with travel_to(REGISTER_DAY):
        with pytest.raises(InvalidInput):
            actions.decide_reception(
                actor=world.users["depthead"], reception_id=row.pk, approve=False
            )
        done = actions.decide_reception(
            actor=world.users["depthead"], reception_id=row.pk, approve=False, note="规模过大"
        )
    assert done.status == Status.REJECTED


# --- actuals -------------------------------------------------------------------------


def test_no_actuals_before_approval(world: World, registered: Any) -> None:
    row = registered()
    with travel_to(ACTUALS_DAY), pytest.raises(Conflict) as refused:
        actions.record_reception_actuals(
            actor=world.users["office"], reception_id=row.pk, **actuals_fields()
        )
    assert refused.value.code == "reception_not_approved"


def test_actuals_within_the_standard_raise_nothing(recorded: Any) -> None:
    row = recorded()
    assert row.status == Status.DONE
    assert row.actual_cost == Decimal("7800.00")
    assert not Anomaly.objects.filter(subject_kind="reception", subject_ref=row.pk).exists()


def test_meals_over_the_standard_are_flagged_with_the_facts(recorded: Any) -> None:
    row = recorded(meal_cost=Decimal("3600.01"))
    (found,) = anomalies(row, "reception_over_standard")
    assert found.evidence == {
        "meal_cost": {
            "actual": "3600.01",
            "max": "3600",
            "diners": 9,
            "meals": 4,
            "per_head": 100,
        }
    }


def test_lodging_and_companions_over_the_standard_are_flagged(recorded: Any) -> None:
    row = recorded(actual_companions=4, lodging_cost=Decimal("4300"), meal_cost=Decimal("100"))
    (found,) = anomalies(row, "reception_over_standard")
    assert found.evidence["companions"] == {"actual": 4, "max": 3, "guests": 6}
    assert found.evidence["lodging_cost"]["max"] == "4200"
    assert "meal_cost" not in found.evidence


def test_the_standard_is_a_parameter(recorded: Any, users: Any) -> None:
    from xiaoneng.system.actions import set_parameter

    set_parameter(actor=users["admin"], key="frugality.meal_per_head", value="120")
    row = recorded(meal_cost=Decimal("4000"))  # 9 × 4 × 120 = 4320
    assert anomalies(row, "reception_over_standard") == []


# --- alcohol -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "reception", "flagged"),
    [
        (TUESDAY, {}, True),  # an ordinary working day
        (MAKEUP_SAT, {}, True),  # a make-up Saturday is a working day
        (SUNDAY, {}, False),  # a weekend
        (TUESDAY, {"guest_level": "superior"}, False),  # a superior agency
        (TUESDAY, {"from_outside_city": True}, False),  # guests from outside the city
    ],
)
def test_alcohol_on_a_working_day(recorded: Any, day: date, reception: Any, flagged: bool) -> None:
    row = recorded(reception=reception, alcohol=True, alcohol_on=day)
    found = anomalies(row, "reception_alcohol")
    assert bool(found) is flagged
    if flagged:
        assert found[0].evidence["alcohol_on"] == day.isoformat()
        assert found[0].evidence["working_day"] is True
        assert found[0].evidence["from_outside_city"] is False


def test_alcohol_on_a_public_holiday_is_not_flagged(world: World, registered: Any) -> None:
    before = date(2026, 9, 28)
    row = registered(
        on=before, start_on=date(2026, 9, 30), end_on=HOLIDAY, letter_date=date(2026, 9, 1)
    )
    with travel_to(before):
        actions.decide_reception(actor=world.users["depthead"], reception_id=row.pk, approve=True)
    with travel_to(REGISTER_DAY):
        actions.record_reception_actuals(
            actor=world.users["office"],
            reception_id=row.pk,
            **actuals_fields(alcohol=True, alcohol_on=HOLIDAY),
        )
    assert anomalies(row, "reception_alcohol") == []
    with travel_to(REGISTER_DAY):  # the day before, a working Wednesday, would have been flagged
        assert not actions.alcohol_allowed(row, date(2026, 9, 30))


def test_no_alcohol_no_finding(recorded: Any) -> None:
    assert anomalies(recorded(alcohol=False), "reception_alcohol") == []


def test_the_alcohol_day_lies_within_the_reception(recorded: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        recorded(alcohol=True, alcohol_on=date(2026, 10, 20))
    assert refused.value.code == "reception_alcohol_date_invalid"


def test_actuals_once(world: World, recorded: Any) -> None:
    row = recorded()
    with travel_to(ACTUALS_DAY), pytest.raises(Conflict):
        actions.record_reception_actuals(
            actor=world.users["office"], reception_id=row.pk, **actuals_fields()
        )


def test_another_unit_cannot_record_actuals(world: World, approved: Any) -> None:
    row = approved()
    with travel_to(ACTUALS_DAY), pytest.raises(NotFound):
        actions.record_reception_actuals(
            actor=world.users["zj_office"], reception_id=row.pk, **actuals_fields()
        )
