"""The appraisal tests' world: four signed 2026 books — two counties (民乐县,
甘州区) and two city departments (市工商局, 市发改委) — each with a
quantitative task (target 100, weight 3) and a qualitative one (weight 1),
and monthly reports, all through the targets' bulk actions.

Verified completions as of 31 March 2026 (Q1):
  民乐县    value 80 (Mar), 50 % → (3 × 0.8 + 1 × 0.5) / 4 = 72.50
            + an APRIL report of 100 that Q1 must not see; one late report (−0.5) → 72.00
  甘州区    value 60, 90 %      → (1.8 + 0.9) / 4            = 67.50
  市工商局  value 90, 100 %     → (2.7 + 1.0) / 4            = 92.50
            + a March report of 100 still waiting for 核实 (does not count)
  市发改委  value 40 (Jan) then returned March report; 20 % → (1.2 + 0.2) / 4 = 35.00
            two late reports (−1.0) → 34.00"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.targets import actions as target_actions
from xiaoneng.targets.actions import BookRows, ReportRow
from xiaoneng.targets.models import ProgressReport, Task

YEAR = 2026
SIGNED = date(2026, 1, 5)
MINLE, GANZHOU, BUREAU, FAGAI = "620722", "620702", "620700005", "620700002"
UNITS = (MINLE, GANZHOU, BUREAU, FAGAI)


def book_rows(code: str) -> list[dict[str, Any]]:
    return [
        {"code": "1", "title": "经济发展", "category": "政府工作报告"},
        {
            "code": "1.1",
            "title": "固定资产投资",
            "category": "重点项目",
            "is_key": "是",
            "lead": code,
            "leader": "王副市长",
            "person": "赵主任",
            "deadline": "2026-12-31",
            "indicator": "固定资产投资",
            "measure_unit": "亿元",
            "baseline": "0",
            "target_value": "100",
            "weight": "3",
            "m1": "一季度完成三成",
            "m1_due": "2026-03-31",
        },
        {
            "code": "1.2",
            "title": "城区集中供热改造",
            "category": "为民办实事",
            "lead": code,
            "leader": "王副市长",
            "person": "钱科长",
            "deadline": "2026-10-31",
            "standard": "完成城区老旧小区集中供热管网改造",
            "weight": "1",
        },
    ]


def build(users: dict[str, User]) -> dict[str, Department]:
    """Books and reports; returns the units by code."""
    inspector = users["inspector"]
    units = {d.code: d for d in Department.objects.filter(code__in=UNITS)}
    with travel_to(SIGNED):
        target_actions.import_books_bulk(
            actor=inspector,
            books=[
                BookRows(
                    year=YEAR,
                    department_id=units[c].pk,
                    rows=book_rows(c),
                    title=f"{units[c].name}{YEAR}年目标责任书",
                    signed_on=SIGNED,
                    signed_by="主要负责人",
                    signed_for="市长",
                )
                for c in UNITS
            ],
        )
    tasks = {
        (t.book.department.code, t.code): t.pk
        for t in Task.objects.filter(is_leaf=True).select_related("book__department")
    }

    def report(unit: str, code: str, month: int, **kw: Any) -> ReportRow:
        return ReportRow(task_id=tasks[(unit, code)], year=YEAR, month=month, text="进展", **kw)

    late = date(2026, 4, 30)  # well past the 5th working day of April
    rows = [
        report(MINLE, "1.1", 1, value=Decimal(20)),
        report(MINLE, "1.1", 3, value=Decimal(80), submitted_on=late),
        report(MINLE, "1.1", 4, value=Decimal(100), submitted_on=date(2026, 5, 6)),
        report(MINLE, "1.2", 2, percent=50),
        report(GANZHOU, "1.1", 3, value=Decimal(60)),
        report(GANZHOU, "1.2", 3, percent=90),
        report(BUREAU, "1.1", 2, value=Decimal(90)),
        report(BUREAU, "1.1", 3, value=Decimal(100), verified=False),
        report(BUREAU, "1.2", 3, percent=100),
        report(FAGAI, "1.1", 1, value=Decimal(40), submitted_on=date(2026, 3, 1)),
        report(FAGAI, "1.1", 3, value=Decimal(95), verified=False, submitted_on=late),
        report(FAGAI, "1.2", 2, percent=20),
    ]
    with travel_to(date(2026, 5, 10)):
        target_actions.record_reports_bulk(actor=inspector, rows=rows)
    # 市发改委's March report is returned: a returned report never counts.
    returned = ProgressReport.objects.get(task_id=tasks[(FAGAI, "1.1")], month=3)
    with travel_to(date(2026, 5, 11)):
        target_actions.return_report(actor=inspector, report_id=returned.pk, reason="数据无佐证")
    return units
