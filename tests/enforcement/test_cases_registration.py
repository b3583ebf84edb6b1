"""立案 and the case's limits: the number per body and year without gaps
(under the body's row lock when two register at once), the time bar (art.
36), the registration limit and its one extension across 清明 2026, a late
registration recorded late, the 90-day decision limit and its extensions
(art. 60)."""

from __future__ import annotations

from datetime import date

import pytest
from cases_support import BASE, clue, register, registered

from races import at_once, row_locks
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions, numbering
from xiaoneng.enforcement.models import Extension, Item, PenaltyCase, Status
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db


def test_registration_numbers_the_case_per_body_and_year_without_gaps(
    users: dict[str, User], enforcement_item: Item
) -> None:
    first = registered(users, enforcement_item)
    declined = clue(users, enforcement_item)
    with travel_to(BASE):
        actions.decline_registration(
            actor=users["depthead"], case_id=declined.pk, reason="经核查，当事人已取得营业执照"
        )
    second = registered(users, enforcement_item)
    assert (first.number, second.number) == ("张工商立〔2026〕1号", "张工商立〔2026〕2号")
    assert PenaltyCase.objects.get(pk=declined.pk).number == ""
    next_year = registered(users, enforcement_item, date(2027, 1, 4))
    assert next_year.number == "张工商立〔2027〕1号"


def test_registration_sets_the_ninety_day_decision_limit(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Registered Mon 2 Mar 2026: 90 calendar days, the day itself not
    counted, end Sun 31 May (29 days of March + 30 + 31)."""
    case = registered(users, enforcement_item)
    assert (case.status, case.registered_on, case.registered_by) == (
        Status.INVESTIGATING,
        BASE,
        users["depthead"],
    )
    assert case.decision_due == date(2026, 5, 31)
    assert (case.due_on, case.due_step) == (date(2026, 5, 31), "decision")


def test_a_violation_past_the_time_bar_is_not_registered_but_a_grave_one_is(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Ended 29 Feb 2024, found 2 Mar 2026: past the two years (28 Feb 2026);
    within the five of a grave violation."""
    old = clue(users, enforcement_item, violated_on=date(2024, 2, 29))
    with travel_to(BASE):
        with pytest.raises(Conflict) as barred:
            actions.register_case(actor=users["depthead"], case_id=old.pk)
        assert barred.value.code == "enforcement_time_barred"
        assert barred.value.detail["suggest"] == "decline"
        assert PenaltyCase.objects.get(pk=old.pk).status == Status.CLUE
        grave = actions.register_case(actor=users["depthead"], case_id=old.pk, grave=True)
    assert grave.status == Status.INVESTIGATING
    within = clue(users, enforcement_item, violated_on=date(2024, 3, 2))
    assert register(users, within).number == "张工商立〔2026〕2号"


def test_only_the_head_of_the_body_registers(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = clue(users, enforcement_item)
    with travel_to(BASE):
        with pytest.raises(PermissionDenied):
            actions.register_case(actor=users["zhifa"], case_id=case.pk)
        with pytest.raises(NotFound) as other_body:
            actions.register_case(actor=users["fagai"], case_id=case.pk)
    assert other_body.value.code == "enforcement_case_not_found"


def test_the_registration_limit_extends_once_across_qingming(
    users: dict[str, User], enforcement_item: Item
) -> None:
    """Found 2 Mar, due 23 Mar; 15 more working days skip 清明 (4–6 Apr):
    24–27 Mar (4), 30–31 (6), 1–3 Apr (9), 7–10 (13), 13–14 (15) → 14 Apr."""
    case = clue(users, enforcement_item)
    with travel_to(date(2026, 3, 20)):
        with pytest.raises(InvalidInput) as too_long:
            actions.extend_registration(
                actor=users["depthead"], case_id=case.pk, days=16, reason="需进一步核查"
            )
        assert too_long.value.code == "enforcement_extension_invalid"
        extended = actions.extend_registration(
            actor=users["depthead"], case_id=case.pk, days=15, reason="需调取工商登记档案"
        )
        assert extended.register_due == date(2026, 4, 14)
        with pytest.raises(Conflict) as again:
            actions.extend_registration(
                actor=users["depthead"], case_id=case.pk, days=1, reason="再延"
            )
        assert again.value.code == "enforcement_extension_used"
    assert Extension.objects.get(case=case).days == 15


def test_an_extension_after_the_limit_is_refused_and_a_late_registration_recorded_late(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = clue(users, enforcement_item)
    with travel_to(date(2026, 3, 24)):
        with pytest.raises(Conflict) as late:
            actions.extend_registration(
                actor=users["depthead"], case_id=case.pk, days=5, reason="迟到的延期"
            )
        assert late.value.code == "enforcement_extension_too_late"
        actions.register_case(actor=users["depthead"], case_id=case.pk)
    event = AuditEvent.objects.get(event_type="enforcement.case_registered")
    assert event.payload["late"] is True


def test_the_decision_limit_extends_before_it_runs_out(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = registered(users, enforcement_item)
    with travel_to(date(2026, 5, 29)):
        longer = actions.extend_decision(
            actor=users["depthead"], case_id=case.pk, days=30, reason="案情复杂，需要鉴定"
        )
    assert longer.decision_due == date(2026, 6, 30)
    with travel_to(date(2026, 7, 1)), pytest.raises(Conflict) as late:
        actions.extend_decision(actor=users["depthead"], case_id=case.pk, days=10, reason="再延")
    assert late.value.code == "enforcement_extension_too_late"
    with travel_to(date(2026, 6, 30)), pytest.raises(InvalidInput) as bad:
        actions.extend_decision(actor=users["depthead"], case_id=case.pk, days="x", reason="再延")
    assert bad.value.code == "enforcement_extension_invalid"


def test_a_declined_clue_is_final(users: dict[str, User], enforcement_item: Item) -> None:
    case = clue(users, enforcement_item)
    with travel_to(BASE):
        done = actions.decline_registration(
            actor=users["depthead"], case_id=case.pk, reason="不构成违法"
        )
        assert (done.status, done.due_on) == (Status.NOT_REGISTERED, None)
        with pytest.raises(Conflict) as again:
            actions.register_case(actor=users["depthead"], case_id=case.pk)
    assert again.value.code == "enforcement_step_not_allowed"


def test_the_body_abbreviation_of_numbers() -> None:
    def body(name: str) -> Department:
        return Department(name=name, short_name=name)

    assert numbering.abbreviation(body("市工商局")) == "工商"
    assert numbering.abbreviation(body("市城管执法局")) == "城管"
    assert numbering.abbreviation(body("张掖市环境保护局")) == "环境保护"
    assert numbering.prefix(body("市交通运输局"), "罚", 2026) == "张交通运输罚〔2026〕"


@row_locks
@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_get_two_numbers(
    users: dict[str, User], enforcement_item: Item, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = clue(users, enforcement_item), clue(users, enforcement_item)
    outcomes = at_once(
        monkeypatch,
        (numbering, "prefix"),
        lambda: actions.register_case(actor=users["depthead"], case_id=one.pk),
        lambda: actions.register_case(actor=users["depthead"], case_id=two.pk),
        around=lambda: travel_to(BASE),
    )
    assert outcomes == ["done", "done"]
    numbers = sorted(PenaltyCase.objects.values_list("number", flat=True))
    assert numbers == ["张工商立〔2026〕1号", "张工商立〔2026〕2号"]
