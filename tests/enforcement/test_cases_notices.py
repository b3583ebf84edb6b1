"""What a notice carries and what follows it (行政处罚法 art. 44–45, 58,
63–64): the legality review waits for the end of the defence period (or a
written waiver), so it cannot take the hearing right away; a new notice is
dated no earlier than what is already on the file, and the review and the
hearing count only for the notice they followed (sequence numbers, not
dates); a new notice after a hearing gives the right to a new one; a
confiscation is notified with its amount, the decision never exceeds it, a
large one gives the hearing right; every statement is answered before the
decision; whoever records an on-site act is one of its officers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from cases_support import (
    ORGANISATION,
    clue,
    decide,
    fresh,
    notify,
    onsite,
    registered,
    review,
)

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions, gates
from xiaoneng.enforcement.common import Refused
from xiaoneng.enforcement.models import (
    Certificate,
    Hearing,
    Item,
    LegalityReview,
    PenaltyCase,
    Status,
)
from xiaoneng.enforcement.selectors.cases import facts_of, next_steps
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

NOTICE = date(2026, 3, 10)  # Tue
# 11, 12, 13 (3), 16, 17 Mar (5): the party may state, defend, ask for a hearing until Tue 17 Mar.
DEFENCE_UNTIL = date(2026, 3, 17)
DAY_AFTER = date(2026, 3, 18)


def person_notified(users: dict[str, User], item: Item, **extra: Any) -> PenaltyCase:
    """A person notified of 30,000 yuan: ≥ 10,000, so the hearing right (and the review)."""
    return notify(users, registered(users, item), NOTICE, **extra)


def submit(users: dict[str, User], case: PenaltyCase, on: date) -> LegalityReview:
    with travel_to(on):
        return actions.submit_review(actor=users["zhifa"], case_id=case.pk)


# --- 1. the review waits for the defence period ------------------------------------


def test_no_review_while_the_party_may_still_ask_for_a_hearing(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = person_notified(users, enforcement_item)
    for day in (NOTICE, date(2026, 3, 12), DEFENCE_UNTIL):  # its last day included
        with pytest.raises(Conflict) as refused:
            submit(users, case, day)
        assert refused.value.code == "enforcement_defence_period_running"
        assert "2026年3月17日" in str(refused.value)
        with travel_to(day):
            assert "submit_review" not in next_steps(users["depthead"], fresh(case))
    assert not LegalityReview.objects.filter(case=case).exists()
    assert fresh(case).status == Status.NOTIFIED
    # Over: the review may go, and the party kept its right until then.
    assert submit(users, case, DAY_AFTER).notice_no == 1
    assert fresh(case).status == Status.REVIEW


def test_a_written_waiver_lets_the_review_come_within_the_period(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = person_notified(users, enforcement_item)
    with travel_to(date(2026, 3, 12)):
        actions.record_waiver(actor=users["zhifa"], case_id=case.pk)
        assert "submit_review" in next_steps(users["depthead"], fresh(case))
    assert submit(users, case, date(2026, 3, 12)).submitted_on == date(2026, 3, 12)


# --- 2. a new notice: its date, and the review of the earlier one ------------------


def test_a_new_notice_is_not_dated_before_the_previous_one_nor_a_later_step(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = person_notified(users, enforcement_item)
    with travel_to(date(2026, 3, 13)):
        actions.record_statement(
            actor=users["zhifa"],
            case_id=case.pk,
            content="经营额没有那么大",
            received_on="2026-03-12",
        )
        for earlier in ("2026-03-09", "2026-03-11"):  # before the notice; before the statement
            with pytest.raises(InvalidInput) as refused:
                actions.notify_intended_penalty(
                    actor=users["zhifa"],
                    case_id=case.pk,
                    penalties=["fine"],
                    grade="general",
                    fine="40000",
                    notified_on=earlier,
                )
            assert refused.value.code == "enforcement_date_invalid"
        assert "2026年3月12日" in str(refused.value)
        again = actions.notify_intended_penalty(
            actor=users["zhifa"],
            case_id=case.pk,
            penalties=["fine"],
            grade="general",
            fine="40000",
            notified_on="2026-03-12",
        )
    assert (again.notified_on, again.notice_no, again.intended_fine) == (
        date(2026, 3, 12),
        2,
        40000,
    )


def test_a_review_counts_only_for_the_notice_it_followed(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Reviewed and passed on 18 Mar, then notified again the same day with a
    heavier fine: the passed review was of the earlier notice, though its day
    is the new notice's day."""
    case = person_notified(users, enforcement_item)
    review(users, case, DAY_AFTER)
    assert facts_of(fresh(case)).review == "passed"
    again = notify(users, case, DAY_AFTER, fine="40000")
    assert again.notice_no == 2
    assert facts_of(fresh(case)).review == ""
    # 19, 20, 23, 24, 25 Mar: the new notice's period is over on Thu 26 Mar.
    with pytest.raises(Conflict) as unreviewed:
        decide(users, case, date(2026, 3, 26), fine="40000")
    assert unreviewed.value.code == "enforcement_review_required"
    review(users, case, date(2026, 3, 26))
    assert LegalityReview.objects.filter(case=case).values_list("notice_no", flat=True).count() == 2
    assert decide(users, case, date(2026, 3, 26), fine="40000").status == Status.DECIDED


# --- 3. a new notice after a hearing: a new hearing ------------------------------


def hold_hearing(users: dict[str, User], case: PenaltyCase) -> None:
    """Asked Thu 12 Mar, notified Fri 13 Mar (16–24 Mar: 7 working days), held Wed 25 Mar."""
    with travel_to(date(2026, 3, 12)):
        actions.request_hearing(actor=users["zhifa"], case_id=case.pk)
    with travel_to(date(2026, 3, 13)):
        actions.schedule_hearing(
            actor=users["zhifa"],
            case_id=case.pk,
            scheduled_on=date(2026, 3, 25),
            place="市工商局听证室",
            host_id=users["fazhi"].pk,
        )
    with travel_to(date(2026, 3, 25)):
        actions.record_hearing(actor=users["zhifa"], case_id=case.pk, held=True, record="……")


def test_a_new_notice_after_a_hearing_gives_the_right_to_a_new_one(
    users: dict[str, User], enforcement_item: Item, login: Any, api: Any
) -> None:
    case = person_notified(users, enforcement_item)
    hold_hearing(users, case)
    assert facts_of(fresh(case)).hearing == "held"
    notify(users, case, date(2026, 3, 26), fine="40000")  # heavier: a new notice (art. 45)
    assert facts_of(fresh(case)).hearing == ""
    with travel_to(date(2026, 3, 27)):
        actions.request_hearing(actor=users["zhifa"], case_id=case.pk)
        assert api("zhifa").get(f"/enforcement/cases/{case.pk}").json()["hearing"] == "requested"
        page = login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
    rows = Hearing.objects.filter(case=case).order_by("notice_no")
    assert [(h.notice_no, h.held_on is not None) for h in rows] == [(1, True), (2, False)]
    assert fresh(case).status == Status.HEARING
    assert "2026年3月27日" in page.split('id="hearing"')[1].split("</section>")[0]
    # The earlier hearing no longer ends the party's: the decision must wait for this one.
    with pytest.raises(Refused) as refused:
        decide(users, case, date(2026, 4, 7), fine="40000")
    assert refused.value.code == "enforcement_decided_before_defence"
    assert refused.value.detail["missing"] == ["hearing"]


# --- 4. confiscation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("penalties", "confiscated"),
    [(("fine", "confiscate"), None), (("fine",), "5000"), (("fine", "confiscate"), "0")],
)
def test_confiscate_and_its_amount_go_together(
    users: dict[str, User],
    enforcement_item: Item,
    penalties: tuple[str, ...],
    confiscated: str | None,
) -> None:
    case = registered(users, enforcement_item, party=ORGANISATION)
    with travel_to(NOTICE), pytest.raises(InvalidInput) as refused:
        actions.notify_intended_penalty(
            actor=users["zhifa"],
            case_id=case.pk,
            penalties=list(penalties),
            grade="general",
            fine="30000",
            confiscated=confiscated,
        )
    assert refused.value.code == "enforcement_confiscation_invalid"


def notify_confiscation(
    users: dict[str, User], case: PenaltyCase, amount: str, on: date = NOTICE
) -> PenaltyCase:
    with travel_to(on):
        return actions.notify_intended_penalty(
            actor=users["zhifa"],
            case_id=case.pk,
            penalties=["fine", "confiscate"],
            grade="general",
            fine="30000",
            confiscated=amount,
        )


def test_a_large_confiscation_gives_the_hearing_right(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """An organisation's figure is 100,000 (param): a fine of 30,000 gives no
    right, a confiscation of 100,000 does (art. 63 ¶1 (2))."""
    small = notify_confiscation(
        users, registered(users, enforcement_item, party=ORGANISATION), "99999.99"
    )
    large = notify_confiscation(
        users, registered(users, enforcement_item, party=ORGANISATION), "100000"
    )
    assert (small.hearing_right, small.intended_confiscated) == (False, Decimal("99999.99"))
    assert (large.hearing_right, large.intended_confiscated) == (True, 100000)


def test_the_decision_confiscates_at_most_what_was_notified(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = notify_confiscation(
        users, registered(users, enforcement_item, party=ORGANISATION), "5000"
    )
    both = ["fine", "confiscate"]
    with pytest.raises(Conflict) as heavier:
        decide(users, case, DAY_AFTER, penalties=both, confiscated="5000.01")
    assert heavier.value.code == "enforcement_heavier_than_notified"
    with pytest.raises(InvalidInput) as missing:
        decide(users, case, DAY_AFTER, penalties=both)
    assert missing.value.code == "enforcement_confiscation_invalid"
    with pytest.raises(InvalidInput) as stray:
        decide(users, case, DAY_AFTER, confiscated="100")
    assert stray.value.code == "enforcement_confiscation_invalid"
    done = decide(users, case, DAY_AFTER, penalties=both, confiscated="4000")
    assert (done.penalties, done.confiscated) == (both, 4000)


# --- 5. the statements answered first ----------------------------------------------


def test_a_statement_not_yet_answered_holds_the_decision(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = notify(users, registered(users, enforcement_item, party=ORGANISATION), NOTICE)
    with travel_to(date(2026, 3, 11)):
        said = actions.record_statement(actor=users["zhifa"], case_id=case.pk, content="初次经营")
    facts = facts_of(fresh(case))
    assert gates.decision_missing(facts, DAY_AFTER, penalty=True) == ["statements"]
    with pytest.raises(Conflict) as unanswered:
        decide(users, case, DAY_AFTER)
    assert unanswered.value.code == "enforcement_statement_unanswered"
    with travel_to(DAY_AFTER):
        actions.answer_statement(
            actor=users["zhifa"], statement_id=said.pk, adopted=False, answer="不予采纳"
        )
    assert decide(users, case, DAY_AFTER).status == Status.DECIDED


# --- 6. whoever records an on-site act took part in it -----------------------------


def test_the_recording_officer_is_one_of_the_officers_of_the_act(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """zhifa records an act by zhifa2 and a third certified colleague: refused
    and recorded as officer_uncertified, for a clue, evidence and a decision
    on the spot alike."""
    Certificate.objects.create(
        officer=users["office"],
        body=enforcement_item.body,
        number="620700202400009",
        field="市场监管",
        issued_on=date(2024, 1, 1),
        valid_until=date(2028, 12, 31),
        issued_by=users["fazhi"],
    )
    others = [users["zhifa2"].pk, users["office"].pk]
    day = date(2026, 3, 2)
    with pytest.raises(Refused) as opening:
        clue(users, enforcement_item, day, officer_ids=others, evidence=False)
    case = clue(users, enforcement_item, day)
    with travel_to(day), pytest.raises(Refused) as evidence:
        actions.record_evidence(
            actor=users["zhifa"], case_id=case.pk, **onsite(users, day, officer_ids=others)
        )
    with travel_to(day), pytest.raises(Refused) as on_the_spot:
        actions.decide_on_the_spot(
            actor=users["zhifa"],
            item_id=enforcement_item.pk,
            **ORGANISATION,
            facts="无照经营",
            place="县府街",
            violated_on=day,
            penalties=["warning"],
            officer_ids=others,
        )
    for refused in (opening, evidence, on_the_spot):
        assert refused.value.code == "enforcement_actor_not_among_officers"
        assert refused.value.anomaly == "officer_uncertified"
    assert Anomaly.objects.filter(kind="officer_uncertified").count() == 3
    assert case.evidence.count() == 1  # only the on-site record the two took with the clue
    assert PenaltyCase.objects.count() == 1
