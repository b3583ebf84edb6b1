"""请示 (seed art. 8): a unit submits a request to a city department
(`request.handle`); it must be answered within the limit of its kind, in
working days from the day it was submitted. Only the department holding it
answers it or passes it on (转办, with the reason recorded), and the clock
does not restart on a transfer. A request passed on more than
`request.max_transfers` times is a supervision anomaly (推诿扯皮)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import cn_date
from xiaoneng.directives import supervising
from xiaoneng.directives.models import (
    Request,
    RequestFile,
    RequestFilePart,
    RequestKind,
    RequestStatus,
    RequestTransfer,
)
from xiaoneng.directives.params import MAX_TRANSFERS, limit_key
from xiaoneng.directives.selectors import HANDLE
from xiaoneng.notifications.actions import notify
from xiaoneng.org.authority import require, unit_of
from xiaoneng.system.params import get_param

from .common import (
    active_department,
    check_files,
    file_names,
    locked_request,
    own_unit,
    store_files,
    tell_unit,
    text,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User


def _link(row: Request) -> str:
    return reverse("directives:request", args=[row.pk])


@transaction.atomic(durable=True)
def submit_request(
    *,
    actor: Actor,
    to_department_id: Any,
    kind: str,
    title: str,
    content: str,
    files: Any = (),
) -> Request:
    """报送请示 from the actor's unit; due `request.limit_days[.kind]` working days on."""
    user = require(actor, HANDLE)
    unit = unit_of(user)
    if unit is None:
        raise InvalidInput("账号未归属单位，不能报送请示", code="qingshi_no_unit")
    if kind not in RequestKind.values:
        raise InvalidInput("请示类型不正确", code="qingshi_kind_invalid", detail={"kind": kind})
    to = active_department(
        to_department_id, code="qingshi_department_invalid", message="主送单位不正确"
    )
    if to.pk == unit.pk:
        raise InvalidInput("不能向本单位请示", code="qingshi_department_invalid")
    fields = {
        "title": text(title, code="qingshi_title_required", message="请填写标题")[:200],
        "content": text(content, code="qingshi_content_required", message="请填写请示内容"),
    }
    checked = check_files(files)
    today = timesource.today()
    limit = get_param(limit_key(kind))
    row = Request.objects.create(
        from_department=unit,
        to_department=to,
        holder=to,
        kind=kind,
        submitted_on=today,
        submitted_by=user,
        due_on=current_calendar().add_workdays(today, limit),
        **fields,
    )
    stored = store_files(
        RequestFile, checked, user, "requests", request=row, part=RequestFilePart.REQUEST
    )
    tell_unit(
        to.pk,
        kind="request",
        title=f"{unit.name}请示：{row.title}，请于 {cn_date(row.due_on)} 前答复",
        body=row.content,
        link=_link(row),
    )
    record_event(
        actor=user,
        event_type="request.submitted",
        object_type="request",
        object_id=str(row.pk),
        payload={
            "from": unit.code,
            "to": to.code,
            "kind": kind,
            "limit_days": limit,
            "due_on": row.due_on,
            "files": file_names(stored),
        },
    )
    return row


def _held(actor: Actor, request_id: Any) -> tuple[User, Request]:
    """The request, locked, for its holder: answered already is a conflict
    (of two answers at once the second finds it answered)."""
    user, row = locked_request(actor, request_id, HANDLE)
    own_unit(
        user, row.holder_id, code="qingshi_not_holder", message="只有当前办理单位可以答复或转办"
    )
    if row.status != RequestStatus.PENDING:
        raise Conflict("该请示已答复", code="qingshi_already_answered")
    return user, row


@transaction.atomic(durable=True)
def answer_request(*, actor: Actor, request_id: Any, answer: str, files: Any = ()) -> Request:
    """答复请示: the holding department, once."""
    user, row = _held(actor, request_id)
    words = text(answer, code="qingshi_answer_required", message="请填写答复意见")
    checked = check_files(files)
    today = timesource.today()
    row.status = RequestStatus.ANSWERED
    row.answer, row.answered_on, row.answered_by = words, today, user
    row.answering_department_id = row.holder_id
    row.save(
        update_fields=[
            "status",
            "answer",
            "answered_on",
            "answered_by",
            "answering_department",
            "updated_at",
        ]
    )
    stored = store_files(
        RequestFile, checked, user, "requests", request=row, part=RequestFilePart.ANSWER
    )
    notify(
        recipients=[row.submitted_by_id],
        kind="request",
        title=f"请示已答复：{row.title}",
        body=words[:1000],
        link=_link(row),
    )
    record_event(
        actor=user,
        event_type="request.answered",
        object_type="request",
        object_id=str(row.pk),
        payload={
            "by": row.holder.code,
            "due_on": row.due_on,
            "on_time": row.on_time,
            "transfers": row.transfers,
            "files": file_names(stored),
        },
    )
    return row


@transaction.atomic(durable=True)
def transfer_request(
    *, actor: Actor, request_id: Any, to_department_id: Any, reason: str
) -> Request:
    """转办: the holder passes the request to the department it belongs to,
    saying why. The answer stays due on the day set at submission: the
    requesting unit waits the same whoever holds the request, and a clock
    that restarted on every transfer would reward passing it on (art. 8:
    不得推诿扯皮). Past `request.max_transfers` the transfer is an anomaly."""
    user, row = _held(actor, request_id)
    to = active_department(
        to_department_id,
        code="qingshi_transfer_target_invalid",
        message="转办单位不正确",
    )
    if to.pk in (row.holder_id, row.from_department_id):
        raise InvalidInput(
            "不能转给本单位或请示单位",
            code="qingshi_transfer_target_invalid",
            detail={"department_id": to.pk},
        )
    why = text(reason, code="qingshi_transfer_reason_required", message="请说明转办理由")
    today = timesource.today()
    passer = row.holder
    RequestTransfer.objects.create(
        request=row,
        from_department=passer,
        to_department=to,
        reason=why,
        transferred_on=today,
        transferred_by=user,
    )
    row.holder = to
    row.transfers += 1
    row.save(update_fields=["holder", "transfers", "updated_at"])
    tell_unit(
        to.pk,
        kind="request",
        title=f"{passer.name}转来请示：{row.title}，请于 {cn_date(row.due_on)} 前答复",
        body=why,
        link=_link(row),
    )
    record_event(
        actor=user,
        event_type="request.transferred",
        object_type="request",
        object_id=str(row.pk),
        payload={"from": passer.code, "to": to.code, "reason": why[:500], "n": row.transfers},
    )
    if row.transfers > get_param(MAX_TRANSFERS):
        _shuffled(row, passer.pk)
    return row


def _shuffled(row: Request, passer_id: int) -> None:
    chain = list(
        row.transfer_log.order_by("id").values_list(
            "from_department__name", "to_department__name", "transferred_on", "reason"
        )
    )
    supervising.raise_shuffled(
        subject=supervising.request_subject(row, passer_id),
        evidence={
            "transfers": row.transfers,
            "max_transfers": get_param(MAX_TRANSFERS),
            "chain": [
                {"from": a, "to": b, "on": on.isoformat(), "reason": why[:200]}
                for a, b, on, why in chain
            ],
            "submitted_on": row.submitted_on.isoformat(),
            "due_on": row.due_on.isoformat(),
        },
        found_on=timesource.today(),
    )
