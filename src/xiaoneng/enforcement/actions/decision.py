"""The decision (行政处罚法 art. 57, 62) by the body's head and its service
(art. 61).

A penalty: only after the notice (art. 62); never heavier than notified
(art. 45 ¶2: the fine and the confiscated amount at most the intended ones,
the penalties among the intended ones — a heavier one needs a new notice);
not before the defence period is over unless waived in writing, and after a
requested hearing only once it was held or waived (refused, and recorded as
the supervision anomaly `decided_before_defence`); every statement of the
party answered first (复核, art. 45 ¶1); the fine within the item's statutory
range and within the benchmark of its grade — outside it only with the
reasons reviewed and passed by the legal office (otherwise refused and
recorded as `fine_outside_benchmark`); a passed legality review when the
case is major (art. 58).

Not to penalise (art. 33, 36): 首违不罚 only on an item whose list allows
it, for a party with no earlier penalty under the item, corrected within the
period ordered; 轻微并及时改正 once corrected; 超过时效 only when the time bar
has run (the case was registered under the five-year bar of a grave
violation, and is not grave after all).

Each decision gets its number (per body and year, no gaps: 罚, 不罚, 移),
the service and publication periods start; one after its limit is recorded
late. The decision served (date, how), a fine's payment period starts (15
days, art. 66); a case served with no fine is the money part's to close."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.penalty import time_barred
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.enforcement import clock, gates
from xiaoneng.enforcement.common import ACT, DECIDE, Refused, event, locked_case, refusing
from xiaoneng.enforcement.models import Outcome, PenaltyCase, Status
from xiaoneng.enforcement.numbering import next_number
from xiaoneng.enforcement.selectors.cases import earlier_penalties, facts_of
from xiaoneng.enforcement.supervise import check_repeated

from . import inputs, rules

if TYPE_CHECKING:
    from decimal import Decimal

    from xiaoneng.org.actor import Actor

SERVICE_METHODS = ("直接送达", "留置送达", "邮寄送达", "电子送达", "委托送达", "公告送达")
SERIES: dict[str, str] = {Outcome.PENALTY: "罚", Outcome.TRANSFER: "移"}
DECIDED_FIELDS = [
    "penalties",
    "fine",
    "grade",
    "confiscated",
    "outside_benchmark",
    "decision_no",
    "outcome",
    "decision_text",
    "decided_on",
    "decided_by",
    "status",
    "updated_at",
]


def _more(amount: Decimal | None, intended: Decimal | None) -> bool:
    return amount is not None and (intended is None or amount > intended)


def _not_heavier(
    case: PenaltyCase, fine: Decimal | None, confiscated: Decimal | None, chosen: list[str]
) -> None:
    heavier = _more(fine, case.intended_fine) or _more(confiscated, case.intended_confiscated)
    extra = [p for p in chosen if p not in case.intended_penalties]
    if heavier or extra:
        raise Conflict(
            "不得作出重于告知内容的处罚；确需加重的，应重新告知（行政处罚法第四十五条）",
            code="enforcement_heavier_than_notified",
            detail={
                "intended_fine": case.intended_fine,
                "fine": fine,
                "intended_confiscated": case.intended_confiscated,
                "confiscated": confiscated,
                "intended_penalties": case.intended_penalties,
                "penalties": chosen,
            },
        )


def _party_heard(case: PenaltyCase, facts: gates.Facts) -> None:
    """The defence period over (or waived), a requested hearing ended — else
    refused and recorded (art. 62) — and every statement answered (art. 45)."""
    missing = gates.decision_missing(facts, timesource.today(), penalty=True)
    before = [m for m in missing if m in gates.BEFORE_DEFENCE]
    if before:
        raise Refused(
            case,
            code="enforcement_decided_before_defence",
            anomaly="decided_before_defence",
            message="；".join(gates.MISSING[m] for m in before)
            + "，不得作出处罚决定（第六十二条）",
            detail={"missing": before, "defence_until": facts.defence_until},
        )
    if "statements" in missing:
        raise Conflict(
            gates.MISSING["statements"] + "，应先复核再作出处罚决定",
            code="enforcement_statement_unanswered",
        )


def _within_benchmark(case: PenaltyCase, grade: str, fine: Decimal | None, reason: str) -> bool:
    """Whether the fine lies outside its grade's benchmark; if so, the
    reasons must be the ones the legal office reviewed and passed."""
    if not rules.outside_benchmark(case.item, grade, fine):
        return False
    facts = facts_of(case)
    reviewed = bool(case.outside_reason) and reason in ("", case.outside_reason)
    if not (reviewed and facts.review == "passed"):
        raise rules.outside_benchmark_refused(
            case, grade, fine, "罚款超出裁量基准，须说明理由并经法制审核通过"
        )
    return True


def _penalty(
    case: PenaltyCase, *, penalties: Any, grade: Any, fine: Any, confiscated: Any, reason: str
) -> None:
    if case.notified_on is None:
        raise Conflict(
            "未向当事人告知拟作出的行政处罚，不得作出处罚决定（第六十二条）",
            code="enforcement_notice_required",
        )
    chosen = inputs.penalties(penalties, case.item.penalties)
    amount, level = rules.fine_and_grade(case.item, chosen, fine, grade)
    taken = rules.confiscation(chosen, confiscated)
    _not_heavier(case, amount, taken, chosen)
    facts = facts_of(case)
    _party_heard(case, facts)
    outside = _within_benchmark(case, level, amount, reason)
    if gates.review_required(facts) and facts.review != "passed":
        raise Conflict(
            "重大执法决定须经法制审核通过后才能作出（第五十八条）",
            code="enforcement_review_required",
            detail={"grounds": gates.review_grounds(facts)},
        )
    case.penalties, case.fine, case.grade = chosen, amount, level
    case.confiscated, case.outside_benchmark = taken, outside


def _no_penalty(case: PenaltyCase, outcome: str) -> None:
    if outcome == Outcome.NO_PENALTY_FIRST:
        if not case.item.first_offence_exempt:
            raise Conflict("该执法事项不适用首违不罚", code="enforcement_first_offence_not_allowed")
        if earlier_penalties(case).exists():
            raise Conflict(
                "当事人此前已因同一违法行为受过处罚", code="enforcement_not_first_offence"
            )
    if outcome in (Outcome.NO_PENALTY_FIRST, Outcome.NO_PENALTY_MINOR):
        due, done = case.correction_due, case.corrected_on
        if due is None or done is None or done > due:
            raise Conflict(
                "当事人未在责令改正期限内改正，不适用不予处罚",
                code="enforcement_not_corrected_in_time",
                detail={"correction_due": due, "corrected_on": done},
            )
    if outcome == Outcome.NO_PENALTY_LAPSED and not time_barred(case.violated_on, case.found_on):
        raise Conflict("违法行为未超过追责时效", code="enforcement_not_time_barred")
    if case.major and facts_of(case).review != "passed":
        raise Conflict(
            "重大执法决定须经法制审核通过后才能作出（第五十八条）",
            code="enforcement_review_required",
            detail={"grounds": ["major"]},
        )
    case.penalties, case.fine, case.grade, case.outside_benchmark = [], None, "", False
    case.confiscated = None


@refusing
@transaction.atomic(durable=True)
def decide(
    *,
    actor: Actor,
    case_id: Any,
    outcome: Any,
    decision_text: Any,
    penalties: Any = (),
    grade: Any = "",
    fine: Any = None,
    confiscated: Any = None,
    outside_reason: Any = "",
) -> PenaltyCase:
    """作出处罚决定 (or 不予处罚, 移送): the rules of the module's docstring."""
    user, case = locked_case(actor, case_id, DECIDE)
    inputs.step(case, "decide")
    result = inputs.choice(
        outcome, Outcome.values, code="enforcement_outcome_invalid", label="处理结果"
    )
    reason = inputs.optional(outside_reason, code="enforcement_reason_required", label="理由")
    text = inputs.text(decision_text, code="enforcement_decision_text_required", label="决定内容")
    if result == Outcome.PENALTY:
        _penalty(
            case,
            penalties=list(penalties or []),
            grade=grade,
            fine=fine,
            confiscated=confiscated,
            reason=reason,
        )
    else:
        _no_penalty(case, result)
    today = timesource.today()
    case.decision_no = next_number(case.body, SERIES.get(result, "不罚"), today.year)
    case.outcome, case.decision_text = result, text
    case.decided_on, case.decided_by, case.status = today, user, Status.DECIDED
    late = case.decision_due is not None and today > case.decision_due
    fields = clock.stamp(case)
    case.save(update_fields=[*DECIDED_FIELDS, *fields])
    repeated = check_repeated(case)  # 乱罚款: the n-th penalty on the party in the window
    event(
        user,
        case,
        "case_decided",
        decision_no=case.decision_no,
        outcome=result,
        penalties=case.penalties,
        grade=case.grade,
        fine=case.fine,
        confiscated=case.confiscated,
        outside_benchmark=case.outside_benchmark,
        late=late,
        repeated=repeated,
        due=dict(zip(fields, [getattr(case, f) for f in fields], strict=True)),
    )
    return case


@transaction.atomic(durable=True)
def serve_decision(*, actor: Actor, case_id: Any, how: Any, served_on: Any = None) -> PenaltyCase:
    """送达: on or after the decision's day, by one of the legal ways; a
    fine's 15 days to pay start."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "serve")
    day = inputs.a_date(
        served_on, code="enforcement_date_invalid", label="送达日期", default_today=True
    )
    if case.decided_on is None or day < case.decided_on:
        raise InvalidInput("送达日期不能早于决定日期", code="enforcement_date_invalid")
    case.served_how = inputs.choice(
        how, SERVICE_METHODS, code="enforcement_service_invalid", label="送达方式"
    )
    case.served_on, case.status = day, Status.SERVED
    late = case.service_due is not None and day > case.service_due
    fields = clock.stamp(case)
    case.save(update_fields=["served_on", "served_how", "status", "updated_at", *fields])
    event(
        user,
        case,
        "decision_served",
        served_on=day,
        how=case.served_how,
        late=late,
        payment_due=case.payment_due,
    )
    return case
