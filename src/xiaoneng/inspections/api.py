"""The inspections API: `/api/v1/inspections`, the same actions and
selectors as the pages (list scoped, detail with its overlaps, register,
merge / keep separate, approve / reject, cancel, held, draw, result, and
the public replay of a draw)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoneng.inspections import actions, draws
from xiaoneng.inspections.models import Activity
from xiaoneng.inspections.selectors import (
    activities_for,
    activity_for,
    draw_of,
    overlaps,
    public_draw,
)
from xiaoneng.web.paging import api_window

router = Router(tags=["检查评比观摩"])


class InspectionPersonIn(Schema):
    name: str
    unit: str


class InspectionCompanionIn(Schema):
    name: str
    title: str
    unit: str


class InspectionActivityIn(Schema):
    kind: str
    title: str
    basis: str
    items: list[str]
    start_on: date
    end_on: date
    unit_ids: list[int] = []
    credit_codes: list[str] = []
    participants: list[InspectionPersonIn] = []
    companions: list[InspectionCompanionIn] = []


class InspectionOverlapOut(Schema):
    id: int
    number: str
    title: str
    organiser: str
    reasons: list[str]


class InspectionDrawOut(Schema):
    id: int
    seed: str
    snapshot_digest: str
    chosen_enterprises: list[str]
    chosen_inspectors: list[str]


class InspectionActivityOut(Schema):
    id: int
    number: str
    kind: str
    title: str
    organiser: str
    co_organisers: list[str]
    items: list[str]
    start_on: date
    end_on: date
    status: str
    status_label: str
    units: list[str]
    enterprises: list[str]
    after_the_fact: bool
    overlap_reason: str
    merged_into: str | None
    decided_on: date | None
    decision_note: str
    held_start: date | None
    held_end: date | None
    held_items: list[str]
    result: str
    overlaps: list[InspectionOverlapOut]
    draw: InspectionDrawOut | None


class InspectionMergeIn(Schema):
    into_id: int


class InspectionReasonIn(Schema):
    reason: str


class InspectionNoteIn(Schema):
    note: str = ""


class InspectionHeldIn(Schema):
    held_start: date
    held_end: date
    items: list[str]
    unit_ids: list[int] = []
    credit_codes: list[str] = []
    companions: list[InspectionCompanionIn] = []


class InspectionDrawIn(Schema):
    enterprise_count: int
    inspector_count: int
    industry: str = ""


class InspectionResultIn(Schema):
    result: str
    summary: str = ""


class InspectionReplayOut(Schema):
    id: int
    activity: str
    seed: str
    snapshot_digest: str
    digest_ok: bool
    result_ok: bool
    matches: bool
    recorded_enterprises: list[str]
    recorded_inspectors: list[str]
    replayed_enterprises: list[str]
    replayed_inspectors: list[str]


def _draw(row: Activity) -> dict[str, Any] | None:
    d = draw_of(row)
    if d is None:
        return None
    return {
        "id": d.pk,
        "seed": d.seed,
        "snapshot_digest": d.snapshot_digest,
        "chosen_enterprises": d.chosen_enterprises,
        "chosen_inspectors": d.chosen_inspectors,
    }


def activity_out(row: Activity, *, detail: bool = True) -> dict[str, Any]:
    near = overlaps(row) if detail and row.status == "pending" else []
    return {
        "id": row.pk,
        "number": row.number,
        "kind": row.kind,
        "title": row.title,
        "organiser": row.organiser.name,
        "co_organisers": [d.name for d in row.co_organisers.all()],
        "items": list(row.items),
        "start_on": row.start_on,
        "end_on": row.end_on,
        "status": row.status,
        "status_label": row.get_status_display(),
        "units": [d.name for d in row.target_units.all()],
        "enterprises": [e.credit_code for e in row.target_enterprises.all()],
        "after_the_fact": row.after_the_fact,
        "overlap_reason": row.overlap_reason,
        "merged_into": row.merged_into.number if row.merged_into else None,
        "decided_on": row.decided_on,
        "decision_note": row.decision_note,
        "held_start": row.held_start,
        "held_end": row.held_end,
        "held_items": list(row.held_items),
        "result": row.result,
        "overlaps": [
            {
                "id": o.activity.pk,
                "number": o.activity.number,
                "title": o.activity.title,
                "organiser": o.activity.organiser.name,
                "reasons": o.reasons,
            }
            for o in near
        ],
        "draw": _draw(row) if detail else None,
    }


def _one(request: HttpRequest, pk: int) -> dict[str, Any]:
    return activity_out(activity_for(request.user, pk))


@router.get("", response=list[InspectionActivityOut], summary="活动列表（按权限和数据范围）")
def list_activities(
    request: HttpRequest, status: str = "", limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    qs = activities_for(request.user).order_by("-start_on", "-id")
    if status:
        qs = qs.filter(status=status)
    return [activity_out(a, detail=False) for a in api_window(qs, limit, offset)]


@router.post("", response={201: InspectionActivityOut}, summary="登记活动（事前）")
def register(request: HttpRequest, body: InspectionActivityIn) -> Status[dict[str, Any]]:
    data = body.model_dump()
    row = actions.register_activity(actor=request.user, **data)
    return Status(201, _one(request, row.pk))


@router.get(
    "/{activity_id}", response=InspectionActivityOut, summary="活动详情（含可合并的重叠活动）"
)
def detail(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    return _one(request, activity_id)


@router.post("/{activity_id}/merge", response=InspectionActivityOut, summary="合并为联合检查")
def merge(request: HttpRequest, activity_id: int, body: InspectionMergeIn) -> dict[str, Any]:
    into = actions.merge_activity(actor=request.user, activity_id=activity_id, into_id=body.into_id)
    return _one(request, into.pk)


@router.post("/{activity_id}/separate", response=InspectionActivityOut, summary="不合并，说明理由")
def separate(request: HttpRequest, activity_id: int, body: InspectionReasonIn) -> dict[str, Any]:
    actions.keep_separate(actor=request.user, activity_id=activity_id, reason=body.reason)
    return _one(request, activity_id)


@router.post("/{activity_id}/approve", response=InspectionActivityOut, summary="分管领导批准")
def approve(request: HttpRequest, activity_id: int, body: InspectionNoteIn) -> dict[str, Any]:
    actions.approve_activity(actor=request.user, activity_id=activity_id, note=body.note)
    return _one(request, activity_id)


@router.post("/{activity_id}/reject", response=InspectionActivityOut, summary="分管领导不予批准")
def reject(request: HttpRequest, activity_id: int, body: InspectionReasonIn) -> dict[str, Any]:
    actions.reject_activity(actor=request.user, activity_id=activity_id, reason=body.reason)
    return _one(request, activity_id)


@router.post("/{activity_id}/cancel", response=InspectionActivityOut, summary="取消活动")
def cancel(request: HttpRequest, activity_id: int, body: InspectionReasonIn) -> dict[str, Any]:
    actions.cancel_activity(actor=request.user, activity_id=activity_id, reason=body.reason)
    return _one(request, activity_id)


@router.post("/{activity_id}/held", response=InspectionActivityOut, summary="登记实施情况")
def held(request: HttpRequest, activity_id: int, body: InspectionHeldIn) -> dict[str, Any]:
    actions.record_held(actor=request.user, activity_id=activity_id, **body.model_dump())
    return _one(request, activity_id)


@router.post(
    "/{activity_id}/draw", response=InspectionActivityOut, summary="双随机抽取检查对象和执法人员"
)
def draw(request: HttpRequest, activity_id: int, body: InspectionDrawIn) -> dict[str, Any]:
    actions.draw_targets(actor=request.user, activity_id=activity_id, **body.model_dump())
    return _one(request, activity_id)


@router.post("/{activity_id}/result", response=InspectionActivityOut, summary="公布检查结果")
def result(request: HttpRequest, activity_id: int, body: InspectionResultIn) -> dict[str, Any]:
    actions.record_result(actor=request.user, activity_id=activity_id, **body.model_dump())
    return _one(request, activity_id)


@router.get(
    "/draws/{draw_id}/replay",
    response=InspectionReplayOut,
    auth=None,
    summary="复核双随机抽取（公开）：按种子和名单快照重算并比对",
)
def replay(request: HttpRequest, draw_id: int) -> dict[str, Any]:
    d = public_draw(draw_id)
    again = draws.replay(d)
    return {
        "id": d.pk,
        "activity": d.activity.number,
        "seed": d.seed,
        "snapshot_digest": d.snapshot_digest,
        "digest_ok": again.digest_ok,
        "result_ok": again.result_ok,
        "matches": again.matches,
        "recorded_enterprises": d.chosen_enterprises,
        "recorded_inspectors": d.chosen_inspectors,
        "replayed_enterprises": again.enterprises,
        "replayed_inspectors": again.inspectors,
    }
