"""An issued document after GB/T 9704—2012, laid out by the house's
`documents.layout` (the same grid, header, signature and page numbers as the
platform's other notices) with its 版记: the 抄送 line, the 印发机关 (the
issuer's office) and the 印发日期, between separator lines, at the foot of
the last page (§7.4) — the layout's `Letter.record`. No 份号 and no 密级.

Everything printed comes from the stored row and its fixed dates, so the same
document gives the same bytes every time (no cache is needed)."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.utils import timezone

from xiaoneng.core.text import cn_date
from xiaoneng.documents.layout import Letter
from xiaoneng.documents.layout.model import Paragraph
from xiaoneng.documents.services import sealed_pdf

from .models import Dispatch, DocKind

NO_HEADER_WORD = (DocKind.LETTER,)  # 函 carries the organ's name alone


def _day(moment: object) -> date:
    return timezone.localtime(moment).date()  # type: ignore[arg-type]


def issuing_office(row: Dispatch) -> str:
    """印发机关: the issuer's office (办公室), which prints and sends it."""
    name = row.issuer.name
    return name if name.endswith("办公室") else f"{name}办公室"


def record_lines(row: Dispatch) -> tuple[tuple[str, str], ...]:
    """版记: (left, right) text of each line — 抄送 when there are copies,
    then 印发机关 and 印发日期."""
    lines: list[tuple[str, str]] = []
    copies = "，".join(d.name for d in row.copies.all())
    if copies:
        lines.append((f"抄送：{copies}。", ""))
    assert row.issued_at is not None
    lines.append((issuing_office(row), f"{cn_date(_day(row.issued_at))}印发"))
    return tuple(lines)


def letter_of(row: Dispatch) -> Letter:
    """The issued document as the house's `Letter`: 发文机关标志 (red), 发文字号,
    title, 主送, body paragraphs, 署名, 成文日期 (the day it was last approved)
    and the 版记."""
    issuer = row.issuer.name
    mark = issuer if row.kind in NO_HEADER_WORD else f"{issuer}文件"
    decided = row.leader_at or row.signed_at or row.issued_at
    paragraphs = tuple(Paragraph(p.strip()) for p in row.body.splitlines() if p.strip())
    return Letter(
        issuer=mark,
        number=row.number,
        title=row.title,
        addressee="、".join(d.name for d in row.recipients.all()),
        paragraphs=paragraphs,
        signature=issuer,
        dated=_day(decided),
        keywords=f"{row.get_kind_display()} {row.number}",
        record=record_lines(row),
    )


def dispatch_pdf(row: Dispatch) -> bytes:
    """The issued document, sealed by the configured service (by default its
    seal position left marked). Font trouble is the documents' coded error
    (document_font_missing, document_glyph_missing)."""
    return sealed_pdf(letter_of(row), what="公文")


def pdf_name(row: Dispatch) -> str:
    """The file's name, URL-quoted for Content-Disposition's filename*."""
    return quote(f"{row.number or row.pk}.pdf")
