"""Overlaps detected at registration (same target within
`inspection.overlap_days`, a shared item, similar titles), offered for
merging into a joint activity, or kept separate with a reason; the annual
plan counts registered, approved, merged, cancelled and held."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from inspection_support import (
    END,
    FIRM_A,
    FIRM_B,
    FIRM_C,
    FIRM_D,
    REGISTER_DAY,
    START,
    Firms,
    register,
)

from xiaoneng.core.errors import Conflict
from xiaoneng.core.timesource import travel_to
from xiaoneng.inspections import actions
from xiaoneng.inspections.models import Status
from xiaoneng.inspections.selectors import UNIT_KINDS, annual_plan, jaccard, overlaps
from xiaoneng.org.models import Department

pytestmark = pytest.mark.django_db


def _fagai(firms: Firms, **over: object) -> object:
    data: dict[str, object] = {
        "title": "固定资产投资项目核查",
        "items": ["项目备案"],
        "credit_codes": [FIRM_A],
        "start_on": START + timedelta(days=20),
        "end_on": END + timedelta(days=20),
    }
    data.update(over)
    return register(firms.users["fagai"], **data)


def test_a_same_target_within_the_window_is_offered_for_merging(firms: Firms) -> None:
    users = firms.users
    first = register(users["depthead"])
    second = _fagai(firms)
    (found,) = overlaps(second)
    assert found.activity == first
    assert found.reasons == ["同一对象：张掖市甘泉食品有限公司"]
    # Outside the window (30 days between the periods): none.
    far = _fagai(
        firms, start_on=END + timedelta(days=31), end_on=END + timedelta(days=32), title="节后核查"
    )
    assert [o.activity for o in overlaps(far)] == [second]  # only the other 发改委 one
    with travel_to(REGISTER_DAY), pytest.raises(Conflict) as err:
        actions.approve_activity(actor=users["leader"], activity_id=second.pk)
    assert err.value.code == "inspection_overlap_unresolved"


def test_similar_content_is_an_overlap_without_a_shared_target(firms: Firms) -> None:
    first = register(firms.users["depthead"])
    shared_item = _fagai(firms, credit_codes=[FIRM_B], items=["年度报告", "项目备案"])
    (found,) = overlaps(shared_item)
    assert found.activity == first
    assert found.reasons == ["相同事项：年度报告"]
    similar = _fagai(firms, credit_codes=[FIRM_C], title="个体工商户年报抽查检查")
    assert jaccard("个体工商户年报抽查检查", "个体工商户年报抽查") == pytest.approx(8 / 10)
    assert [o.reasons for o in overlaps(similar) if o.activity == first] == [["名称相似度 80%"]]
    unrelated = _fagai(firms, credit_codes=[FIRM_C], title="重点项目督查", items=["开工"])
    assert first not in [o.activity for o in overlaps(unrelated)]


def test_every_reason_at_once_in_a_stable_order_and_a_bounded_read(firms: Firms) -> None:
    """Units before enterprises, each in the register's order; a same item and a
    similar title on the same row; the read does not grow with the overlaps."""
    units = list(
        Department.objects.filter(kind__in=UNIT_KINDS, active=True).order_by("sort", "id")[:2]
    )
    both = [units[1].pk, units[0].pk]
    first = register(firms.users["depthead"], unit_ids=both, credit_codes=[FIRM_C, FIRM_A, FIRM_B])
    again = _fagai(
        firms,
        title="个体工商户年报抽查",
        items=["年度报告", "营业执照公示"],
        unit_ids=both,
        credit_codes=[FIRM_B, FIRM_A, FIRM_D],
    )
    (found,) = overlaps(again)
    assert found.activity == first
    assert found.reasons == [
        "同一对象："
        + "、".join(
            [units[0].name, units[1].name, "张掖市甘泉食品有限公司", "张掖市祁连建材有限公司"]
        ),
        "相同事项：年度报告、营业执照公示",
        "名称相似度 100%",
    ]
    with CaptureQueriesContext(connection) as one:
        overlaps(again)
    for _ in range(3):
        _fagai(firms, unit_ids=both, credit_codes=[FIRM_A])
    with CaptureQueriesContext(connection) as four:
        assert len(overlaps(again)) == 4
    assert len(four) == len(one)


def test_merging_makes_one_joint_activity(firms: Firms) -> None:
    users = firms.users
    first = register(users["depthead"])
    second = _fagai(firms, items=["项目备案", "营业执照公示"], credit_codes=[FIRM_A, FIRM_B])
    with travel_to(REGISTER_DAY):
        joint = actions.merge_activity(
            actor=users["fagai"], activity_id=second.pk, into_id=first.pk
        )
    second.refresh_from_db()
    assert joint == first
    assert (second.status, second.merged_into) == (Status.MERGED, first)
    assert [d.code for d in joint.co_organisers.all()] == ["620700002"]
    assert joint.items == ["营业执照公示", "年度报告", "项目备案"]
    assert (joint.start_on, joint.end_on) == (START, END + timedelta(days=20))
    assert sorted(joint.target_enterprises.values_list("credit_code", flat=True)) == [
        FIRM_A,
        FIRM_B,
    ]
    assert overlaps(joint) == []  # the merged one no longer counts
    # Both organisers see the joint activity; its leader approves it.
    with travel_to(REGISTER_DAY):
        actions.approve_activity(actor=users["leader"], activity_id=joint.pk)
    with travel_to(REGISTER_DAY), pytest.raises(Conflict):
        actions.merge_activity(actor=users["fagai"], activity_id=second.pk, into_id=first.pk)


def test_merging_into_an_approved_activity_that_grows_needs_approval_again(
    firms: Firms,
) -> None:
    users = firms.users
    first = register(users["depthead"])
    with travel_to(REGISTER_DAY):
        actions.approve_activity(actor=users["leader"], activity_id=first.pk)
    second = _fagai(firms)
    with travel_to(REGISTER_DAY):
        joint = actions.merge_activity(
            actor=users["fagai"], activity_id=second.pk, into_id=first.pk
        )
    assert joint.status == Status.PENDING
    assert joint.decided_on is None


def test_only_an_overlapping_activity_can_be_merged_into(firms: Firms) -> None:
    users = firms.users
    first = register(users["depthead"], start_on=date(2026, 9, 1), end_on=date(2026, 9, 2))
    second = _fagai(firms, credit_codes=[FIRM_C])
    with travel_to(REGISTER_DAY), pytest.raises(Conflict) as err:
        actions.merge_activity(actor=users["fagai"], activity_id=second.pk, into_id=first.pk)
    assert err.value.code == "inspection_merge_invalid"


def test_kept_separate_with_a_reason_it_can_be_approved(firms: Firms) -> None:
    users = firms.users
    register(users["depthead"])
    second = _fagai(firms)
    with travel_to(REGISTER_DAY):
        actions.keep_separate(
            actor=users["fagai"], activity_id=second.pk, reason="项目核查须现场踏勘，不宜合并"
        )
        done = actions.approve_activity(actor=users["leader"], activity_id=second.pk)
    assert done.status == Status.APPROVED


def test_the_annual_plan_counts_per_organiser(firms: Firms) -> None:
    users = firms.users
    first = register(users["depthead"])
    second = _fagai(firms)
    third = register(users["depthead"], title="商标检查", items=["商标"], credit_codes=[FIRM_C])
    with travel_to(REGISTER_DAY):
        actions.merge_activity(actor=users["fagai"], activity_id=second.pk, into_id=first.pk)
        actions.approve_activity(actor=users["leader"], activity_id=first.pk)
        actions.cancel_activity(actor=users["depthead"], activity_id=third.pk, reason="并入年报")
    rows = {r["organiser__code"]: r for r in annual_plan(users["inspector"], 2026)}
    assert rows["620700005"]["registered"] == 2
    assert rows["620700005"]["approved"] == 1
    assert rows["620700005"]["cancelled"] == 1
    assert rows["620700002"]["merged"] == 1
    # An organiser sees only its own row.
    assert [r["organiser__code"] for r in annual_plan(users["fagai"], 2026)] == ["620700002"]
    assert annual_plan(users["inspector"], 2025) == []
