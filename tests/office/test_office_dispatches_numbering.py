"""发文字号: per issuer, series and year, without gaps or repeats, in the
〔〕 format; the series' default from the issuer; the cap finding once per
unit and year (少发文); the long body's reminder at signing (发短文); and two
issues at once taking consecutive numbers (PostgreSQL: the series row lock)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from office_dispatches_support import DAY, FAGAI, MINLE, dept, draft, issued, through

from races import at_once, row_locks
from xiaoneng.core.errors import DomainError
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions import dispatches as actions
from xiaoneng.office.actions.dispatches import common, issuing
from xiaoneng.office.models import Dispatch, DispatchSeries
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import Anomaly
from xiaoneng.system.actions import set_parameter

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other_per_series_and_year(office_world: dict[str, User]) -> None:
    u = office_world
    numbers = [issued(u).number for _ in range(3)]
    assert numbers == ["张工商发〔2026〕1号", "张工商发〔2026〕2号", "张工商发〔2026〕3号"]
    # A withdrawn draft and a returned one take no number: no gap.
    withdrawn = draft(u)
    with travel_to(DAY):
        actions.withdraw_dispatch(actor=u["office"], dispatch_id=withdrawn.pk)
    returned = through(u, draft(u), "submit")
    with travel_to(DAY):
        actions.return_dispatch(actor=u["depthead"], dispatch_id=returned.pk, reason="重写")
    assert issued(u).number == "张工商发〔2026〕4号"
    # Another series of the same issuer counts on its own; so does a new year.
    assert issued(u, series="张工商函").number == "张工商函〔2026〕1号"
    assert issued(u, on=date(2027, 1, 5)).number == "张工商发〔2027〕1号"
    seqs = sorted(
        Dispatch.objects.filter(series="张工商发", year=2026).values_list("seq", flat=True)
    )
    assert seqs == [1, 2, 3, 4]
    assert DispatchSeries.objects.get(series="张工商发", year=2026).last == 4


@pytest.mark.parametrize(
    ("code", "series"),
    [
        ("620700005", "张工商发"),
        ("620700001", "张政办发"),
        ("620700002", "张发改发"),
        ("620700008", "张政务服务发"),
        ("620722", "民政发"),
        ("620702", "甘政发"),
        ("620700", "张政发"),
    ],
)
def test_the_default_series_of_an_issuer(
    office_world: dict[str, User], code: str, series: str
) -> None:
    assert common.default_series(Department.objects.get(code=code)) == series


def test_over_the_cap_is_one_finding_a_year(office_world: dict[str, User]) -> None:
    u = office_world
    set_parameter(actor=u["admin"], key="office.dispatch_cap_per_year", value="2")
    for _ in range(2):
        issued(u)
    assert not Anomaly.objects.filter(kind="dispatch_over_cap").exists()
    third = issued(u)
    found = Anomaly.objects.get(kind="dispatch_over_cap")
    assert found.department == third.issuer
    assert found.evidence["已印发"] == 3
    assert found.evidence["控制数"] == 2
    assert Notification.objects.filter(recipient=u["zhengfuban"], title__contains="超过控制数")
    issued(u)
    assert Anomaly.objects.filter(kind="dispatch_over_cap").count() == 1
    # Next year counts again from nothing.
    for _ in range(3):
        issued(u, on=date(2027, 2, 2))
    assert Anomaly.objects.filter(kind="dispatch_over_cap").count() == 2


def test_a_long_body_is_a_reminder_at_signing(office_world: dict[str, User]) -> None:
    u = office_world
    set_parameter(actor=u["admin"], key="office.dispatch_max_chars", value="500")
    short = through(u, draft(u, body="字" * 500), "submit", "review", "sign")
    assert not actions.too_long(short)
    assert not Anomaly.objects.filter(kind="dispatch_too_long").exists()
    # Spaces and line breaks are not characters of the body.
    spaced = through(u, draft(u, body="字 " * 500 + "\n"), "submit", "review", "sign")
    assert spaced.length == 500
    long = through(u, draft(u, body="字" * 501), "submit", "review", "sign")
    assert actions.too_long(long)
    found = Anomaly.objects.get(kind="dispatch_too_long")
    assert (found.subject_ref, found.evidence["正文字数"]) == (long.pk, 501)
    # A reminder, not a finding: the unit's score does not count it.
    from xiaoneng.office.supervise import FINDINGS

    assert "dispatch_too_long" not in FINDINGS


def test_the_number_cannot_be_issued_to_the_counties_without_the_leader(
    office_world: dict[str, User],
) -> None:
    """Defence in depth: even a row forced to 已签发待印发 is refused at 印发."""
    u = office_world
    row = through(u, draft(u, to=(MINLE, FAGAI)), "submit", "review", "sign")
    Dispatch.objects.filter(pk=row.pk).update(status="approved")
    with travel_to(DAY), pytest.raises(DomainError) as caught:
        actions.issue_dispatch(actor=u["office"], dispatch_id=row.pk)
    assert caught.value.code == "office_dispatch_needs_leader"
    assert Dispatch.objects.get(pk=row.pk).number == ""
    assert dept(MINLE).kind == "county"


@row_locks
@pytest.mark.django_db(transaction=True)
def test_two_issues_at_once_take_consecutive_numbers(
    office_world: dict[str, User], monkeypatch: Any
) -> None:
    u = office_world
    rows = [through(u, draft(u), "submit", "review", "sign") for _ in range(2)]
    outcomes = at_once(
        monkeypatch,
        (issuing, "advance"),
        *((lambda r=r: actions.issue_dispatch(actor=u["office"], dispatch_id=r.pk)) for r in rows),
        around=lambda: travel_to(DAY),
    )
    assert outcomes == ["done", "done"]
    numbers = sorted(
        Dispatch.objects.filter(pk__in=[r.pk for r in rows]).values_list("seq", flat=True)
    )
    assert numbers == [1, 2]
