"""The only writers of disclosure requests. Each action: one transaction,
the permission (the public form has none; the tracking number and query code
are the requester's credential), the clock (`disclosure.clock.compute` over
the events, refusing an impossible step with its stable code), the
denormalised fields, one event row and one audit event."""

from __future__ import annotations

import functools
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import new_query_code, query_digest, require_text
from xiaoneng.org.actor import user_of
from xiaoneng.org.authority import covers_department, has_perm, require
from xiaoneng.org.models import Department, DepartmentKind

from . import clock
from .clock import EventKind, Phase
from .models import (
    OPEN_STATUSES,
    AnswerType,
    Channel,
    ConsultKind,
    DisclosureEvent,
    DisclosureRequest,
    Form,
    RequesterKind,
    Status,
    WithholdingGround,
)
from .selectors import clock_events, request_by_query_code, rules
from .vocabulary import request_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

AGENCY_KINDS = (DepartmentKind.GOVERNMENT, DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)
PHASE_STATUS = {
    Phase.PROCESSING: Status.PROCESSING,
    Phase.CORRECTING: Status.CORRECTING,
    Phase.CONSULTING: Status.CONSULTING,
    Phase.ANSWERED: Status.ANSWERED,
    Phase.WITHDRAWN: Status.WITHDRAWN,
    Phase.ABANDONED: Status.ABANDONED,
}
# Answers that withhold something state the reason and legal basis (art. 36).
NEEDS_REASON = {
    AnswerType.PARTIAL,
    AnswerType.REFUSE,
    AnswerType.NOT_EXIST,
    AnswerType.NOT_RESPONSIBLE,
    AnswerType.DUPLICATE,
    AnswerType.NEEDS_PROCESSING,
    AnswerType.NOT_GOV_INFO,
}
# Answers that give something say what, or where to get it.
NEEDS_TEXT = {AnswerType.PUBLISHED, AnswerType.DISCLOSE, AnswerType.PARTIAL}


# A request's texts are cut at 4,000 characters unless told.
_text = functools.partial(require_text, limit=4000)


def _choice(value: str, values: list[str], code: str, label: str) -> str:
    if value not in values:
        raise InvalidInput(f"{label}不正确", code=code, detail={"allowed": values})
    return value


def _day(value: date | None, *, not_before: date, code: str) -> date:
    today = timesource.today()
    day = value or today
    if type(day) is not date or day > today or day < not_before:
        raise InvalidInput(
            "日期不正确（不能晚于今天，也不能早于上一环节）",
            code=code,
            detail={"not_before": not_before.isoformat(), "today": today.isoformat()},
        )
    return day


def agencies() -> Any:
    """The agencies that receive requests: the government, its departments, the counties."""
    return Department.objects.filter(active=True, kind__in=AGENCY_KINDS).order_by("kind", "sort")


def _agency(department_id: Any) -> Department:
    try:
        pk = int(department_id)
    except (TypeError, ValueError):
        pk = 0
    dept: Department | None = agencies().filter(pk=pk).first()
    if dept is None:
        raise InvalidInput("请选择受理机关", code="department_invalid")
    return dept


# --- the clock step ------------------------------------------------------------------------

# The request's denormalised clock, written by `apply_state` (and nothing else).
CLOCK_FIELDS = (
    "status",
    "received_on",
    "base_on",
    "due_on",
    "correction_due_on",
    "correction_late",
    "consult_days",
    "consult_due_on",
    "extension_days",
    "answered_on",
    "on_time",
    "provisional",
    "is_open",
)


def apply_state(row: DisclosureRequest, state: clock.State) -> tuple[str, ...]:
    """Copy the computed clock onto the row (not saved); the fields it wrote."""
    row.status = PHASE_STATUS[state.phase]
    row.received_on = state.received_on
    row.base_on = state.base_on
    row.due_on = state.answer_due if state.phase is not Phase.CONSULTING else state.paused_due
    row.correction_due_on = state.correction_due
    row.correction_late = state.correction_late
    row.consult_days = state.consult_days
    row.consult_due_on = state.consult_due
    row.extension_days = state.extension_days
    row.answered_on = state.answered_on
    row.on_time = state.on_time
    row.provisional = state.provisional
    row.is_open = state.phase not in clock.CLOSED
    return CLOCK_FIELDS


def _advance(
    *,
    actor: Actor | None,
    row: DisclosureRequest,
    kind: EventKind,
    on: date,
    days: int = 0,
    note: str = "",
    payload: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> DisclosureRequest:
    """Append one event: the clock over every event decides whether it may
    happen and what the deadlines become."""
    calendar = current_calendar()
    existing = list(DisclosureEvent.objects.filter(request=row).order_by("seq"))
    events = [*clock_events(existing), clock.Event(kind, on, days)]
    today = max(timesource.today(), on)
    state = clock.compute(events, calendar, rules(), today)
    row.save(update_fields=[*apply_state(row, state), "updated_at", *fields])
    user = user_of(actor)
    DisclosureEvent.objects.create(
        request=row,
        seq=len(existing) + 1,
        kind=kind.value,
        on=on,
        days=days,
        actor=user,
        actor_name=(user.display_name if user else ""),
        note=note[:2000],
        payload=payload or {},
    )
    record_event(
        actor=user,
        event_type=f"disclosure.{kind.value}",
        object_type="disclosure_request",
        object_id=row.tracking_no,
        payload={"on": on, "days": days, "due_on": row.due_on, **(payload or {})},
    )
    return row


def _locked(
    actor: Actor, request_id: int, permission: str = "disclosure.handle"
) -> DisclosureRequest:
    require(actor, permission)
    row = DisclosureRequest.objects.select_for_update(of=("self",)).filter(pk=request_id).first()
    if row is None or not covers_department(actor, row.department_id):
        raise request_not_found()
    return row


def _last_on(row: DisclosureRequest) -> date:
    last = DisclosureEvent.objects.filter(request=row).order_by("-seq").values_list("on", flat=True)
    return last.first() or row.submitted_on


# --- actions ------------------------------------------------------------------------


@transaction.atomic(durable=True)
def submit_request(
    *,
    actor: Actor | None = None,
    department_id: Any,
    requester_name: str,
    description: str,
    form: str = Form.ELECTRONIC,
    requester_kind: str = RequesterKind.PERSON,
    requester_id_no: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
) -> tuple[DisclosureRequest, str]:
    """提出申请 (art. 29). The public form files online: received only when
    the office confirms (art. 31 (三)). Office staff register requests handed
    in (received that day), posted (received the day signed for) or faxed."""
    staff = has_perm(actor, "disclosure.handle")
    if not staff:
        channel = Channel.ONLINE  # the public form is the online channel
    _choice(channel, list(Channel.values), "channel_invalid", "提交方式")
    dept = _agency(department_id)
    if staff and not covers_department(actor, dept.pk):
        raise InvalidInput("只能登记本机关收到的申请", code="department_out_of_scope")
    name = _text(requester_name, code="requester_name_required", message="请填写申请人姓名或名称")
    text = _text(
        description,
        code="description_required",
        message="请填写所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
    )
    if not (phone or email or address).strip():
        raise InvalidInput("请至少填写一种联系方式", code="contact_required")
    today = timesource.today()
    # Staff registering a request already received: in person that day; by
    # post, fax or letter the day signed for or confirmed (art. 31).
    received: date | None = None
    if staff and (channel == Channel.IN_PERSON or received_on is not None):
        day = today if channel == Channel.IN_PERSON else received_on
        received = _day(day, not_before=date(today.year - 1, 1, 1), code="received_on_invalid")
    row = DisclosureRequest.objects.create(
        tracking_no=uuid.uuid4().hex,  # replaced below, once the id is known
        query_digest="",
        department=dept,
        channel=channel,
        requester_kind=_choice(
            requester_kind, list(RequesterKind.values), "requester_kind_invalid", "申请人类型"
        ),
        requester_name=name[:200],
        requester_id_no=(requester_id_no or "").strip()[:40],
        phone=(phone or "").strip()[:30],
        email=(email or "").strip()[:120],
        address=(address or "").strip()[:300],
        description=text,
        form=_choice(form, list(Form.values), "form_invalid", "获取信息的形式"),
        status=Status.SUBMITTED,
        submitted_on=received or today,
    )
    code = new_query_code()
    row.tracking_no = f"GK{today:%Y%m%d}{row.pk:06d}"
    row.query_digest = query_digest(code)
    row.save(update_fields=["tracking_no", "query_digest"])
    record_event(
        actor=user_of(actor),
        event_type="disclosure.submitted",
        object_type="disclosure_request",
        object_id=row.tracking_no,
        payload={"department": dept.code, "channel": channel, "form": row.form},
    )
    if received is not None:
        on = clock.received_on_for(channel, submitted_on=received, confirmed_on=received)
        assert on is not None
        _advance(actor=actor, row=row, kind=EventKind.RECEIVED, on=on, payload={"channel": channel})
    return row, code


@transaction.atomic(durable=True)
def confirm_receipt(*, actor: Actor, request_id: int, on: date | None = None) -> DisclosureRequest:
    """确认收到 (art. 31): the day signed for (post), or confirmed (online, fax, plain letter)."""
    row = _locked(actor, request_id)
    if row.status != Status.SUBMITTED:
        raise Conflict("已确认收到申请", code="already_received")
    day = _day(on, not_before=row.submitted_on, code="received_on_invalid")
    received = clock.received_on_for(row.channel, submitted_on=row.submitted_on, confirmed_on=day)
    assert received is not None
    return _advance(
        actor=actor, row=row, kind=EventKind.RECEIVED, on=received, payload={"channel": row.channel}
    )


def _processing(row: DisclosureRequest) -> DisclosureRequest:
    """The locked request, if it is received and still open (the steps in between)."""
    if row.status == Status.SUBMITTED:
        raise Conflict("尚未确认收到申请", code="not_received")
    if row.status not in OPEN_STATUSES:
        raise Conflict("申请已办结", code="request_closed")
    return row


@transaction.atomic(durable=True)
def request_correction(*, actor: Actor, request_id: int, items: str) -> DisclosureRequest:
    """告知补正 (art. 30): once, saying what to correct and by when."""
    row = _processing(_locked(actor, request_id))
    text = _text(items, code="correction_items_required", message="请写明需要补正的事项")
    return _advance(
        actor=actor,
        row=row,
        kind=EventKind.CORRECTION_REQUESTED,
        on=timesource.today(),
        note=text,
        payload={"items": text[:500]},
    )


@transaction.atomic(durable=True)
def record_correction(
    *, actor: Actor, request_id: int, on: date | None = None, note: str = ""
) -> DisclosureRequest:
    """收到补正: the answer period restarts from this day (art. 30)."""
    row = _processing(_locked(actor, request_id))
    day = _day(on, not_before=_last_on(row), code="corrected_on_invalid")
    return _advance(
        actor=actor, row=row, kind=EventKind.CORRECTED, on=day, note=(note or "").strip()
    )


@transaction.atomic(durable=True)
def mark_abandoned(*, actor: Actor, request_id: int) -> DisclosureRequest:
    """视为放弃申请: the correction period ran out without a correction."""
    row = _processing(_locked(actor, request_id))
    return _advance(actor=actor, row=row, kind=EventKind.ABANDONED, on=timesource.today())


@transaction.atomic(durable=True)
def start_consultation(
    *, actor: Actor, request_id: int, kind: str, party: str
) -> DisclosureRequest:
    """书面征求意见 (art. 32, art. 33 ¶2): the time it takes is not counted."""
    row = _processing(_locked(actor, request_id))
    _choice(kind, list(ConsultKind.values), "consult_kind_invalid", "征求意见类型")
    who = _text(
        party, code="consult_party_required", message="请填写被征求意见的第三方或机关", limit=200
    )
    return _advance(
        actor=actor,
        row=row,
        kind=EventKind.CONSULT_STARTED,
        on=timesource.today(),
        note=who,
        payload={"consult_kind": kind, "party": who},
    )


@transaction.atomic(durable=True)
def end_consultation(
    *, actor: Actor, request_id: int, on: date | None = None, outcome: str = ""
) -> DisclosureRequest:
    """意见收到（或第三方逾期未提出意见）: the clock runs again."""
    row = _processing(_locked(actor, request_id))
    day = _day(on, not_before=_last_on(row), code="consult_end_invalid")
    return _advance(
        actor=actor,
        row=row,
        kind=EventKind.CONSULT_ENDED,
        on=day,
        note=(outcome or "").strip(),
        payload={"outcome": (outcome or "").strip()[:500]},
    )


@transaction.atomic(durable=True)
def request_extension(
    *, actor: Actor, request_id: int, days: int, reason: str
) -> DisclosureRequest:
    """申请延期: the head of the disclosure office approves it (art. 33)."""
    row = _processing(_locked(actor, request_id))
    if row.extension_days:
        raise Conflict("延长答复期限只能批准一次", code="extension_already_granted")
    if row.extension_requested_days:
        raise Conflict("已申请延期，待负责人批准", code="extension_pending")
    if type(days) is not int or days <= 0:
        raise InvalidInput("延长天数必须大于 0", code="extension_not_positive")
    if days > clock.MAX_EXTENSION_DAYS:
        raise InvalidInput("延长的期限最长不得超过 20 个工作日", code="extension_exceeds_limit")
    text = _text(reason, code="extension_reason_required", message="请说明延期理由", limit=500)
    row.extension_requested_days = days
    row.extension_reason = text
    row.save(update_fields=["extension_requested_days", "extension_reason", "updated_at"])
    record_event(
        actor=actor,
        event_type="disclosure.extension_requested",
        object_type="disclosure_request",
        object_id=row.tracking_no,
        payload={"days": days, "reason": text},
    )
    return row


@transaction.atomic(durable=True)
def approve_extension(*, actor: Actor, request_id: int) -> DisclosureRequest:
    """批准延期: the head of the disclosure office; the requester is told (art. 33)."""
    row = _processing(_locked(actor, request_id, "disclosure.extend.approve"))
    if not row.extension_requested_days:
        raise Conflict("没有待批准的延期申请", code="no_extension_requested")
    days = row.extension_requested_days
    row.extension_requested_days = 0
    return _advance(
        actor=actor,
        row=row,
        kind=EventKind.EXTENDED,
        on=timesource.today(),
        days=days,
        note=row.extension_reason,
        payload={"reason": row.extension_reason},
        fields=("extension_requested_days",),
    )


@transaction.atomic(durable=True)
def answer_request(
    *,
    actor: Actor,
    request_id: int,
    answer_type: str,
    text: str = "",
    reason: str = "",
    competent_agency: str = "",
    ground: str = "",
) -> DisclosureRequest:
    """作出答复 (art. 36–39). A refusal names its ground (`WithholdingGround`,
    art. 14–16) besides the reason in words: the annual report counts by it."""
    row = _processing(_locked(actor, request_id))
    kind = AnswerType(
        _choice(answer_type, list(AnswerType.values), "answer_type_invalid", "答复类型")
    )
    body = (text or "").strip()
    why = (reason or "").strip()
    if kind in NEEDS_TEXT and not body:
        raise InvalidInput("请填写公开的内容或获取方式", code="answer_text_required")
    if kind in NEEDS_REASON and not why:
        raise InvalidInput("请说明理由和法律依据", code="answer_reason_required")
    if kind == AnswerType.REFUSE and not ground:
        raise InvalidInput("不予公开的，请选择理由类别", code="answer_ground_required")
    row.withheld_ground = ""
    if kind == AnswerType.REFUSE:
        row.withheld_ground = _choice(
            ground, list(WithholdingGround.values), "answer_ground_invalid", "不予公开的理由类别"
        )
    row.answer_type = kind
    row.answer_text = body
    row.answer_reason = why
    row.competent_agency = (competent_agency or "").strip()[:200]
    return _advance(
        actor=actor,
        row=row,
        kind=EventKind.ANSWERED,
        on=timesource.today(),
        payload={"answer_type": kind.value},
        fields=(
            "answer_type",
            "answer_text",
            "answer_reason",
            "withheld_ground",
            "competent_agency",
        ),
    )


@transaction.atomic(durable=True)
def withdraw_request(*, tracking_no: str, query_code: str, reason: str = "") -> DisclosureRequest:
    """撤回申请: the requester, with its tracking number and query code."""
    found = request_by_query_code(tracking_no, query_code)
    row = DisclosureRequest.objects.select_for_update(of=("self",)).get(pk=found.pk)
    if row.status not in OPEN_STATUSES:
        raise Conflict("申请已办结", code="request_closed")
    note = (reason or "").strip()[:500]
    if row.status == Status.SUBMITTED:  # never received: nothing runs; close it
        row.status, row.is_open = Status.WITHDRAWN, False
        row.save(update_fields=["status", "is_open", "updated_at"])
        record_event(
            actor=None,
            event_type="disclosure.withdrawn",
            object_type="disclosure_request",
            object_id=row.tracking_no,
            payload={"reason": note},
        )
        return row
    return _advance(
        actor=None,
        row=row,
        kind=EventKind.WITHDRAWN,
        on=max(timesource.today(), _last_on(row)),
        note=note,
        payload={"reason": note},
    )
