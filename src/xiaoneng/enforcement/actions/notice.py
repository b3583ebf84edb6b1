"""告知 and the party's answer (行政处罚法 art. 44–45): the intended penalty
(grade, fine within the item's statutory range, penalties from its list)
with the party's rights, the hearing right computed (art. 63), the five
working days to state, defend and ask for a hearing (art. 64, 85). A new
notice before the decision restarts the period and voids an earlier
written waiver, hearing and legality review (they were of the earlier
notice: each carries the notice's sequence number, `notice_no`); it is
dated no earlier than the previous notice nor any step recorded since, so
it cannot slip under what it replaces. An intended confiscation
(`intended_confiscated`) is notified with its amount; a large one gives the
hearing right like a large fine (art. 63 ¶1 (2)). The party's statements are
recorded and answered (复核); its written waiver of the period is recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.enforcement import clock
from xiaoneng.enforcement.common import ACT, event, locked_case
from xiaoneng.enforcement.models import PenaltyCase, Statement, Status
from xiaoneng.enforcement.selectors.cases import latest_step_on

from . import inputs, rules

if TYPE_CHECKING:
    from datetime import date

    from xiaoneng.org.actor import Actor


def _on_or_after_notice(case: PenaltyCase, value: Any, label: str) -> date:
    day = inputs.a_date(value, code="enforcement_date_invalid", label=label, default_today=True)
    if case.notified_on is None or day < case.notified_on:
        raise InvalidInput(f"{label}不能早于告知日期", code="enforcement_date_invalid")
    return day


@transaction.atomic(durable=True)
def notify_intended_penalty(
    *,
    actor: Actor,
    case_id: Any,
    penalties: Any,
    grade: Any = "",
    fine: Any = None,
    confiscated: Any = None,
    notified_on: Any = None,
) -> PenaltyCase:
    """行政处罚事先告知: after registration and with evidence on file;
    `notified_on` is the day the notice reached the party (default today),
    not before the latest step already on the file; `confiscated` the
    amount to be confiscated, exactly when `confiscate` is chosen."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "notify")
    if not case.evidence.exists():
        raise Conflict("尚无证据，不能告知拟处罚", code="enforcement_evidence_required")
    day = inputs.a_date(
        notified_on, code="enforcement_date_invalid", label="告知日期", default_today=True
    )
    if case.registered_on is None or day < case.registered_on:
        raise InvalidInput("告知日期不能早于立案日期", code="enforcement_date_invalid")
    latest = latest_step_on(case)
    if latest is not None and day < latest:
        raise InvalidInput(
            f"告知日期不能早于本案已记录的最近一个环节（{cn_date(latest)}）",
            code="enforcement_date_invalid",
            detail={"not_before": latest},
        )
    chosen = inputs.penalties(penalties, case.item.penalties)
    amount, level = rules.fine_and_grade(case.item, chosen, fine, grade)
    taken = rules.confiscation(chosen, confiscated)
    again = case.notified_on is not None
    case.notified_on, case.notice_no = day, case.notice_no + 1
    case.intended_penalties, case.intended_fine, case.intended_grade = chosen, amount, level
    case.intended_confiscated = taken
    case.hearing_right = rules.hearing_right(case.party_kind, amount, chosen, taken)
    case.defence_waived_on = None
    case.status = Status.NOTIFIED
    fields = clock.stamp(case)
    case.save(
        update_fields=[
            "notified_on",
            "notice_no",
            "intended_penalties",
            "intended_confiscated",
            "intended_fine",
            "intended_grade",
            "hearing_right",
            "defence_waived_on",
            "status",
            "updated_at",
            *fields,
        ]
    )
    event(
        user,
        case,
        "penalty_notified",
        again=again,
        notice_no=case.notice_no,
        notified_on=day,
        penalties=chosen,
        grade=level,
        fine=amount,
        confiscated=taken,
        hearing_right=case.hearing_right,
        defence_until=case.defence_until,
    )
    return case


@transaction.atomic(durable=True)
def record_statement(
    *, actor: Actor, case_id: Any, content: Any, received_on: Any = None
) -> Statement:
    """陈述、申辩 as the party made it (in writing, or recorded by the officers)."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "statement")
    day = _on_or_after_notice(case, received_on, "陈述申辩日期")
    row = Statement.objects.create(
        case=case,
        received_on=day,
        content=inputs.text(content, code="enforcement_statement_required", label="陈述申辩内容"),
        recorded_by=user,
    )
    case.save(update_fields=["updated_at"])
    event(user, case, "statement_recorded", statement=row.pk, received_on=day)
    return row


@transaction.atomic(durable=True)
def answer_statement(*, actor: Actor, statement_id: Any, adopted: bool, answer: Any) -> Statement:
    """复核: the statement adopted or not, with the reasons (art. 45 ¶1)."""
    found = (
        Statement.objects.filter(pk=as_int(statement_id) or 0).values_list("case_id", "pk").first()
    )
    if found is None:
        raise NotFound("陈述申辩记录不存在", code="enforcement_statement_not_found")
    user, case = locked_case(actor, found[0], ACT)
    inputs.step(case, "answer_statement")
    row = Statement.objects.select_for_update().get(pk=found[1])
    if row.adopted is not None:
        raise Conflict("该陈述申辩已复核", code="enforcement_statement_answered")
    row.adopted = bool(adopted)
    row.answer = inputs.text(answer, code="enforcement_statement_required", label="复核意见")
    row.save(update_fields=["adopted", "answer"])
    case.save(update_fields=["updated_at"])
    event(user, case, "statement_answered", statement=row.pk, adopted=row.adopted)
    return row


@transaction.atomic(durable=True)
def record_waiver(*, actor: Actor, case_id: Any, waived_on: Any = None) -> PenaltyCase:
    """The party waived its statement and hearing rights in writing: the
    decision need not wait for the end of the period."""
    user, case = locked_case(actor, case_id, ACT)
    inputs.step(case, "waiver")
    day = _on_or_after_notice(case, waived_on, "书面放弃日期")
    if case.defence_waived_on is not None:
        raise Conflict("当事人已书面放弃", code="enforcement_already_waived")
    case.defence_waived_on = day
    case.save(update_fields=["defence_waived_on", "updated_at"])
    event(user, case, "defence_waived", waived_on=day)
    return case
