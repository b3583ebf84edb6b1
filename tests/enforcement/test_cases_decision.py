"""The decision (行政处罚法 art. 33, 36, 45, 57–62) and its service: not
before the defence period ends (refused, the anomaly recorded after the
rollback), nor before a requested hearing ends; never heavier than
notified; within the benchmark, or outside it only with reasons the legal
office passed; the review when the case is major; 首违不罚 and the other
outcomes not to penalise under their conditions; numbers without gaps;
the 90-day limit; service and the 15 days to pay."""

from __future__ import annotations

from datetime import date

import pytest
from cases_support import (
    BASE,
    ORGANISATION,
    clue,
    decide,
    fresh,
    notify,
    registered,
    review,
)

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.common import Refused
from xiaoneng.enforcement.models import Item, PenaltyCase, Status
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

NOTICE = date(2026, 3, 10)  # Tue
# 11, 12, 13 (3), 16, 17 Mar (5): the party may state and defend until Tue 17 Mar.
DEFENCE_UNTIL = date(2026, 3, 17)
DAY_AFTER = date(2026, 3, 18)


def organisation_notified(users: dict[str, User], item: Item, **extra: object) -> PenaltyCase:
    """An organisation notified of 30,000 yuan (一般 grade): no hearing right, no review needed."""
    case = registered(users, item, party=ORGANISATION)
    return notify(users, case, NOTICE, **extra)  # type: ignore[arg-type]


def test_a_decision_before_the_defence_period_ends_is_refused_and_recorded(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = organisation_notified(users, enforcement_item)
    with pytest.raises(Refused) as refused:
        decide(users, case, DEFENCE_UNTIL)
    assert refused.value.code == "enforcement_decided_before_defence"
    kept = fresh(case)
    assert (kept.status, kept.decision_no, kept.decided_on) == (Status.NOTIFIED, "", None)
    anomaly = Anomaly.objects.get(kind="decided_before_defence")
    assert (anomaly.subject_kind, anomaly.subject_ref) == ("penalty_case", case.pk)
    assert AuditEvent.objects.filter(event_type="enforcement.act_refused").count() == 1
    assert not AuditEvent.objects.filter(event_type="enforcement.case_decided").exists()
    done = decide(users, case, DAY_AFTER)
    assert (done.status, done.decision_no) == (Status.DECIDED, "张工商罚〔2026〕1号")


def test_a_written_waiver_lets_the_decision_come_earlier(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = organisation_notified(users, enforcement_item)
    with travel_to(date(2026, 3, 11)):
        actions.record_waiver(actor=users["zhifa"], case_id=case.pk)
    assert decide(users, case, date(2026, 3, 12)).decided_on == date(2026, 3, 12)


def test_a_requested_hearing_must_end_and_the_case_be_reviewed_before_the_decision(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """A person fined 30,000 has the hearing right, so the review is required too."""
    case = notify(users, registered(users, enforcement_item), NOTICE)
    with travel_to(DEFENCE_UNTIL):
        actions.request_hearing(actor=users["zhifa"], case_id=case.pk)
    with pytest.raises(Refused) as pending:
        decide(users, case, date(2026, 3, 19))
    assert pending.value.detail["missing"] == ["hearing"]
    with travel_to(DAY_AFTER):
        actions.schedule_hearing(
            actor=users["zhifa"],
            case_id=case.pk,
            scheduled_on=date(2026, 3, 30),
            place="市工商局听证室",
            host_id=users["fazhi"].pk,
        )
    with travel_to(date(2026, 3, 30)):
        actions.record_hearing(actor=users["zhifa"], case_id=case.pk, held=True, record="听证笔录")
    with pytest.raises(Conflict) as unreviewed:
        decide(users, case, date(2026, 3, 31))
    assert unreviewed.value.code == "enforcement_review_required"
    assert unreviewed.value.detail["grounds"] == ["hearing_right", "hearing_held"]
    review(users, case, date(2026, 3, 31))
    assert decide(users, case, date(2026, 4, 1)).status == Status.DECIDED


def test_the_decision_is_never_heavier_than_notified(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = organisation_notified(users, enforcement_item)
    for extra in (
        {"fine": "30000.01"},
        {"penalties": ["fine", "confiscate"], "confiscated": "5000"},
    ):
        with pytest.raises(Conflict) as heavier:
            decide(users, case, DAY_AFTER, **extra)
        assert heavier.value.code == "enforcement_heavier_than_notified"
    lighter = decide(users, case, DAY_AFTER, fine="25000")
    assert (lighter.fine, lighter.penalties, lighter.outside_benchmark) == (25000, ["fine"], False)


def test_a_fine_outside_the_benchmark_needs_reviewed_reasons(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """一般 is 20,000–50,000: 60,000 is within the law (≤ 100,000) but outside it."""
    case = organisation_notified(users, enforcement_item, fine="60000")
    with pytest.raises(Refused) as refused:
        decide(users, case, DAY_AFTER, fine="60000")
    assert refused.value.code == "enforcement_fine_outside_benchmark"
    assert refused.value.detail["max"] == 50000
    assert Anomaly.objects.filter(kind="fine_outside_benchmark", subject_ref=case.pk).count() == 1
    review(users, case, DAY_AFTER, outside_reason="违法经营额巨大且拒不配合调查", passed=False)
    with pytest.raises(Refused) as failed:  # the reasons were given, but not passed
        decide(users, case, DAY_AFTER, fine="60000", outside_reason="违法经营额巨大且拒不配合调查")
    assert failed.value.code == "enforcement_fine_outside_benchmark"
    review(users, case, DAY_AFTER, outside_reason="违法经营额巨大且拒不配合调查")
    with pytest.raises(Refused):
        decide(users, case, date(2026, 3, 19), fine="60000", outside_reason="另一个未经审核的理由")
    done = decide(
        users, case, date(2026, 3, 19), fine="60000", outside_reason="违法经营额巨大且拒不配合调查"
    )
    assert (done.outside_benchmark, done.outside_reason) == (True, "违法经营额巨大且拒不配合调查")


def test_a_failed_review_sends_the_case_back(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = organisation_notified(users, enforcement_item)
    with travel_to(DAY_AFTER):
        actions.flag_major(actor=users["depthead"], case_id=case.pk, reason="社会影响较大")
    back = review(users, case, DAY_AFTER, passed=False)
    assert back.status == Status.INVESTIGATING
    with pytest.raises(Conflict) as unreviewed:
        decide(users, case, date(2026, 3, 19))
    assert unreviewed.value.code == "enforcement_review_required"
    review(users, case, date(2026, 3, 19))
    assert decide(users, case, date(2026, 3, 20)).status == Status.DECIDED


def test_the_fine_stays_within_the_statutory_range(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = organisation_notified(users, enforcement_item)
    with pytest.raises(InvalidInput) as refused:
        decide(users, case, DAY_AFTER, fine="100000.50", grade="heavier")
    assert refused.value.code == "enforcement_fine_outside_statutory_range"


def test_no_decision_without_the_notice(users: dict[str, User], enforcement_item: Item) -> None:
    case = registered(users, enforcement_item)
    with pytest.raises(Conflict) as refused:
        decide(users, case, DAY_AFTER)
    assert refused.value.code == "enforcement_notice_required"


def corrected(
    users: dict[str, User], item: Item, *, due: date, on: date, **extra: object
) -> PenaltyCase:
    case = registered(users, item, **extra)  # type: ignore[arg-type]
    with travel_to(BASE):
        actions.order_correction(actor=users["zhifa"], case_id=case.pk, due_on=due)
    with travel_to(on):
        return actions.record_correction(actor=users["zhifa"], case_id=case.pk, corrected_on=on)


def first_offence(users: dict[str, User], case: PenaltyCase, on: date) -> PenaltyCase:
    return decide(
        users,
        case,
        on,
        outcome="no_penalty_first",
        penalties=[],
        fine=None,
        grade="",
        decision_text="当事人初次违法，危害后果轻微并及时改正，不予行政处罚。",
    )


def test_first_offence_not_penalised_when_corrected_in_time(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = corrected(users, enforcement_item, due=date(2026, 3, 9), on=date(2026, 3, 9))
    done = first_offence(users, case, date(2026, 3, 10))
    assert (done.outcome, done.decision_no, done.fine) == (
        "no_penalty_first",
        "张工商不罚〔2026〕1号",
        None,
    )
    assert (done.publish_due, done.service_due) == (None, date(2026, 3, 19))


def test_first_offence_needs_the_correction_in_time(
    users: dict[str, User], enforcement_item: Item
) -> None:
    late = corrected(users, enforcement_item, due=date(2026, 3, 9), on=date(2026, 3, 10))
    with pytest.raises(Conflict) as refused:
        first_offence(users, late, date(2026, 3, 11))
    assert refused.value.code == "enforcement_not_corrected_in_time"
    never = registered(users, enforcement_item)
    with pytest.raises(Conflict):
        first_offence(users, never, date(2026, 3, 11))


def test_first_offence_only_without_an_earlier_penalty_on_the_item(
    users: dict[str, User], enforcement_item: Item
) -> None:
    earlier = organisation_notified(users, enforcement_item)
    decide(users, earlier, DAY_AFTER)
    again = corrected(
        users, enforcement_item, due=date(2026, 3, 20), on=date(2026, 3, 19), party=ORGANISATION
    )
    with pytest.raises(Conflict) as refused:
        first_offence(users, again, date(2026, 3, 20))
    assert refused.value.code == "enforcement_not_first_offence"
    enforcement_item.first_offence_exempt = False
    enforcement_item.save(update_fields=["first_offence_exempt"])
    other = corrected(users, enforcement_item, due=date(2026, 3, 20), on=date(2026, 3, 19))
    with pytest.raises(Conflict) as not_listed:
        first_offence(users, other, date(2026, 3, 20))
    assert not_listed.value.code == "enforcement_first_offence_not_allowed"


def test_lapsed_only_past_the_two_year_bar(users: dict[str, User], enforcement_item: Item) -> None:
    """Registered under the five years of a grave violation, then found not grave."""
    old = clue(users, enforcement_item, violated_on=date(2023, 6, 1))
    with travel_to(BASE):
        actions.register_case(actor=users["depthead"], case_id=old.pk, grave=True)
    lapsed = decide(
        users,
        old,
        DAY_AFTER,
        outcome="no_penalty_lapsed",
        penalties=[],
        fine=None,
        decision_text="超过追责时效，不予行政处罚。",
    )
    assert lapsed.outcome == "no_penalty_lapsed"
    recent = registered(users, enforcement_item)
    with pytest.raises(Conflict) as refused:
        decide(users, recent, DAY_AFTER, outcome="no_penalty_lapsed", decision_text="……")
    assert refused.value.code == "enforcement_not_time_barred"


def test_a_decision_after_ninety_days_is_recorded_late(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = organisation_notified(users, enforcement_item)
    decide(users, case, date(2026, 6, 1))  # the limit was Sun 31 May
    event = AuditEvent.objects.get(event_type="enforcement.case_decided")
    assert event.payload["late"] is True


def test_the_decision_served_starts_the_fifteen_days_to_pay(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Decided Wed 18 Mar: service and publication due Fri 27 Mar (7 working
    days). Served Fri 20 Mar: 15 days end Sat 4 Apr, inside 清明 (4–6 Apr),
    so the party pays by Tue 7 Apr."""
    case = decide(users, organisation_notified(users, enforcement_item), DAY_AFTER)
    assert (case.service_due, case.publish_due) == (date(2026, 3, 27), date(2026, 3, 27))
    assert case.due_on == date(2026, 3, 27)
    with travel_to(date(2026, 3, 20)):
        with pytest.raises(InvalidInput) as bad:
            actions.serve_decision(actor=users["zhifa"], case_id=case.pk, how="飞鸽传书")
        assert bad.value.code == "enforcement_service_invalid"
        served = actions.serve_decision(actor=users["zhifa"], case_id=case.pk, how="直接送达")
    assert (served.status, served.served_on, served.payment_due) == (
        Status.SERVED,
        date(2026, 3, 20),
        date(2026, 4, 7),
    )
    assert (served.due_on, served.due_step) == (date(2026, 3, 27), "publish")


def test_only_the_head_decides(users: dict[str, User], enforcement_item: Item) -> None:
    from xiaoneng.core.errors import PermissionDenied

    case = organisation_notified(users, enforcement_item)
    with travel_to(DAY_AFTER), pytest.raises(PermissionDenied):
        actions.decide(
            actor=users["zhifa"],
            case_id=case.pk,
            outcome="penalty",
            decision_text="……",
            penalties=["fine"],
            grade="general",
            fine="30000",
        )
    assert PenaltyCase.objects.get(pk=case.pk).decided_on is None
