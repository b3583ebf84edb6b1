"""The decisions API: `/api/v1/decisions` — the same actions and selectors
as the pages. Lists are scoped by the actor's data scope; every write goes
through an action that checks its permission and the gate order (a step
out of order answers 409 `decision_step_out_of_order` with the missing
steps in `detail`, and is recorded for supervision)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.web.paging import api_window

from . import actions, gates
from .selectors import decision_for, decisions_for, done_of

router = Router(tags=["重大行政决策"])


class GateOut(Schema):
    gate: str
    label: str
    state: str


class DecisionOut(Schema):
    id: int
    year: int
    title: str
    sponsor: str
    sponsor_id: int
    legal_basis: str
    category: str
    category_label: str
    in_catalogue: bool
    stage: str
    stage_label: str
    draft: str
    explanation: str
    registered_on: date | None
    decided_on: date | None
    published_on: date | None
    archived_on: date | None
    evaluation_due: date | None
    evaluated_on: date | None
    gates: list[GateOut]
    next_gate: str | None
    comments: int


def decision_out(d: Any) -> dict[str, Any]:
    done = done_of(d)
    return {
        "id": d.pk,
        "year": d.year,
        "title": d.title,
        "sponsor": d.sponsor.name,
        "sponsor_id": d.sponsor_id,
        "legal_basis": d.legal_basis,
        "category": d.category,
        "category_label": d.get_category_display(),
        "in_catalogue": d.in_catalogue,
        "stage": d.stage,
        "stage_label": d.get_stage_display(),
        "draft": d.draft,
        "explanation": d.explanation,
        "registered_on": d.registered_on,
        "decided_on": d.decided_on,
        "published_on": d.published_on,
        "archived_on": d.archived_on,
        "evaluation_due": d.evaluation_due,
        "evaluated_on": d.evaluated_on,
        "gates": gates.bar(done),
        "next_gate": gates.next_gate(done),
        "comments": d.comments.count(),
    }


def _out(request: HttpRequest, pk: int) -> dict[str, Any]:
    return decision_out(decision_for(request.user, pk))


class DecisionRegisterIn(Schema):
    """A new decision (title, legal basis, category, draft, explanation) or a
    catalogue entry (`decision_id`, draft, explanation: the entry's title,
    legal basis and category stay as published; any given are ignored)."""

    draft: str
    explanation: str
    title: str | None = None
    legal_basis: str | None = None
    category: str | None = None
    decision_id: int | None = None
    year: int | None = None


class CatalogueItemIn(Schema):
    year: int
    title: str
    sponsor_id: int
    legal_basis: str
    category: str


class DraftPublishIn(Schema):
    closes_on: date
    short_reason: str = ""
    hearing_required: bool = False


class OfflineCommentIn(Schema):
    content: str
    received_on: date
    commenter: str = ""
    contact: str = ""


class HearingIn(Schema):
    held_on: date
    record: str


class AdoptionIn(Schema):
    adoption: str


class ExpertOpinionIn(Schema):
    expert: str
    affiliation: str
    signed_on: date
    opinion: str


class RiskIn(Schema):
    level: str
    controllable: bool
    report: str


class ReviewSubmitIn(Schema):
    due_on: date | None = None


class ReviewResultIn(Schema):
    passed: bool
    opinion: str


class SpeechIn(Schema):
    speaker: str
    summary: str
    is_head: bool = False


class MeetingIn(Schema):
    session: str
    held_on: date
    attendees: str
    speeches: list[SpeechIn]
    outcome: str
    dissent: str = ""


class DecisionPublishIn(Schema):
    text_published: str
    explanation: str


class DraftReviseIn(Schema):
    draft: str
    explanation: str | None = None


class EvaluationIn(Schema):
    report: str


@router.get("", response=list[DecisionOut], summary="重大行政决策（本人范围内）")
def list_decisions(
    request: HttpRequest, year: int | None = None, stage: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = decisions_for(request.user)
    if year:
        qs = qs.filter(year=year)
    if stage:
        qs = qs.filter(stage=stage)
    return [decision_out(d) for d in api_window(qs.order_by("-year", "id"), limit, offset)]


@router.post("", response={201: DecisionOut}, summary="登记重大行政决策（承办单位）")
def register_decision(request: HttpRequest, body: DecisionRegisterIn) -> Status[dict[str, Any]]:
    row = actions.register_decision(actor=request.user, **body.model_dump())
    return Status(201, _out(request, row.pk))


@router.post("/catalogue", response={201: DecisionOut}, summary="列入年度决策事项目录")
def add_catalogue_item(request: HttpRequest, body: CatalogueItemIn) -> Status[dict[str, Any]]:
    row = actions.add_catalogue_item(actor=request.user, **body.model_dump())
    return Status(201, _out(request, row.pk))


@router.post("/catalogue/{year}/publish", response={204: None}, summary="公布年度决策事项目录")
def publish_catalogue(request: HttpRequest, year: int) -> Status[None]:
    actions.publish_catalogue(actor=request.user, year=year)
    return Status(204, None)


@router.get("/{decision_id}", response=DecisionOut, summary="重大行政决策详情")
def get_decision(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    return _out(request, decision_id)


def _step(request: HttpRequest, pk: int, action: Any, body: Schema | None = None) -> dict[str, Any]:
    action(actor=request.user, decision_id=pk, **(body.model_dump() if body else {}))
    return _out(request, pk)


@router.post("/{decision_id}/draft", response=DecisionOut, summary="公开征求意见")
def publish_draft(request: HttpRequest, decision_id: int, body: DraftPublishIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.publish_draft, body)


@router.post("/{decision_id}/revision", response=DecisionOut, summary="修改决策草案")
def revise_draft(request: HttpRequest, decision_id: int, body: DraftReviseIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.revise_draft, body)


@router.post("/{decision_id}/comments", response=DecisionOut, summary="录入线下意见")
def offline_comment(
    request: HttpRequest, decision_id: int, body: OfflineCommentIn
) -> dict[str, Any]:
    return _step(request, decision_id, actions.record_offline_comment, body)


@router.post("/{decision_id}/hearing", response=DecisionOut, summary="登记听证")
def hearing(request: HttpRequest, decision_id: int, body: HearingIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.record_hearing, body)


@router.post("/{decision_id}/adoption", response=DecisionOut, summary="公布意见采纳情况")
def adoption(request: HttpRequest, decision_id: int, body: AdoptionIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.publish_adoption, body)


@router.post("/{decision_id}/opinions", response=DecisionOut, summary="登记专家论证意见")
def opinion(request: HttpRequest, decision_id: int, body: ExpertOpinionIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.record_expert_opinion, body)


@router.post("/{decision_id}/risks", response=DecisionOut, summary="登记风险评估")
def risk(request: HttpRequest, decision_id: int, body: RiskIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.record_risk_assessment, body)


@router.post("/{decision_id}/reviews", response=DecisionOut, summary="送请合法性审查")
def submit_review(request: HttpRequest, decision_id: int, body: ReviewSubmitIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.submit_for_review, body)


@router.post("/reviews/{review_id}/result", response=DecisionOut, summary="出具合法性审查意见")
def review_result(request: HttpRequest, review_id: int, body: ReviewResultIn) -> dict[str, Any]:
    review = actions.review_draft(actor=request.user, review_id=review_id, **body.model_dump())
    return _out(request, review.decision_id)


@router.post("/{decision_id}/meeting", response=DecisionOut, summary="登记集体讨论决定")
def meeting(request: HttpRequest, decision_id: int, body: MeetingIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.record_meeting, body)


@router.post("/{decision_id}/publication", response=DecisionOut, summary="公布决策")
def publication(request: HttpRequest, decision_id: int, body: DecisionPublishIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.publish_decision, body)


@router.post("/{decision_id}/archive", response=DecisionOut, summary="决策归档")
def archive(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    return _step(request, decision_id, actions.archive_decision)


@router.post("/{decision_id}/evaluation", response=DecisionOut, summary="登记决策后评估")
def evaluation(request: HttpRequest, decision_id: int, body: EvaluationIn) -> dict[str, Any]:
    return _step(request, decision_id, actions.record_evaluation, body)
