"""The 考核评比 API (`/api/v1/appraisal`): the same actions and selectors as
the desks. Bulletins, quarter rankings, inspections: the 督查室
(`appraisal.manage`); year-end results also the organisation department
(`appraisal.results`, once approved); the published snapshots are public."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from . import actions, selectors
from .models import Bulletin, Publication, QuarterRanking, YearResult

router = Router(tags=["考核评比"])


class AppraisalPeriodIn(Schema):
    year: int
    index: int = 1  # the month (1–12) or the quarter (1–4); ignored for a year


class AppraisalTextIn(Schema):
    text: str = ""
    number: str = ""


class AppraisalInspectionIn(Schema):
    year: int
    half: int
    team: str
    started_on: date
    ended_on: date


class AppraisalFindingIn(Schema):
    department_id: int
    text: str
    points: str
    evidence: str = ""


class AppraisalRewardIn(Schema):
    department_id: int
    kind: str
    text: str
    document: str = ""


class AppraisalBulletinOut(Schema):
    id: int
    year: int
    month: int
    number: str
    status: str
    text: str
    issued_on: date | None
    rows: list[dict[str, Any]]


class AppraisalRankRow(Schema):
    department_id: int
    department: str
    klass: str
    rank: int
    tasks: int
    completion: Decimal
    late_reports: int
    deducted: Decimal
    score: Decimal


class AppraisalQuarterOut(Schema):
    id: int
    year: int
    quarter: int
    status: str
    published_on: date | None
    rows: list[AppraisalRankRow]


class AppraisalInspectionOut(Schema):
    id: int
    year: int
    half: int
    team: str
    started_on: date
    ended_on: date
    findings: int


class AppraisalYearRow(Schema):
    department_id: int
    department: str
    klass: str
    rank: int
    targets: Decimal | None
    efficiency: Decimal | None
    complaints: Decimal
    accountability: Decimal
    inspection: Decimal
    total: Decimal
    band: str
    grade: str
    rewards: list[str]


class AppraisalYearOut(Schema):
    id: int
    year: int
    status: str
    rules: dict[str, Any]
    approved_on: date | None
    published_on: date | None
    rows: list[AppraisalYearRow]


class AppraisalPublicationOut(Schema):
    id: int
    kind: str
    year: int
    period: int
    title: str
    as_of: date
    rows: list[dict[str, Any]]


def bulletin_out(row: Bulletin) -> dict[str, Any]:
    return {
        "id": row.pk,
        "year": row.year,
        "month": row.month,
        "number": row.number,
        "status": row.status,
        "text": row.text,
        "issued_on": row.issued_on,
        "rows": row.rows,
    }


QUARTER_FIELDS = ("klass", "rank", "tasks", "completion", "late_reports", "deducted", "score")


def quarter_out(row: QuarterRanking) -> dict[str, Any]:
    rows = selectors.ranked_units(row.rows.all())
    return {
        "id": row.pk,
        "year": row.year,
        "quarter": row.quarter,
        "status": row.status,
        "published_on": row.published_on,
        "rows": [
            {
                "department_id": x["row"].department_id,
                "department": x["department"],
                **{f: getattr(x["row"], f) for f in QUARTER_FIELDS},
            }
            for x in rows
        ],
    }


def year_out(row: YearResult) -> dict[str, Any]:
    rows = selectors.ranked_units(row.rows.prefetch_related("rewards"))
    fields = ("klass", "rank", "targets", "efficiency", "complaints", "accountability")
    return {
        "id": row.pk,
        "year": row.year,
        "status": row.status,
        "rules": row.rules,
        "approved_on": row.approved_on,
        "published_on": row.published_on,
        "rows": [
            {
                "department_id": x["row"].department_id,
                "department": x["department"],
                **{f: getattr(x["row"], f) for f in (*fields, "inspection", "total", "band")},
                "grade": x["row"].grade,
                "rewards": [f"{w.get_kind_display()}：{w.text}" for w in x["row"].rewards.all()],
            }
            for x in rows
        ],
    }


def publication_out(row: Publication) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "year": row.year,
        "period": row.period,
        "title": row.title,
        "as_of": row.as_of,
        "rows": row.rows,
    }


# --- 月通报 -------------------------------------------------------------------------------


@router.get("/bulletins", response=list[AppraisalBulletinOut], summary="月通报")
def list_bulletins(request: HttpRequest) -> list[dict[str, Any]]:
    return [bulletin_out(b) for b in selectors.bulletins_for(request.user)[:60]]


@router.post("/bulletins", response={201: AppraisalBulletinOut}, summary="生成月通报")
def generate_bulletin(request: HttpRequest, body: AppraisalPeriodIn) -> Status[dict[str, Any]]:
    row = actions.generate_bulletin(actor=request.user, year=body.year, month=body.index)
    return Status(201, bulletin_out(row))


@router.post("/bulletins/{bulletin_id}/issue", response=AppraisalBulletinOut, summary="印发月通报")
def issue_bulletin(request: HttpRequest, bulletin_id: int, body: AppraisalTextIn) -> dict[str, Any]:
    row = actions.issue_bulletin(
        actor=request.user, bulletin_id=bulletin_id, text=body.text, number=body.number
    )
    return bulletin_out(row)


# --- 季评比 -------------------------------------------------------------------------------


@router.get("/quarters", response=list[AppraisalQuarterOut], summary="季度评比")
def list_quarters(request: HttpRequest) -> list[dict[str, Any]]:
    return [quarter_out(q) for q in selectors.quarters_for(request.user)[:20]]


@router.post("/quarters", response={201: AppraisalQuarterOut}, summary="计算季度评比")
def compute_quarter(request: HttpRequest, body: AppraisalPeriodIn) -> Status[dict[str, Any]]:
    row = actions.compute_quarter_ranking(actor=request.user, year=body.year, quarter=body.index)
    return Status(201, quarter_out(row))


@router.get("/quarters/{ranking_id}", response=AppraisalQuarterOut, summary="季度评比详情")
def get_quarter(request: HttpRequest, ranking_id: int) -> dict[str, Any]:
    return quarter_out(selectors.quarter_for(request.user, ranking_id))


@router.post("/quarters/{ranking_id}/publish", response=AppraisalQuarterOut, summary="公布季度评比")
def publish_quarter(request: HttpRequest, ranking_id: int) -> dict[str, Any]:
    return quarter_out(actions.publish_quarter(actor=request.user, ranking_id=ranking_id))


# --- 半年检查 -----------------------------------------------------------------------------


def inspection_out(row: Any) -> dict[str, Any]:
    fields = ("year", "half", "team", "started_on", "ended_on")
    return {"id": row.pk, **{f: getattr(row, f) for f in fields}, "findings": row.findings.count()}


@router.post("/inspections", response={201: AppraisalInspectionOut}, summary="登记半年检查")
def create_inspection(request: HttpRequest, body: AppraisalInspectionIn) -> Status[dict[str, Any]]:
    row = actions.create_inspection(actor=request.user, **body.model_dump())
    return Status(201, inspection_out(row))


@router.post(
    "/inspections/{inspection_id}/findings",
    response={201: AppraisalInspectionOut},
    summary="记录半年检查发现的问题",
)
def record_finding(
    request: HttpRequest, inspection_id: int, body: AppraisalFindingIn
) -> Status[dict[str, Any]]:
    actions.record_inspection_finding(
        actor=request.user, inspection_id=inspection_id, **body.model_dump()
    )
    return Status(201, inspection_out(selectors.inspection_for(request.user, inspection_id)))


# --- 年终考核 -----------------------------------------------------------------------------


@router.get("/years", response=list[AppraisalYearOut], summary="年终考核结果")
def list_years(request: HttpRequest) -> list[dict[str, Any]]:
    return [year_out(r) for r in selectors.results_for(request.user)[:10]]


@router.post("/years", response={201: AppraisalYearOut}, summary="计算年终考核")
def compute_year(request: HttpRequest, body: AppraisalPeriodIn) -> Status[dict[str, Any]]:
    return Status(201, year_out(actions.compute_year(actor=request.user, year=body.year)))


@router.get("/years/{result_id}", response=AppraisalYearOut, summary="年终考核结果详情")
def get_year(request: HttpRequest, result_id: int) -> dict[str, Any]:
    return year_out(selectors.result_for(request.user, result_id))


@router.post("/years/{result_id}/approve", response=AppraisalYearOut, summary="审定年终考核结果")
def approve_year(request: HttpRequest, result_id: int) -> dict[str, Any]:
    return year_out(actions.approve_year(actor=request.user, result_id=result_id))


@router.post("/years/{result_id}/publish", response=AppraisalYearOut, summary="公布年终考核结果")
def publish_year(request: HttpRequest, result_id: int) -> dict[str, Any]:
    return year_out(actions.publish_year(actor=request.user, result_id=result_id))


@router.post("/years/{result_id}/rewards", response={201: AppraisalYearOut}, summary="登记奖惩兑现")
def record_reward(
    request: HttpRequest, result_id: int, body: AppraisalRewardIn
) -> Status[dict[str, Any]]:
    actions.record_reward(actor=request.user, result_id=result_id, **body.model_dump())
    return Status(201, year_out(selectors.result_for(request.user, result_id)))


# --- public ------------------------------------------------------------------------------


@router.post(
    "/board", response={201: AppraisalPublicationOut}, summary="公布重点工作与为民办实事进展"
)
def publish_board(request: HttpRequest, year: int | None = None) -> Status[dict[str, Any]]:
    """This year's board, or (`?year=`) the year just closed."""
    return Status(201, publication_out(actions.publish_task_board(actor=request.user, year=year)))


@router.get(
    "/publications", response=list[AppraisalPublicationOut], auth=None, summary="目标晒台（公开）"
)
def publications(request: HttpRequest, kind: str = "quarter") -> list[dict[str, Any]]:
    return [publication_out(p) for p in selectors.published(kind)[:20]]
