"""Venue bookings: the room's kind is the purpose, the end after the start,
no overlap with a live booking of the same room (the clashing one named),
a cancelled booking frees the time; only the centre books. Two bookings
at once cannot both win, nor two registrations take one number
(PostgreSQL: the row locks)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from trading_support import at, code_of, open_round, project

from races import at_once, row_locks
from xiaoneng.core.errors import DomainError
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading import numbering
from xiaoneng.trading.actions import projects as project_actions
from xiaoneng.trading.actions import venues as act
from xiaoneng.trading.models import Booking, Project, Round, Venue

DAY = date(2026, 10, 8)


def _round(users: dict[str, User]) -> Round:
    return open_round(project(users), date(2026, 9, 14), at(date(2026, 10, 12)))


def _book(user: User, round_: Round, venue: str, start: int, end: int, **extra: Any) -> Booking:
    fields = {
        "round_id": round_.pk,
        "venue_id": Venue.objects.get(name=venue).pk,
        "purpose": "opening",
        "starts_at": at(date(2026, 10, 12), start, 0),
        "ends_at": at(date(2026, 10, 12), end, 0),
        **extra,
    }
    return act.book_venue(user, **fields)


@pytest.mark.django_db
def test_bookings_of_one_room_never_overlap(trading_world: dict[str, User]) -> None:
    centre = trading_world["jiaoyi"]
    first, second = _round(trading_world), _round(trading_world)
    with travel_to(DAY):
        held = _book(centre, first, "第一开标室", 9, 12)
        with pytest.raises(DomainError) as refused:
            _book(centre, second, "第一开标室", 11, 13)
        assert refused.value.code == "trading_venue_taken"
        assert refused.value.detail["booking"] == held.pk
        assert refused.value.detail["project"] == first.project.code
        # Touching is not overlapping; another room at the same time is free.
        _book(centre, second, "第一开标室", 12, 14)
        _book(centre, second, "第二开标室", 9, 12)
        # Cancelled, the time is free again.
        act.cancel_booking(centre, held.pk)
        assert code_of(lambda: act.cancel_booking(centre, held.pk)) == "trading_booking_cancelled"
        _book(centre, second, "第一开标室", 10, 11)
    assert Booking.objects.filter(cancelled_at__isnull=True).count() == 3


@pytest.mark.django_db
def test_a_booking_is_checked(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = _round(users)
    with travel_to(DAY):
        assert code_of(
            lambda: _book(users["jiaoyi"], row, "第一开标室", 9, 12, purpose="evaluation")
        ) == ("trading_venue_purpose_mismatch")
        assert code_of(lambda: _book(users["jiaoyi"], row, "第一开标室", 12, 9)) == (
            "trading_booking_times_invalid"
        )
        assert code_of(lambda: _book(users["jiaoyi"], row, "第一开标室", 9, 9)) == (
            "trading_booking_times_invalid"
        )
        assert code_of(lambda: _book(users["jiaoyi"], row, "第一开标室", 9, 12, venue_id=0)) == (
            "trading_venue_not_found"
        )
        assert code_of(lambda: _book(users["jiaoyi"], row, "第一开标室", 9, 12, round_id=0)) == (
            "trading_round_not_found"
        )
        # Only the centre books rooms.
        assert code_of(lambda: _book(users["zhaobiao"], row, "第一开标室", 9, 12)) == (
            "permission_denied"
        )
        assert code_of(lambda: _book(users["daili"], row, "第一开标室", 9, 12)) == (
            "permission_denied"
        )
    with travel_to(date(2026, 10, 13)):  # the day has gone
        assert code_of(lambda: _book(users["jiaoyi"], row, "第一开标室", 9, 12)) == (
            "trading_booking_in_past"
        )
    assert not Booking.objects.exists()


@row_locks
@pytest.mark.django_db(transaction=True)
def test_two_bookings_at_once_cannot_both_win(
    trading_world: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    centre = trading_world["jiaoyi"]
    first, second = _round(trading_world), _round(trading_world)
    outcomes = at_once(
        monkeypatch,
        (act, "clash"),
        lambda: _book(centre, first, "第一开标室", 9, 12),
        lambda: _book(centre, second, "第一开标室", 10, 13),
        around=lambda: travel_to(DAY),
    )
    assert outcomes == ["done", "trading_venue_taken"]
    assert Booking.objects.count() == 1


@row_locks
@pytest.mark.django_db(transaction=True)
def test_two_registrations_at_once_take_two_numbers(
    trading_world: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = {
        "kind": "construction",
        "title": "G227线张掖段路面改造工程",
        "description": "沥青混凝土路面改造",
        "criteria": "comprehensive",
        "speciality": "road",
        "estimate": "8600000",
        "approval_document": "张发改交运〔2026〕118号",
    }
    user = trading_world["zhaobiao"]
    outcomes = at_once(
        monkeypatch,
        (numbering, "Length"),
        lambda: project_actions.register_project(user, **fields),
        lambda: project_actions.register_project(user, **fields),
        around=lambda: travel_to(DAY),
    )
    assert outcomes == ["done", "done"]
    assert sorted(Project.objects.values_list("code", flat=True)) == [
        "JS-2026-0001",
        "JS-2026-0002",
    ]
