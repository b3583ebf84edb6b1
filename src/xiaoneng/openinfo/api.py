"""The proactive-disclosure API, mounted at `/api/v1/disclosure/proactive`:
the public catalogue (published entries and published annual reports, no
sign-in) and the units' items (scoped by the actor's data scope; every
write goes through the same actions as the pages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.core import timesource
from xiaoneng.web.paging import api_window

from . import actions
from .models import DisclosureItem, ItemStatus
from .selectors import (
    item_for,
    items_for,
    lit,
    public_item,
    public_items,
    published_interpretations,
    published_report,
)

router = Router(tags=["政府信息主动公开"])


class OpeninfoEntryOut(Schema):
    id: int
    number: str
    department: str
    category: str
    category_label: str
    title: str
    document_number: str
    body: str
    published_on: date | None
    repealed_on: date | None
    interprets: int | None
    interpretations: list[int]


class OpeninfoItemOut(OpeninfoEntryOut):
    status: str
    formed_on: date
    changed_on: date | None
    due_on: date
    late: bool
    light: str


class OpeninfoItemIn(Schema):
    category: str
    title: str
    body: str
    formed_on: date
    document_number: str = ""
    interprets_id: int | None = None
    department_id: int | None = None


class OpeninfoReportOut(Schema):
    year: int
    published_on: date | None
    tables: dict[str, Any]


def entry_out(r: DisclosureItem) -> dict[str, Any]:
    """An entry as the public sees it: the policy document it interprets only
    when that document is published too."""
    shown = r.interprets if r.interprets and r.interprets.status == ItemStatus.PUBLISHED else None
    return {
        "id": r.pk,
        "number": r.number,
        "department": r.department.name,
        "category": r.category,
        "category_label": r.get_category_display(),
        "title": r.title,
        "document_number": r.document_number,
        "body": r.body,
        "published_on": r.published_on,
        "repealed_on": r.repealed_on,
        "interprets": shown.pk if shown else None,
        "interpretations": [i.pk for i in published_interpretations(r)],
    }


def item_out(r: DisclosureItem) -> dict[str, Any]:
    (shown,) = lit([r], timesource.today())
    return {
        **entry_out(r),
        "interprets": r.interprets_id,  # the unit sees its own link whatever its state
        "status": r.status,
        "formed_on": r.formed_on,
        "changed_on": r.changed_on,
        "due_on": r.due_on,
        "late": r.late,
        "light": shown.level,
    }


@router.get("/entries", response=list[OpeninfoEntryOut], auth=None, summary="主动公开目录（公开）")
def list_entries(
    request: HttpRequest, category: str = "", department: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = public_items(department=department, category=category)
    return [entry_out(r) for r in api_window(qs, limit, offset)]


@router.get(
    "/entries/{entry_id}", response=OpeninfoEntryOut, auth=None, summary="主动公开信息（公开）"
)
def get_entry(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    return entry_out(public_item(entry_id))


@router.get(
    "/reports/{year}",
    response=OpeninfoReportOut,
    auth=None,
    summary="政府信息公开工作年度报告（公开）",
)
def get_report(request: HttpRequest, year: int) -> dict[str, Any]:
    row = published_report(year)
    return {"year": row.year, "published_on": row.published_on, "tables": row.tables}


@router.get("/items", response=list[OpeninfoItemOut], summary="本单位主动公开信息（本人范围内）")
def list_items(
    request: HttpRequest, status: str = "", category: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = items_for(request.user)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return [item_out(r) for r in api_window(qs.order_by("-formed_on", "-id"), limit, offset)]


@router.post("/items", response={201: OpeninfoItemOut}, summary="登记主动公开信息")
def register_item(request: HttpRequest, body: OpeninfoItemIn) -> Status[dict[str, Any]]:
    row = actions.register_item(actor=request.user, **body.model_dump())
    return Status(201, item_out(item_for(request.user, row.pk)))


@router.get("/items/{item_id}", response=OpeninfoItemOut, summary="主动公开信息详情")
def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return item_out(item_for(request.user, item_id))


@router.post("/items/{item_id}/publish", response=OpeninfoItemOut, summary="在政府网站公开")
def publish_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    actions.publish_item(actor=request.user, item_id=item_id)
    return item_out(item_for(request.user, item_id))


class OpeninfoReviseIn(Schema):
    changed_on: date
    title: str | None = None
    body: str | None = None
    document_number: str | None = None


@router.post(
    "/items/{item_id}/revise", response=OpeninfoItemOut, summary="登记变更（重新计算公开时限）"
)
def revise_item(request: HttpRequest, item_id: int, body: OpeninfoReviseIn) -> dict[str, Any]:
    actions.revise_item(actor=request.user, item_id=item_id, **body.model_dump())
    return item_out(item_for(request.user, item_id))


@router.post("/items/{item_id}/repeal", response=OpeninfoItemOut, summary="登记废止")
def repeal_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    actions.repeal_item(actor=request.user, item_id=item_id)
    return item_out(item_for(request.user, item_id))
