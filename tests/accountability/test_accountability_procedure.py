"""The procedure of seed art. 16 on the 2026 calendar as shipped (Mid-Autumn
25–27 Sep and National Day 1–7 Oct off; make-up working days Sun 20 Sep and
Sat 10 Oct): a bureau measure (通报批评) and a referral measure (引咎辞职)
from opening to closure, the decision numbers, the appeal window across the
holiday, the 限期改正 deadline with its light, and the score deduction."""

from __future__ import annotations

from datetime import date

import pytest
from accountability_support import BUREAU, open_case

from xiaoneng.accountability import actions, service
from xiaoneng.accountability.models import AccountabilityCase, MeasureKind, Status
from xiaoneng.accountability.selectors import (
    deductions_by_unit,
    published_bulletins,
    rectification_light,
)
from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.errors import Conflict, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Department, User
from xiaoneng.scores.periods import Period

pytestmark = pytest.mark.django_db


def _events(row: AccountabilityCase) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="accountability_case", object_id=row.number)
        .order_by("seq")
        .values_list("event_type", flat=True)
    )


def test_a_bureau_measure_from_opening_to_closure(
    users: dict[str, User], told: AccountabilityCase
) -> None:
    sup, head, clerk = users["supervisor"], users["depthead"], users["window"]
    # 5 working days after Tue 15 Sep: 16, 17, 18, Sun 20 (make-up), 21.
    assert told.statement_due_on == date(2026, 9, 21)
    titles = Notification.objects.filter(recipient=head).values_list("title", flat=True)
    assert list(titles) == [f"问责案件{told.number}：请陈述申辩"]
    assert Notification.objects.filter(recipient=clerk).count() == 1
    with travel_to(date(2026, 9, 16)):
        actions.submit_statement(actor=head, case_id=told.pk, text="窗口已对当事人批评教育。")
    with travel_to(date(2026, 9, 17)):
        actions.propose_measure(
            actor=sup, case_id=told.pk, measure_code="circulated_criticism", proposal="通报批评"
        )
    with travel_to(date(2026, 9, 18)):
        row = actions.decide_measure(actor=sup, case_id=told.pk)
    assert row.decision_number == "张监问〔2026〕1号"
    assert (row.status, row.deduction, row.bulletin_published) == (Status.DECIDED, 3, True)
    assert row.decision_body == "张掖市监察局"
    assert list(published_bulletins()) == [row]
    with travel_to(date(2026, 9, 28)):
        row = service.serve_decision(actor=sup, case_id=told.pk)
    # 15 working days from Mon 28 Sep across National Day: 29, 30 Sep, 8, 9,
    # Sat 10 (make-up), 12–16, 19–23 Oct.
    assert row.appeal_due_on == date(2026, 10, 23)
    assert Notification.objects.filter(recipient=head).count() == 2
    with travel_to(date(2026, 10, 23)), pytest.raises(Conflict) as early:
        service.close_case(actor=sup, case_id=told.pk)
    assert early.value.code == "accountability_appeal_window_open"
    with travel_to(date(2026, 10, 26)):
        row = service.close_case(actor=sup, case_id=told.pk)
    assert (row.status, row.closed_on) == (Status.CLOSED, date(2026, 10, 26))
    assert _events(row) == [
        "accountability.opened",
        "accountability.statement_requested",
        "accountability.statement_submitted",
        "accountability.proposed",
        "accountability.decided",
        "accountability.served",
        "accountability.closed",
    ]
    # The measure deducts in the month decided (September), not later.
    dept = Department.objects.get(code=BUREAU)
    assert deductions_by_unit(Period(2026, "month", 9), "department") == {dept.pk: 3}
    assert deductions_by_unit(Period(2026, "month", 10), "department") == {}
    assert deductions_by_unit(Period(2026, "month", 9), "window") == {}


def test_a_referral_measure_is_referred_and_registered_by_the_organisation(
    users: dict[str, User],
) -> None:
    sup, org = users["supervisor"], users["organisation"]
    row = open_case(users, source_kind="target", source_ref="2026年度招商引资目标")
    with travel_to(date(2026, 9, 15)):
        actions.request_statement(actor=sup, case_id=row.pk)
    # No statement: the proposal waits until the deadline (21 Sep) has passed.
    with travel_to(date(2026, 9, 21)), pytest.raises(Conflict) as waiting:
        actions.propose_measure(actor=sup, case_id=row.pk, measure_code="resignation", proposal="x")
    assert waiting.value.code == "accountability_statement_pending"
    with travel_to(date(2026, 9, 22)):
        actions.propose_measure(
            actor=sup, case_id=row.pk, measure_code="resignation", proposal="建议责令引咎辞职"
        )
        with pytest.raises(Conflict) as bureau:
            actions.decide_measure(actor=sup, case_id=row.pk)
        assert bureau.value.code == "accountability_measure_needs_referral"
        actions.refer_case(actor=sup, case_id=row.pk, referred_to="中共张掖市委组织部")
    with travel_to(date(2026, 9, 24)):
        row = actions.register_referral_result(
            actor=org,
            case_id=row.pk,
            adopted=True,
            decision_body="中共张掖市委组织部",
            decision_text="责令引咎辞职。",
        )
    assert (row.status, row.decision_number, row.deduction) == (
        Status.DECIDED,
        "张监问〔2026〕1号",
        5,
    )
    assert not row.bulletin_published
    with travel_to(date(2026, 9, 28)):
        row = service.serve_decision(actor=sup, case_id=row.pk)
    # Personnel measure: never less than 30 days (公务员法 art. 95), 28 Oct.
    assert row.appeal_due_on == date(2026, 10, 28)
    with travel_to(date(2026, 10, 27)):
        service.file_appeal(actor=users["window"], case_id=row.pk, reason="情节轻微。")
    # The bureau does not decide the appeal of a referred measure.
    with travel_to(date(2026, 10, 28)):
        with pytest.raises(PermissionDenied):
            service.decide_appeal(actor=sup, case_id=row.pk, outcome="upheld", note="维持")
        row = service.decide_appeal(
            actor=org,
            case_id=row.pk,
            outcome="varied",
            note="改为组织纪律处理",
            measure_code="discipline",
        )
        assert row.measure is not None
        assert (row.measure.code, row.deduction) == ("discipline", 5)
        row = service.close_case(actor=sup, case_id=row.pk)
    assert row.status == Status.CLOSED


def test_the_decision_numbers_count_per_year(users: dict[str, User]) -> None:
    numbers = []
    for on in (date(2026, 12, 1), date(2026, 12, 2), date(2027, 1, 5)):
        row = open_case(users, on=on)
        with travel_to(on):
            actions.request_statement(actor=users["supervisor"], case_id=row.pk)
            actions.submit_statement(actor=users["depthead"], case_id=row.pk, text="无异议")
            actions.propose_measure(
                actor=users["supervisor"],
                case_id=row.pk,
                measure_code="admonition",
                proposal="诫勉",
            )
            numbers.append(actions.decide_measure(actor=users["supervisor"], case_id=row.pk))
    assert [r.decision_number for r in numbers] == [
        "张监问〔2026〕1号",
        "张监问〔2026〕2号",
        "张监问〔2027〕1号",
    ]


def test_a_rectification_order_is_tracked_to_closure_with_a_light(
    users: dict[str, User], told: AccountabilityCase
) -> None:
    sup, head = users["supervisor"], users["depthead"]
    with travel_to(date(2026, 9, 22)):
        actions.propose_measure(
            actor=sup,
            case_id=told.pk,
            measure_code="rectification_order",
            proposal="限期整改窗口服务",
            rectify_days=5,
        )
        actions.decide_measure(actor=sup, case_id=told.pk)
    with travel_to(date(2026, 9, 28)):
        row = service.serve_decision(actor=sup, case_id=told.pk)
    # 5 working days from Mon 28 Sep: 29, 30 Sep, 8, 9 Oct, Sat 10 Oct (make-up).
    assert row.rectification_due_on == date(2026, 10, 10)
    calendar = current_calendar()
    assert rectification_light(row, date(2026, 9, 29), calendar).label == "绿灯"
    assert rectification_light(row, date(2026, 10, 9), calendar).label == "黄灯"
    assert rectification_light(row, date(2026, 10, 12), calendar).label == "红灯"
    with travel_to(date(2026, 10, 12)):
        row = service.report_rectification(actor=head, case_id=told.pk, report="已整改")
        assert row.rectification_late
        row = service.verify_rectification(
            actor=sup, case_id=told.pk, accepted=False, note="不到位"
        )
        assert row.rectification == "running"
        with pytest.raises(Conflict) as open_order:
            service.close_case(actor=sup, case_id=told.pk)
        assert open_order.value.code == "accountability_appeal_window_open"
    with travel_to(date(2026, 10, 26)):
        with pytest.raises(Conflict) as unverified:
            service.close_case(actor=sup, case_id=told.pk)
        assert unverified.value.code == "accountability_rectification_not_verified"
        service.report_rectification(actor=head, case_id=told.pk, report="已全部整改到位")
        service.verify_rectification(actor=sup, case_id=told.pk, accepted=True)
        row = service.close_case(actor=sup, case_id=told.pk)
    assert row.status == Status.CLOSED
    assert rectification_light(row, date(2026, 10, 27), calendar).text == "整改完成"


def test_the_appeal_limit_across_the_holiday(
    users: dict[str, User], told: AccountabilityCase
) -> None:
    sup = users["supervisor"]
    with travel_to(date(2026, 9, 22)):
        actions.propose_measure(
            actor=sup, case_id=told.pk, measure_code="admonition", proposal="诫勉"
        )
        actions.decide_measure(actor=sup, case_id=told.pk)
        service.serve_decision(actor=sup, case_id=told.pk, served_on=date(2026, 9, 22))
    # 15 working days from Tue 22 Sep: 23, 24, 28, 29, 30 Sep (25–27 off),
    # 8, 9, Sat 10, 12–16, 19, 20 Oct.
    row = AccountabilityCase.objects.get(pk=told.pk)
    assert row.appeal_due_on == date(2026, 10, 20)
    with travel_to(date(2026, 10, 21)), pytest.raises(Conflict) as late:
        service.file_appeal(actor=users["depthead"], case_id=told.pk, reason="不服")
    assert late.value.code == "accountability_appeal_closed"
    with travel_to(date(2026, 10, 20)):
        row = service.file_appeal(actor=users["depthead"], case_id=told.pk, reason="不服")
        with pytest.raises(Conflict) as twice:
            service.file_appeal(actor=users["window"], case_id=told.pk, reason="不服")
        assert twice.value.code == "accountability_appeal_exists"
        with pytest.raises(Conflict) as pending:
            service.close_case(actor=sup, case_id=told.pk)
        assert pending.value.code == "accountability_appeal_pending"
        row = service.decide_appeal(actor=sup, case_id=told.pk, outcome="revoked", note="撤销")
    # Revoked: no deduction, no longer in force.
    assert not row.in_force
    assert deductions_by_unit(Period(2026, "month", 9), "department") == {}


def test_the_score_source_returns_the_configured_points(
    users: dict[str, User], told: AccountabilityCase
) -> None:
    MeasureKind.objects.filter(code="admonition").update(score_deduction=7)
    sup = users["supervisor"]
    with travel_to(date(2026, 9, 22)):
        actions.propose_measure(
            actor=sup, case_id=told.pk, measure_code="admonition", proposal="诫勉"
        )
        actions.decide_measure(actor=sup, case_id=told.pk)
    # Changing the configuration later does not rewrite a decided month.
    MeasureKind.objects.filter(code="admonition").update(score_deduction=1)
    dept = Department.objects.get(code=BUREAU)
    assert deductions_by_unit(Period(2026, "month", 9), "department") == {dept.pk: 7}
    assert deductions_by_unit(Period(2026, "quarter", 3), "department") == {dept.pk: 7}
    from xiaoneng.scores import sources

    if "accountability" in sources.KNOWN:
        assert sources.collect("accountability", Period(2026, "month", 9), "department") == {
            dept.pk: 7
        }


def test_the_departments_monthly_score_drops_by_the_configured_points(
    users: dict[str, User], told: AccountabilityCase
) -> None:
    from xiaoneng.scores import actions as score_actions
    from xiaoneng.scores.models import MonthlyMetric

    sup = users["supervisor"]
    with travel_to(date(2026, 9, 22)):
        actions.propose_measure(
            actor=sup, case_id=told.pk, measure_code="circulated_criticism", proposal="通报"
        )
        actions.decide_measure(actor=sup, case_id=told.pk)
    with travel_to(date(2026, 10, 12)):
        score_actions.rollup_month(date(2026, 9, 1))
    dept = Department.objects.get(code=BUREAU)
    row = MonthlyMetric.objects.get(department=dept, month=date(2026, 9, 1))
    assert row.accountability == 3
    assert row.score == 100 - 3  # nothing else happened at 市工商局 that month
