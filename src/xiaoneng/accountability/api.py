"""The 问责 API (`/api/v1/accountability`): the same actions and selectors as
the pages; errors in the house's shape {code, message, detail}. The public
通报 list needs no sign-in."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource

from . import actions, service
from .documents import TITLE, decision_pdf
from .models import AccountabilityCase, MeasureKind, Rule, Subject, SubjectKind
from .selectors import case_for, cases_for, published_bulletins, record_of, rectification_light

router = Router(tags=["问责"])


class SubjectIn(Schema):
    kind: str
    user_id: int | None = None
    name: str = ""
    position: str = ""


class OpenIn(Schema):
    source_kind: str
    source_ref: str = ""
    title: str
    facts: str
    subjects: list[SubjectIn]
    rule_ids: list[int] = []
    department_id: int | None = None


class SubjectOut(Schema):
    kind: str
    name: str
    position: str
    user_id: int | None


class AccountabilityCaseOut(Schema):
    id: int
    number: str
    source_kind: str
    source_ref: str
    source_label: str
    department: str
    title: str
    facts: str
    status: str
    status_label: str
    opened_on: date
    statement_due_on: date | None
    statement_on: date | None
    measure: str | None
    measure_name: str | None
    proposed_on: date | None
    referred_to: str
    decided_on: date | None
    decision_number: str
    deduction: int
    served_on: date | None
    appeal_due_on: date | None
    appealed_on: date | None
    appeal_outcome: str
    rectification: str
    rectification_due_on: date | None
    rectification_light: str
    closed_on: date | None
    subjects: list[SubjectOut]
    rules: list[str]


class BulletinOut(Schema):
    id: int
    decision_number: str
    decided_on: date
    department: str
    title: str
    facts: str
    subjects: list[str]


class TextIn(Schema):
    text: str


class AccountabilityNoteIn(Schema):
    text: str = ""


class ProposeIn(Schema):
    measure_code: str
    proposal: str
    rectify_days: int | None = None


class AccountabilityDecideIn(Schema):
    decision_text: str = ""


class ReferIn(Schema):
    referred_to: str


class ReferralResultIn(Schema):
    adopted: bool
    decision_body: str
    decision_text: str


class ServeIn(Schema):
    served_on: date | None = None


class AppealDecisionIn(Schema):
    outcome: str
    note: str
    measure_code: str = ""


class VerifyIn(Schema):
    accepted: bool
    note: str = ""


class MeasureOut(Schema):
    code: str
    name: str
    authority: str
    score_deduction: int
    has_deadline: bool


class RuleOut(Schema):
    id: int
    document: str
    article: str
    text: str


def public_subject(subject: Subject) -> str:
    """How a 通报 names a subject in public: units and leaders by name, staff
    by their post only (their name is in the decision served on them)."""
    if subject.kind == SubjectKind.STAFF:
        return subject.position or "工作人员"
    return f"{subject.name}（{subject.position}）" if subject.position else subject.name


def case_out(row: AccountabilityCase) -> dict[str, Any]:
    light = rectification_light(row, timesource.today(), current_calendar())
    return {
        **{f: getattr(row, f) for f in AccountabilityCaseOut.model_fields if hasattr(row, f)},
        "department": row.department.name,
        "status_label": row.get_status_display(),
        "measure": row.measure.code if row.measure else None,
        "measure_name": row.measure.name if row.measure else None,
        "rectification_light": light.label,
        "subjects": [
            {"kind": s.kind, "name": s.name, "position": s.position, "user_id": s.user_id}
            for s in row.subjects.all()
        ],
        "rules": [str(r) for r in row.rules.all()],
    }


def _fresh(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return case_out(case_for(request.user, case_id))


@router.get("/measures", response=list[MeasureOut], summary="问责方式")
def measures(request: HttpRequest) -> list[MeasureKind]:
    return list(MeasureKind.objects.filter(active=True))


@router.get("/rules", response=list[RuleOut], summary="问责依据")
def rules(request: HttpRequest) -> list[Rule]:
    return list(Rule.objects.filter(active=True))


@router.get("/bulletins", response=list[BulletinOut], auth=None, summary="通报批评（公开）")
def bulletins(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    start, limit = max(offset, 0), max(1, min(limit, 100))
    return [
        {
            "id": r.pk,
            "decision_number": r.decision_number,
            "decided_on": r.decided_on,
            "department": r.department.name,
            "title": r.title,
            "facts": r.facts,
            "subjects": [public_subject(s) for s in r.subjects.all()],
        }
        for r in published_bulletins()[start : start + limit]
    ]


@router.get(
    "/people/{user_id}/record", response=list[AccountabilityCaseOut], summary="个人问责记录"
)
def record(request: HttpRequest, user_id: int) -> list[dict[str, Any]]:
    _person, rows = record_of(request.user, user_id)
    return [case_out(r) for r in rows.prefetch_related("subjects", "rules")]


@router.get("/cases", response=list[AccountabilityCaseOut], summary="问责案件（按数据权限）")
def list_cases(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = cases_for(request.user).prefetch_related("subjects", "rules")
    if status:
        qs = qs.filter(status=status)
    start, limit = max(offset, 0), max(1, min(limit, 100))
    return [case_out(r) for r in qs[start : start + limit]]


@router.post("/cases", response={201: AccountabilityCaseOut}, summary="问责立案")
def open_case(request: HttpRequest, body: OpenIn) -> Status[dict[str, Any]]:
    data = body.model_dump()
    row = actions.open_case(actor=request.user, **data)
    return Status(201, _fresh(request, row.pk))


@router.get("/cases/{cid}", response=AccountabilityCaseOut, summary="问责案件详情")
def get_case(request: HttpRequest, cid: int) -> dict[str, Any]:
    return _fresh(request, cid)


@router.get(
    "/cases/{cid}/decision",
    summary="问责决定书（PDF，GB/T 9704 版式）",
    openapi_extra={
        "responses": {
            200: {
                "description": "问责决定书 PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def decision(request: HttpRequest, cid: int) -> HttpResponse:
    return decision_response(case_for(request.user, cid))


def decision_response(row: AccountabilityCase) -> HttpResponse:
    pdf = decision_pdf(row)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{TITLE}-{row.decision_number}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, name) or "inline"
    response["ETag"] = f'"{hashlib.sha256(pdf).hexdigest()[:32]}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@router.post(
    "/cases/{cid}/statement-request", response=AccountabilityCaseOut, summary="告知陈述申辩"
)
def statement_request(request: HttpRequest, cid: int) -> dict[str, Any]:
    actions.request_statement(actor=request.user, case_id=cid)
    return _fresh(request, cid)


@router.post("/cases/{cid}/statement", response=AccountabilityCaseOut, summary="提交陈述申辩意见")
def statement(request: HttpRequest, cid: int, body: TextIn) -> dict[str, Any]:
    actions.submit_statement(actor=request.user, case_id=cid, text=body.text)
    return _fresh(request, cid)


@router.post("/cases/{cid}/propose", response=AccountabilityCaseOut, summary="拟定问责方式")
def propose(request: HttpRequest, cid: int, body: ProposeIn) -> dict[str, Any]:
    actions.propose_measure(actor=request.user, case_id=cid, **body.model_dump())
    return _fresh(request, cid)


@router.post(
    "/cases/{cid}/decide", response=AccountabilityCaseOut, summary="批准问责决定（监察局）"
)
def decide(request: HttpRequest, cid: int, body: AccountabilityDecideIn) -> dict[str, Any]:
    actions.decide_measure(actor=request.user, case_id=cid, decision_text=body.decision_text)
    return _fresh(request, cid)


@router.post("/cases/{cid}/refer", response=AccountabilityCaseOut, summary="移送组织、纪检机关")
def refer(request: HttpRequest, cid: int, body: ReferIn) -> dict[str, Any]:
    actions.refer_case(actor=request.user, case_id=cid, referred_to=body.referred_to)
    return _fresh(request, cid)


@router.post(
    "/cases/{cid}/referral-result", response=AccountabilityCaseOut, summary="登记移送处理结果"
)
def referral_result(request: HttpRequest, cid: int, body: ReferralResultIn) -> dict[str, Any]:
    actions.register_referral_result(actor=request.user, case_id=cid, **body.model_dump())
    return _fresh(request, cid)


@router.post("/cases/{cid}/dismiss", response=AccountabilityCaseOut, summary="不予问责")
def dismiss(request: HttpRequest, cid: int, body: TextIn) -> dict[str, Any]:
    actions.dismiss_case(actor=request.user, case_id=cid, reason=body.text)
    return _fresh(request, cid)


@router.post("/cases/{cid}/serve", response=AccountabilityCaseOut, summary="送达问责决定书")
def serve(request: HttpRequest, cid: int, body: ServeIn) -> dict[str, Any]:
    service.serve_decision(actor=request.user, case_id=cid, served_on=body.served_on)
    return _fresh(request, cid)


@router.post("/cases/{cid}/appeal", response=AccountabilityCaseOut, summary="提出申诉")
def appeal(request: HttpRequest, cid: int, body: TextIn) -> dict[str, Any]:
    service.file_appeal(actor=request.user, case_id=cid, reason=body.text)
    return _fresh(request, cid)


@router.post(
    "/cases/{cid}/appeal-decision", response=AccountabilityCaseOut, summary="作出申诉处理决定"
)
def appeal_decision(request: HttpRequest, cid: int, body: AppealDecisionIn) -> dict[str, Any]:
    service.decide_appeal(actor=request.user, case_id=cid, **body.model_dump())
    return _fresh(request, cid)


@router.post("/cases/{cid}/rectification", response=AccountabilityCaseOut, summary="报送整改情况")
def rectification(request: HttpRequest, cid: int, body: TextIn) -> dict[str, Any]:
    service.report_rectification(actor=request.user, case_id=cid, report=body.text)
    return _fresh(request, cid)


@router.post(
    "/cases/{cid}/rectification-verify", response=AccountabilityCaseOut, summary="核实整改情况"
)
def rectification_verify(request: HttpRequest, cid: int, body: VerifyIn) -> dict[str, Any]:
    service.verify_rectification(actor=request.user, case_id=cid, **body.model_dump())
    return _fresh(request, cid)


@router.post("/cases/{cid}/close", response=AccountabilityCaseOut, summary="问责案件办结")
def close(request: HttpRequest, cid: int, body: AccountabilityNoteIn) -> dict[str, Any]:
    service.close_case(actor=request.user, case_id=cid, note=body.text)
    return _fresh(request, cid)
