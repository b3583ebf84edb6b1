"""/api/v1/scores: figures per unit and period, and the monthly ranking
(published snapshot, or the draft within the caller's scope)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput, PermissionDenied

from . import selectors
from .metrics import LEVELS
from .periods import Period, PeriodError, previous_month

router = Router(tags=["绩效考评"])


class MetricOut(Schema):
    unit_id: int
    name: str
    rank: int | None
    score: str | None
    figures: dict[str, Any]


class MetricsOut(Schema):
    period: str
    label: str
    level: str
    rows: list[MetricOut]


class RankingRowOut(Schema):
    rank: int
    department_id: int
    department: str
    score: str
    figures: dict[str, Any]


class RankingOut(Schema):
    month: str
    label: str
    status: str  # "published" | "draft"
    published_at: datetime | None
    rows: list[RankingRowOut]


def _viewer(request: HttpRequest) -> None:
    if not selectors.may_view(request.user):
        raise PermissionDenied(
            "无权查看效能考评（需要权限：查看效能考评指标与排名）",
            detail={"permission": "score.view"},
        )


def _parse(code: str) -> Period:
    try:
        return Period.parse(code)
    except PeriodError:
        raise InvalidInput(
            "考核期格式应为 2026-03、2026-Q1、2026-H1 或 2026", code="period_invalid"
        ) from None


@router.get("/metrics", response=MetricsOut, summary="效能指标（按数据权限）")
def metrics(
    request: HttpRequest, period: str = "", level: str = "department", department: int | None = None
) -> dict[str, Any]:
    _viewer(request)
    p = _parse(period) if period else Period.month(timesource.today())
    if level not in LEVELS:
        raise InvalidInput("level 应为 department、window 或 staff", code="level_invalid")
    if level == "department":
        rows = selectors.department_rows(request.user, p, department=department)
    else:
        rows = selectors.unit_rows(request.user, p, level)
    return {
        "period": p.code,
        "label": p.label,
        "level": level,
        "rows": [
            {
                "unit_id": r.unit_id,
                "name": r.name,
                "rank": r.rank,
                "score": None if r.score is None else str(r.score),
                "figures": r.figures.as_dict(),
            }
            for r in rows
        ],
    }


@router.get("/ranking", response=RankingOut, summary="月度排名（已发布或草稿）")
def ranking(request: HttpRequest, month: str = "") -> dict[str, Any]:
    _viewer(request)
    p = _parse(month) if month else Period.month(previous_month(timesource.today()))
    if p.kind != "month":
        raise InvalidInput("排名按月发布，month 应为 2026-03 的形式", code="period_invalid")
    published = selectors.published_ranking(p.start)
    if published is not None:
        return {
            "month": p.code,
            "label": p.label,
            "status": "published",
            "published_at": published.published_at,
            "rows": [
                {
                    "rank": r.rank,
                    "department_id": r.department_id,
                    "department": r.department_name,
                    "score": str(r.score),
                    "figures": r.figures,
                }
                for r in published.rows
            ],
        }
    return {
        "month": p.code,
        "label": p.label,
        "status": "draft",
        "published_at": None,
        "rows": [
            {
                "rank": r.rank,
                "department_id": r.department_id,
                "department": r.department_name,
                "score": str(r.score),
                "figures": r.figures.as_dict(),
            }
            for r in selectors.draft_ranking(request.user, p.start)
        ],
    }
