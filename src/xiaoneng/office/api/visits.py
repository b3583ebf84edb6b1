"""/api/v1/frontline: leaders' front-line work — visits (list, get, create
with the problems raised) and the problems handed to units (list, resolve)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.office.actions import visits as actions
from xiaoneng.office.models.emergencies import FieldVisit, VisitIssue
from xiaoneng.office.selectors.visits import issue_for, issues_for, visit_for, visits_for
from xiaoneng.web.paging import api_window

router = Router(tags=["一线工作"])


class VisitIssueIn(Schema):
    problem: str
    unit_id: int
    due_on: date | None = None


class FieldVisitIn(Schema):
    kind: str
    visited_on: date
    place: str
    people_met: str
    summary: str
    issues: list[VisitIssueIn] = []


class VisitResolveIn(Schema):
    result: str


class VisitIssueOut(Schema):
    id: int
    visit_id: int
    problem: str
    unit: str
    unit_id: int
    due_on: date
    resolved_at: datetime | None
    result: str
    leader: str


class FieldVisitOut(Schema):
    id: int
    leader: str
    kind: str
    kind_label: str
    visited_on: date
    place: str
    people_met: str
    summary: str
    issues: list[VisitIssueOut]


def issue_out(row: VisitIssue) -> dict[str, Any]:
    return {
        "id": row.pk,
        "visit_id": row.visit_id,
        "problem": row.problem,
        "unit": row.unit.name,
        "unit_id": row.unit_id,
        "due_on": row.due_on,
        "resolved_at": row.resolved_at,
        "result": row.result,
        "leader": row.visit.leader.display_name,
    }


def visit_out(row: FieldVisit) -> dict[str, Any]:
    return {
        "id": row.pk,
        "leader": row.leader.display_name,
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "visited_on": row.visited_on,
        "place": row.place,
        "people_met": row.people_met,
        "summary": row.summary,
        "issues": [issue_out(i) for i in row.issues.select_related("unit", "visit__leader")],
    }


@router.get("/visits", response=list[FieldVisitOut], summary="一线工作记录（本人；监察可见全部）")
def list_visits(request: HttpRequest, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    qs = visits_for(request.user).order_by("-visited_on", "-id")
    return [visit_out(v) for v in api_window(qs, limit, offset)]


@router.post("/visits", response={201: FieldVisitOut}, summary="记录一线工作并交办问题")
def create_visit(request: HttpRequest, body: FieldVisitIn) -> Status[dict[str, Any]]:
    data = body.model_dump()
    row = actions.log_visit(actor=request.user, **data)
    return Status(201, visit_out(visit_for(request.user, row.pk)))


@router.get("/visits/{visit_id}", response=FieldVisitOut, summary="一线工作记录详情")
def get_visit(request: HttpRequest, visit_id: int) -> dict[str, Any]:
    return visit_out(visit_for(request.user, visit_id))


@router.get("/issues", response=list[VisitIssueOut], summary="交办问题（本单位；监察可见全部）")
def list_issues(
    request: HttpRequest, open_only: bool = False, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = issues_for(request.user).order_by("due_on", "id")
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    return [issue_out(i) for i in api_window(qs, limit, offset)]


@router.post("/issues/{issue_id}/resolve", response=VisitIssueOut, summary="报告办结（责任单位）")
def resolve(request: HttpRequest, issue_id: int, body: VisitResolveIn) -> dict[str, Any]:
    actions.resolve_issue(actor=request.user, issue_id=issue_id, result=body.result)
    return issue_out(issue_for(request.user, issue_id))
