"""The reporting calendar's daily sweep: dues opened, the unit's office
reminded the working day before a due day (once), yellow cards for dues
missing after their due day, the finding report_late once per due (missing
the day after, or submitted late), counted in the unit's score."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions import reports as actions
from xiaoneng.office.models.reports import ReportDue
from xiaoneng.office.sweeps.reports import sweep
from xiaoneng.org.models import Department, User
from xiaoneng.scores.periods import Period
from xiaoneng.scores.sources import collect
from xiaoneng.supervision.models import Anomaly, SubjectCard

pytestmark = pytest.mark.django_db

GONGSHANG = "620700005"
SEPTEMBER = date(2026, 9, 1)


def run(day: date) -> dict[str, int]:
    with travel_to(day):
        return sweep(day)


def due(kind: str, unit: str = GONGSHANG, start: date = SEPTEMBER) -> ReportDue:
    return ReportDue.objects.get(kind__code=kind, unit__code=unit, period_start=start)


def test_the_sweep_opens_reminds_cards_and_finds_once(office_world: dict[str, User]) -> None:
    first = run(date(2026, 10, 9))  # Friday: 工作月报 due Saturday 10日 (a made-up workday)
    assert first["opened"] > 0
    kind = due("gongzuo_yuebao").kind
    units = kind.units.count()
    told = actions.unit_offices(kind.units.values_list("pk", flat=True))
    assert {GONGSHANG, "620722", "620700002"} <= set(
        Department.objects.filter(pk__in=told).values_list("code", flat=True)
    )
    assert first["reminded"] == len(told)  # 工作月报 of September, due the next working day
    assert first["yellow"] == first["findings"] == 0
    again = run(date(2026, 10, 9))
    assert again == dict.fromkeys(again, 0)
    office = office_world["office"]
    reminders = Notification.objects.filter(recipient=office, kind=actions.NOTICE_DUE_SOON)
    assert [n.link for n in reminders] == [f"/office/reports/dues/{due('gongzuo_yuebao').pk}/"]

    # 市工商局 sends its 工作月报 on the due day; the others do not.
    with travel_to(date(2026, 10, 10)):
        actions.submit_report(
            actor=office, due_id=due("gongzuo_yuebao").pk, title="九月工作月报", content="见正文"
        )
    after = run(date(2026, 10, 11))
    assert after["yellow"] == units - 1 == after["findings"]
    cards = SubjectCard.objects.filter(subject_kind="report_due")
    assert not cards.filter(department__code=GONGSHANG).exists()
    card = cards.get(subject_ref=due("gongzuo_yuebao", "620722").pk)
    assert (card.step, card.due_on, card.colour) == ("submit", date(2026, 10, 10), "yellow")
    assert card.subject_url == f"/office/reports/dues/{card.subject_ref}/"
    assert run(date(2026, 10, 11))["findings"] == 0  # once per due
    assert Anomaly.objects.filter(kind="report_late").count() == units - 1


def test_a_late_submission_is_found_once_and_counts_in_the_score(
    office_world: dict[str, User],
) -> None:
    run(date(2026, 10, 9))
    row = due("zhengwu_xinxi")
    with travel_to(date(2026, 10, 14)):  # due 13日
        done = actions.submit_report(
            actor=office_world["office"], due_id=row.pk, title="九月政务信息", content="迟报"
        )
    assert done.late
    run(date(2026, 10, 15))  # the sweep finds the same due again: not twice
    found = Anomaly.objects.filter(kind="report_late", subject_ref=row.pk)
    assert found.count() == 1
    unit = Department.objects.get(code=GONGSHANG).pk
    scores = collect("office_findings", Period(2026, "month", 10), "department")
    assert scores is not None
    assert scores[unit] == Anomaly.objects.filter(kind="report_late", department_id=unit).count()
    assert scores[unit] >= 1


def test_a_card_closes_when_the_due_is_submitted(office_world: dict[str, User]) -> None:
    run(date(2026, 10, 9))
    row = due("gongzuo_yuebao", "620722")
    run(date(2026, 10, 12))
    card = SubjectCard.objects.get(subject_kind="report_due", subject_ref=row.pk)
    assert card.closed_on is None
    with travel_to(date(2026, 10, 12)):
        actions.submit_report(
            actor=office_world["minle"], due_id=row.pk, title="九月月报", content="x"
        )
    result = run(date(2026, 10, 13))
    card.refresh_from_db()
    assert card.closed_on == date(2026, 10, 13)
    assert result["closed"] >= 1
