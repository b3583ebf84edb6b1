"""听证 (行政处罚法 art. 63–65): asked for by the party — recorded by an
officer — only when the notice gave the right, within the five working days
of the notice; notified to the party at least seven working days before it
is held (art. 64 ¶1 (2), 85); hosted by someone of the body or the legal
office who did not investigate the case (art. 64 ¶1 (4)); recorded, or
waived when the party does not appear (art. 64 ¶1 (8))."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.penalty import hearing_earliest
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.enforcement.common import ACT, LEGALITY, event, locked_case
from xiaoneng.enforcement.models import Evidence, Hearing, PenaltyCase, Status
from xiaoneng.org.authority import has_perm, unit_of
from xiaoneng.org.models import User

from . import inputs

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def investigators(case: PenaltyCase) -> set[int]:
    """Everyone who investigated: the case's officers and every evidence's."""
    ids = set(case.officers.values_list("pk", flat=True))
    ids |= set(
        Evidence.officers.through.objects.filter(evidence__case=case).values_list(
            "user_id", flat=True
        )
    )
    return ids


def host_of(case: PenaltyCase, host_id: Any) -> User:
    host = User.objects.filter(pk=as_int(host_id) or 0, is_active=True).first()
    if host is None:
        raise InvalidInput("听证主持人不正确", code="enforcement_hearing_host_invalid")
    if host.pk in investigators(case):
        raise Conflict(
            "听证由行政机关指定的非本案调查人员主持（行政处罚法第六十四条）",
            code="enforcement_hearing_host_investigated",
            detail={"host": host.pk},
        )
    unit = unit_of(host)
    if not ((unit is not None and unit.pk == case.body_id) or has_perm(host, LEGALITY)):
        raise InvalidInput(
            "听证主持人应为本机关或法制机构的工作人员", code="enforcement_hearing_host_invalid"
        )
    return host


def _hearing(case: PenaltyCase) -> Hearing:
    """The current notice's hearing, locked."""
    row = Hearing.objects.select_for_update().filter(case=case, notice_no=case.notice_no).first()
    if row is None:
        raise Conflict("当事人未要求听证", code="enforcement_hearing_not_requested")
    if row.held_on is not None or row.waived:
        raise Conflict("听证已经结束", code="enforcement_hearing_over")
    return row


@transaction.atomic(durable=True)
def request_hearing(*, actor: Actor, case_id: Any, requested_on: Any = None) -> Hearing:
    """The party's request, on or before the last day of the period."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "request_hearing")
    if not case.hearing_right:
        raise Conflict("本案拟作出的处罚不属于听证范围", code="enforcement_no_hearing_right")
    if case.hearing is not None:
        raise Conflict("本次告知已有听证记录", code="enforcement_hearing_exists")
    day = inputs.a_date(
        requested_on, code="enforcement_date_invalid", label="申请日期", default_today=True
    )
    if case.notified_on is None or case.defence_until is None:
        raise Conflict("尚未告知拟处罚", code="enforcement_notice_required")
    if day < case.notified_on:
        raise InvalidInput("申请日期不能早于告知日期", code="enforcement_date_invalid")
    if day > case.defence_until:
        raise Conflict(
            f"当事人应在告知后五个工作日内（至{cn_date(case.defence_until)}）提出听证要求",
            code="enforcement_hearing_request_late",
            detail={"defence_until": case.defence_until, "requested_on": day},
        )
    row = Hearing.objects.create(case=case, notice_no=case.notice_no, requested_on=day)
    case.status = Status.HEARING
    case.save(update_fields=["status", "updated_at"])
    event(user, case, "hearing_requested", requested_on=day, notice_no=case.notice_no)
    return row


@transaction.atomic(durable=True)
def schedule_hearing(
    *,
    actor: Actor,
    case_id: Any,
    scheduled_on: Any,
    place: Any,
    host_id: Any,
    notified_on: Any = None,
) -> Hearing:
    """听证通知: the day (≥ 7 working days after the notice to the party),
    the place and the host; scheduled again, the latest counts."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "schedule_hearing")
    row = _hearing(case)
    told = inputs.a_date(
        notified_on, code="enforcement_date_invalid", label="听证通知日期", default_today=True
    )
    if told < row.requested_on:
        raise InvalidInput("听证通知日期不能早于申请日期", code="enforcement_date_invalid")
    day = inputs.a_future_date(scheduled_on, code="enforcement_date_invalid", label="听证日期")
    earliest = hearing_earliest(told, current_calendar())
    if day < earliest:
        raise Conflict(
            f"应当在举行听证的七个工作日前通知当事人（最早可定于{cn_date(earliest)}）",
            code="enforcement_hearing_too_early",
            detail={"earliest": earliest, "notified_on": told},
        )
    row.host = host_of(case, host_id)
    row.notified_on, row.scheduled_on = told, day
    row.place = inputs.text(place, code="enforcement_place_required", label="听证地点", limit=200)
    row.save(update_fields=["host", "notified_on", "scheduled_on", "place"])
    case.save(update_fields=["updated_at"])
    event(user, case, "hearing_scheduled", notified_on=told, scheduled_on=day, host=row.host_id)
    return row


@transaction.atomic(durable=True)
def record_hearing(
    *, actor: Actor, case_id: Any, held: bool, record: Any = "", held_on: Any = None
) -> Hearing:
    """听证笔录 of the hearing held; or, the party not appearing on the day
    without a proper reason, the hearing deemed waived."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "record_hearing")
    row = _hearing(case)
    if row.scheduled_on is None:
        raise Conflict("尚未通知听证", code="enforcement_hearing_not_scheduled")
    day = inputs.a_date(
        held_on, code="enforcement_date_invalid", label="听证日期", default_today=True
    )
    if day < row.scheduled_on or timesource.today() < row.scheduled_on:
        raise Conflict("听证日期未到", code="enforcement_hearing_not_due")
    if held:
        row.held_on = day
        row.record = inputs.text(
            record, code="enforcement_hearing_record_required", label="听证笔录"
        )
    else:
        row.waived = True
        row.record = inputs.optional(
            record, code="enforcement_hearing_record_required", label="说明"
        )
    row.save(update_fields=["held_on", "record", "waived"])
    case.status = Status.DECIDING
    case.save(update_fields=["status", "updated_at"])
    event(user, case, "hearing_recorded", held=bool(held), on=day)
    return row
