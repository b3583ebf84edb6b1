"""Bids and the opening through the actions: sealed at rest (no price, no
summary in the row nor the audit trail), refused late or after withdrawal,
refused to every capacity but a bidder's, modification supersedes; the
opening not before the deadline, fewer than the kind's minimum → 流标 and
re-tender, the decryption window, the opening record."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trading_support import BIDDERS, at, open_round, party, project, sealed_bid

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading import envelope
from xiaoneng.trading.actions.bids import submit_bid, withdraw_bid
from xiaoneng.trading.actions.opening import (
    close_opening,
    decrypt_bid,
    decrypt_bid_at_venue,
    start_opening,
)
from xiaoneng.trading.models import (
    Bid,
    BidStatus,
    Kind,
    Notice,
    NoticeKind,
    Round,
    RoundStatus,
    Status,
)

pytestmark = pytest.mark.django_db

DOCS = date(2026, 9, 18)
DEADLINE_DAY = date(2026, 10, 9)  # the first working day after National Day 2026
BEFORE = date(2026, 10, 8)  # still the holiday: bids may be sent any day
AFTER = date(2026, 10, 12)
LATER = date(2026, 10, 13)
PRICE = "7654321.09"
SUMMARY = "沥青面层采用SBS改性机密方案甲"


def a_round(users: dict[str, User], kind: str = Kind.CONSTRUCTION) -> Round:
    return open_round(project(users, kind=kind), DOCS, at(DEADLINE_DAY))


def bid(user: User, row: Round, price: str = PRICE, summary: str = SUMMARY) -> tuple[Bid, str]:
    return submit_bid(user, row.pk, price=price, period_days=180, summary=summary)


def code_of(exc: pytest.ExceptionInfo[DomainError]) -> str | None:
    return exc.value.code


def test_the_stored_bid_is_ciphertext_and_nobody_reads_it_without_the_code(
    trading_world: dict[str, User],
) -> None:
    row = a_round(trading_world)
    with travel_to(BEFORE):
        made, code = bid(trading_world["toubiao1"], row)
    stored = Bid.objects.filter(pk=made.pk).values()[0]
    text = json.dumps(stored, default=str, ensure_ascii=False)
    assert PRICE not in text
    assert "7654321" not in text
    assert SUMMARY not in text
    assert stored["price"] is None
    assert stored["summary"] == ""
    assert stored["period_days"] is None
    assert code.replace("-", "") not in text
    trail = json.dumps(
        list(AuditEvent.objects.values("event_type", "payload")), default=str, ensure_ascii=False
    )
    assert "trading.bid_submitted" in trail
    assert PRICE not in trail
    assert SUMMARY not in trail
    assert code not in trail
    assert made.content_digest in trail
    # Not even with another bid's code; with its own, the content is there.
    other_code = envelope.seal_bid({"x": 1}).code
    with pytest.raises(InvalidInput) as wrong:
        envelope.open_bid(made.envelope, made.key_check, other_code)
    assert code_of(wrong) == "trading_bid_code_wrong"
    assert envelope.open_bid(made.envelope, made.key_check, code)["price"] == PRICE


def test_late_bid_and_late_withdrawal_are_refused(trading_world: dict[str, User]) -> None:
    row = a_round(trading_world)
    with travel_to(BEFORE):
        made, _ = bid(trading_world["toubiao1"], row)
    with travel_to(AFTER):
        with pytest.raises(Conflict) as late:
            bid(trading_world["toubiao2"], row)
        assert code_of(late) == "trading_bid_late"
        with pytest.raises(Conflict) as late_withdraw:
            withdraw_bid(trading_world["toubiao1"], made.pk)
        assert code_of(late_withdraw) == "trading_bid_late"
    assert Bid.objects.filter(round=row).count() == 1


def test_a_party_that_withdrew_may_not_bid_again_in_the_round(
    trading_world: dict[str, User],
) -> None:
    row = a_round(trading_world)
    with travel_to(BEFORE):
        made, _ = bid(trading_world["toubiao1"], row)
        withdrawn = withdraw_bid(trading_world["toubiao1"], made.pk)
        assert withdrawn.status == BidStatus.WITHDRAWN
        assert withdrawn.withdrawn_at is not None
        with pytest.raises(Conflict) as again:
            bid(trading_world["toubiao1"], row)
        assert code_of(again) == "trading_bid_withdrawn"
        # Another party's bid is not the withdrawn party's to withdraw.
        other, _ = bid(trading_world["toubiao2"], row)
        with pytest.raises(NotFound):
            withdraw_bid(trading_world["toubiao1"], other.pk)


@pytest.mark.parametrize("username", ["zhaobiao", "daili", "jiaoyi", "zhujian", "supervisor"])
def test_no_one_but_a_bidder_may_bid(trading_world: dict[str, User], username: str) -> None:
    row = a_round(trading_world)
    with travel_to(BEFORE), pytest.raises(PermissionDenied):
        bid(trading_world[username], row)
    assert not Bid.objects.filter(round=row).exists()


def test_a_second_submission_supersedes_and_bidders_are_kept_apart(
    trading_world: dict[str, User],
) -> None:
    row = a_round(trading_world)
    with travel_to(BEFORE):
        first, first_code = bid(trading_world["toubiao1"], row)
        theirs, _ = bid(trading_world["toubiao2"], row, price="8000000")
        second, second_code = bid(trading_world["toubiao1"], row, price="7500000")
    first.refresh_from_db()
    theirs.refresh_from_db()
    assert first.status == BidStatus.SUPERSEDED
    assert second.status == BidStatus.SEALED
    assert theirs.status == BidStatus.SEALED
    assert theirs.bidder == party(BIDDERS[1])
    assert first_code != second_code
    live = Bid.objects.filter(round=row, status=BidStatus.SEALED)
    assert sorted(b.bidder.name for b in live) == sorted(BIDDERS[:2])


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("price", "0", "trading_bid_price_invalid"),
        ("price", "-5", "trading_bid_price_invalid"),
        ("price", "abc", "trading_bid_price_invalid"),
        ("period_days", 0, "trading_bid_period_invalid"),
        ("period_days", 3651, "trading_bid_period_invalid"),
        ("period_days", "x", "trading_bid_period_invalid"),
        ("summary", "  ", "trading_bid_summary_required"),
    ],
)
def test_bad_input_is_refused_with_its_code(
    trading_world: dict[str, User], field: str, value: Any, code: str
) -> None:
    row = a_round(trading_world)
    body: dict[str, Any] = {"price": "100", "period_days": 10, "summary": "摘要"}
    body[field] = value
    with travel_to(BEFORE), pytest.raises(InvalidInput) as refused:
        submit_bid(trading_world["toubiao1"], row.pk, **body)
    assert code_of(refused) == code


def test_no_bid_while_the_project_is_suspended(trading_world: dict[str, User]) -> None:
    row = a_round(trading_world)
    row.project.suspended_at = at(BEFORE)
    row.project.save(update_fields=["suspended_at"])
    with travel_to(BEFORE), pytest.raises(Conflict) as refused:
        bid(trading_world["toubiao1"], row)
    assert code_of(refused) == "trading_project_suspended"


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(minutes=st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60).filter(lambda m: m))
def test_a_bid_is_taken_only_before_the_deadline(
    trading_world: dict[str, User], minutes: int
) -> None:
    """Whatever the distance to the deadline, a bid goes in before it and
    is refused from it on."""
    deadline = timesource.now() + timedelta(minutes=minutes)
    row = open_round(project(trading_world), deadline.date() - timedelta(days=25), deadline)
    if minutes > 0:
        made, _ = bid(trading_world["toubiao1"], row)
        assert made.status == BidStatus.SEALED
    else:
        with pytest.raises(Conflict) as late:
            bid(trading_world["toubiao1"], row)
        assert code_of(late) == "trading_bid_late"


# --- the opening


def three_bids(users: dict[str, User], row: Round) -> dict[str, tuple[Bid, str]]:
    with travel_to(BEFORE):
        made = {
            "toubiao1": bid(users["toubiao1"], row, price="7600000"),
            "toubiao2": bid(users["toubiao2"], row, price="7800000"),
        }
    made["third"] = sealed_bid(row, BIDDERS[2], users["toubiao1"], "8100000", 200)
    return made


def test_opening_before_the_deadline_is_refused_and_only_the_centre_opens(
    trading_world: dict[str, User],
) -> None:
    row = a_round(trading_world)
    three_bids(trading_world, row)
    with travel_to(BEFORE), pytest.raises(Conflict) as early:
        start_opening(trading_world["jiaoyi"], row.pk)
    assert code_of(early) == "trading_opening_too_early"
    with travel_to(AFTER):
        for name in ("zhaobiao", "daili", "toubiao1", "zhujian"):
            with pytest.raises((PermissionDenied, NotFound)):
                start_opening(trading_world[name], row.pk)
    row.refresh_from_db()
    assert row.status == RoundStatus.OPEN


def test_fewer_than_three_bids_is_no_opening_and_a_retender(
    trading_world: dict[str, User],
) -> None:
    row = a_round(trading_world)
    with travel_to(BEFORE):
        bid(trading_world["toubiao1"], row)
        bid(trading_world["toubiao2"], row)
    with travel_to(AFTER):
        start_opening(trading_world["jiaoyi"], row.pk)
    row.refresh_from_db()
    project_ = row.project
    assert row.status == RoundStatus.FAILED
    assert "少于3个" in row.failed_reason
    assert project_.status == Status.RETENDER
    assert project_.round_no == 2
    notice = Notice.objects.get(project=project_, kind=NoticeKind.FAILURE)
    assert notice.round == row
    assert "流标" in notice.title
    assert BIDDERS[0] not in notice.body  # who bid stays unsaid
    assert AuditEvent.objects.filter(event_type="trading.opening_failed").exists()


def test_a_land_auction_opens_with_one_bid(trading_world: dict[str, User]) -> None:
    row = a_round(trading_world, kind=Kind.LAND)
    with travel_to(BEFORE):
        made, code = bid(trading_world["toubiao1"], row)
    with travel_to(AFTER):
        start_opening(trading_world["jiaoyi"], row.pk)
        decrypt_bid(trading_world["toubiao1"], made.pk, code)
        close_opening(trading_world["jiaoyi"], row.pk)
    row.refresh_from_db()
    assert row.status == RoundStatus.OPENED
    assert row.project.status == Status.EVALUATING


def test_decryption_and_the_opening_record(trading_world: dict[str, User]) -> None:
    row = a_round(trading_world)
    made = three_bids(trading_world, row)
    with travel_to(AFTER):
        start_opening(trading_world["jiaoyi"], row.pk)
        mine, code = made["toubiao1"]
        # A wrong code is refused and leaves the bid sealed; another's bid is not found.
        with pytest.raises(InvalidInput) as wrong:
            decrypt_bid(trading_world["toubiao1"], mine.pk, made["toubiao2"][1])
        assert code_of(wrong) == "trading_bid_code_wrong"
        with pytest.raises(NotFound):
            decrypt_bid(trading_world["toubiao1"], made["toubiao2"][0].pk, made["toubiao2"][1])
        mine.refresh_from_db()
        assert mine.status == BidStatus.SEALED
        assert mine.price is None
        opened = decrypt_bid(trading_world["toubiao1"], mine.pk, code)
        assert str(opened.price) == "7600000.00"
        assert opened.summary == SUMMARY
        # Not everyone has decrypted and the window runs: not yet closed.
        with pytest.raises(Conflict) as pending:
            close_opening(trading_world["jiaoyi"], row.pk)
        assert code_of(pending) == "trading_opening_pending"
        decrypt_bid(trading_world["toubiao2"], made["toubiao2"][0].pk, made["toubiao2"][1])
        # The third bidder gives its code at the venue.
        decrypt_bid_at_venue(trading_world["jiaoyi"], made["third"][0].pk, made["third"][1])
        close_opening(trading_world["jiaoyi"], row.pk)
    row.refresh_from_db()
    assert row.status == RoundStatus.OPENED
    assert row.opened_at is not None
    assert row.project.status == Status.EVALUATING
    record = Notice.objects.get(round=row, kind=NoticeKind.OPENING)
    for name, price in zip(BIDDERS[:3], ("7600000.00", "7800000.00", "8100000.00"), strict=True):
        assert f"{name}｜{price}" in record.body
    venue = AuditEvent.objects.get(event_type="trading.bid_decrypted_at_venue")
    assert venue.payload["bid"] == made["third"][0].pk
    assert venue.actor_id == trading_world["jiaoyi"].pk


def test_undecrypted_bids_are_withdrawn_and_may_fail_the_round(
    trading_world: dict[str, User],
) -> None:
    row = a_round(trading_world)
    made = three_bids(trading_world, row)
    with travel_to(AFTER):
        start_opening(trading_world["jiaoyi"], row.pk)
        decrypt_bid(trading_world["toubiao1"], made["toubiao1"][0].pk, made["toubiao1"][1])
        decrypt_bid(trading_world["toubiao2"], made["toubiao2"][0].pk, made["toubiao2"][1])
    with travel_to(LATER):  # the decryption window (30 minutes) has long passed
        with pytest.raises(Conflict) as closed:
            decrypt_bid_at_venue(trading_world["jiaoyi"], made["third"][0].pk, made["third"][1])
        assert code_of(closed) == "trading_decrypt_window_closed"
        close_opening(trading_world["jiaoyi"], row.pk)
    third = Bid.objects.get(pk=made["third"][0].pk)
    assert third.status == BidStatus.UNDECRYPTED
    assert third.price is None
    row.refresh_from_db()
    assert row.status == RoundStatus.FAILED
    assert "未解密1个" in row.failed_reason
    assert row.project.status == Status.RETENDER
    assert row.project.round_no == 2
    assert Notice.objects.filter(round=row, kind=NoticeKind.FAILURE).exists()
    assert not Notice.objects.filter(round=row, kind=NoticeKind.OPENING).exists()
