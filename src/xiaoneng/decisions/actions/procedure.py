"""The middle gates: 专家论证 (signed written opinions, at least one),
风险评估 (a report with its level; only 风险可控 lets the decision go on —
otherwise it stops until revised and reassessed), 合法性审查 (submitted by
the sponsor; the legal office gets ≥ 7 working days, `decision.review_workdays`;
passed or failed with its opinion; a failed draft is revised and submitted
again as a new round)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.decisions.models import (
    ExpertOpinion,
    LegalityReview,
    OpinionFile,
    ReviewResult,
    RiskAssessment,
    RiskLevel,
    Stage,
)
from xiaoneng.decisions.params import REVIEW_WORKDAYS
from xiaoneng.decisions.selectors import LEGALITY, SPONSOR
from xiaoneng.org.authority import covers_department, require
from xiaoneng.system.params import get_param

from .common import a_date, check_gate, event, gated, locked, text

if TYPE_CHECKING:
    from datetime import date

    from xiaoneng.org.actor import Actor


@gated
@transaction.atomic(durable=True)
def record_expert_opinion(
    *,
    actor: Actor,
    decision_id: Any,
    expert: Any,
    affiliation: Any,
    signed_on: Any,
    opinion: Any,
    file: Any = None,
) -> ExpertOpinion:
    """专家论证: one expert's signed written opinion, with its scan if given."""
    user, row = locked(actor, decision_id, SPONSOR)
    check_gate(row, "experts", user)
    checked = uploads.check_file(file) if file else None
    day = a_date(signed_on, code="decision_opinion_date_invalid", label="签署日期")
    if day > timesource.today():
        raise InvalidInput("签署日期不能晚于今天", code="decision_opinion_date_invalid")
    op = ExpertOpinion.objects.create(
        decision=row,
        expert=text(expert, code="decision_expert_required", message="请填写专家姓名", limit=50),
        affiliation=text(
            affiliation, code="decision_expert_required", message="请填写专家职称及单位", limit=200
        ),
        signed_on=day,
        opinion=text(opinion, code="decision_opinion_required", message="请填写论证意见"),
        recorded_by=user,
        recorded_on=timesource.today(),
    )
    if checked is not None:
        uploads.store_checked(
            OpinionFile, [checked], f"decisions/{row.pk}", opinion=op, uploaded_by=user
        )
    event(
        user,
        row,
        "opinion_recorded",
        expert=op.expert,
        signed_on=day,
        file=checked.digest if checked else None,
    )
    return op


@gated
@transaction.atomic(durable=True)
def record_risk_assessment(
    *, actor: Actor, decision_id: Any, level: Any, controllable: bool, report: Any
) -> RiskAssessment:
    """风险评估: the latest assessment counts; not controllable stops the decision."""
    user, row = locked(actor, decision_id, SPONSOR)
    check_gate(row, "risk", user)
    if row.reviews.exists():
        raise Conflict("已送合法性审查，不能再评估风险", code="decision_risk_after_review")
    if level not in RiskLevel.values:
        raise InvalidInput("风险等级不正确", code="decision_risk_level_invalid")
    risk = RiskAssessment.objects.create(
        decision=row,
        level=level,
        controllable=bool(controllable),
        report=text(report, code="decision_risk_report_required", message="请填写风险评估报告"),
        assessed_on=timesource.today(),
        recorded_by=user,
    )
    row.stage = Stage.CONSULTING if risk.controllable else Stage.STOPPED
    row.save(update_fields=["stage", "updated_at"])
    event(user, row, "risk_assessed", level=level, controllable=risk.controllable)
    return risk


def review_due(submitted_on: date) -> date:
    """The earliest day a review result may be due: submitted + N working days."""
    return current_calendar().add_workdays(submitted_on, get_param(REVIEW_WORKDAYS))


@gated
@transaction.atomic(durable=True)
def submit_for_review(*, actor: Actor, decision_id: Any, due_on: Any = None) -> LegalityReview:
    """送请合法性审查 with the current draft; after a failed round only a revised draft."""
    user, row = locked(actor, decision_id, SPONSOR)
    check_gate(row, "legality", user)
    last = row.reviews.order_by("-round").first()
    if last is not None and last.result == ReviewResult.PENDING:
        raise Conflict("合法性审查正在进行中", code="decision_review_pending")
    if last is not None and last.result == ReviewResult.PASSED:
        raise Conflict("合法性审查已通过", code="decision_review_passed")
    if last is not None and last.draft == row.draft:
        raise Conflict("审查未通过的草案须修改后重新送审", code="decision_draft_not_revised")
    today = timesource.today()
    earliest = review_due(today)
    due = (
        earliest
        if due_on in (None, "")
        else a_date(due_on, code="decision_review_due_invalid", label="审查期限")
    )
    if due < earliest:
        raise InvalidInput(
            f"应保证法制机构不少于 {get_param(REVIEW_WORKDAYS)} 个工作日的审查时间"
            f"（审查期限不得早于 {earliest:%Y-%m-%d}）",
            code="decision_review_window_short",
            detail={"earliest": earliest.isoformat()},
        )
    review = LegalityReview.objects.create(
        decision=row,
        round=(last.round + 1) if last else 1,
        draft=row.draft,
        submitted_on=today,
        due_on=due,
        submitted_by=user,
    )
    event(user, row, "review_submitted", round=review.round, due_on=due)
    return review


@gated
@transaction.atomic(durable=True)
def review_draft(*, actor: Actor, review_id: Any, passed: bool, opinion: Any) -> LegalityReview:
    """法制机构审查意见: passed, or failed with what must change."""
    user = require(actor, LEGALITY)
    review = (
        LegalityReview.objects.select_for_update(of=("self",))
        .select_related("decision")
        .filter(pk=as_int(review_id) or 0)
        .first()
    )
    if review is None or not covers_department(user, review.decision.sponsor_id):
        raise NotFound("送审记录不存在或无权查看", code="decision_review_not_found")
    _, row = locked(user, review.decision_id, LEGALITY)
    check_gate(row, "legality", user)
    if review.result != ReviewResult.PENDING:
        raise Conflict("该轮审查已有结论", code="decision_review_done")
    review.result = ReviewResult.PASSED if passed else ReviewResult.FAILED
    review.opinion = text(
        opinion, code="decision_review_opinion_required", message="请填写审查意见"
    )
    review.reviewed_on, review.reviewed_by = timesource.today(), user
    review.save(update_fields=["result", "opinion", "reviewed_on", "reviewed_by"])
    event(user, row, "reviewed", round=review.round, result=review.result)
    return review
