"""/api/v1/enforcement/cases…: the penalty case through the same actions and
selectors as the desks. Reads are scoped by `common.cases_for` (a case not
in scope is 404 `enforcement_case_not_found`); every write is one action
with its permission, and a refused act answers with its code (409 with the
anomaly recorded for the supervision bureau when the law forbids the act).
The party comes masked; `POST /cases/{id}/party` reveals it to the case's
handlers, audited. Evidence files go up as multipart (`files`), come down
as attachments in scope."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.enforcement import actions, gates
from xiaoneng.enforcement.common import case_for, missing_case
from xiaoneng.enforcement.models import PenaltyCase, Statement
from xiaoneng.enforcement.selectors import cases as read
from xiaoneng.web.paging import api_window

router = Router()
BINARY = {"type": "string", "format": "binary"}


class PenaltyCaseOut(Schema):
    id: int
    number: str
    body: str
    body_id: int
    item_id: int
    item: str
    procedure: str
    status: str
    status_label: str
    party_kind: str
    party_name: str
    party_code: str
    party_id_no: str  # masked unless revealed
    party_phone: str
    party_address: str
    facts: str
    place: str
    violated_on: date
    found_on: date
    source: str
    officers: list[int]
    register_due: date | None
    registered_on: date | None
    decision_due: date | None
    notified_on: date | None
    notice_no: int
    intended_grade: str
    intended_fine: Decimal | None
    intended_confiscated: Decimal | None
    intended_penalties: list[str]
    hearing_right: bool
    hearing: str  # the current notice's hearing: "", requested, scheduled, held, waived
    defence_until: date | None
    defence_waived_on: date | None
    correction_due: date | None
    corrected_on: date | None
    major: bool
    outcome: str
    grade: str
    fine: Decimal | None
    confiscated: Decimal | None
    penalties: list[str]
    outside_benchmark: bool
    outside_reason: str
    decision_no: str
    decided_on: date | None
    service_due: date | None
    served_on: date | None
    served_how: str
    payment_due: date | None
    publish_due: date | None
    due_on: date | None
    due_step: str
    light: str
    review_grounds: list[str]
    next_steps: list[str]


def case_out(request: HttpRequest, case: PenaltyCase, *, revealed: bool = False) -> dict[str, Any]:
    party = read.party_view(case, revealed=revealed)
    today = timesource.today()
    facts = read.facts_of(case)
    file = read.reads_case_file(request.user, case)  # finance reads the money, not the file
    return {
        **{
            f: getattr(case, f)
            for f in PenaltyCaseOut.model_fields
            if hasattr(case, f)
            and not f.startswith("party_")
            and f not in ("body", "item", "hearing")
        },
        "id": case.pk,
        "body": case.body.name,
        "item": case.item.name,
        "status_label": case.get_status_display(),
        "party_kind": case.party_kind,
        "party_name": party["name"],
        "party_code": party["code"],
        "party_id_no": party["id_no"],
        "party_phone": party["phone"],
        "party_address": party["address"],
        "facts": case.facts if file else "",
        "place": case.place if file else "",
        "officers": list(case.officers.values_list("pk", flat=True)),
        "hearing": facts.hearing,
        "light": read.case_light(case, today, current_calendar()).level,
        "review_grounds": gates.review_grounds(facts),
        "next_steps": sorted(read.next_steps(request.user, case)),
    }


def _out(request: HttpRequest, pk: Any) -> dict[str, Any]:
    return case_out(request, case_for(request.user, pk))


class PenaltyEventOut(Schema):
    seq: int
    occurred_at: datetime
    event_type: str
    label: str
    actor: str
    payload: dict[str, Any]


class PenaltyPartyIn(Schema):
    party_kind: str
    party_name: str
    party_code: str = ""
    party_id_no: str = ""
    party_phone: str = ""
    party_address: str = ""


class PenaltyClueIn(PenaltyPartyIn):
    item_id: int
    facts: str
    place: str
    violated_on: date
    found_on: date
    source: str
    officer_ids: list[int]
    complaint_id: int | None = None


class PenaltySimpleIn(PenaltyPartyIn):
    item_id: int
    facts: str
    place: str
    violated_on: date
    penalties: list[str]
    officer_ids: list[int]
    grade: str = ""
    fine: Decimal | None = None
    decision_text: str = ""


class PenaltyEvidenceForm(Schema):
    kind: str
    description: str
    taken_at: datetime
    place: str
    officer_ids: str  # "12,13"
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class PenaltyRegisterIn(Schema):
    grave: bool = False


class PenaltyReasonIn(Schema):
    reason: str


class PenaltyExtensionIn(Schema):
    days: int
    reason: str


class PenaltyCorrectionOrderIn(Schema):
    due_on: date


class PenaltyCorrectionIn(Schema):
    corrected_on: date | None = None


class PenaltyNoticeIn(Schema):
    penalties: list[str]
    grade: str = ""
    fine: Decimal | None = None
    confiscated: Decimal | None = None
    notified_on: date | None = None


class PenaltyStatementIn(Schema):
    content: str
    received_on: date | None = None


class PenaltyStatementOut(Schema):
    id: int
    case_id: int
    received_on: date
    content: str
    adopted: bool | None
    answer: str


class PenaltyAnswerIn(Schema):
    adopted: bool
    answer: str


class PenaltyWaiverIn(Schema):
    waived_on: date | None = None


class PenaltyHearingRequestIn(Schema):
    requested_on: date | None = None


class PenaltyHearingScheduleIn(Schema):
    scheduled_on: date
    place: str
    host_id: int
    notified_on: date | None = None


class PenaltyHearingRecordIn(Schema):
    held: bool
    record: str = ""
    held_on: date | None = None


class PenaltyReviewSubmitIn(Schema):
    outside_reason: str = ""


class PenaltyReviewResultIn(Schema):
    passed: bool
    opinion: str


class PenaltyReviewOut(Schema):
    id: int
    case_id: int
    case_number: str
    submitted_on: date
    reviewed_on: date | None
    passed: bool | None
    opinion: str


class PenaltyDecisionIn(Schema):
    outcome: str
    decision_text: str
    penalties: list[str] = []
    grade: str = ""
    fine: Decimal | None = None
    confiscated: Decimal | None = None
    outside_reason: str = ""


class PenaltyServiceIn(Schema):
    how: str
    served_on: date | None = None


# --- reads ---------------------------------------------------------------------


@router.get("/cases", response=list[PenaltyCaseOut], summary="行政处罚案件（本人范围内）")
def list_cases(
    request: HttpRequest, tab: str = "all", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = read.desk_cases(request.user, tab if tab in read.TABS else "all")
    return [case_out(request, c) for c in api_window(qs, limit, offset)]


@router.get("/cases/{case_id}", response=PenaltyCaseOut, summary="行政处罚案件详情")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _out(request, case_id)


@router.get("/cases/{case_id}/timeline", response=list[PenaltyEventOut], summary="执法全过程记录")
def timeline(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    return [
        {
            "seq": e.event.seq,
            "occurred_at": e.event.occurred_at,
            "event_type": e.event.event_type,
            "label": e.label,
            "actor": e.event.actor_name,
            "payload": e.event.payload,
        }
        for e in read.timeline(case_file_for(request.user, case_id))
    ]


def case_file_for(actor: Any, pk: Any) -> PenaltyCase:
    """The case whose file the actor reads (not finance's money-only reach), or 404."""
    row = read.case_files_for(actor).filter(pk=pk).first()
    if row is None:
        raise missing_case()
    return row


@router.post(
    "/cases/{case_id}/party", response=PenaltyCaseOut, summary="查看当事人完整信息（留痕）"
)
def reveal_party(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = actions.reveal_party(actor=request.user, case_id=case_id)
    return case_out(request, case, revealed=True)


@router.get(
    "/cases/{case_id}/evidence/{file_id}",
    summary="下载证据文件",
    openapi_extra={
        "responses": {
            200: {
                "description": "文件内容（以附件形式下载）",
                "content": {"application/octet-stream": {"schema": BINARY}},
            }
        }
    },
)
def evidence_file(request: HttpRequest, case_id: int, file_id: int) -> FileResponse:
    row = read.evidence_file_for(request.user, case_id, file_id)
    return FileResponse(
        read.open_evidence_file(row),
        as_attachment=True,
        filename=row.filename,
        content_type=row.content_type,
    )


@router.get("/reviews", response=list[PenaltyReviewOut], summary="待法制审核（法制机构）")
def pending_reviews(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "case_id": r.case_id,
            "case_number": r.case.number,
            "submitted_on": r.submitted_on,
            "reviewed_on": r.reviewed_on,
            "passed": r.passed,
            "opinion": r.opinion,
        }
        for r in api_window(read.pending_reviews(request.user), limit, offset)
    ]


# --- writes --------------------------------------------------------------------


@router.post("/cases", response={201: PenaltyCaseOut}, summary="登记案件线索（执法人员）")
def open_clue(request: HttpRequest, body: PenaltyClueIn) -> Status[dict[str, Any]]:
    case = actions.open_clue(actor=request.user, **body.model_dump())
    return Status(201, _out(request, case.pk))


@router.post("/simple", response={201: PenaltyCaseOut}, summary="当场处罚（简易程序）")
def decide_on_the_spot(request: HttpRequest, body: PenaltySimpleIn) -> Status[dict[str, Any]]:
    case = actions.decide_on_the_spot(actor=request.user, **body.model_dump())
    return Status(201, _out(request, case.pk))


@router.post("/cases/{case_id}/evidence", response=PenaltyCaseOut, summary="调查取证（可附文件）")
def record_evidence(
    request: HttpRequest,
    case_id: int,
    body: Form[PenaltyEvidenceForm],
    files: File[list[UploadedFile] | None] = None,
) -> dict[str, Any]:
    actions.record_evidence(
        actor=request.user, case_id=case_id, files=files or [], **body.model_dump()
    )
    return _out(request, case_id)


def _step(
    request: HttpRequest, case_id: int, action: Any, body: Schema | None = None
) -> dict[str, Any]:
    action(actor=request.user, case_id=case_id, **(body.model_dump() if body else {}))
    return _out(request, case_id)


@router.post("/cases/{case_id}/registration", response=PenaltyCaseOut, summary="立案（负责人）")
def register_case(request: HttpRequest, case_id: int, body: PenaltyRegisterIn) -> dict[str, Any]:
    return _step(request, case_id, actions.register_case, body)


@router.post("/cases/{case_id}/decline", response=PenaltyCaseOut, summary="不予立案（负责人）")
def decline(request: HttpRequest, case_id: int, body: PenaltyReasonIn) -> dict[str, Any]:
    return _step(request, case_id, actions.decline_registration, body)


@router.post(
    "/cases/{case_id}/registration-extension", response=PenaltyCaseOut, summary="延长立案期限"
)
def extend_registration(
    request: HttpRequest, case_id: int, body: PenaltyExtensionIn
) -> dict[str, Any]:
    return _step(request, case_id, actions.extend_registration, body)


@router.post("/cases/{case_id}/decision-extension", response=PenaltyCaseOut, summary="延长办案期限")
def extend_decision(request: HttpRequest, case_id: int, body: PenaltyExtensionIn) -> dict[str, Any]:
    return _step(request, case_id, actions.extend_decision, body)


@router.post("/cases/{case_id}/major", response=PenaltyCaseOut, summary="确定为重大执法决定")
def flag_major(request: HttpRequest, case_id: int, body: PenaltyReasonIn) -> dict[str, Any]:
    return _step(request, case_id, actions.flag_major, body)


@router.post("/cases/{case_id}/correction-order", response=PenaltyCaseOut, summary="责令改正")
def order_correction(
    request: HttpRequest, case_id: int, body: PenaltyCorrectionOrderIn
) -> dict[str, Any]:
    return _step(request, case_id, actions.order_correction, body)


@router.post("/cases/{case_id}/correction", response=PenaltyCaseOut, summary="登记改正情况")
def record_correction(
    request: HttpRequest, case_id: int, body: PenaltyCorrectionIn
) -> dict[str, Any]:
    return _step(request, case_id, actions.record_correction, body)


@router.post("/cases/{case_id}/notice", response=PenaltyCaseOut, summary="告知拟作出的行政处罚")
def notify(request: HttpRequest, case_id: int, body: PenaltyNoticeIn) -> dict[str, Any]:
    return _step(request, case_id, actions.notify_intended_penalty, body)


def statement_out(row: Statement) -> dict[str, Any]:
    return {
        "id": row.pk,
        "case_id": row.case_id,
        "received_on": row.received_on,
        "content": row.content,
        "adopted": row.adopted,
        "answer": row.answer,
    }


@router.post(
    "/cases/{case_id}/statements", response={201: PenaltyStatementOut}, summary="记录陈述申辩"
)
def record_statement(
    request: HttpRequest, case_id: int, body: PenaltyStatementIn
) -> Status[dict[str, Any]]:
    row = actions.record_statement(actor=request.user, case_id=case_id, **body.model_dump())
    return Status(201, statement_out(row))


@router.post(
    "/statements/{statement_id}/answer", response=PenaltyStatementOut, summary="复核陈述申辩"
)
def answer_statement(
    request: HttpRequest, statement_id: int, body: PenaltyAnswerIn
) -> dict[str, Any]:
    row = actions.answer_statement(
        actor=request.user, statement_id=statement_id, **body.model_dump()
    )
    return statement_out(row)


@router.post("/cases/{case_id}/waiver", response=PenaltyCaseOut, summary="当事人书面放弃陈述申辩")
def record_waiver(request: HttpRequest, case_id: int, body: PenaltyWaiverIn) -> dict[str, Any]:
    return _step(request, case_id, actions.record_waiver, body)


@router.post("/cases/{case_id}/hearing/request", response=PenaltyCaseOut, summary="当事人要求听证")
def request_hearing(
    request: HttpRequest, case_id: int, body: PenaltyHearingRequestIn
) -> dict[str, Any]:
    return _step(request, case_id, actions.request_hearing, body)


@router.post("/cases/{case_id}/hearing/schedule", response=PenaltyCaseOut, summary="听证通知")
def schedule_hearing(
    request: HttpRequest, case_id: int, body: PenaltyHearingScheduleIn
) -> dict[str, Any]:
    return _step(request, case_id, actions.schedule_hearing, body)


@router.post("/cases/{case_id}/hearing/record", response=PenaltyCaseOut, summary="听证笔录")
def record_hearing(
    request: HttpRequest, case_id: int, body: PenaltyHearingRecordIn
) -> dict[str, Any]:
    return _step(request, case_id, actions.record_hearing, body)


@router.post("/cases/{case_id}/reviews", response=PenaltyCaseOut, summary="提请法制审核")
def submit_review(
    request: HttpRequest, case_id: int, body: PenaltyReviewSubmitIn
) -> dict[str, Any]:
    return _step(request, case_id, actions.submit_review, body)


@router.post("/reviews/{review_id}/result", response=PenaltyCaseOut, summary="法制审核意见")
def review_case(
    request: HttpRequest, review_id: int, body: PenaltyReviewResultIn
) -> dict[str, Any]:
    case = actions.review_case(actor=request.user, review_id=review_id, **body.model_dump())
    return _out(request, case.pk)


@router.post("/cases/{case_id}/decision", response=PenaltyCaseOut, summary="作出决定（负责人）")
def decide(request: HttpRequest, case_id: int, body: PenaltyDecisionIn) -> dict[str, Any]:
    return _step(request, case_id, actions.decide, body)


@router.post("/cases/{case_id}/service", response=PenaltyCaseOut, summary="送达决定书")
def serve(request: HttpRequest, case_id: int, body: PenaltyServiceIn) -> dict[str, Any]:
    return _step(request, case_id, actions.serve_decision, body)
