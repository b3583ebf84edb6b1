"""After the reply: the call-back and satisfaction, the complainant's own
rating, and the re-examination (复查: once, a second run of the clock)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.complaints import clock
from xiaoneng.complaints.models import Complaint, Outcome, Satisfaction, SatisfactionSource, Status
from xiaoneng.complaints.selectors import complaint_by_query_code
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput

from .common import advance, choice, locked, optional_text, require_status
from .common import text as need

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# A reply was given: the call-back and the rating may follow.
ANSWERED = (Status.CONCLUDED, Status.REEXAMINING, Status.REEXAMINED, Status.DECLINED)


def _satisfaction(value: Any) -> int:
    if type(value) is str and value.strip().isdigit():
        value = int(value.strip())
    if type(value) is not int or value not in Satisfaction.values:
        raise InvalidInput(
            "满意度须为 1（非常满意）至 5（非常不满意）",
            code="complaint_satisfaction_invalid",
            detail={"allowed": list(Satisfaction.values)},
        )
    return value


@transaction.atomic(durable=True)
def record_callback(*, actor: Actor, complaint_id: Any, satisfaction: Any, note: str) -> Complaint:
    """回访: the centre calls the complainant back and records the satisfaction."""
    row = require_status(locked(actor, complaint_id), *ANSWERED)
    row.satisfaction = _satisfaction(satisfaction)
    row.satisfaction_source = SatisfactionSource.CALLBACK
    row.callback_note = need(
        note, code="complaint_callback_note_required", message="请填写回访情况"
    )
    row.satisfaction_note = ""
    row.callback_on = timesource.today()
    return advance(
        actor=actor,
        row=row,
        kind="callback",
        payload={"satisfaction": row.satisfaction},
        fields=(
            "satisfaction",
            "satisfaction_source",
            "callback_note",
            "satisfaction_note",
            "callback_on",
        ),
    )


def _mine(number: str, query_code: str) -> Complaint:
    found = complaint_by_query_code(number, query_code)
    return Complaint.objects.select_for_update(of=("self",)).get(pk=found.pk)


@transaction.atomic(durable=True)
def rate_by_complainant(
    *, number: str, query_code: str, satisfaction: Any, note: str = ""
) -> Complaint:
    """The complainant rates the handling on the tracking page (once per reply)."""
    row = require_status(_mine(number, query_code), *ANSWERED)
    if row.satisfaction_source == SatisfactionSource.COMPLAINANT:
        raise Conflict("已经评价过", code="complaint_already_rated")
    row.satisfaction = _satisfaction(satisfaction)
    row.satisfaction_source = SatisfactionSource.COMPLAINANT
    row.satisfaction_note = optional_text(note, limit=1000)
    return advance(
        actor=None,
        row=row,
        kind="rated",
        payload={"satisfaction": row.satisfaction},
        fields=("satisfaction", "satisfaction_source", "satisfaction_note"),
    )


@transaction.atomic(durable=True)
def request_reexamination(*, number: str, query_code: str, reason: str) -> Complaint:
    """申请复查: once, by the complainant, within
    complaint.reexamination_window_days working days of the reply."""
    row = _mine(number, query_code)
    if row.reexamination_requested_on is not None:
        raise Conflict("复查只能申请一次", code="complaint_reexamination_used")
    require_status(row, Status.CONCLUDED)
    rules = clock.rules()
    today = timesource.today()
    assert row.replied_on is not None
    last = current_calendar().add_workdays(row.replied_on, rules.reexamination_window_days)
    if today > last:
        raise Conflict(
            "已超过申请复查的期限",
            code="complaint_reexamination_too_late",
            detail={"last_day": last.isoformat()},
        )
    row.reexamination_reason = need(
        reason, code="complaint_reason_required", message="请说明申请复查的理由"
    )
    row.satisfaction_source = (
        "" if row.satisfaction_source == "complainant" else row.satisfaction_source
    )
    return advance(
        actor=None,
        row=row,
        kind=clock.REEXAMINATION_REQUESTED,
        fields=("reexamination_reason", "satisfaction_source"),
    )


@transaction.atomic(durable=True)
def conclude_reexamination(
    *, actor: Actor, complaint_id: Any, outcome: str, findings: str, reply_text: str
) -> Complaint:
    """复查办结: its result replaces the first in the scores (effective_outcome)."""
    row = require_status(locked(actor, complaint_id), Status.REEXAMINING)
    row.reexamination_outcome = choice(
        outcome, list(Outcome.values), "complaint_outcome_invalid", "复查结果"
    )
    row.reexamination_findings = need(
        findings, code="complaint_findings_required", message="请填写复查情况"
    )
    row.reexamination_reply = need(
        reply_text, code="complaint_reply_required", message="请填写复查答复"
    )
    return advance(
        actor=actor,
        row=row,
        kind=clock.REEXAMINED,
        payload={"outcome": row.reexamination_outcome},
        fields=("reexamination_outcome", "reexamination_findings", "reexamination_reply"),
    )
