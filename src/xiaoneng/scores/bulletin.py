"""The monthly bulletin (月通报) of a published ranking as a GB/T 9704 PDF,
drawn by the documents app's layout: the body says how units were scored
and who came first and last, the ranking itself is a table in its 附件, and
the 版记 carries 抄送, 印发机关 and 印发日期. Every word comes from the frozen
publication, so the same publication gives the same bytes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xiaoneng.documents.facts import organ_code
from xiaoneng.documents.layout import Attachment, Letter, Paragraph, Table, cn_date
from xiaoneng.documents.layout.model import HEADING
from xiaoneng.documents.services import sealed_pdf
from xiaoneng.org.authority import unit_of

from .formula import Weights
from .models import RankingEntry, RankingPublication
from .rules import describe

# Who else receives the bulletin (抄送, GB/T 9704 §7.4.2): the city's party
# committee, people's congress and CPPCC, and the discipline commission.
COPIES = "抄送：市委，市人大常委会，市政协，市纪委监委。"
HEAD = (
    "名次",
    "单位",
    "得分",
    "受理",
    "办结",
    "按时办结率",
    "提前办结率",
    "超期",
    "预警",
    "黄牌",
    "红牌",
)
WIDTHS = (9, 36, 12, 9, 9, 15, 15, 9, 9, 9, 9)
NUMERIC = frozenset({0, *range(2, len(HEAD))})
NOTE = "注：得分按考评办法计算；按时办结率、提前办结率以当月办结件计，“—”表示当月无办结件。"


def bulletin_letter(publication: RankingPublication) -> Letter:
    from .periods import Period

    label = Period.month(publication.month).label
    unit = unit_of(publication.published_by)
    issuer = unit.name if unit is not None else "监察机关"
    organ = organ_code(unit) if unit is not None else "监"
    dated = publication.published_on
    entries = list(publication.entries.order_by("rank", "department_name"))
    weights = Weights(**{k: int(v) for k, v in publication.weights.items()})
    table_title = f"{label}全市政务服务效能考评排名表"
    paragraphs = [
        Paragraph(
            f"根据《关于进一步转变作风抓落实提升政府工作效能的意见》（张政发〔2012〕20号）"
            f"“晒成绩单、晾排行榜”和月通报制度，现将{label}全市政务服务效能考评情况通报如下。"
        ),
        Paragraph("一、考评办法", level=HEADING),
        Paragraph("；".join(describe(weights)) + "。"),
        Paragraph("二、考评结果", level=HEADING),
        Paragraph(_summary(entries, table_title)),
        Paragraph("三、工作要求", level=HEADING),
        Paragraph(
            "请各单位对照排名查找不足、落实整改，排名靠后和受到黄牌、红牌警示的单位要认真分析原因，"
            "切实提升政务服务效能。"
        ),
    ]
    if publication.note:
        paragraphs.append(Paragraph(publication.note))
    annex = Attachment(table_title, table=_table(entries), note=NOTE) if entries else None
    return Letter(
        issuer=issuer,
        number=f"{organ}通〔{publication.month.year}〕{publication.month.month}号",
        title=f"关于{label}全市政务服务效能考评排名情况的通报",
        addressee="各县区人民政府，市直各部门",
        paragraphs=tuple(paragraphs),
        signature=issuer,
        dated=dated,
        keywords=f"{label} 效能考评 {cn_date(dated)}",
        record=((COPIES, ""), (issuer, f"{cn_date(dated)}印发")),
        attachments=(annex,) if annex else (),
    )


def _summary(entries: list[RankingEntry], table_title: str) -> str:
    if not entries:
        return "本月无参评单位。"
    first, last = entries[0], entries[-1]
    text = (
        f"本月共有{len(entries)}个单位参评。{first.department_name}得分{_score(first.score)}分，"
        f"位列第一"
    )
    if len(entries) > 1:
        text += f"；{last.department_name}得分{_score(last.score)}分，位列末位"
    return f"{text}。各单位得分和排名见附件《{table_title}》。"


def _table(entries: list[RankingEntry]) -> Table:
    return Table(HEAD, tuple(_row(e) for e in entries), WIDTHS, NUMERIC)


def _row(e: RankingEntry) -> tuple[str, ...]:
    f: dict[str, Any] = e.figures
    return (
        str(e.rank),
        e.department_name,
        _score(e.score),
        str(f.get("accepted", 0)),
        str(f.get("completed", 0)),
        _rate(f.get("on_time_rate")),
        _rate(f.get("early_rate")),
        str(f.get("overdue", 0)),
        str(f.get("warnings", 0)),
        str(f.get("yellow_cards") or 0),
        str(f.get("red_cards") or 0),
    )


def _rate(value: str | None) -> str:
    return f"{value}%" if value is not None else "—"


def _score(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def bulletin_pdf(publication: RankingPublication) -> bytes:
    return sealed_pdf(bulletin_letter(publication), what="通报")
