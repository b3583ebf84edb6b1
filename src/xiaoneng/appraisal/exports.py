"""The result report's spreadsheet (年终考核结果明细表) and the quarter's
ranking as .xlsx, through `core.sheets` (user text always as text)."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from xiaoneng.core.sheets import Sheet, xlsx

from .formula import GRADES
from .models import (
    QuarterRanking,
    QuarterRow,
    RewardKind,
    UnitClass,
    YearResult,
    YearRow,
    class_order,
)

YEAR_HEADERS = (
    "类别",
    "名次",
    "单位",
    "目标任务得分",
    "机关效能得分",
    "效能投诉扣分",
    "效能问责扣分",
    "半年检查扣分",
    "加权得分",
    "总分",
    "分数段等次",
    "考核等次",
    "奖惩兑现",
)
QUARTER_HEADERS = (
    "类别",
    "名次",
    "单位",
    "任务数",
    "加权完成度（%）",
    "逾期报告（份）",
    "逾期扣分",
    "得分",
)


def _order(row: QuarterRow | YearRow) -> tuple[int, int, int]:
    """Counties first, then city departments; by rank."""
    return (class_order(row.klass), row.rank, row.department_id)


def _stamp(day: object) -> datetime | None:
    return timezone.make_aware(datetime.combine(day, time(9))) if day else None  # type: ignore[arg-type]


def year_xlsx(result: YearResult, names: dict[int, str]) -> bytes:
    rows = []
    for r in sorted(result.rows.prefetch_related("rewards"), key=_order):
        rewards = "；".join(f"{RewardKind(w.kind).label}：{w.text}" for w in r.rewards.all())
        rows.append(
            (
                UnitClass(r.klass).label,
                r.rank,
                names.get(r.department_id, ""),
                r.targets,
                r.efficiency,
                r.complaints,
                r.accountability,
                r.inspection,
                r.weighted,
                r.total,
                GRADES[r.band],
                GRADES[r.grade],
                rewards,
            )
        )
    sheet = Sheet(f"{result.year}年度考核结果", YEAR_HEADERS, rows, widths_from_headers=True)
    return xlsx([sheet], creator="张掖市人民政府督查室", created=_stamp(result.approved_on))


def quarter_xlsx(ranking: QuarterRanking, names: dict[int, str]) -> bytes:
    rows = [
        (
            UnitClass(r.klass).label,
            r.rank,
            names.get(r.department_id, ""),
            r.tasks,
            r.completion,
            r.late_reports,
            r.deducted,
            r.score,
        )
        for r in sorted(ranking.rows.all(), key=_order)
    ]
    sheet = Sheet(str(ranking), QUARTER_HEADERS, rows, widths_from_headers=True)
    return xlsx([sheet], creator="张掖市人民政府督查室", created=_stamp(ranking.published_on))
