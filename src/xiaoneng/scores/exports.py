"""Exports: the metrics and the supervision records as .xlsx (column names
after GB/T 39046—2020 Table 11 for the latter), and the monthly bulletin
(月通报) of a published ranking as a GB/T 9704 PDF drawn by the documents
app's layout (`xiaoneng.documents.layout`), reused, not copied."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.documents.facts import organ_code
from xiaoneng.documents.layout import Letter, cn_date
from xiaoneng.documents.layout.model import Paragraph
from xiaoneng.documents.services import sealed_pdf
from xiaoneng.org.authority import unit_of
from xiaoneng.supervision.models import SupervisionCard, SupervisionOrder

from .figures import Figures
from .formula import Weights
from .models import RankingPublication
from .rules import describe
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


def _book(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    sheet = Sheet(
        title,
        headers,
        ([_cell(v) for v in row] for row in rows),
        widths_from_headers=True,
        centred_headers=True,
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


def metrics_xlsx(rows: Sequence[Row], period_label: str, level_label: str) -> bytes:
    def line(r: Row) -> list[Any]:
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

    return _book(f"{level_label}指标", METRIC_HEADERS, (line(r) for r in rows))


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


# --- the monthly bulletin (月通报) -----------------------------------------------------


def bulletin_letter(publication: RankingPublication) -> Letter:
    """The bulletin of a published ranking: every word comes from the frozen
    publication, so the same publication gives the same bytes."""
    from .periods import Period

    label = Period.month(publication.month).label
    unit = unit_of(publication.published_by)
    issuer = unit.name if unit is not None else "监察机关"
    organ = organ_code(unit) if unit is not None else "监"
    dated = publication.published_on
    entries = list(publication.entries.order_by("rank", "department_name"))
    weights = Weights(**{k: int(v) for k, v in publication.weights.items()})
    paragraphs: list[Paragraph] = [
        Paragraph(
            f"根据《关于进一步转变作风抓落实提升政府工作效能的意见》（张政发〔2012〕20号）"
            f"“晒成绩单、晾排行榜”和月通报制度，现将{label}全市政务服务效能考评情况通报如下。"
        ),
        Paragraph("一、考评办法"),
        Paragraph("；".join(describe(weights)) + "。"),
        Paragraph("二、考评排名"),
    ]
    for e in entries:
        f = e.figures
        rate = f.get("on_time_rate")
        early = f.get("early_rate")
        paragraphs.append(
            Paragraph(
                f"第{e.rank}名　{e.department_name}，得分{_score(e.score)}分"
                f"（受理{f.get('accepted', 0)}件，办结{f.get('completed', 0)}件，"
                f"按时办结率{rate + '%' if rate is not None else '—'}，"
                f"提前办结率{early + '%' if early is not None else '—'}，"
                f"超期{f.get('overdue', 0)}件，预警{f.get('warnings', 0)}次，"
                f"黄牌{f.get('yellow_cards') or 0}张，红牌{f.get('red_cards') or 0}张）。"
            )
        )
    if not entries:
        paragraphs.append(Paragraph("本月无参评单位。"))
    paragraphs.append(Paragraph("请各单位对照排名查找不足、落实整改，进一步提升政务服务效能。"))
    if publication.note:
        paragraphs.append(Paragraph(publication.note))
    return Letter(
        issuer=issuer,
        number=f"{organ}通〔{publication.month.year}〕{publication.month.month}号",
        title=f"关于{label}全市政务服务效能考评排名情况的通报",
        addressee="各县区人民政府，市直各部门：",
        paragraphs=tuple(paragraphs),
        signature=issuer,
        dated=dated,
        keywords=f"{label} 效能考评 {cn_date(dated)}",
    )


def _score(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def bulletin_pdf(publication: RankingPublication) -> bytes:
    return sealed_pdf(bulletin_letter(publication), what="通报")
