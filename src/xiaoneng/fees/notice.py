"""The 行政事业性收费通知书 of a case: what was charged, on what basis (the
catalog version in force on the charge day), the notice and receipt numbers,
the refunds and the total, laid out after GB/T 9704 by the documents kit and
sealed by the configured seal service. The same charges give the same bytes:
the notice is dated the day of its last charge or refund, and its number is
the case's."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from xiaoneng.cases.models import Case
from xiaoneng.documents.facts import facts_of
from xiaoneng.documents.layout import Letter, cn_date
from xiaoneng.documents.layout.model import Paragraph
from xiaoneng.documents.services import sealed_pdf

from .models import Charge, FeeVersion
from .standard import FEN
from .vocabulary import notice_not_issued

TITLE = "行政事业性收费通知书"
SERIES = "费"  # 发文字号类别字: 张工商费〔2026〕17号


def _version(charge: Charge) -> FeeVersion | None:
    """The catalog entry as it stood on the charge day (the version recorded
    with the charge)."""
    if charge.fee_id is None or charge.fee_version is None:
        return None
    return (
        FeeVersion.objects.filter(fee_id=charge.fee_id, number=charge.fee_version)
        .order_by("pk")
        .first()
    )


def _money(value: Decimal) -> str:
    return f"{Decimal(value).quantize(FEN)}"


def _number(value: Decimal) -> str:
    """A quantity without trailing zeros (2, 1.5)."""
    return f"{Decimal(value).normalize():f}"


def _clause(text: str) -> str:
    return " ".join(text.split()).rstrip("。；;，,")


def _charge_paragraphs(n: int, charge: Charge) -> list[Paragraph]:
    """One charge, a field a line (a long code or number never stretches a
    justified line)."""
    version = _version(charge)
    name = charge.fee_name or (version.name if version else "") or charge.fee_code
    unit = charge.unit or (version.unit if version else "")
    lines = [Paragraph(f"{n}．{name}"), Paragraph(f"收费项目编码：{charge.fee_code}")]
    if version is not None:
        lines += [
            Paragraph(f"设立依据：{_clause(version.legal_basis)}。"),
            Paragraph(
                f"批准文件：价格主管部门{_clause(version.price_doc)}，"
                f"财政部门{_clause(version.finance_doc)}（收费目录第{version.number}版，"
                f"自{cn_date(version.valid_from)}起执行）。"
            ),
            Paragraph(f"收费标准：{version.standard_text}。"),
        ]
    elif charge.basis:
        lines.append(Paragraph(f"收费依据：{_clause(charge.basis)}。"))
    else:
        lines.append(Paragraph("收费依据：该收费项目未列入收费目录。"))
    lines += [
        Paragraph(
            f"本次收费：按{_money(charge.unit_amount)}元/{unit}计收，"
            f"数量{_number(charge.quantity)}{unit}，金额{_money(charge.amount)}元，"
            f"于{cn_date(charge.charged_on)}缴入{charge.get_payee_account_display()}。"
        ),
        Paragraph(f"缴款通知书编号：{charge.notice_no}"),
        Paragraph(f"财政票据号：{charge.receipt_no}"),
    ]
    lines += [
        Paragraph(
            f"退费：{cn_date(r.refunded_on)}退费{_money(r.amount)}元（退费原因：{_clause(r.reason)}）。"
        )
        for r in charge.refunds.all()
    ]
    return lines


def notice_letter(case: Case) -> Letter:
    """The notice of the case's charges; `notice_not_issued` (404) while
    nothing has been charged."""
    charges = list(
        Charge.objects.filter(case=case).prefetch_related("refunds").order_by("charged_on", "id")
    )
    if not charges:
        raise notice_not_issued()
    events = sorted(case.events.all(), key=lambda e: e.seq)
    facts = facts_of(case, events)
    total = sum((c.amount for c in charges), Decimal(0))
    refunded = sum((c.refunded for c in charges), Decimal(0))
    days: list[date] = [c.charged_on for c in charges]
    days += [r.refunded_on for c in charges for r in c.refunds.all()]
    paragraphs = [
        Paragraph(
            f"你（单位）于{cn_date(facts.received_on)}提出的{facts.item}申请"
            f"（办件编号：{facts.tracking_no}），本机关依法收取下列行政事业性收费："
        ),
    ]
    for n, charge in enumerate(charges, start=1):
        paragraphs += _charge_paragraphs(n, charge)
    summary = f"以上合计收费{_money(total)}元"
    if refunded:
        summary += f"，已退费{_money(refunded)}元，实收{_money(total - refunded)}元"
    paragraphs += [
        Paragraph(summary + "。"),
        Paragraph(
            "上述收费全额缴入财政专户或国库，纳入预算管理，不得由部门坐收坐支。"
            "缴款时请索取财政票据；不出具财政票据的，你（单位）有权拒绝缴纳。"
        ),
        Paragraph(
            "对目录外收费、超标准收费、重复收费等乱收费行为，你（单位）有权拒绝缴纳，"
            "并可以拨打12345政务服务便民热线，或者通过门户网站投诉页面"
            f"（{reverse('complaints:complain')}）向张掖市行政效能投诉中心投诉。"
        ),
    ]
    return Letter(
        issuer=facts.issuer,
        number=f"{facts.organ_code}{SERIES}〔{charges[0].charged_on.year}〕{case.pk}号",
        title=TITLE,
        addressee=facts.applicant,
        paragraphs=tuple(paragraphs),
        signature=facts.issuer,
        dated=max(days),
        keywords=f"办件编号 {facts.tracking_no}",
    )


def notice_pdf(case: Case) -> bytes:
    return sealed_pdf(notice_letter(case), what="收费通知书")


def notice_response(case: Case, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{TITLE}-{case.tracking_no}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    response["ETag"] = f'"{hashlib.sha256(pdf).hexdigest()[:32]}"'
    response["Cache-Control"] = "private, no-cache"
    return response
