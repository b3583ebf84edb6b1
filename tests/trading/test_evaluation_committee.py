"""The committee and the draw through the actions: composition (招标投标法
art. 37), each exclusion reason (评标专家和评标专家库管理暂行办法 art. 12/13),
the replay from the stored seed, a pool too small, a decline and its redraw,
the tenderer's representatives, the pool's own rules and attendance."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from trading_support import BIDDERS, at, opened_round, project

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.trading import identity_number
from xiaoneng.org.models import Department, User
from xiaoneng.trading import draw as drawing
from xiaoneng.trading.actions import committee as actions
from xiaoneng.trading.actions import experts as pool
from xiaoneng.trading.models import (
    Attendance,
    Booking,
    Draw,
    Expert,
    Member,
    MemberKind,
    Speciality,
    Venue,
    VenueKind,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 9)  # the first working day after National Day 2026
WRONG_CHECK = identity_number(91)[:17] + ("1" if identity_number(91)[17] != "1" else "2")
PRICES = {BIDDERS[0]: "8100000", BIDDERS[1]: "8250000", BIDDERS[2]: "8400000"}


def opened(users: dict[str, User], day: date = DAY, **kw: Any) -> Any:
    return opened_round(users, project(users, **kw), PRICES, opened_on=day)


def formed(users: dict[str, User], day: date = DAY, size: int = 5, experts: int = 4) -> Any:
    round_ = opened(users, day)
    actions.form_committee(
        actor=users["jiaoyi"], round_id=round_.pk, size=size, expert_seats=experts
    )
    return round_


def names(ids: list[int]) -> set[str]:
    return set(Expert.objects.filter(pk__in=ids).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("size", "experts", "code"),
    [
        (4, 4, "trading_committee_too_small"),
        (6, 4, "trading_committee_even"),
        (7, 4, "trading_committee_experts_short"),
    ],
)
def test_a_committee_against_the_law_is_refused(
    trading_world: dict[str, User], size: int, experts: int, code: str
) -> None:
    with travel_to(DAY):
        round_ = opened(trading_world)
        with pytest.raises(InvalidInput) as refused:
            actions.form_committee(
                actor=trading_world["jiaoyi"], round_id=round_.pk, size=size, expert_seats=experts
            )
        assert refused.value.code == code


def test_five_with_four_experts_is_formed_by_the_centre_only(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    with travel_to(DAY):
        round_ = opened(users)
        with pytest.raises(PermissionDenied):  # the tenderer runs its project but not the draw
            actions.form_committee(
                actor=users["zhaobiao"], round_id=round_.pk, size=5, expert_seats=4
            )
        row = actions.form_committee(
            actor=users["jiaoyi"], round_id=round_.pk, size=5, expert_seats=4
        )
        assert (row.size, row.expert_seats) == (5, 4)
        with pytest.raises(Conflict) as again:
            actions.form_committee(
                actor=users["jiaoyi"], round_id=round_.pk, size=5, expert_seats=4
            )
        assert again.value.code == "trading_committee_exists"


def test_the_draw_excludes_bidders_staff_declared_ties_and_the_tenderers_staff(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    with travel_to(DAY):
        tenderer = Department.objects.get(code="620700014")
        own = pool.register_expert(
            actor=users["jiaoyi"],
            name="彭志远",
            id_no=identity_number(90),
            phone="13993600001",
            employer="张掖市交通运输局",
            employer_department_id=tenderer.pk,
            specialities=[Speciality.ROAD],
            title="高级工程师",
        )
        round_ = formed(users)
        row = actions.draw_experts(actor=users["jiaoyi"], round_id=round_.pk)
    reasons = {e["expert"]: e["reason"] for e in row.excluded}
    by_name = {Expert.objects.get(pk=k).name: v for k, v in reasons.items()}
    assert by_name == {
        "曹建平": drawing.BIDDER_EMPLOYEE,  # works for 张掖市路桥, a bidder
        "潘立群": drawing.DECLARED_TIE,  # left 甘肃祁连建工 on 2025-06-30
        "彭志远": drawing.TENDERER_EMPLOYEE,
    }
    assert own.pk not in row.pool
    assert len(row.picked) == 4
    assert not set(row.picked) & set(reasons)
    road = {e.pk for e in Expert.objects.all() if Speciality.ROAD in e.specialities}
    assert set(row.pool) == road - set(reasons)
    assert row.pool == sorted(row.pool)
    assert len(row.seed) == 32
    members = Member.objects.filter(committee__round=round_, kind=MemberKind.EXPERT)
    assert sorted(members.values_list("expert_id", flat=True)) == sorted(row.picked)
    # The committee is secret: the log has counts, never the experts drawn.
    logged = AuditEvent.objects.get(event_type="trading.experts_drawn")
    assert set(logged.payload) == {"round", "draw", "needed", "pool", "excluded"}


@pytest.mark.parametrize(
    ("day", "excluded"), [(date(2028, 6, 30), True), (date(2028, 7, 3), False)]
)
def test_a_declared_tie_binds_for_three_years_after_it_ended(
    trading_world: dict[str, User], day: date, excluded: bool
) -> None:
    with travel_to(day):
        round_ = formed(trading_world, day)
        row = actions.draw_experts(actor=trading_world["jiaoyi"], round_id=round_.pk)
    pan = Expert.objects.get(name="潘立群").pk
    assert (pan in {e["expert"] for e in row.excluded}) is excluded
    assert (pan in row.pool) is not excluded


def test_the_draw_replays_from_its_seed_and_a_tampered_one_does_not(
    trading_world: dict[str, User],
) -> None:
    with travel_to(DAY):
        round_ = formed(trading_world)
        row = actions.draw_experts(actor=trading_world["jiaoyi"], round_id=round_.pk)
    stored = Draw.objects.get(pk=row.pk)
    result = drawing.replay(stored)
    assert result.matches
    assert result.recomputed == stored.picked
    assert drawing.pick(stored.seed, stored.pool, stored.needed) == stored.picked
    stored.seed = "0" * 32
    assert not drawing.replay(stored).matches
    stored.refresh_from_db()
    stored.pool = list(reversed(stored.pool))
    assert not drawing.replay(stored).matches
    stored.refresh_from_db()
    stored.pool = stored.pool[:2]  # a pool shorter than the seats it filled
    assert not drawing.replay(stored).matches


def test_a_pool_too_small_is_refused_and_nothing_drawn(trading_world: dict[str, User]) -> None:
    with travel_to(DAY):
        round_ = formed(trading_world, size=9, experts=8)  # 7 road experts may sit
        with pytest.raises(Conflict) as short:
            actions.draw_experts(actor=trading_world["jiaoyi"], round_id=round_.pk)
    assert short.value.code == "trading_pool_too_small"
    assert short.value.detail["needed"] == 8
    assert short.value.detail["pool"] == 7
    assert not Draw.objects.exists()
    assert not Member.objects.exists()


def test_a_declined_seat_is_drawn_again_without_the_declined_expert(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    with travel_to(DAY):
        round_ = formed(users)
        first = actions.draw_experts(actor=users["jiaoyi"], round_id=round_.pk)
        with pytest.raises(Conflict) as full:
            actions.draw_experts(actor=users["jiaoyi"], round_id=round_.pk)
        assert full.value.code == "trading_committee_full"
        gone = Member.objects.get(committee__round=round_, expert_id=first.picked[0])
        with pytest.raises(InvalidInput):
            actions.decline_member(actor=users["jiaoyi"], member_id=gone.pk, reason=" ")
        actions.decline_member(
            actor=users["jiaoyi"], member_id=gone.pk, reason="与投标人有利害关系"
        )
        second = actions.draw_experts(actor=users["jiaoyi"], round_id=round_.pk)
    assert second.needed == 1
    reasons = {e["expert"]: e["reason"] for e in second.excluded}
    assert reasons[first.picked[0]] == drawing.DECLINED
    assert all(reasons[pk] == drawing.ON_COMMITTEE for pk in first.picked[1:])
    assert second.picked[0] not in first.picked
    assert actions.seated(round_.committee).filter(kind=MemberKind.EXPERT).count() == 4


def test_representatives_are_the_tenderers_own_staff_in_the_seats_left(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    with travel_to(DAY):
        round_ = formed(users)
        with pytest.raises(PermissionDenied):  # the agency runs the project, not the tenderer
            actions.name_representatives(
                actor=users["daili"], round_id=round_.pk, user_ids=[users["zhaobiao"].pk]
            )
        with pytest.raises(InvalidInput) as outsider:
            actions.name_representatives(
                actor=users["zhaobiao"], round_id=round_.pk, user_ids=[users["jiaoyi"].pk]
            )
        assert outsider.value.code == "trading_representative_invalid"
        with pytest.raises(InvalidInput) as count:
            actions.name_representatives(actor=users["zhaobiao"], round_id=round_.pk, user_ids=[])
        assert count.value.code == "trading_representative_count"
        rows = actions.name_representatives(
            actor=users["zhaobiao"], round_id=round_.pk, user_ids=[users["zhaobiao"].pk]
        )
    assert [m.representative_id for m in rows] == [users["zhaobiao"].pk]
    assert rows[0].kind == MemberKind.REPRESENTATIVE


def test_the_pool_registers_once_per_person_and_checks_the_number(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    given = {
        "name": "陶然",
        "id_no": identity_number(91),
        "phone": "13993600009",
        "employer": "兰州交通大学",
        "specialities": [Speciality.ROAD],
    }
    with travel_to(DAY):
        with pytest.raises(PermissionDenied):
            pool.register_expert(actor=users["zhaobiao"], **given)
        with pytest.raises(InvalidInput) as bad:
            pool.register_expert(actor=users["jiaoyi"], **{**given, "id_no": WRONG_CHECK})
        assert bad.value.code == "trading_expert_id_invalid"
        row = pool.register_expert(actor=users["jiaoyi"], **given)
        with pytest.raises(Conflict) as twice:
            pool.register_expert(actor=users["jiaoyi"], **{**given, "name": "陶然然"})
        assert twice.value.code == "trading_expert_exists"
        # The expert declares a tie themself, only on their own entry.
        xu = Expert.objects.get(name="许文博")
        tie = pool.declare_tie(
            actor=users["zhuanjia1"],
            expert_id=xu.pk,
            party_id=Expert.objects.get(name="曹建平").employer_party_id,
            relation="business",
            started_on="2024-01-01",
        )
        assert tie.expert_id == xu.pk
        with pytest.raises(NotFound):
            pool.declare_tie(
                actor=users["zhuanjia1"],
                expert_id=row.pk,
                party_id=tie.party_id,
                relation="business",
                started_on="2024-01-01",
            )
        pool.retire_expert(actor=users["jiaoyi"], expert_id=row.pk)
        with pytest.raises(Conflict):
            pool.retire_expert(actor=users["jiaoyi"], expert_id=row.pk)
    assert Expert.objects.get(pk=row.pk).id_no == identity_number(91)  # sealed, read back


def test_attendance_in_the_evaluation_room(trading_world: dict[str, User]) -> None:
    users = trading_world
    with travel_to(DAY):
        round_ = formed(users)
        actions.draw_experts(actor=users["jiaoyi"], round_id=round_.pk)
        room = Booking.objects.create(
            venue=Venue.objects.get(name="第一评标室"),
            round=round_,
            purpose=VenueKind.EVALUATION,
            starts_at=at(DAY, 10),
            ends_at=at(DAY, 17),
            booked_by=users["jiaoyi"],
        )
        hall = Booking.objects.create(
            venue=Venue.objects.get(name="第一开标室"),
            round=round_,
            purpose=VenueKind.OPENING,
            starts_at=at(DAY, 9),
            ends_at=at(DAY, 10),
            booked_by=users["jiaoyi"],
        )
        member = Member.objects.filter(committee__round=round_).first()
        assert member is not None
        given = {"name": "任晓东", "role": "评标专家", "arrived_at": at(DAY, 9, 50)}
        with pytest.raises(Conflict) as wrong_room:
            actions.record_attendance(actor=users["jiaoyi"], booking_id=hall.pk, **given)
        assert wrong_room.value.code == "trading_booking_not_evaluation"
        with pytest.raises(PermissionDenied):
            actions.record_attendance(actor=users["zhaobiao"], booking_id=room.pk, **given)
        row = actions.record_attendance(
            actor=users["jiaoyi"], booking_id=room.pk, member_id=member.pk, **given
        )
        with pytest.raises(InvalidInput) as early:
            actions.record_departure(
                actor=users["jiaoyi"], attendance_id=row.pk, left_at=at(DAY, 9)
            )
        assert early.value.code == "trading_attendance_invalid"
        actions.record_departure(
            actor=users["jiaoyi"], attendance_id=row.pk, left_at=at(DAY, 9, 55)
        )
        with pytest.raises(Conflict) as twice:
            actions.record_departure(actor=users["jiaoyi"], attendance_id=row.pk)
        assert twice.value.code == "trading_attendance_left"
    stored = Attendance.objects.get(pk=row.pk)
    assert stored.member_id == member.pk
    assert stored.left_at == at(DAY, 9, 55)
