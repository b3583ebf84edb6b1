"""Who sees which activities (seeing is not acting), the mayor's approval,
results published for random inspections, the burden counts, and dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
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

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.inspections import actions
from xiaoneng.inspections.models import Status
from xiaoneng.inspections.selectors import activities_for, awaiting_approval, burden
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_each_sees_the_activities_in_its_scope(firms: Firms, other_leader: User) -> None:
    users = firms.users
    mine = register(users["depthead"])
    county = register(users["minle"], title="县内检查", items=["x"], credit_codes=[FIRM_B])
    assert set(activities_for(users["depthead"])) == {mine}
    assert set(activities_for(users["office"])) == {mine}
    assert set(activities_for(users["minle"])) == {county}
    assert set(activities_for(users["leader"])) == {mine}  # 民乐县 is not in his portfolio
    assert set(activities_for(other_leader)) == set()
    assert set(activities_for(users["inspector"])) == {mine, county}
    assert set(activities_for(users["mayor"])) == {mine, county}
    assert set(activities_for(users["window"])) == set()
    assert list(awaiting_approval(users["leader"])) == [mine]
    assert list(awaiting_approval(users["depthead"])) == []


def test_the_mayor_approves_any_organisers_activity(firms: Firms) -> None:
    row = register(firms.users["minle"])
    with travel_to(REGISTER_DAY):
        done = actions.approve_activity(actor=firms.users["mayor"], activity_id=row.pk)
    assert done.status == Status.APPROVED


def test_held_dates_are_checked(firms: Firms) -> None:
    depthead = firms.users["depthead"]
    row = register(depthead)
    with travel_to(date(2026, 6, 9)), pytest.raises(InvalidInput) as err:
        actions.record_held(
            actor=depthead, activity_id=row.pk, held_start=START, held_end=END, items=ITEMS
        )
    assert err.value.code == "inspection_held_in_future"
    with travel_to(date(2026, 6, 15)):
        actions.record_held(
            actor=depthead, activity_id=row.pk, held_start=START, held_end=END, items=ITEMS
        )
        with pytest.raises(Conflict):
            actions.record_held(
                actor=depthead, activity_id=row.pk, held_start=START, held_end=END, items=ITEMS
            )


def test_the_result_is_recorded_once_held_and_published(firms: Firms, client: Client) -> None:
    users = firms.users
    depthead = users["depthead"]
    with travel_to(REGISTER_DAY):
        actions.add_inspector(actor=depthead, name="李梅", certificate_no="GS-0101")
    row = register(depthead, credit_codes=[])
    with travel_to(REGISTER_DAY):
        actions.draw_targets(
            actor=depthead, activity_id=row.pk, enterprise_count=1, inspector_count=1
        )
        with pytest.raises(Conflict):
            actions.record_result(actor=depthead, activity_id=row.pk, result="clean")
        actions.approve_activity(actor=users["leader"], activity_id=row.pk)
    with travel_to(date(2026, 6, 15)):
        actions.record_held(
            actor=depthead, activity_id=row.pk, held_start=START, held_end=END, items=ITEMS
        )
        with pytest.raises(InvalidInput):
            actions.record_result(actor=depthead, activity_id=row.pk, result="maybe")
        actions.record_result(
            actor=depthead, activity_id=row.pk, result="found", summary="1 户未按时年报，责令改正"
        )
    page = client.get("/inspections/random/").content.decode()
    assert "发现问题：1 户未按时年报，责令改正" in page
    assert "李梅" not in page


def test_the_burden_counts_approved_and_held_per_enterprise_and_organiser(firms: Firms) -> None:
    users = firms.users
    one = register(users["depthead"], credit_codes=[FIRM_A, FIRM_B])
    two = register(users["depthead"], title="广告检查", items=["广告"], credit_codes=[FIRM_A])
    register(users["depthead"], title="待批", items=["待批"], credit_codes=[FIRM_A])
    with travel_to(REGISTER_DAY):
        actions.keep_separate(actor=users["depthead"], activity_id=two.pk, reason="专项")
        actions.keep_separate(actor=users["depthead"], activity_id=one.pk, reason="专项")
        for row in (one, two):
            actions.approve_activity(actor=users["leader"], activity_id=row.pk)
    counts = burden(2026)
    assert counts["enterprises"] == [("张掖市甘泉食品有限公司", 2), ("张掖市祁连建材有限公司", 1)]
    assert counts["departments"] == [("张掖市工商行政管理局", 2)]
    assert burden(2025) == {"enterprises": [], "departments": []}


def test_a_refused_merge_stays_on_the_own_page(firms: Firms, client: Client, login: Any) -> None:
    users = firms.users
    far = register(users["fagai"], start_on=date(2026, 10, 1), end_on=date(2026, 10, 2))
    mine = register(users["depthead"], credit_codes=[FIRM_B])
    login("depthead")
    with travel_to(REGISTER_DAY):
        answer = client.post(f"/inspections/{mine.pk}/merge/", {"into": far.pk})
    assert answer["Location"] == f"/inspections/{mine.pk}/"
    assert "inspection_merge_invalid" in client.get(answer["Location"]).content.decode()


def test_the_supervision_bureau_opens_what_its_findings_link_to(
    firms: Firms, client: Client, login: Any
) -> None:
    """The anomalies desk links the activity; 监察局 reads it (read only), as
    it reads the receptions and charges its findings link to."""
    row = register(firms.users["depthead"], on=date(2026, 6, 9))  # after the start: a finding
    (found,) = anomalies(row, "inspection_unapproved")
    login("supervisor")
    page = client.get(found.subject_url)
    assert page.status_code == 200
    assert row.number in page.content.decode()
    with travel_to(date(2026, 6, 9)):
        refused = client.post(f"/inspections/{row.pk}/cancel/", {"reason": "x"})
    assert refused.status_code in (302, 403)
    row.refresh_from_db()
    assert row.status == Status.PENDING
