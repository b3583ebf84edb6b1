"""The green channel API: the same actions and selectors as the web pages."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.alerts import alert_of
from xiaoneng.core import timesource

from . import actions
from .models import ProjectDossier, Stage
from .selectors import dossier_for_actor, dossier_timeline, dossiers_for_actor

router = Router(tags=["重大项目绿色通道"])


class DossierCaseOut(Schema):
    id: int
    tracking_no: str
    item_code: str
    item_name: str
    department: str
    stage: str
    status: str
    status_label: str
    due_on: date | None
    alert_level: str


class TimelineOut(Schema):
    on: date
    stage: str
    stage_label: str
    title: str
    item: str
    tracking_no: str
    department: str
    actor_name: str
    late: bool
    note: str
    pending: bool


class DossierOut(Schema):
    id: int
    name: str
    project_code: str
    enterprise_name: str
    credit_code: str
    project_type: str
    project_type_label: str
    industry: str
    county: str
    county_code: str
    lead_department: str
    investment: Decimal
    key_project: bool
    is_major: bool
    agent: str
    status: str
    status_label: str
    opened_on: date
    closed_on: date | None
    cases: list[DossierCaseOut]
    timeline: list[TimelineOut]  # every dated step of every approval, late ones marked


class DossierIn(Schema):
    name: str
    project_code: str
    enterprise_name: str
    credit_code: str
    project_type: str
    industry: str
    county_code: str
    investment: Decimal
    key_project: bool = False
    summary: str = ""
    contact_phone: str = ""


class CaseIn(Schema):
    item_code: str
    stage: str = Stage.APPROVAL
    summary: str = ""


class CaseAddedOut(Schema):
    id: int
    tracking_no: str
    query_code: str
    dossier: DossierOut


class ReassignIn(Schema):
    agent_id: int | None = None
    reason: str


class ProjectCloseIn(Schema):
    note: str = ""


def dossier_out(dossier: ProjectDossier) -> dict[str, Any]:
    today, calendar = timesource.today(), current_calendar()
    return {
        "id": dossier.pk,
        "name": dossier.name,
        "project_code": dossier.project_code,
        "enterprise_name": dossier.enterprise_name,
        "credit_code": dossier.credit_code,
        "project_type": dossier.project_type,
        "project_type_label": dossier.get_project_type_display(),
        "industry": dossier.industry,
        "county": dossier.county.name,
        "county_code": dossier.county.code,
        "lead_department": dossier.lead_department.name,
        "investment": dossier.investment,
        "key_project": dossier.key_project,
        "is_major": dossier.is_major,
        "agent": dossier.agent.display_name,
        "status": dossier.status,
        "status_label": dossier.get_status_display(),
        "opened_on": dossier.opened_on,
        "closed_on": dossier.closed_on,
        "cases": [
            {
                "id": link.case.pk,
                "tracking_no": link.case.tracking_no,
                "item_code": link.case.item.code,
                "item_name": link.case.item.name,
                "department": link.case.department.name,
                "stage": link.stage,
                "status": link.case.status,
                "status_label": link.case.get_status_display(),
                "due_on": link.case.due_on,
                "alert_level": alert_of(link.case, today, calendar).value,
            }
            for link in dossier.links.all()
        ],
        "timeline": [asdict(entry) for entry in dossier_timeline(dossier)],
    }


def _fresh(request: HttpRequest, dossier_id: int) -> dict[str, Any]:
    return dossier_out(dossier_for_actor(request.user, dossier_id))


@router.get("", response=list[DossierOut], summary="我可见的项目档案（按数据权限）")
def list_dossiers(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = dossiers_for_actor(request.user)
    if status:
        qs = qs.filter(status=status)
    start, limit = max(offset, 0), max(1, min(limit, 100))
    return [dossier_out(d) for d in qs[start : start + limit]]


@router.post("", response={201: DossierOut}, summary="立项建档（牵头部门、代办员自动确定）")
def create_dossier(request: HttpRequest, body: DossierIn) -> Status[dict[str, Any]]:
    dossier = actions.open_dossier(actor=request.user, **body.model_dump())
    return Status(201, _fresh(request, dossier.pk))


@router.get("/{dossier_id}", response=DossierOut, summary="项目档案详情")
def get_dossier(request: HttpRequest, dossier_id: int) -> dict[str, Any]:
    return _fresh(request, dossier_id)


@router.post(
    "/{dossier_id}/cases", response={201: CaseAddedOut}, summary="代办员为项目单位提出申请"
)
def add_case(request: HttpRequest, dossier_id: int, body: CaseIn) -> Status[dict[str, Any]]:
    case, code = actions.apply_in_dossier(
        actor=request.user, dossier_id=dossier_id, **body.model_dump()
    )
    return Status(
        201,
        {
            "id": case.pk,
            "tracking_no": case.tracking_no,
            "query_code": code,
            "dossier": _fresh(request, dossier_id),
        },
    )


@router.post("/{dossier_id}/reassign", response=DossierOut, summary="改派帮办代办员")
def reassign(request: HttpRequest, dossier_id: int, body: ReassignIn) -> dict[str, Any]:
    actions.reassign_agent(actor=request.user, dossier_id=dossier_id, **body.model_dump())
    return _fresh(request, dossier_id)


@router.post("/{dossier_id}/close", response=DossierOut, summary="办结项目档案")
def close(request: HttpRequest, dossier_id: int, body: ProjectCloseIn) -> dict[str, Any]:
    actions.close_dossier(actor=request.user, dossier_id=dossier_id, note=body.note)
    return _fresh(request, dossier_id)
