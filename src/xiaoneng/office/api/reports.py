"""The reporting calendar's API (`/api/v1/reports`): kinds (list, create,
update), dues (list scoped, get, submit) and the year's overview per unit
— the same actions and selectors as the pages. Files are sent on the page
(multipart); the API submits title and content."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.core import timesource
from xiaoneng.office.actions import reports as actions
from xiaoneng.office.models.reports import ReportDue, ReportKind
from xiaoneng.office.selectors.reports import (
    LIGHTS,
    READ,
    due_for,
    dues_for,
    kind_for,
    kinds_for,
    light,
    year_counts,
)
from xiaoneng.org.authority import require_any
from xiaoneng.web.paging import api_window

router = Router(tags=["报送日历"])


class ReportKindIn(Schema):
    code: str = ""
    name: str
    cadence: str
    due_workdays: int
    unit_ids: list[int]
    receiver_id: int | None = None
    requirement: str = ""


class ReportKindOut(Schema):
    id: int
    code: str
    name: str
    cadence: str
    cadence_label: str
    due_workdays: int
    unit_ids: list[int]
    receiver_id: int
    receiver: str
    requirement: str
    active: bool


class ReportDueOut(Schema):
    id: int
    kind: str
    kind_name: str
    unit_id: int
    unit: str
    period_start: date
    period_end: date
    period_label: str
    due_on: date
    submitted_at: datetime | None
    late: bool
    light: str
    light_label: str
    title: str
    content: str
    version: int
    files: list[str]


class ReportSubmitIn(Schema):
    title: str
    content: str = ""


class ReportUnitYearOut(Schema):
    unit_id: int
    unit: str
    owed: int
    on_time: int
    late: int
    missing: int
    open: int


def kind_out(k: ReportKind) -> dict[str, Any]:
    return {
        "id": k.pk,
        "code": k.code,
        "name": k.name,
        "cadence": k.cadence,
        "cadence_label": k.get_cadence_display(),
        "due_workdays": k.due_workdays,
        "unit_ids": sorted(u.pk for u in k.units.all()),
        "receiver_id": k.receiver_id,
        "receiver": k.receiver.name,
        "requirement": k.requirement,
        "active": k.active,
    }


def due_out(d: ReportDue) -> dict[str, Any]:
    colour = light(d)
    return {
        "id": d.pk,
        "kind": d.kind.code,
        "kind_name": d.kind.name,
        "unit_id": d.unit_id,
        "unit": d.unit.name,
        "period_start": d.period_start,
        "period_end": d.period_end,
        "period_label": d.period_label,
        "due_on": d.due_on,
        "submitted_at": d.submitted_at,
        "late": d.late,
        "light": colour,
        "light_label": LIGHTS[colour][0],
        "title": d.title,
        "content": d.content,
        "version": d.version,
        "files": [f.filename for f in d.files.all()],
    }


@router.get("/kinds", response=list[ReportKindOut], summary="报送事项")
def list_kinds(request: HttpRequest) -> list[dict[str, Any]]:
    require_any(request.user, READ)
    return [kind_out(k) for k in kinds_for(request.user)]


@router.post("/kinds", response={201: ReportKindOut}, summary="设立报送事项")
def create_kind(request: HttpRequest, body: ReportKindIn) -> Status[dict[str, Any]]:
    kind = actions.create_kind(actor=request.user, **body.dict())
    return Status(201, kind_out(kind_for(request.user, kind.pk)))


@router.post("/kinds/{kind_id}", response=ReportKindOut, summary="修改报送事项")
def update_kind(request: HttpRequest, kind_id: int, body: ReportKindIn) -> dict[str, Any]:
    fields = body.dict()
    fields.pop("code")
    actions.update_kind(actor=request.user, kind_id=kind_id, **fields)
    return kind_out(kind_for(request.user, kind_id))


@router.get("/dues", response=list[ReportDueOut], summary="报送任务（本人范围内）")
def list_dues(
    request: HttpRequest,
    kind: str = "",
    unit_id: int | None = None,
    year: int | None = None,
    open_only: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    require_any(request.user, READ)
    qs = dues_for(request.user).prefetch_related("files")
    if kind:
        qs = qs.filter(kind__code=kind)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if year is not None:
        qs = qs.filter(due_on__year=year)
    if open_only:
        qs = qs.filter(submitted_at__isnull=True)
    rows = api_window(qs.order_by("-due_on", "unit_id", "pk"), limit, offset)
    return [due_out(d) for d in rows]


@router.get("/dues/{due_id}", response=ReportDueOut, summary="报送任务详情")
def get_due(request: HttpRequest, due_id: int) -> dict[str, Any]:
    require_any(request.user, READ)
    return due_out(due_for(request.user, due_id))


@router.post("/dues/{due_id}/submit", response=ReportDueOut, summary="报送")
def submit_due(request: HttpRequest, due_id: int, body: ReportSubmitIn) -> dict[str, Any]:
    actions.submit_report(actor=request.user, due_id=due_id, title=body.title, content=body.content)
    return due_out(due_for(request.user, due_id))


@router.get("/overview", response=list[ReportUnitYearOut], summary="各单位年度报送情况")
def overview(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    require_any(request.user, READ)
    chosen = year if year is not None and 2000 <= year <= 2100 else timesource.today().year
    return [
        {
            "unit_id": r.unit.pk,
            "unit": r.unit.name,
            "owed": r.owed,
            "on_time": r.on_time,
            "late": r.late,
            "missing": r.missing,
            "open": r.open,
        }
        for r in year_counts(request.user, chosen)
    ]
