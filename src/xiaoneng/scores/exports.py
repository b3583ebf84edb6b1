"""Exports: the metrics and the supervision records as .xlsx (column names
after GB/T 39046—2020 Table 11 for the latter), and the monthly bulletin
(月通报) of a published ranking: scores/bulletin.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.supervision.models import SupervisionCard, SupervisionOrder

from .figures import Figures
from .selectors import Row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# openpyxl writes the workbook's creation time; fixed, so an export of the same
# figures is the same bytes.
FIXED_CREATED = datetime(2026, 1, 1)  # noqa: DTZ001 (openpyxl stores naive times)


def _cell(value: Any) -> Any:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return float(value)
    return value


def _book(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title_rows: Sequence[str] = (),
) -> bytes:
    sheet = Sheet(
        title,
        headers,
        ([_cell(v) for v in row] for row in rows),
        widths_from_headers=True,
        centred_headers=True,
        title_rows=title_rows,
    )
    return xlsx([sheet], creator="效能 Xiaoneng", created=FIXED_CREATED)


# --- metrics --------------------------------------------------------------------------

METRIC_HEADERS = (
    "名次",
    "单位",
    "考核期",
    "受理件数",
    "办结件数",
    "按时办结件数",
    "按时办结率（%）",
    "提前办结件数",
    "提前办结率（%）",
    "平均用时（工作日）",
    "平均承诺时限（工作日）",
    "超期件数",
    "预警次数",
    "黄牌",
    "红牌",
    "满意度（%）",
    "属实投诉（件）",
    "问责扣分（分）",
    "效能得分",
)


def metric_line(r: Row, period_label: str) -> list[Any]:
    """One unit's row of the metrics sheet, in METRIC_HEADERS' order."""
    f: Figures = r.figures
    return [
        r.rank,
        r.name,
        period_label,
        f.accepted,
        f.completed,
        f.on_time,
        f.on_time_rate,
        f.early,
        f.early_rate,
        f.mean_used_days,
        f.mean_committed_days,
        f.overdue,
        f.warnings,
        f.yellow_cards,
        f.red_cards,
        f.satisfaction,
        f.complaints,
        f.accountability,
        r.score,
    ]


def metrics_xlsx(
    rows: Sequence[Row],
    period_label: str,
    level_label: str,
    *,
    unit: str = "",
    stamp: str = "",
) -> bytes:
    """The figures of one period; with `unit` or `stamp`, the sheet opens with
    its title, the unit and period, and the 数据截至 stamp above the header."""
    heading = (
        [f"效能指标（{level_label}）", f"单位：{unit}　考核期：{period_label}", stamp]
        if unit or stamp
        else []
    )
    return _book(
        f"{level_label}指标", METRIC_HEADERS, (metric_line(r, period_label) for r in rows), heading
    )


# --- supervision records (GB/T 39046—2020 Table 11) --------------------------------------

# The names of Table 11 (电子监察信息) for the records we hold; the rule numbers
# are this platform's own register of supervision rules.
SUPERVISION_HEADERS = (
    "监察编号",
    "监察规则编号",
    "预警类型",
    "办件编号",
    "事项编码",
    "事项名称",
    "责任部门",
    "监察时间",
    "督办内容",
    "整改期限",
    "反馈内容",
    "反馈时间",
    "办结时间",
)
RULES = {
    "yellow": ("ZY-JC-01", "黄牌"),
    "red": ("ZY-JC-02", "红牌"),
    "urge": ("ZY-JC-11", "督办"),
    "correct": ("ZY-JC-12", "纠错"),
}


def _measure_line(
    prefix: str, kind: str, m: SupervisionCard | SupervisionOrder, text: str, due: date | None
) -> list[Any]:
    """One row of Table 11 for a card (P…) or an order (D…): the same
    columns, only the measure's own words and deadline differ. (Table 11 is
    about cases: the caller leaves out orders on other subjects.)"""
    rule, label = RULES[kind]
    case = m.case
    assert case is not None, "Table 11 lists the measures on cases"
    return [
        f"{prefix}{m.issued_on:%Y%m%d}{m.pk:06d}",
        rule,
        label,
        case.tracking_no,
        case.item.code,
        case.item.name,
        m.department.name,
        m.issued_on,
        text,
        due,
        m.reply or None,
        m.replied_on,
        m.closed_on,
    ]


def supervision_xlsx(cards: Iterable[SupervisionCard], orders: Iterable[SupervisionOrder]) -> bytes:
    lines = [_measure_line("P", c.colour, c, c.reason, c.follow_up_due_on) for c in cards] + [
        _measure_line("D", o.kind, o, o.text, o.due_on) for o in orders
    ]
    lines.sort(key=lambda line: (line[7], line[0]))
    for line in lines:
        for i, v in enumerate(line):
            if isinstance(v, date):
                line[i] = v.isoformat()
    return _book("电子监察信息", SUPERVISION_HEADERS, lines)


# The monthly bulletin (月通报): scores/bulletin.py.
