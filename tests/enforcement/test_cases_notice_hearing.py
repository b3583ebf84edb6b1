"""告知, 陈述申辩 and 听证 (行政处罚法 art. 44–45, 63–65, 85): the notice
needs registration and evidence; the hearing right by the thresholds of
the party's kind and by the heavy penalties; the five working days across
国庆 2026; a request on the last day stands, one a day later does not; the
hearing notified at least seven working days ahead; hosted by nobody who
investigated; statements answered; a written waiver."""

from __future__ import annotations

from datetime import date

import pytest
from cases_support import ORGANISATION, clue, notify, onsite, register, registered

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.models import Certificate, Hearing, Item, PenaltyCase, Status
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

FOUND = date(2026, 9, 21)  # Mon
NOTICE = date(2026, 9, 29)  # Tue
# Art. 85: working days. After Tue 29 Sep: Wed 30 Sep (1); 1–7 Oct 国庆 off;
# Thu 8 Oct (2), Fri 9 Oct (3), Sat 10 Oct make-up working day (4), Mon 12 Oct (5).
DEFENCE_UNTIL = date(2026, 10, 12)


def notified_case(users: dict[str, User], item: Item, **extra: object) -> PenaltyCase:
    return notify(users, registered(users, item, FOUND), NOTICE, **extra)  # type: ignore[arg-type]


def test_the_notice_needs_registration_and_evidence(
    users: dict[str, User], enforcement_item: Item
) -> None:
    bare = clue(users, enforcement_item, FOUND, evidence=False)
    with pytest.raises(Conflict) as early:
        notify(users, bare, FOUND)
    assert early.value.code == "enforcement_step_not_allowed"
    register(users, bare, FOUND)
    with pytest.raises(Conflict) as no_evidence:
        notify(users, bare, FOUND)
    assert no_evidence.value.code == "enforcement_evidence_required"


def test_the_defence_period_runs_five_working_days_across_national_day(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = notified_case(users, enforcement_item)
    assert (case.status, case.notified_on, case.defence_until) == (
        Status.NOTIFIED,
        NOTICE,
        DEFENCE_UNTIL,
    )
    assert case.hearing_right  # a person fined 30,000 ≥ 10,000


def test_a_hearing_request_on_the_last_day_stands_and_one_a_day_later_does_not(
    users: dict[str, User], enforcement_item: Item
) -> None:
    in_time, late = notified_case(users, enforcement_item), notified_case(users, enforcement_item)
    with travel_to(DEFENCE_UNTIL):
        actions.request_hearing(actor=users["zhifa"], case_id=in_time.pk)
    with travel_to(date(2026, 10, 13)), pytest.raises(Conflict) as refused:
        actions.request_hearing(actor=users["zhifa"], case_id=late.pk)
    assert refused.value.code == "enforcement_hearing_request_late"
    assert PenaltyCase.objects.get(pk=in_time.pk).status == Status.HEARING
    assert not Hearing.objects.filter(case=late).exists()


@pytest.mark.parametrize(
    ("party", "fine", "penalties", "right"),
    [
        ({}, "9999.99", ("fine",), False),
        ({}, "10000", ("fine",), True),
        (ORGANISATION, "99999.99", ("fine",), False),
        (ORGANISATION, "100000", ("fine",), True),
        (ORGANISATION, None, ("restrict",), True),
        (ORGANISATION, None, ("warning",), False),
    ],
)
def test_the_hearing_right_follows_the_thresholds_and_the_heavy_penalties(
    users: dict[str, User],
    enforcement_item: Item,
    party: dict[str, str],
    fine: str | None,
    penalties: tuple[str, ...],
    right: bool,
) -> None:
    enforcement_item.penalties = [*enforcement_item.penalties, "restrict"]
    enforcement_item.save(update_fields=["penalties"])
    case = registered(users, enforcement_item, FOUND, **({"party": party} if party else {}))
    done = notify(users, case, NOTICE, fine=fine, penalties=penalties)
    assert done.hearing_right is right
    if not right:
        with travel_to(NOTICE), pytest.raises(Conflict) as refused:
            actions.request_hearing(actor=users["zhifa"], case_id=case.pk)
        assert refused.value.code == "enforcement_no_hearing_right"


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"fine": "100000.01", "grade": "heavier"}, "enforcement_fine_outside_statutory_range"),
        ({"fine": "-1"}, "enforcement_fine_invalid"),
        ({"fine": "1.005"}, "enforcement_fine_invalid"),
        ({"fine": None}, "enforcement_fine_invalid"),
        ({"grade": "huge"}, "enforcement_grade_invalid"),
        ({"penalties": ("detain",)}, "enforcement_penalty_not_listed"),
        ({"penalties": ("torture",)}, "enforcement_penalty_invalid"),
        ({"penalties": ("warning",), "fine": "100"}, "enforcement_fine_invalid"),
    ],
)
def test_an_intended_penalty_outside_the_law_is_refused(
    users: dict[str, User], enforcement_item: Item, extra: dict[str, object], code: str
) -> None:
    case = registered(users, enforcement_item, FOUND)
    with pytest.raises(InvalidInput) as refused:
        notify(users, case, NOTICE, **extra)  # type: ignore[arg-type]
    assert refused.value.code == code


def test_a_mitigated_fine_may_go_below_the_statutory_minimum_and_only_it(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Art. 32: 减轻处罚 is below the minimum; 从轻 stays within the range."""
    enforcement_item.fine_min = 1000
    enforcement_item.save(update_fields=["fine_min"])
    case = registered(users, enforcement_item, FOUND)
    with pytest.raises(InvalidInput) as refused:
        notify(users, case, NOTICE, fine="500", grade="lighter")
    assert refused.value.code == "enforcement_fine_outside_statutory_range"
    assert notify(users, case, NOTICE, fine="500", grade="mitigated").intended_fine == 500


def test_a_new_notice_restarts_the_period_and_voids_an_earlier_waiver(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = notified_case(users, enforcement_item)
    with travel_to(date(2026, 9, 30)):
        waived = actions.record_waiver(actor=users["zhifa"], case_id=case.pk)
    assert waived.defence_waived_on == date(2026, 9, 30)
    again = notify(users, case, date(2026, 10, 9), fine="40000")
    # Fri 9 Oct: Sat 10 Oct (1), 12–15 Oct (5) → Thu 15 Oct.
    assert (again.defence_until, again.defence_waived_on) == (date(2026, 10, 15), None)


def test_statements_are_recorded_and_answered(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = notified_case(users, enforcement_item)
    with travel_to(date(2026, 9, 30)):
        with pytest.raises(InvalidInput) as early:
            actions.record_statement(
                actor=users["zhifa"], case_id=case.pk, content="……", received_on=date(2026, 9, 28)
            )
        assert early.value.code == "enforcement_date_invalid"
        said = actions.record_statement(
            actor=users["zhifa"], case_id=case.pk, content="系初次经营，已申请办理营业执照"
        )
        answered = actions.answer_statement(
            actor=users["zhifa2"], statement_id=said.pk, adopted=True, answer="予以采纳，从轻处罚"
        )
        with pytest.raises(Conflict) as twice:
            actions.answer_statement(
                actor=users["zhifa2"], statement_id=said.pk, adopted=False, answer="改变主意"
            )
    assert (answered.adopted, answered.answer) == (True, "予以采纳，从轻处罚")
    assert twice.value.code == "enforcement_statement_answered"


def hearing_requested(users: dict[str, User], item: Item) -> PenaltyCase:
    case = notified_case(users, item)
    with travel_to(date(2026, 10, 8)):
        actions.request_hearing(actor=users["zhifa"], case_id=case.pk)
    return case


def test_the_hearing_is_notified_seven_working_days_ahead(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Notified Tue 13 Oct: 14–16 (3), 19–22 Oct (7) lie between, so Fri 23 Oct at the earliest."""
    case = hearing_requested(users, enforcement_item)
    with travel_to(date(2026, 10, 13)):
        with pytest.raises(Conflict) as early:
            actions.schedule_hearing(
                actor=users["zhifa"],
                case_id=case.pk,
                scheduled_on=date(2026, 10, 22),
                place="市工商局听证室",
                host_id=users["fazhi"].pk,
            )
        assert early.value.code == "enforcement_hearing_too_early"
        assert early.value.detail["earliest"] == date(2026, 10, 23)
        row = actions.schedule_hearing(
            actor=users["zhifa"],
            case_id=case.pk,
            scheduled_on=date(2026, 10, 23),
            place="市工商局听证室",
            host_id=users["fazhi"].pk,
        )
    assert (row.notified_on, row.scheduled_on, row.host) == (
        date(2026, 10, 13),
        date(2026, 10, 23),
        users["fazhi"],
    )


def test_the_host_is_no_investigator_of_the_case(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """The officers of the case, and an officer who only took evidence, may not host."""
    Certificate.objects.create(
        officer=users["office"],
        body=enforcement_item.body,
        number="620700202400009",
        field="市场监管",
        issued_on=date(2024, 1, 1),
        valid_until=date(2028, 12, 31),
        issued_by=users["fazhi"],
    )
    case = hearing_requested(users, enforcement_item)
    with travel_to(date(2026, 10, 9)):
        actions.record_evidence(
            actor=users["zhifa"],
            case_id=case.pk,
            **onsite(users, date(2026, 10, 9), officer_ids=[users["zhifa"].pk, users["office"].pk]),
        )

    def schedule(host: str) -> None:
        actions.schedule_hearing(
            actor=users["zhifa"],
            case_id=case.pk,
            scheduled_on=date(2026, 10, 30),
            place="市工商局听证室",
            host_id=users[host].pk,
        )

    with travel_to(date(2026, 10, 13)):
        for investigator in ("zhifa", "zhifa2", "office"):
            with pytest.raises(Conflict) as refused:
                schedule(investigator)
            assert refused.value.code == "enforcement_hearing_host_investigated"
        with pytest.raises(InvalidInput) as outsider:
            schedule("fagai")
        assert outsider.value.code == "enforcement_hearing_host_invalid"
        schedule("reviewer")  # a staff member of the body who did not investigate
    assert Hearing.objects.get(case=case).host == users["reviewer"]


def test_the_hearing_is_recorded_or_deemed_waived_on_its_day(
    users: dict[str, User], enforcement_item: Item
) -> None:
    held, absent = (
        hearing_requested(users, enforcement_item),
        hearing_requested(users, enforcement_item),
    )
    for case in (held, absent):
        with travel_to(date(2026, 10, 13)):
            actions.schedule_hearing(
                actor=users["zhifa"],
                case_id=case.pk,
                scheduled_on=date(2026, 10, 23),
                place="市工商局听证室",
                host_id=users["depthead"].pk,
            )
    with travel_to(date(2026, 10, 22)), pytest.raises(Conflict) as early:
        actions.record_hearing(actor=users["zhifa"], case_id=held.pk, held=True, record="……")
    assert early.value.code == "enforcement_hearing_not_due"
    with travel_to(date(2026, 10, 23)):
        actions.record_hearing(
            actor=users["zhifa"],
            case_id=held.pk,
            held=True,
            record="当事人到场陈述申辩，出示证据两份",
        )
        actions.record_hearing(actor=users["zhifa"], case_id=absent.pk, held=False)
    assert Hearing.objects.get(case=held).held_on == date(2026, 10, 23)
    assert Hearing.objects.get(case=absent).waived is True
    assert set(PenaltyCase.objects.values_list("status", flat=True)) == {Status.DECIDING}
