"""The 明察暗访 API (`/api/v1/checks`): the same actions and selectors as the
pages. Plans only for `check.manage`; findings for the bureau and, once
notified, for the unit checked; the exposures are public (no staff names)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.org.authority import has_perm
from xiaoneng.web.paging import PER_PAGE

from . import actions
from .models import CheckPlan, Finding, FindingEvidence
from .selectors import (
    MANAGE,
    by_urgency,
    evidence_for,
    finding_for,
    findings_for,
    open_evidence,
    overdue,
    plan_for,
    plans_for,
    public_row,
    published_findings,
    time_left,
)

router = Router(tags=["明察暗访"])
BINARY = {"type": "string", "format": "binary"}


class PlanIn(Schema):
    title: str
    period_start: date
    period_end: date
    focus: str
    department_ids: list[int]


class MemberIn(Schema):
    user_id: int
    leader: bool = False


class MemberOut(Schema):
    user_id: int
    name: str
    leader: bool


class PlanOut(Schema):
    id: int
    number: str
    title: str
    period_start: date
    period_end: date
    focus: str
    status: str
    status_label: str
    targets: list[str]
    members: list[MemberOut]
    approved_on: date | None
    findings: int


class FindingIn(Schema):
    department_id: int
    kind: str
    observed_at: datetime
    place: str
    description: str
    staff_name: str = ""
    staff_id: int | None = None


class EvidenceOut(Schema):
    id: int
    caption: str
    filename: str
    content_type: str
    size: int
    sm3: str
    download_url: str


class ReportOut(Schema):
    text: str
    submitted_on: date
    outcome: str
    reviewed_on: date | None
    review_note: str


class FindingOut(Schema):
    id: int
    number: str
    plan: str | None  # the plan's number: the bureau only
    department: str
    kind: str
    kind_label: str
    staff_name: str
    observed_at: datetime
    place: str
    description: str
    status: str
    status_label: str
    notified_on: date | None
    due_on: date | None
    light: str
    light_text: str
    provisional: bool
    reported_on: date | None
    verified_on: date | None
    on_time: bool | None
    published_on: date | None
    public_summary: str
    evidence: list[EvidenceOut]
    reports: list[ReportOut]


class PublishIn(Schema):
    summary: str


class ReportIn(Schema):
    report: str


class CheckNoteIn(Schema):
    note: str = ""


class ExposureOut(Schema):
    number: str
    department: str
    observed_on: date
    kind: str
    summary: str
    published_on: date
    status: str


def plan_out(row: CheckPlan) -> dict[str, Any]:
    return {
        "id": row.pk,
        "number": row.number,
        "title": row.title,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "focus": row.focus,
        "status": row.status,
        "status_label": row.get_status_display(),
        "targets": [d.name for d in row.targets.order_by("sort", "code")],
        "members": [
            {"user_id": m.user_id, "name": m.member_name, "leader": m.is_leader}
            for m in row.members.all()
        ],
        "approved_on": row.approved_on,
        "findings": row.findings.count(),
    }


def evidence_out(e: FindingEvidence) -> dict[str, Any]:
    return {
        "id": e.pk,
        "caption": e.caption,
        "filename": e.filename,
        "content_type": e.content_type,
        "size": e.size,
        "sm3": e.sm3,
        "download_url": f"/api/v1/checks/findings/{e.finding_id}/evidence/{e.pk}",
    }


def finding_out(row: Finding, *, bureau: bool) -> dict[str, Any]:
    light = time_left(row, timesource.today(), current_calendar())
    return {
        "id": row.pk,
        "number": row.number,
        "plan": row.plan.number if bureau else None,
        "department": row.department.name,
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "staff_name": row.staff_name,
        "observed_at": row.observed_at,
        "place": row.place,
        "description": row.description,
        "status": row.status,
        "status_label": row.get_status_display(),
        "notified_on": row.notified_on,
        "due_on": row.due_on,
        "light": light.level,
        "light_text": light.text,
        "provisional": row.provisional,
        "reported_on": row.reported_on,
        "verified_on": row.verified_on,
        "on_time": row.on_time,
        "published_on": row.published_on,
        "public_summary": row.public_summary,
        "evidence": [evidence_out(e) for e in row.evidence.all()],
        "reports": [
            {
                "text": r.text,
                "submitted_on": r.submitted_on,
                "outcome": r.outcome,
                "reviewed_on": r.reviewed_on,
                "review_note": r.review_note,
            }
            for r in row.reports.all()
        ],
    }


def _plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return plan_out(plan_for(request.user, plan_id))


def _finding(request: HttpRequest, finding_id: int) -> dict[str, Any]:
    row = finding_for(request.user, finding_id)
    return finding_out(row, bureau=has_perm(request.user, MANAGE))


def _aware(value: datetime) -> datetime:
    """A moment typed without an offset is Beijing time."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _page(limit: int, offset: int) -> tuple[int, int]:
    start = max(offset, 0)
    return start, start + max(1, min(limit, 100))


# --- plans (check.manage) ------------------------------------------------------------


@router.get("/plans", response=list[PlanOut], summary="明察暗访计划（仅监察机关）")
def list_plans(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    start, end = _page(limit, offset)
    return [plan_out(p) for p in plans_for(request.user).order_by("-id")[start:end]]


@router.post("/plans", response={201: PlanOut}, summary="制定明察暗访计划")
def create_plan(request: HttpRequest, body: PlanIn) -> Status[dict[str, Any]]:
    row = actions.create_plan(actor=request.user, **body.model_dump())
    return Status(201, _plan(request, row.pk))


@router.get("/plans/{plan_id}", response=PlanOut, summary="计划详情")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return _plan(request, plan_id)


@router.post("/plans/{plan_id}/members", response=PlanOut, summary="检查组增加成员")
def add_member(request: HttpRequest, plan_id: int, body: MemberIn) -> dict[str, Any]:
    actions.add_team_member(actor=request.user, plan_id=plan_id, **body.model_dump())
    return _plan(request, plan_id)


@router.post("/plans/{plan_id}/approve", response=PlanOut, summary="批准计划")
def approve_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    actions.approve_plan(actor=request.user, plan_id=plan_id)
    return _plan(request, plan_id)


@router.post("/plans/{plan_id}/close", response=PlanOut, summary="计划完成")
def close_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    actions.close_plan(actor=request.user, plan_id=plan_id)
    return _plan(request, plan_id)


@router.post("/plans/{plan_id}/findings", response={201: FindingOut}, summary="记录发现的问题")
def record_finding(request: HttpRequest, plan_id: int, body: FindingIn) -> Status[dict[str, Any]]:
    data = body.model_dump()
    data["observed_at"] = _aware(data["observed_at"])
    row = actions.record_finding(actor=request.user, plan_id=plan_id, **data)
    return Status(201, _finding(request, row.pk))


# --- findings ------------------------------------------------------------


@router.get(
    "/findings",
    response=list[FindingOut],
    summary="发现的问题（监察机关：全部；被检查单位：已通报的本单位问题）",
)
def list_findings(
    request: HttpRequest, state: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = findings_for(request.user)
    if state == "overdue":
        qs = overdue(qs, timesource.today())
    elif state:
        qs = qs.filter(status=state)
    start, end = _page(limit, offset)
    bureau = has_perm(request.user, MANAGE)
    return [finding_out(r, bureau=bureau) for r in by_urgency(qs)[start:end]]


@router.get("/findings/{finding_id}", response=FindingOut, summary="问题详情")
def get_finding(request: HttpRequest, finding_id: int) -> dict[str, Any]:
    return _finding(request, finding_id)


@router.post(
    "/findings/{finding_id}/evidence",
    response={201: EvidenceOut},
    summary="上传证据（JPEG、PNG、PDF、OFD）",
)
def upload_evidence(
    request: HttpRequest,
    finding_id: int,
    file: File[UploadedFile],
    caption: Form[str] = "",
) -> Status[dict[str, Any]]:
    row = actions.add_evidence(
        actor=request.user, finding_id=finding_id, file=file, caption=caption
    )
    return Status(201, evidence_out(row))


@router.get(
    "/findings/{finding_id}/evidence/{evidence_id}",
    summary="下载证据",
    openapi_extra={
        "responses": {
            200: {
                "description": "文件内容（以附件形式下载）",
                "content": {"application/octet-stream": {"schema": BINARY}},
            }
        }
    },
)
def download_evidence(request: HttpRequest, finding_id: int, evidence_id: int) -> FileResponse:
    row = evidence_for(request.user, finding_id, evidence_id)
    return FileResponse(
        open_evidence(row),
        as_attachment=True,
        filename=row.filename,
        content_type=row.content_type,
    )


@router.post("/findings/{finding_id}/notify", response=FindingOut, summary="通报被检查单位")
def notify(request: HttpRequest, finding_id: int) -> dict[str, Any]:
    actions.notify_finding(actor=request.user, finding_id=finding_id)
    return _finding(request, finding_id)


@router.post("/findings/{finding_id}/publish", response=FindingOut, summary="批准曝光")
def publish(request: HttpRequest, finding_id: int, body: PublishIn) -> dict[str, Any]:
    actions.publish_finding(actor=request.user, finding_id=finding_id, summary=body.summary)
    return _finding(request, finding_id)


@router.post(
    "/findings/{finding_id}/rectification",
    response=FindingOut,
    summary="报送整改情况（被检查单位）",
)
def submit(request: HttpRequest, finding_id: int, body: ReportIn) -> dict[str, Any]:
    actions.submit_rectification(actor=request.user, finding_id=finding_id, report=body.report)
    return _finding(request, finding_id)


@router.post("/findings/{finding_id}/verify", response=FindingOut, summary="核实整改情况")
def verify(request: HttpRequest, finding_id: int, body: CheckNoteIn) -> dict[str, Any]:
    actions.verify_rectification(actor=request.user, finding_id=finding_id, note=body.note)
    return _finding(request, finding_id)


@router.post("/findings/{finding_id}/return", response=FindingOut, summary="退回整改情况")
def send_back(request: HttpRequest, finding_id: int, body: CheckNoteIn) -> dict[str, Any]:
    actions.return_rectification(actor=request.user, finding_id=finding_id, note=body.note)
    return _finding(request, finding_id)


# --- public ------------------------------------------------------------


@router.get("/exposures", response=list[ExposureOut], auth=None, summary="曝光台（公开）")
def exposures(request: HttpRequest, limit: int = PER_PAGE, offset: int = 0) -> list[dict[str, Any]]:
    start, end = _page(limit, offset)
    today = timesource.today()
    return [public_row(r, today) for r in published_findings()[start:end]]
