"""立案 and the case's time limits, decided by the body's head
(`enforcement.decide`): registration within the limit (param
`enforcement.register_workdays`, once extendable by as many working days;
a late registration is allowed and recorded late, the supervision light
shows it), never of a violation past the time bar (art. 36: suggest 不予
立案 instead); the 90-day decision limit from registration (art. 60) and
its extensions, each approved and recorded; the flag that makes a case a
major decision needing the legal office's review (art. 58 ¶1 (4))."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.penalty import time_barred
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int
from xiaoneng.enforcement import clock
from xiaoneng.enforcement.common import DECIDE, event, locked_case
from xiaoneng.enforcement.models import Extension, ExtensionStage, PenaltyCase, Status
from xiaoneng.enforcement.numbering import next_number

from . import inputs

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAX_DECISION_EXTENSION = 90  # calendar days in one approval


@transaction.atomic(durable=True)
def register_case(*, actor: Actor, case_id: Any, grave: bool = False) -> PenaltyCase:
    """立案: the case number (per body and year, no gaps), the decision limit
    starts. `grave`: the violation endangered life, health or financial
    security with harm, so the time bar is five years, not two (art. 36)."""
    user, case = locked_case(actor, case_id, DECIDE)
    inputs.step(case, "register")
    if time_barred(case.violated_on, case.found_on, grave=bool(grave)):
        years = "五年" if grave else "二年"
        raise Conflict(
            f"违法行为在{years}内未被发现，已超过追责时效，不再给予行政处罚（第三十六条），"
            "应作不予立案处理",
            code="enforcement_time_barred",
            detail={
                "violated_on": case.violated_on,
                "found_on": case.found_on,
                "suggest": "decline",
            },
        )
    today = timesource.today()
    case.number = next_number(case.body, "立", today.year)
    case.registered_on, case.registered_by = today, user
    case.status = Status.INVESTIGATING
    late = case.register_due is not None and today > case.register_due
    fields = clock.stamp(case)
    case.save(
        update_fields=["number", "registered_on", "registered_by", "status", "updated_at", *fields]
    )
    event(
        user,
        case,
        "case_registered",
        number=case.number,
        grave=bool(grave),
        late=late,
        decision_due=case.decision_due,
    )
    return case


@transaction.atomic(durable=True)
def decline_registration(*, actor: Actor, case_id: Any, reason: Any) -> PenaltyCase:
    """不予立案 with its reason: final."""
    user, case = locked_case(actor, case_id, DECIDE)
    inputs.step(case, "decline")
    case.not_registered_reason = inputs.text(
        reason, code="enforcement_reason_required", label="不予立案理由"
    )
    case.status = Status.NOT_REGISTERED
    fields = clock.stamp(case)
    case.save(update_fields=["not_registered_reason", "status", "updated_at", *fields])
    event(user, case, "registration_declined", reason=case.not_registered_reason)
    return case


def _days(value: Any, most: int, label: str) -> int:
    days = as_int(value)
    if days is None or not 1 <= days <= most:
        raise InvalidInput(
            f"{label}应为 1 至 {most} 天",
            code="enforcement_extension_invalid",
            detail={"max": most},
        )
    return days


@transaction.atomic(durable=True)
def extend_registration(*, actor: Actor, case_id: Any, days: Any, reason: Any) -> PenaltyCase:
    """The registration limit extended once, by at most as many working days,
    approved before it runs out."""
    user, case = locked_case(actor, case_id, DECIDE)
    inputs.step(case, "extend_registration")
    if case.register_extended_days:
        raise Conflict("立案期限只能延长一次", code="enforcement_extension_used")
    today = timesource.today()
    if case.register_due is not None and today > case.register_due:
        raise Conflict("立案期限已届满，不能再延长", code="enforcement_extension_too_late")
    n = _days(days, clock.rules().register_extension_max, "延长的工作日数")
    why = inputs.text(reason, code="enforcement_reason_required", label="延长理由")
    Extension.objects.create(
        case=case,
        stage=ExtensionStage.REGISTER,
        days=n,
        reason=why,
        approved_by=user,
        approved_on=today,
    )
    case.register_extended_days = n
    fields = clock.stamp(case)
    case.save(update_fields=["register_extended_days", "updated_at", *fields])
    event(user, case, "registration_extended", days=n, reason=why, register_due=case.register_due)
    return case


@transaction.atomic(durable=True)
def extend_decision(*, actor: Actor, case_id: Any, days: Any, reason: Any) -> PenaltyCase:
    """The 90-day limit extended (art. 60: 负责人批准), before it runs out;
    each extension recorded."""
    user, case = locked_case(actor, case_id, DECIDE)
    inputs.step(case, "extend_decision")
    today = timesource.today()
    if case.decision_due is not None and today > case.decision_due:
        raise Conflict("办案期限已届满，不能再延长", code="enforcement_extension_too_late")
    n = _days(days, MAX_DECISION_EXTENSION, "延长的天数")
    why = inputs.text(reason, code="enforcement_reason_required", label="延长理由")
    Extension.objects.create(
        case=case,
        stage=ExtensionStage.DECISION,
        days=n,
        reason=why,
        approved_by=user,
        approved_on=today,
    )
    case.decision_extended_days += n
    fields = clock.stamp(case)
    case.save(update_fields=["decision_extended_days", "updated_at", *fields])
    event(user, case, "decision_extended", days=n, reason=why, decision_due=case.decision_due)
    return case


@transaction.atomic(durable=True)
def flag_major(*, actor: Actor, case_id: Any, reason: Any) -> PenaltyCase:
    """重大执法决定: the head so decides; the decision then needs the review."""
    user, case = locked_case(actor, case_id, DECIDE)
    inputs.step(case, "flag_major")
    if case.major:
        raise Conflict("已确定为重大执法决定", code="enforcement_already_major")
    why = inputs.text(reason, code="enforcement_reason_required", label="理由")
    case.major = True
    case.save(update_fields=["major", "updated_at"])
    event(user, case, "flagged_major", reason=why)
    return case
