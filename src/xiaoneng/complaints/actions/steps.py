"""The centre's steps on a complaint, from acceptance to conclusion, and the
accused department's explanation. One transaction each; the row locked; the
permission of THAT step; the clock refuses an impossible step (409)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from xiaoneng.complaints import clock
from xiaoneng.complaints.models import Complaint, Outcome, Status
from xiaoneng.complaints.selectors import as_id
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import cn_date
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import has_perm, require
from xiaoneng.org.models import Role, User

from .common import advance, choice, locked, require_open, require_status
from .common import text as need

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

DESK_LINK = "/complaints/desk/{pk}/"
EXPLAIN_LINK = "/complaints/explain/{pk}/"


def centre_staff(permission: str = "complaint.handle") -> list[int]:
    """The active users of the centre holding `permission`."""
    roles = [r.pk for r in Role.objects.filter(active=True) if permission in r.permissions]
    return list(
        User.objects.filter(is_active=True, roles__in=roles).values_list("pk", flat=True).distinct()
    )


def _handler(handler_id: Any) -> User:
    user = User.objects.filter(pk=as_id(handler_id), is_active=True).first()
    if user is None or not has_perm(user, "complaint.handle"):
        raise InvalidInput("承办人须为投诉中心工作人员", code="complaint_handler_invalid")
    return user


@transaction.atomic(durable=True)
def accept_complaint(*, actor: Actor, complaint_id: Any, handler_id: Any = None) -> Complaint:
    """受理 (within complaint.accept_days working days of receipt)."""
    row = require_open(locked(actor, complaint_id))
    user = require(actor, "complaint.handle")
    row.handler = _handler(handler_id) if handler_id not in (None, "") else user
    return advance(
        actor=actor,
        row=row,
        kind=clock.ACCEPTED,
        payload={"handler": row.handler.display_name},
        fields=("handler",),
    )


@transaction.atomic(durable=True)
def assign_complaint(*, actor: Actor, complaint_id: Any, handler_id: Any) -> Complaint:
    """分派承办人 (history only: no deadline moves)."""
    row = require_open(locked(actor, complaint_id))
    row.handler = _handler(handler_id)
    return advance(
        actor=actor,
        row=row,
        kind="assigned",
        payload={"handler": row.handler.display_name},
        fields=("handler",),
    )


@transaction.atomic(durable=True)
def decline_complaint(*, actor: Actor, complaint_id: Any, reason: str) -> Complaint:
    """不予受理, with the reasons."""
    row = require_open(locked(actor, complaint_id))
    row.decline_reason = need(
        reason, code="complaint_reason_required", message="请说明不予受理的理由"
    )
    return advance(
        actor=actor,
        row=row,
        kind=clock.DECLINED,
        note=row.decline_reason,
        fields=("decline_reason",),
    )


@transaction.atomic(durable=True)
def transfer_complaint(*, actor: Actor, complaint_id: Any, to_body: str, reason: str) -> Complaint:
    """转办: outside the centre's remit, to the competent body (recorded)."""
    row = require_open(locked(actor, complaint_id))
    row.transferred_to = need(
        to_body, code="complaint_transfer_body_required", message="请填写转办机关", limit=200
    )
    row.transfer_reason = need(reason, code="complaint_reason_required", message="请说明转办理由")
    return advance(
        actor=actor,
        row=row,
        kind=clock.TRANSFERRED,
        note=row.transfer_reason,
        payload={"to_body": row.transferred_to},
        fields=("transferred_to", "transfer_reason"),
    )


def _same_complainant(a: Complaint, b: Complaint) -> bool:
    if a.complainant_user_id is not None and a.complainant_user_id == b.complainant_user_id:
        return True
    return bool(a.complainant_phone_digest) and (
        a.complainant_phone_digest == b.complainant_phone_digest
    )


@transaction.atomic(durable=True)
def merge_complaint(*, actor: Actor, complaint_id: Any, into_id: Any, reason: str) -> Complaint:
    """合并重复投诉: the same complainant (account or phone) about the same
    department. The duplicate closes (merged into the other); both record it."""
    require(actor, "complaint.handle")
    one, other = as_id(complaint_id), as_id(into_id)
    if one == other or not (one and other):
        raise InvalidInput("不能与自身合并", code="complaint_merge_invalid")
    first, second = sorted((one, other))
    # Both rows, locked in id order (two merges never wait on each other crosswise).
    rows = {pk: locked(actor, pk) for pk in (first, second)}
    row, into = require_open(rows[as_id(complaint_id)]), rows[as_id(into_id)]
    if into.status == Status.MERGED:
        raise Conflict("目标投诉已合并至其他投诉", code="complaint_merge_invalid")
    if into.department_id != row.department_id or not _same_complainant(row, into):
        raise Conflict("只能合并同一投诉人对同一单位的重复投诉", code="complaint_not_duplicate")
    note = need(reason, code="complaint_reason_required", message="请说明合并理由")
    row.merged_into, row.merge_reason = into, note
    advance(
        actor=actor,
        row=row,
        kind=clock.MERGED,
        note=note,
        payload={"into": into.number},
        fields=("merged_into", "merge_reason"),
    )
    advance(actor=actor, row=into, kind="merged_in", note=note, payload={"from": row.number})
    return row


@transaction.atomic(durable=True)
def request_explanation(*, actor: Actor, complaint_id: Any, questions: str) -> Complaint:
    """要求被投诉单位说明情况: due complaint.explanation_days working days
    later. The unit's heads are told — never who complained."""
    row = require_status(locked(actor, complaint_id), Status.HANDLING)
    if row.explanation_requested_on and row.explained_on is None:
        raise Conflict("已要求说明情况，尚未收到说明", code="complaint_explanation_pending")
    row.explanation_questions = need(
        questions, code="complaint_questions_required", message="请写明需要说明的问题"
    )
    row.explanation_text = ""
    advance(
        actor=actor,
        row=row,
        kind=clock.EXPLANATION_REQUESTED,
        fields=("explanation_questions", "explanation_text"),
    )
    assert row.explanation_due_on is not None
    notify(
        recipients=department_heads([row.department_id]).get(row.department_id, []),
        kind="complaint_explain",
        title=(
            f"效能投诉 {row.number}（{row.get_category_display()}）请说明情况，"
            f"{cn_date(row.explanation_due_on)}前报送"
        ),
        body=row.explanation_questions,
        link=EXPLAIN_LINK.format(pk=row.pk),
    )
    return row


@transaction.atomic(durable=True)
def submit_explanation(*, actor: Actor, complaint_id: Any, text: str) -> Complaint:
    """被投诉单位说明情况 (complaint.explain, its own complaints only)."""
    row = require_open(locked(actor, complaint_id, "complaint.explain"))
    if not row.explanation_requested_on or row.explained_on is not None:
        raise Conflict("没有待说明的问题", code="complaint_no_explanation_requested")
    row.explanation_text = need(text, code="complaint_explanation_required", message="请填写说明")
    advance(actor=actor, row=row, kind=clock.EXPLAINED, fields=("explanation_text",))
    recipients = [row.handler_id] if row.handler_id else centre_staff()
    notify(
        recipients=recipients,
        kind="complaint_explained",
        title=f"效能投诉 {row.number}：{row.department.name}已说明情况",
        body="",
        link=DESK_LINK.format(pk=row.pk),
    )
    return row


@transaction.atomic(durable=True)
def request_extension(*, actor: Actor, complaint_id: Any, days: Any, reason: str) -> Complaint:
    """申请延期 (once, at most complaint.extension_days): the head approves."""
    row = require_status(locked(actor, complaint_id), Status.HANDLING)
    rules = clock.rules()
    if row.extension_days:
        raise Conflict("延长办理期限只能批准一次", code="complaint_extension_granted")
    if row.extension_requested_days:
        raise Conflict("已申请延期，待负责人批准", code="complaint_extension_pending")
    if type(days) is not int or not 0 < days <= rules.max_extension_days:
        raise InvalidInput(
            f"延长天数须为 1–{rules.max_extension_days} 个工作日",
            code="complaint_extension_days_invalid",
            detail={"max": rules.max_extension_days},
        )
    row.extension_requested_days = days
    row.extension_reason = need(
        reason, code="complaint_reason_required", message="请说明延期理由", limit=500
    )
    advance(
        actor=actor,
        row=row,
        kind="extension_requested",
        note=row.extension_reason,
        payload={"requested_days": days},
        fields=("extension_requested_days", "extension_reason"),
    )
    notify(
        recipients=centre_staff("complaint.extend.approve"),
        kind="complaint_extension",
        title=f"效能投诉 {row.number} 申请延长办理期限 {days} 个工作日，请审批",
        body=row.extension_reason,
        link=DESK_LINK.format(pk=row.pk),
    )
    return row


@transaction.atomic(durable=True)
def approve_extension(*, actor: Actor, complaint_id: Any) -> Complaint:
    """批准延期: the centre's head (complaint.extend.approve)."""
    row = require_status(locked(actor, complaint_id, "complaint.extend.approve"), Status.HANDLING)
    if not row.extension_requested_days:
        raise Conflict("没有待批准的延期申请", code="complaint_no_extension_requested")
    days, row.extension_requested_days = row.extension_requested_days, 0
    return advance(
        actor=actor,
        row=row,
        kind=clock.EXTENDED,
        days=days,
        note=row.extension_reason,
        fields=("extension_requested_days",),
    )


@transaction.atomic(durable=True)
def conclude_complaint(
    *,
    actor: Actor,
    complaint_id: Any,
    outcome: str,
    findings: str,
    handling_opinion: str,
    reply_text: str,
) -> Complaint:
    """办结: the finding (属实 / 部分属实 / 不属实), the opinion and the reply
    to the complainant (replied the same day)."""
    row = require_status(locked(actor, complaint_id), Status.HANDLING)
    row.outcome = choice(outcome, list(Outcome.values), "complaint_outcome_invalid", "处理结果")
    row.findings = need(findings, code="complaint_findings_required", message="请填写调查核实情况")
    row.handling_opinion = need(
        handling_opinion, code="complaint_opinion_required", message="请填写处理意见"
    )
    row.reply_text = need(reply_text, code="complaint_reply_required", message="请填写答复内容")
    row.extension_requested_days = 0
    row.replied_on = timesource.today()
    advance(
        actor=actor,
        row=row,
        kind=clock.CONCLUDED,
        payload={"outcome": row.outcome},
        fields=(
            "outcome",
            "findings",
            "handling_opinion",
            "reply_text",
            "replied_on",
            "extension_requested_days",
        ),
    )
    return row


def explanation_outstanding() -> Q:
    """Complaints whose explanation is asked for and not yet given."""
    return Q(explanation_requested_on__isnull=False, explained_on__isnull=True)
