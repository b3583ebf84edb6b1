"""The documents of appraisal, laid out after GB/T 9704 by
`xiaoneng.documents.layout` and sealed by the configured seal service
(`documents.services.sealed_pdf`): the monthly bulletin (月通报) and the
year-end result report to the organisation department (年终考核结果报告).
The same rows give the same bytes, so a bulletin once laid out is served
from the documents' store (`bulletin_stored`) until it is regenerated or
issued."""

from __future__ import annotations

from xiaoneng.documents.layout.model import Letter, Paragraph
from xiaoneng.documents.services import sealed_pdf
from xiaoneng.documents.store import Stored, Subject, stored_or_rendered

from .formula import GRADES
from .models import Bulletin, UnitClass, YearResult, YearStatus
from .vocabulary import not_found

ISSUER = "张掖市人民政府督查室"
CLASS_ORDER = (UnitClass.COUNTY, UnitClass.CITY)


def _line(n: int, text: str) -> Paragraph:
    return Paragraph(f"{n}. {text}")


def bulletin_letter(row: Bulletin) -> Letter:
    """月通报 (drafts too: the 督查室 reads it before it is issued)."""
    paragraphs = [
        Paragraph(f"现将{row.year}年{row.month}月各县区、市直各部门目标责任任务推进情况通报如下。")
    ]
    if row.text:
        paragraphs += [Paragraph(p.strip()) for p in row.text.splitlines() if p.strip()]
    for number, klass in enumerate(CLASS_ORDER, start=1):
        lines = [r for r in row.rows if r.get("klass") == klass]
        if not lines:
            continue
        paragraphs.append(Paragraph(f"{'一二'[number - 1]}、{UnitClass(klass).label}", indent=2))
        paragraphs += [
            _line(
                n,
                f"{r['department']}：任务{r['tasks']}项，已完成{r['done']}项，"
                f"正常推进{r['on_schedule']}项，预警{r['behind']}项，逾期{r['red']}项；"
                f"本月进度逾期报送{r['reports_late']}份、被退回{r['reports_returned']}份；"
                f"经核实的加权完成度{r['completion']}%。",
            )
            for n, r in enumerate(lines, start=1)
        ]
    paragraphs.append(
        Paragraph("请各单位对照通报，对预警、逾期任务逐项落实整改，按时如实报送进度。")
    )
    return Letter(
        issuer=ISSUER,
        number=row.number or f"张政督通〔{row.year}〕{row.month}号",
        title=f"关于{row.year}年{row.month}月目标责任任务推进情况的通报",
        addressee="各县区人民政府，市政府各部门：",
        paragraphs=tuple(paragraphs),
        signature=ISSUER,
        dated=row.issued_on or row.generated_at.date(),
        keywords=f"月通报 {row.year}-{row.month:02d}",
    )


def bulletin_version(row: Bulletin) -> str:
    """A draft changes each time it is regenerated; an issued bulletin never
    again (its 印发 day is part of it)."""
    issued = row.issued_on.isoformat() if row.issued_on else ""
    return f"{row.status}:{row.generated_at.isoformat()}:{issued}"


def bulletin_stored(row: Bulletin) -> Stored:
    """The bulletin's PDF, from the store when this version was laid out
    before. The caller has checked that the actor may read it."""
    letter = bulletin_letter(row)
    subject = Subject("bulletin", row.pk, "bulletin", bulletin_version(row))
    return stored_or_rendered(subject, letter, lambda: sealed_pdf(letter, what="通报"))


def result_letter(result: YearResult, names: dict[int, str]) -> Letter:
    """年终考核结果报告 to the organisation department (approved results only)."""
    if result.status == YearStatus.DRAFT:
        raise not_found("year")
    rules = result.rules or {}
    weights = "、".join(
        f"{label}{rules.get('weights', {}).get(key, '0')}%"
        for key, label in (("targets", "目标任务"), ("efficiency", "机关效能"))
    )
    quota = rules.get("excellent_quota_pct", 30)
    paragraphs = [
        Paragraph(
            f"按照目标管理责任考核办法，市政府督查室对各县区、市直各部门{result.year}年度"
            "目标任务完成情况进行了考核，现将考核结果报送你部，作为考评领导班子和领导干部的重要依据。"
        ),
        Paragraph(
            f"考核总分按{weights}加权计算（缺项的按其余各项权重折算），扣减效能投诉、"
            f"效能问责和半年检查扣分；优秀等次不超过本类单位数的{quota}%。"
        ),
    ]
    rows = list(result.rows.order_by("rank", "department_id"))
    for number, klass in enumerate(CLASS_ORDER, start=1):
        lines = [r for r in rows if r.klass == klass]
        if not lines:
            continue
        paragraphs.append(Paragraph(f"{'一二'[number - 1]}、{UnitClass(klass).label}"))
        paragraphs += [
            _line(r.rank, f"{names.get(r.department_id, '')}，总分{r.total}，{GRADES[r.grade]}。")
            for r in lines
        ]
    paragraphs.append(Paragraph("附件：年终考核结果明细表（电子表格）"))
    return Letter(
        issuer=ISSUER,
        number=f"张政督报〔{result.year + 1}〕1号",
        title=f"关于报送{result.year}年度目标责任考核结果的报告",
        addressee="市委组织部：",
        paragraphs=tuple(paragraphs),
        signature=ISSUER,
        dated=result.approved_on or result.computed_at.date(),
        keywords=f"年终考核 {result.year}",
    )


def result_pdf(result: YearResult, names: dict[int, str]) -> bytes:
    return sealed_pdf(result_letter(result, names), what="考核结果报告")
