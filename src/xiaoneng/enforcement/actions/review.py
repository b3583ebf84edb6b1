"""重大执法决定法制审核 (行政处罚法 art. 58; 国办发〔2018〕118号): submitted
after the notice once the party's period to state, defend and ask for a
hearing is over or waived in writing (a review during it could precede a
hearing the party is still entitled to ask for) — by the officers or the
head — for the current notice (`notice_no`), with the reasons when the
intended fine lies outside the benchmark; the legal office
(`enforcement.legality`, city-wide) passes it or fails it with its opinion.
A failed review sends the case back to the investigation: a new notice, or
reasons, then a new round."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, NotFound
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.enforcement import gates
from xiaoneng.enforcement.common import ACT, DECIDE, LEGALITY, event, locked_case
from xiaoneng.enforcement.models import LegalityReview, PenaltyCase, Status
from xiaoneng.enforcement.selectors.cases import facts_of
from xiaoneng.org.authority import has_perm

from . import inputs

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@transaction.atomic(durable=True)
def submit_review(*, actor: Actor, case_id: Any, outside_reason: Any = "") -> LegalityReview:
    """提请法制审核 of the case as notified; `outside_reason`: why the fine
    should lie outside the benchmark (reviewed with it, and the decision may
    then go outside it)."""
    user, case = locked_case(actor, case_id, ACT if has_perm(actor, ACT) else DECIDE)
    inputs.step(case, "submit_review")
    if case.notified_on is None:
        raise Conflict("尚未告知拟处罚，没有可审核的处罚意见", code="enforcement_notice_required")
    facts = facts_of(case)
    if gates.defence_open(facts, timesource.today()):
        # Reviewed while the party may still ask for a hearing, the decision
        # could follow the review and take the hearing right away (art. 63–64).
        assert case.defence_until is not None
        raise Conflict(
            f"陈述、申辩期限（至{cn_date(case.defence_until)}）尚未届满，当事人也未书面放弃，"
            "不能提请法制审核",
            code="enforcement_defence_period_running",
            detail={"defence_until": case.defence_until},
        )
    if gates.hearing_pending(facts):
        raise Conflict("听证尚未结束", code="enforcement_hearing_pending")
    reason = inputs.optional(
        outside_reason, code="enforcement_reason_required", label="超出裁量基准的理由"
    )
    if reason:
        case.outside_reason = reason
    row = LegalityReview.objects.create(
        case=case, notice_no=case.notice_no, submitted_on=timesource.today(), submitted_by=user
    )
    case.status = Status.REVIEW
    case.save(update_fields=["outside_reason", "status", "updated_at"])
    event(
        user,
        case,
        "review_submitted",
        review=row.pk,
        notice_no=row.notice_no,
        grounds=gates.review_grounds(facts),
        outside_reason=reason,
    )
    return row


@transaction.atomic(durable=True)
def review_case(*, actor: Actor, review_id: Any, passed: bool, opinion: Any) -> PenaltyCase:
    """The legal office's opinion: passed (the head may decide), or failed
    (back to the investigation)."""
    found = (
        LegalityReview.objects.filter(pk=as_int(review_id) or 0)
        .values_list("case_id", "pk")
        .first()
    )
    if found is None:
        raise NotFound("送审记录不存在", code="enforcement_review_not_found")
    user, case = locked_case(actor, found[0], LEGALITY)
    row = LegalityReview.objects.select_for_update().get(pk=found[1])
    if row.reviewed_on is not None or case.status != Status.REVIEW:
        raise Conflict("该轮审核已有结论", code="enforcement_review_done")
    row.passed = bool(passed)
    row.opinion = inputs.text(opinion, code="enforcement_opinion_required", label="审核意见")
    row.reviewed_on, row.reviewer = timesource.today(), user
    row.save(update_fields=["passed", "opinion", "reviewed_on", "reviewer"])
    case.status = Status.DECIDING if row.passed else Status.INVESTIGATING
    case.save(update_fields=["status", "updated_at"])
    event(user, case, "case_reviewed", review=row.pk, passed=row.passed)
    return case
