"""The target responsibility API (`/api/v1/targets`): the same actions and
scoped selectors as the desks. Books (list, get, import .xlsx, export
.xlsx, sign), tasks (list, get, create, update), reports (submit, verify,
return), adjustments (request, decide), urge."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from xiaoneng.core import timesource
from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.core.errors import InvalidInput

from . import actions
from .exports import book_xlsx
from .models import Adjustment, ProgressReport, TargetBook, Task
from .selectors import book_for, light_q, task_for, visible_books, visible_tasks, with_lights

router = Router(tags=["目标责任"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TargetBookOut(Schema):
    id: int
    year: int
    department_id: int
    department: str
    title: str
    status: str
    status_label: str
    signed_on: date | None
    signed_by: str
    signed_for: str
    tasks: int


class TargetMilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None


class TargetTaskOut(Schema):
    id: int
    book_id: int
    parent_id: int | None
    code: str
    title: str
    category: str
    is_key: bool
    is_leaf: bool
    lead_department_id: int | None
    lead_department: str
    cooperating_ids: list[int]
    leader: str
    person: str
    deadline: date | None
    standard_kind: str
    indicator: str
    measure_unit: str
    baseline: Decimal | None
    target_value: Decimal | None
    standard: str
    weight: Decimal
    status: str
    done_on: date | None
    latest_value: Decimal | None
    latest_percent: int
    pending_adjustment: bool
    light: str
    milestones: list[TargetMilestoneOut]


class TargetTaskIn(Schema):
    """The columns of the 目标责任分解表 (units by id, code, name or short name)."""

    code: str = ""
    title: str = ""
    category: str = ""
    is_key: bool = False
    lead: str | int | None = None
    cooperating: list[str | int] = []
    leader: str = ""
    person: str = ""
    deadline: date | None = None
    indicator: str = ""
    measure_unit: str = ""
    baseline: Decimal | None = None
    target_value: Decimal | None = None
    standard: str = ""
    weight: Decimal | None = None
    milestones: list[TargetMilestoneIn] = []


class TargetMilestoneIn(Schema):
    title: str
    due_on: date


TargetTaskIn.model_rebuild()


class TargetSignIn(Schema):
    signed_by: str
    signed_for: str
    signed_on: date | None = None


class TargetReportIn(Schema):
    year: int
    month: int
    text: str
    value: Decimal | None = None
    percent: int | None = None
    milestone_ids: list[int] = []


class TargetReportOut(Schema):
    id: int
    task_id: int
    year: int
    month: int
    text: str
    value: Decimal | None
    percent: int
    due_on: date
    submitted_on: date
    late: bool
    status: str
    verified_on: date | None
    return_reason: str
    files: list[str]


class TargetReasonIn(Schema):
    reason: str


class TargetAdjustmentIn(Schema):
    reason: str
    new_deadline: date | None = None
    new_target_value: Decimal | None = None
    new_standard: str = ""


class TargetDecisionIn(Schema):
    approve: bool
    note: str = ""


class TargetAdjustmentOut(Schema):
    id: int
    task_id: int
    requested_on: date
    reason: str
    new_deadline: date | None
    new_target_value: Decimal | None
    new_standard: str
    status: str
    decided_on: date | None
    decision_note: str


class TargetUrgeIn(Schema):
    text: str
    due_on: date | None = None


class TargetOrderOut(Schema):
    id: int
    due_on: date
    text: str


def book_out(b: TargetBook) -> dict[str, Any]:
    return {
        "id": b.pk,
        "year": b.year,
        "department_id": b.department_id,
        "department": b.department.name,
        "title": b.title,
        "status": b.status,
        "status_label": b.get_status_display(),
        "signed_on": b.signed_on,
        "signed_by": b.signed_by,
        "signed_for": b.signed_for,
        "tasks": b.tasks.count(),
    }


def task_out(t: Task, light: str) -> dict[str, Any]:
    return {
        **{
            name: getattr(t, name)
            for name in (
                "book_id",
                "parent_id",
                "code",
                "title",
                "category",
                "is_key",
                "is_leaf",
                "lead_department_id",
                "leader",
                "person",
                "deadline",
                "standard_kind",
                "indicator",
                "measure_unit",
                "baseline",
                "target_value",
                "standard",
                "weight",
                "status",
                "done_on",
                "latest_value",
                "latest_percent",
                "pending_adjustment",
            )
        },
        "id": t.pk,
        "lead_department": t.lead_department.name if t.lead_department else "",
        "cooperating_ids": [d.pk for d in t.cooperating.all()],
        "light": light,
        "milestones": [
            {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in t.milestones.all()
        ],
    }


def report_out(r: ProgressReport) -> dict[str, Any]:
    return {
        **{
            name: getattr(r, name)
            for name in (
                "task_id",
                "year",
                "month",
                "text",
                "value",
                "percent",
                "due_on",
                "submitted_on",
                "late",
                "status",
                "verified_on",
                "return_reason",
            )
        },
        "id": r.pk,
        "files": [f.filename for f in r.files.all()],
    }


def adjustment_out(a: Adjustment) -> dict[str, Any]:
    return {
        **{
            name: getattr(a, name)
            for name in (
                "task_id",
                "requested_on",
                "reason",
                "new_deadline",
                "new_target_value",
                "new_standard",
                "status",
                "decided_on",
                "decision_note",
            )
        },
        "id": a.pk,
    }


def _tasks_out(tasks: list[Task]) -> list[dict[str, Any]]:
    today = timesource.today()
    return [task_out(r.task, r.light.value) for r in with_lights(tasks, today)]


def _task(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _tasks_out([task_for(request.user, pk)])[0]


def _fields(body: TargetTaskIn) -> dict[str, Any]:
    data = body.model_dump(exclude={"milestones"})
    for n, m in enumerate(body.milestones[:3], start=1):
        data[f"m{n}"], data[f"m{n}_due"] = m.title, m.due_on
    data["is_key"] = "是" if body.is_key else ""
    return data


def _page(limit: int, offset: int) -> tuple[int, int]:
    start = max(offset, 0)
    return start, start + max(1, min(limit, 100))


# --- books ----------------------------------------------------------------------------


@router.get("/books", response=list[TargetBookOut], summary="目标责任书")
def list_books(
    request: HttpRequest, year: int | None = None, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    books = visible_books(request.user).order_by("-year", "department__sort", "pk")
    if year:
        books = books.filter(year=year)
    start, end = _page(limit, offset)
    return [book_out(b) for b in books[start:end]]


@router.post("/books", response={201: TargetBookOut}, summary="导入目标责任书（.xlsx）")
def import_book(
    request: HttpRequest,
    year: Form[int],
    department_id: Form[int],
    file: File[UploadedFile],
) -> Status[dict[str, Any]]:
    data = file.read()
    if not isinstance(data, bytes):
        raise InvalidInput("请上传 .xlsx 文件", code="target_file_unreadable")
    row = actions.import_book(actor=request.user, year=year, department_id=department_id, xlsx=data)
    return Status(201, book_out(book_for(request.user, row.pk)))


@router.get("/books/{book_id}", response=TargetBookOut, summary="目标责任书详情")
def get_book(request: HttpRequest, book_id: int) -> dict[str, Any]:
    return book_out(book_for(request.user, book_id))


@router.get("/books/{book_id}/export", summary="导出目标责任分解表（.xlsx）")
def export_book(request: HttpRequest, book_id: int) -> HttpResponse:
    found = book_for(request.user, book_id)
    response = HttpResponse(book_xlsx(found), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="target-book-{found.year}-{found.pk}.xlsx"'
    )
    return response


@router.post("/books/{book_id}/sign", response=TargetBookOut, summary="签订目标责任书")
def sign_book(request: HttpRequest, book_id: int, body: TargetSignIn) -> dict[str, Any]:
    actions.sign_book(actor=request.user, book_id=book_id, **body.model_dump())
    return book_out(book_for(request.user, book_id))


@router.post("/books/{book_id}/tasks", response={201: TargetTaskOut}, summary="新增任务（草稿）")
def create_task(request: HttpRequest, book_id: int, body: TargetTaskIn) -> Status[dict[str, Any]]:
    row = actions.add_task(actor=request.user, book_id=book_id, fields=_fields(body))
    return Status(201, _task(request, row.pk))


# --- tasks ----------------------------------------------------------------------------


@router.get("/tasks", response=list[TargetTaskOut], summary="目标任务（按权限范围）")
def list_tasks(
    request: HttpRequest,
    book_id: int | None = None,
    department_id: int | None = None,
    light: str = "",
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    tasks = visible_tasks(request.user).prefetch_related("milestones", "cooperating")
    if book_id:
        tasks = tasks.filter(book_id=book_id)
    if department_id:
        tasks = tasks.filter(lead_department_id=department_id)
    if light in {level.value for level in AlertLevel}:
        tasks = tasks.filter(light_q(light, timesource.today()))
    start, end = _page(limit, offset)
    return _tasks_out(list(tasks.order_by("book_id", "pk")[start:end]))


@router.get("/tasks/{task_id}", response=TargetTaskOut, summary="任务详情")
def get_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return _task(request, task_id)


@router.put("/tasks/{task_id}", response=TargetTaskOut, summary="修改任务（草稿）")
def update_task(request: HttpRequest, task_id: int, body: TargetTaskIn) -> dict[str, Any]:
    actions.edit_task(actor=request.user, task_id=task_id, fields=_fields(body))
    return _task(request, task_id)


@router.get("/tasks/{task_id}/reports", response=list[TargetReportOut], summary="任务的进度报告")
def list_reports(request: HttpRequest, task_id: int) -> list[dict[str, Any]]:
    found = task_for(request.user, task_id)
    return [report_out(r) for r in found.reports.prefetch_related("files")]


@router.post("/tasks/{task_id}/reports", response={201: TargetReportOut}, summary="报送月度进度")
def submit_report(
    request: HttpRequest, task_id: int, body: TargetReportIn
) -> Status[dict[str, Any]]:
    data = body.model_dump()
    row = actions.submit_report(actor=request.user, task_id=task_id, text_=data.pop("text"), **data)
    return Status(201, report_out(row))


@router.post("/reports/{report_id}/verify", response=TargetReportOut, summary="核实进度报告")
def verify_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return report_out(actions.verify_report(actor=request.user, report_id=report_id))


@router.post("/reports/{report_id}/return", response=TargetReportOut, summary="退回进度报告")
def return_report(request: HttpRequest, report_id: int, body: TargetReasonIn) -> dict[str, Any]:
    return report_out(
        actions.return_report(actor=request.user, report_id=report_id, reason=body.reason)
    )


@router.post(
    "/tasks/{task_id}/adjustments", response={201: TargetAdjustmentOut}, summary="申请调整"
)
def request_adjustment(
    request: HttpRequest, task_id: int, body: TargetAdjustmentIn
) -> Status[dict[str, Any]]:
    row = actions.request_adjustment(actor=request.user, task_id=task_id, **body.model_dump())
    return Status(201, adjustment_out(row))


@router.post(
    "/adjustments/{adjustment_id}/decide", response=TargetAdjustmentOut, summary="审批调整申请"
)
def decide_adjustment(
    request: HttpRequest, adjustment_id: int, body: TargetDecisionIn
) -> dict[str, Any]:
    row = actions.decide_adjustment(
        actor=request.user, adjustment_id=adjustment_id, approve=body.approve, note=body.note
    )
    return adjustment_out(row)


@router.post("/tasks/{task_id}/urge", response={201: TargetOrderOut}, summary="催办")
def urge(request: HttpRequest, task_id: int, body: TargetUrgeIn) -> Status[dict[str, Any]]:
    order = actions.urge_task(
        actor=request.user, task_id=task_id, text_=body.text, due_on=body.due_on
    )
    return Status(201, {"id": order.pk, "due_on": order.due_on, "text": order.text})
