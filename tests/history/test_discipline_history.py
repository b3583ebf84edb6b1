"""The demo history's year of discipline (issue 10): fees charged on the
decided cases with the flagged ones on the supervision desk, the month's
reconciliation short once; inspection plans merged, approved, one held
without approval; receptions with one over the standard and one with
alcohol on a working day; a vehicle bought on an urgent request, its use
logged; an overseas trip — all through the real actions, no refused step."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.fees import HOUSING_CODE as HOUSING
from xiaoneng.demo.fees import NON_HOUSING_CODE as NON_HOUSING
from xiaoneng.demo.fees import RANGE_CODE
from xiaoneng.demo.history.generator import Summary, describe, generate
from xiaoneng.fees.models import Charge, FeeApproval, FeeItem, Reconciliation, Refund
from xiaoneng.frugality.models import PublishedYear, Reception, Trip, Vehicle, VehicleUse
from xiaoneng.inspections.creditcode import is_valid
from xiaoneng.inspections.models import Activity, Draw, Enterprise, Status
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

END = date(2026, 10, 30)  # a Friday
# Enough cases for four decided 公共场所卫生许可证核发 cases (the range fee's story) and
# four 房屋所有权登记 (the fourth non-housing) with this seed.
CASES, SEED = 120, 11


@pytest.fixture
def demo(demo_city: None) -> None:
    load_demo_catalog(User.objects.get(username="admin"))


def run() -> Summary:
    return generate(
        cases=CASES, months=12, seed=SEED, end=END, efficiency=False, targets=False, openness=False
    )


def found(kind: str) -> list[Anomaly]:
    return list(Anomaly.objects.filter(kind=kind))


@pytest.mark.django_db
def test_a_year_of_fees_inspections_and_frugality(demo: None) -> None:
    summary = run()
    assert not summary.failures, summary.failures
    for part in ("fees", "inspections", "frugality"):
        counts = summary.discipline[part]
        assert not [k for k in counts if k.startswith("failed:")], counts
    lines = describe(summary)
    assert any(line.startswith("收费：") for line in lines)
    _fees()
    _inspections()
    _frugality()


def _fees() -> None:
    # The catalog: 924号's two fixed standards, an illustrative range, one cancelled in the year.
    housing, non_housing = (FeeItem.objects.get(code=c) for c in (HOUSING, NON_HOUSING))
    assert (housing.kind, housing.lower, housing.unit) == ("fixed", Decimal(80), "件")
    assert (non_housing.kind, non_housing.lower, non_housing.unit) == ("fixed", Decimal(550), "件")
    fee = FeeItem.objects.get(code=RANGE_CODE)
    assert (fee.kind, fee.lower, fee.upper) == ("range", Decimal(100), Decimal(300))
    cancelled = FeeItem.objects.get(status="cancelled")
    assert cancelled.cancelled_on is not None
    charges = Charge.objects.select_related("case", "fee")
    assert charges.count() >= 4
    for c in charges:  # each on a case decided (approved) that day, by its department's window
        assert c.case.decision == "approved"
        assert c.charged_on == c.case.decided_on
        assert c.department_id == c.case.department_id
        assert c.into_budget
    # Each house registration charged one of the two standards, at it, none flagged.
    registered = charges.filter(fee_code__in=(HOUSING, NON_HOUSING))
    by_case = Counter(registered.values_list("case_id", flat=True))
    assert len(by_case) >= 4
    assert set(by_case.values()) == {1}
    assert {c.unit_amount for c in registered.filter(fee_code=HOUSING)} == {80}
    (big,) = registered.filter(fee_code=NON_HOUSING)
    assert big.unit_amount == 550
    assert not [c for c in registered if c.breaches]
    ranged = charges.filter(fee_code=RANGE_CODE)
    above = ranged.filter(unit_amount__gt=100)
    assert ranged.filter(unit_amount=100).exists()
    approved = above.filter(approval__isnull=False)
    assert approved.count() == 2
    assert all(a.status == "approved" for a in FeeApproval.objects.all())
    assert all(not c.breaches for c in approved)
    (unapproved,) = above.filter(approval__isnull=True)
    assert unapproved.breaches
    (outside,) = charges.filter(fee__isnull=True)
    assert "not_in_catalog" in outside.breaches
    flagged = {a.subject_ref: a for a in found("fee_outside_catalog")}
    assert set(flagged) == {unapproved.pk, outside.pk}
    evidence = flagged[unapproved.pk].evidence
    assert evidence["unit_amount"] == "300.00"
    assert evidence["receipt_no"] == unapproved.receipt_no
    assert Refund.objects.count() == 1
    # Every month with charges reconciled; one short, flagged with its difference.
    (short,) = Reconciliation.objects.exclude(difference=0)
    assert short.difference > 0
    (unremitted,) = found("fee_unremitted")
    assert unremitted.subject_ref == short.pk


def _inspections() -> None:
    assert Enterprise.objects.count() == 6
    assert all(is_valid(code) for code in Enterprise.objects.values_list("credit_code", flat=True))
    merged = Activity.objects.get(status=Status.MERGED)
    assert merged.merged_into is not None
    assert merged.merged_into.co_organisers.filter(code="620700002").exists()
    assert merged.merged_into.status == Status.HELD
    assert Draw.objects.count() == 1
    assert Activity.objects.filter(status=Status.REJECTED).count() == 1
    (unapproved,) = found("inspection_unapproved")
    held = Activity.objects.get(pk=int(unapproved.subject_ref or 0))
    assert held.held_unapproved
    assert unapproved.evidence["实施时状态"] == "待审批"
    (accompanied,) = found("leader_accompanied")
    assert "民乐县人民政府" in accompanied.evidence["陪同人员"][0]
    county = Activity.objects.get(organiser__code="620722")
    assert county.decided_by.username == "mayor"  # type: ignore[union-attr]


def _frugality() -> None:
    receptions = Reception.objects.all()
    assert receptions.count() >= 10
    (over,) = found("reception_over_standard")
    assert "meal_cost" in over.evidence
    (alcohol,) = found("reception_alcohol")
    row = receptions.get(pk=int(alcohol.subject_ref or 0))
    assert row.alcohol
    assert row.alcohol_on is not None
    assert current_calendar().is_workday(row.alcohol_on)
    assert len(found("reception_no_letter")) == 1
    (car,) = Vehicle.objects.all()
    assert car.purchase_request is not None
    assert car.purchase_request.urgent_reason
    assert car.purchase_request.decided_by.username == "leader"  # type: ignore[union-attr]
    assert VehicleUse.objects.count() >= 10
    assert not found("vehicle_unapproved")
    (trip,) = Trip.objects.all()
    assert trip.status == "done"
    assert PublishedYear.objects.filter(year=END.year).exists()
