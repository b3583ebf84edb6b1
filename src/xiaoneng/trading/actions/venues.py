"""The centre's rooms (CENTRE): `book_venue` for a round's opening or
evaluation and `cancel_booking`. Two live bookings of one venue never
overlap: the check runs under the Venue row's lock, so two bookings made at
once wait for each other and the second sees the first."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.trading.checks import a_moment
from xiaoneng.trading.common import CENTRE, event, locked_project, missing_round
from xiaoneng.trading.models import Booking, Round, Venue, VenueKind

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _moment(value: Any, label: str) -> datetime:
    return a_moment(value, code="trading_booking_times_invalid", label=label)


def clash(venue: Venue, starts_at: datetime, ends_at: datetime) -> Booking | None:
    """A live booking of the venue overlapping [starts_at, ends_at), if any."""
    return (
        Booking.objects.filter(
            venue=venue, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .select_related("round__project")
        .first()
    )


@transaction.atomic(durable=True)
def book_venue(
    actor: Actor, *, round_id: Any, venue_id: Any, purpose: Any, starts_at: Any, ends_at: Any
) -> Booking:
    """场地预约 for a round: the room's kind is the purpose, the time to come,
    no overlap with another live booking (`trading_venue_taken`, naming it)."""
    round_ = Round.objects.filter(pk=as_int(round_id) or 0).only("project_id").first()
    if round_ is None:
        raise missing_round()
    user, project = locked_project(actor, round_.project_id, CENTRE)
    venue = Venue.objects.select_for_update().filter(pk=as_int(venue_id) or 0, active=True).first()
    if venue is None:
        raise NotFound("交易场地不存在或不可用", code="trading_venue_not_found")
    if purpose not in VenueKind.values or purpose != venue.kind:
        raise InvalidInput(
            f"{venue.name}是{venue.get_kind_display()}，不能用于该用途",
            code="trading_venue_purpose_mismatch",
            detail={"venue_kind": venue.kind},
        )
    starts, ends = _moment(starts_at, "开始时间"), _moment(ends_at, "结束时间")
    if ends <= starts:
        raise InvalidInput("结束时间应晚于开始时间", code="trading_booking_times_invalid")
    if starts < timesource.now():
        raise InvalidInput("预约开始时间不能早于现在", code="trading_booking_in_past")
    if (other := clash(venue, starts, ends)) is not None:
        local = timesource.SHANGHAI
        raise Conflict(
            f"{venue.name}在{other.starts_at.astimezone(local):%Y-%m-%d %H:%M}至"
            f"{other.ends_at.astimezone(local):%H:%M}已被{other.round.project.code}预约",
            code="trading_venue_taken",
            detail={
                "booking": other.pk,
                "project": other.round.project.code,
                "starts_at": other.starts_at,
                "ends_at": other.ends_at,
            },
        )
    row = Booking.objects.create(
        venue=venue,
        round_id=round_.pk,
        purpose=purpose,
        starts_at=starts,
        ends_at=ends,
        booked_by=user,
    )
    event(
        user,
        project,
        "venue_booked",
        booking=row.pk,
        venue=venue.name,
        purpose=purpose,
        starts_at=starts,
        ends_at=ends,
    )
    return row


@transaction.atomic(durable=True)
def cancel_booking(actor: Actor, booking_id: Any) -> Booking:
    """取消预约: the room is free again for that time."""
    row = Booking.objects.filter(pk=as_int(booking_id) or 0).select_related("round").first()
    if row is None:
        raise NotFound("场地预约不存在", code="trading_booking_not_found")
    user, project = locked_project(actor, row.round.project_id, CENTRE)
    row = Booking.objects.select_for_update().get(pk=row.pk)
    if row.cancelled_at is not None:
        raise Conflict("该场地预约已取消", code="trading_booking_cancelled")
    row.cancelled_at = timesource.now()
    row.save(update_fields=["cancelled_at"])
    event(user, project, "booking_cancelled", booking=row.pk, venue=row.venue_id)
    return row
