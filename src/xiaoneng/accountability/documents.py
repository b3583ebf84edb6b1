"""The 问责决定书, laid out after GB/T 9704 by `xiaoneng.documents.layout`
and sealed by the configured seal service (`documents.services.sealed_pdf`):
the same bytes every time it is generated for the same decision."""

from __future__ import annotations

from xiaoneng.core.text import cn_date
from xiaoneng.documents.layout.model import Letter, Paragraph
from xiaoneng.documents.services import sealed_pdf

from .models import AccountabilityCase, Authority
from .vocabulary import case_not_found

TITLE = "问责决定书"


def decision_letter(row: AccountabilityCase) -> Letter:
    """The written decision of a decided case (not found before it is decided)."""
    if not row.decision_number or row.measure is None or row.decided_on is None:
        raise case_not_found()
    subjects = list(row.subjects.all())
    names = "、".join(f"{s.name}（{s.position}）" if s.position else s.name for s in subjects)
    rules = "、".join(str(r) for r in row.rules.all())
    paragraphs = [
        Paragraph(f"被问责单位：{row.department.name}。问责对象：{names}。"),
        Paragraph(f"案件来源：{row.source_label}。"),
        Paragraph(f"经调查，{row.facts}"),
    ]
    if row.statement_on:
        paragraphs.append(
            Paragraph(f"{cn_date(row.statement_on)}，被问责方提出陈述申辩意见：{row.statement}")
        )
    elif row.statement_due_on:
        paragraphs.append(
            Paragraph(
                f"已告知陈述申辩权利，被问责方在{cn_date(row.statement_due_on)}前未提出意见。"
            )
        )
    basis = f"依据{rules}，" if rules else ""
    referral = f"经移送{row.referred_to}，" if row.measure.authority == Authority.REFERRAL else ""
    paragraphs.append(
        Paragraph(f"{basis}{referral}决定给予{row.measure.name}。{row.decision_text}")
    )
    if row.measure.has_deadline:
        paragraphs.append(
            Paragraph(
                f"请于本决定书送达之日起{row.rectify_days}个工作日内整改到位，"
                "并将整改情况书面报送市监察局。"
            )
        )
    paragraphs.append(
        Paragraph(
            "如不服本决定，可以自本决定书送达之日起在规定期限内向作出决定的机关提出申诉；"
            "申诉期间，不停止本决定的执行。"
        )
    )
    body = row.decision_body or "张掖市监察局"
    return Letter(
        issuer=body,
        number=row.decision_number,
        title=TITLE,
        addressee=f"{row.department.name}：",
        paragraphs=tuple(paragraphs),
        signature=body,
        dated=row.decided_on,
        keywords=f"问责案件 {row.number}",
    )


def decision_pdf(row: AccountabilityCase) -> bytes:
    return sealed_pdf(decision_letter(row), what=TITLE)
