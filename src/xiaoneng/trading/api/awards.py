"""/api/v1/trading/…: part D — the candidates' publication, objections and
their answers, complaints and the regulator's decision, suspension and
resumption, the award and the contract. The same actions as the pages;
errors are the house's coded ones."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.trading.actions import awards as award_actions
from xiaoneng.trading.actions import complaints as complaint_actions
from xiaoneng.trading.actions import contracts as contract_actions
from xiaoneng.trading.actions import objections as objection_actions
from xiaoneng.trading.models import Award, Complaint, Contract, Objection, Project, Round

router = Router()


class TradingPublicityOut(Schema):
    round_id: int
    project_id: int
    candidates_published_at: datetime | None
    publicity_ends_on: date | None


class TradingObjectionIn(Schema):
    stage: str
    text: str
    known_on: str | None = None


class TradingObjectionAnswerIn(Schema):
    reply: str
    upheld: bool
    correction: str = ""


class TradingObjectionOut(Schema):
    id: int
    round_id: int
    kind: str
    kind_label: str
    stage: str
    known_on: date
    reply_due: date
    replied_at: datetime | None
    upheld: bool | None
    reply: str


class TradingComplaintIn(Schema):
    text: str
    known_on: str | None = None
    objection_id: int | None = None
    # documents | opening | result | other; required for construction
    matter: str | None = None


class TradingComplaintDecisionIn(Schema):
    decision: str
    upheld: bool


class TradingComplaintOut(Schema):
    id: int
    project_id: int
    objection_id: int | None
    known_on: date
    decide_due: date
    decided_at: datetime | None
    upheld: bool | None
    decision: str


class TradingSuspendIn(Schema):
    reason: str


class TradingSuspensionOut(Schema):
    project_id: int
    suspended_at: datetime | None
    suspended_reason: str


class TradingAwardIn(Schema):
    bid_id: int | None = None
    reason: str = ""


class TradingAwardOut(Schema):
    id: int
    round_id: int
    bid_id: int
    bidder: str
    value: Decimal
    reason: str
    decided_at: datetime
    contract_due: date


class TradingContractIn(Schema):
    number: str
    title: str
    value: str
    signed_on: str
    period_start: str | None = None
    period_end: str | None = None


class TradingContractOut(Schema):
    id: int
    award_id: int
    number: str
    title: str
    value: Decimal
    signed_on: date
    period_start: date | None
    period_end: date | None


def _publicity(row: Round) -> dict[str, Any]:
    return {
        "round_id": row.pk,
        "project_id": row.project_id,
        "candidates_published_at": row.candidates_published_at,
        "publicity_ends_on": row.publicity_ends_on,
    }


def _objection(row: Objection) -> dict[str, Any]:
    return {
        "id": row.pk,
        "round_id": row.round_id,
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "stage": row.stage,
        "known_on": row.known_on,
        "reply_due": row.reply_due,
        "replied_at": row.replied_at,
        "upheld": row.upheld,
        "reply": row.reply,
    }


def _complaint(row: Complaint) -> dict[str, Any]:
    return {
        "id": row.pk,
        "project_id": row.project_id,
        "objection_id": row.objection_id,
        "known_on": row.known_on,
        "decide_due": row.decide_due,
        "decided_at": row.decided_at,
        "upheld": row.upheld,
        "decision": row.decision,
    }


def _suspension(row: Project) -> dict[str, Any]:
    return {
        "project_id": row.pk,
        "suspended_at": row.suspended_at,
        "suspended_reason": row.suspended_reason,
    }


def _award(row: Award) -> dict[str, Any]:
    return {
        "id": row.pk,
        "round_id": row.round_id,
        "bid_id": row.bid_id,
        "bidder": row.bid.bidder.name,
        "value": row.value,
        "reason": row.reason,
        "decided_at": row.decided_at,
        "contract_due": row.contract_due,
    }


def _contract(row: Contract) -> dict[str, Any]:
    return {
        "id": row.pk,
        "award_id": row.award_id,
        "number": row.number,
        "title": row.title,
        "value": row.value,
        "signed_on": row.signed_on,
        "period_start": row.period_start,
        "period_end": row.period_end,
    }


@router.post(
    "/rounds/{int:round_id}/candidates",
    response=TradingPublicityOut,
    summary="公示中标候选人（招标人或代理机构）",
)
def publish_candidates(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return _publicity(award_actions.publish_candidates(request.user, round_id))


@router.post(
    "/rounds/{int:round_id}/objections",
    response={201: TradingObjectionOut},
    summary="提出异议（政府采购：质疑）（本轮已开标的投标人）",
)
def raise_objection(
    request: HttpRequest, round_id: int, body: TradingObjectionIn
) -> Status[dict[str, Any]]:
    row = objection_actions.raise_objection(request.user, round_id, **body.model_dump())
    return Status(201, _objection(row))


@router.post(
    "/objections/{int:objection_id}/answer",
    response=TradingObjectionOut,
    summary="答复异议（质疑）（招标人或代理机构；成立的须写明纠正措施）",
)
def answer_objection(
    request: HttpRequest, objection_id: int, body: TradingObjectionAnswerIn
) -> dict[str, Any]:
    row = objection_actions.answer_objection(request.user, objection_id, **body.model_dump())
    return _objection(row)


@router.post(
    "/projects/{int:project_id}/complaints",
    response={201: TradingComplaintOut},
    summary="向行业监管部门投诉（本项目的投标人）",
)
def file_complaint(
    request: HttpRequest, project_id: int, body: TradingComplaintIn
) -> Status[dict[str, Any]]:
    row = complaint_actions.file_complaint(request.user, project_id, **body.model_dump())
    return Status(201, _complaint(row))


@router.post(
    "/complaints/{int:complaint_id}/decide",
    response=TradingComplaintOut,
    summary="作出投诉处理决定（行业监管部门）",
)
def decide_complaint(
    request: HttpRequest, complaint_id: int, body: TradingComplaintDecisionIn
) -> dict[str, Any]:
    row = complaint_actions.decide_complaint(request.user, complaint_id, **body.model_dump())
    return _complaint(row)


@router.post(
    "/projects/{int:project_id}/suspend",
    response=TradingSuspensionOut,
    summary="暂停项目交易（行业监管部门）",
)
def suspend(request: HttpRequest, project_id: int, body: TradingSuspendIn) -> dict[str, Any]:
    return _suspension(complaint_actions.suspend_project(request.user, project_id, body.reason))


@router.post(
    "/projects/{int:project_id}/resume",
    response=TradingSuspensionOut,
    summary="恢复项目交易（行业监管部门）",
)
def resume(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _suspension(complaint_actions.resume_project(request.user, project_id))


@router.post(
    "/rounds/{int:round_id}/award",
    response={201: TradingAwardOut},
    summary="定标（招标人；公示期满、异议答复后）",
)
def award(request: HttpRequest, round_id: int, body: TradingAwardIn) -> Status[dict[str, Any]]:
    row = award_actions.award(request.user, round_id, **body.model_dump())
    return Status(201, _award(row))


@router.post(
    "/awards/{int:award_id}/contract",
    response={201: TradingContractOut},
    summary="登记合同（招标人；金额与中标金额一致）",
)
def sign_contract(
    request: HttpRequest, award_id: int, body: TradingContractIn
) -> Status[dict[str, Any]]:
    row = contract_actions.sign_contract(request.user, award_id, **body.model_dump())
    return Status(201, _contract(row))
