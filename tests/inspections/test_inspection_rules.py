"""The rules of 检查评比观摩 (seed art. 5): registration before the event,
approval only by the leader in charge of the organiser, findings for what
was held unapproved, beyond its approval, or accompanied by a county leader."""

from __future__ import annotations

from datetime import date

import pytest
from inspection_support import (
    END,
    FIRM_A,
    FIRM_B,
    ITEMS,
    REGISTER_DAY,
    START,
    Firms,
    anomalies,
    register,
)

from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.inspections import actions
from xiaoneng.inspections.models import Status
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

HELD_DAY = date(2026, 6, 15)


def test_the_organiser_registers_and_a_window_cannot(firms: Firms) -> None:
    users = firms.users
    row = register(users["depthead"])
    assert row.status == Status.PENDING
    assert row.organiser.code == "620700005"
    assert row.number == f"JC2026{row.pk:05d}"
    assert list(row.target_enterprises.values_list("credit_code", flat=True)) == [FIRM_A]
    assert not row.after_the_fact
    assert not anomalies(row, "inspection_unapproved")
    office = register(users["office"], title="档案管理检查", items=["档案"], credit_codes=[FIRM_B])
    assert office.organiser.code == "620700005"  # the section's bureau
    with pytest.raises(PermissionDenied):
        register(users["window"])


def test_registration_checks_its_input(firms: Firms) -> None:
    depthead = firms.users["depthead"]
    for over, code in (
        ({"kind": "party"}, "inspection_kind_invalid"),
        ({"end_on": date(2026, 6, 1)}, "inspection_period_invalid"),
        ({"items": ["", " "]}, "inspection_items_required"),
        ({"credit_codes": ["91620700MA7100001D"]}, "inspection_credit_code_invalid"),
        ({"credit_codes": ["91620700MA71000068"[:17] + "X"]}, "inspection_credit_code_invalid"),
        ({"credit_codes": [], "kind": "observe"}, "inspection_targets_required"),
        ({"participants": [{"name": "王立"}]}, "inspection_participant_invalid"),
    ):
        with pytest.raises(InvalidInput) as err:
            register(depthead, **over)
        assert err.value.code == code, over


def test_only_the_leader_in_charge_of_the_organiser_approves(
    firms: Firms, other_leader: User
) -> None:
    users = firms.users
    row = register(users["depthead"])
    # A leader outside the organiser's portfolio does not see the row at all.
    with travel_to(REGISTER_DAY), pytest.raises(NotFound) as missing:
        actions.approve_activity(actor=other_leader, activity_id=row.pk)
    assert missing.value.code == "inspection_not_found"
    for who in ("depthead", "inspector", "office"):
        with travel_to(REGISTER_DAY), pytest.raises(PermissionDenied):
            actions.approve_activity(actor=users[who], activity_id=row.pk)
    with travel_to(REGISTER_DAY):
        done = actions.approve_activity(actor=users["leader"], activity_id=row.pk, note="同意")
    assert (done.status, done.decided_by, done.decided_on) == (
        Status.APPROVED,
        users["leader"],
        REGISTER_DAY,
    )
    with travel_to(REGISTER_DAY), pytest.raises(Conflict):
        actions.approve_activity(actor=users["leader"], activity_id=row.pk)


def test_an_inspection_without_targets_waits_for_its_draw(firms: Firms) -> None:
    row = register(firms.users["depthead"], credit_codes=[])
    with travel_to(REGISTER_DAY), pytest.raises(Conflict) as err:
        actions.approve_activity(actor=firms.users["leader"], activity_id=row.pk)
    assert err.value.code == "inspection_targets_missing"


def test_the_leader_rejects_with_a_reason(firms: Firms) -> None:
    leader = firms.users["leader"]
    row = register(firms.users["depthead"])
    with travel_to(REGISTER_DAY), pytest.raises(InvalidInput):
        actions.reject_activity(actor=leader, activity_id=row.pk, reason=" ")
    with travel_to(REGISTER_DAY):
        done = actions.reject_activity(actor=leader, activity_id=row.pk, reason="与年报工作重复")
    assert done.status == Status.REJECTED
    assert done.decision_note == "与年报工作重复"


def test_held_without_approval_is_a_finding(firms: Firms) -> None:
    depthead = firms.users["depthead"]
    row = register(depthead)
    with travel_to(HELD_DAY):
        held = actions.record_held(
            actor=depthead,
            activity_id=row.pk,
            held_start=START,
            held_end=END,
            items=ITEMS,
            credit_codes=[FIRM_A],
        )
    assert held.status == Status.HELD
    assert held.held_unapproved
    (found,) = anomalies(row, "inspection_unapproved")
    assert found.department.code == "620700005"
    assert found.subject_url == f"/inspections/{row.pk}/"
    assert found.evidence["实施时状态"] == "待审批"


def test_registered_after_the_start_is_a_finding(firms: Firms) -> None:
    row = register(firms.users["depthead"], on=date(2026, 6, 9))
    assert row.after_the_fact
    (found,) = anomalies(row, "inspection_unapproved")
    assert found.evidence["开始日期"] == "2026-06-08"


def test_held_within_the_approval_raises_nothing_and_beyond_it_is_an_overrun(
    firms: Firms,
) -> None:
    users = firms.users
    within, beyond = (
        register(users["depthead"]),
        register(
            users["depthead"], title="广告经营检查", items=["广告发布"], credit_codes=[FIRM_B]
        ),
    )
    with travel_to(REGISTER_DAY):
        actions.keep_separate(actor=users["depthead"], activity_id=beyond.pk, reason="不同科室")
        for row in (within, beyond):
            actions.approve_activity(actor=users["leader"], activity_id=row.pk)
    with travel_to(HELD_DAY):
        actions.record_held(
            actor=users["depthead"],
            activity_id=within.pk,
            held_start=START,
            held_end=END,
            items=ITEMS[:1],
            credit_codes=[FIRM_A],
        )
        actions.record_held(
            actor=users["depthead"],
            activity_id=beyond.pk,
            held_start=START,
            held_end=date(2026, 6, 12),
            items=["广告发布", "食品标签"],
            credit_codes=[FIRM_B, FIRM_A],
        )
    assert not anomalies(within, "inspection_overrun")
    assert not anomalies(within, "inspection_unapproved")
    (found,) = anomalies(beyond, "inspection_overrun")
    assert found.evidence["超出事项"] == ["食品标签"]
    assert found.evidence["实际日期"] == ["2026-06-08", "2026-06-12"]
    assert found.evidence["超出对象"] == [f"张掖市甘泉食品有限公司（{FIRM_A}）"]


def test_a_county_leader_accompanying_a_departmental_tour_is_flagged(firms: Firms) -> None:
    users = firms.users
    city = register(
        users["depthead"],
        companions=[{"name": "赵明", "title": "科长", "unit": "市工商局"}],
    )
    assert not anomalies(city, "leader_accompanied")
    county = register(
        users["depthead"],
        title="乡镇市场巡查",
        items=["集贸市场"],
        credit_codes=[FIRM_B],
        companions=[{"name": "马永福", "title": "副县长", "unit": "民乐县人民政府"}],
    )
    (found,) = anomalies(county, "leader_accompanied")
    assert found.evidence["陪同人员"] == ["民乐县人民政府 副县长 马永福"]
    # Recorded when held, too (the approved plan named nobody).
    with travel_to(REGISTER_DAY):
        actions.approve_activity(actor=users["leader"], activity_id=city.pk)
    with travel_to(HELD_DAY):
        actions.record_held(
            actor=users["depthead"],
            activity_id=city.pk,
            held_start=START,
            held_end=END,
            items=ITEMS,
            credit_codes=[FIRM_A],
            companions=[{"name": "马永福", "title": "副县长", "unit": "民乐县"}],
        )
    assert len(anomalies(city, "leader_accompanied")) == 1


def test_a_county_organising_its_own_tour_is_not_flagged(firms: Firms) -> None:
    row = register(
        firms.users["minle"],
        companions=[{"name": "马永福", "title": "副县长", "unit": "民乐县人民政府"}],
    )
    assert row.organiser.kind == "county"
    assert not anomalies(row, "leader_accompanied")


def test_cancel_with_a_reason_and_not_after_held(firms: Firms) -> None:
    depthead = firms.users["depthead"]
    row = register(depthead)
    with travel_to(REGISTER_DAY), pytest.raises(InvalidInput):
        actions.cancel_activity(actor=depthead, activity_id=row.pk, reason="")
    with travel_to(REGISTER_DAY):
        done = actions.cancel_activity(actor=depthead, activity_id=row.pk, reason="任务调整")
    assert done.status == Status.CANCELLED
    with travel_to(REGISTER_DAY), pytest.raises(Conflict):
        actions.cancel_activity(actor=depthead, activity_id=row.pk, reason="再取消")
    # Another unit's head does not see the row: not found, as on its page.
    with travel_to(REGISTER_DAY), pytest.raises(NotFound) as missing:
        actions.cancel_activity(actor=firms.users["fagai"], activity_id=row.pk, reason="x")
    assert missing.value.code == "inspection_not_found"
