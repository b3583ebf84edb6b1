"""An issued document after GB/T 9704—2012, laid out by the house's
`documents.layout` (the same grid, header, signature and page numbers as the
platform's other notices) with the 版记 the notices lack: the 抄送 line, the
印发机关 (the issuer's office) and the 印发日期, between separator lines, at
the foot of the last page (§7.4). No 份号 and no 密级.

Everything printed comes from the stored row and its fixed dates, so the same
document gives the same bytes every time (no cache is needed)."""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import quote

from django.utils import timezone
from fpdf import FPDF

from xiaoneng.core.text import cn_date
from xiaoneng.documents import conf
from xiaoneng.documents.errors import DocumentFontMissing, DocumentGlyphMissing
from xiaoneng.documents.layout import FontMissing, GlyphMissing, Letter, Rendered, code_point
from xiaoneng.documents.layout.fonts import FontFiles, fallback_faces, release
from xiaoneng.documents.layout.gbt9704 import (
    BLOCK_WIDTH,
    CHAR_PITCH,
    LEFT,
    LINE_PITCH,
    LINES,
    TOP,
    baseline,
)
from xiaoneng.documents.layout.model import Paragraph
from xiaoneng.documents.layout.render import (
    BLOCK_LINES,
    _all_text,
    _flow_rows,
    _header,
    _page_number,
    _paginate,
    _Pen,
    _set_up,
    _signature,
)

from .models import Dispatch, DocKind

log = logging.getLogger(__name__)

RECORD_PT = 14.0  # 版记 in 四号仿宋
THICK, THIN = 0.35, 0.25  # 首末条分隔线粗, 中间线细 (§7.4.1)
NO_HEADER_WORD = (DocKind.LETTER,)  # 函 carries the organ's name alone


def _day(moment: object) -> date:
    return timezone.localtime(moment).date()  # type: ignore[arg-type]


def issuing_office(row: Dispatch) -> str:
    """印发机关: the issuer's office (办公室), which prints and sends it."""
    name = row.issuer.name
    return name if name.endswith("办公室") else f"{name}办公室"


def letter_of(row: Dispatch) -> Letter:
    """The document as the house's `Letter`: 发文机关标志 (red), 发文字号, title,
    主送, body paragraphs, 署名 and 成文日期 (the day it was last approved)."""
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
    )


def record_lines(row: Dispatch) -> list[tuple[str, str]]:
    """版记: (left, right) text of each line."""
    lines: list[tuple[str, str]] = []
    copies = "，".join(d.name for d in row.copies.all())
    if copies:
        lines.append((f"抄送：{copies}。", ""))
    assert row.issued_at is not None
    lines.append((issuing_office(row), f"{cn_date(_day(row.issued_at))}印发"))
    return lines


def _record(pen: _Pen, lines: list[tuple[str, str]]) -> None:
    """The 版记 on the page's last grid lines, one line each, 左右各空一字,
    with the separator lines over, between and under them."""
    first = LINES - len(lines)
    pdf = pen.pdf
    pdf.set_draw_color(0, 0, 0)
    for i, (left, right) in enumerate(lines):
        y = baseline(first + i, RECORD_PT)
        width = BLOCK_WIDTH - 2 * CHAR_PITCH
        pen.write(_fit(pen, left, width), LEFT + CHAR_PITCH, y, size=RECORD_PT)
        if right:
            w = pen.measure(right, size=RECORD_PT)
            pen.write(right, LEFT + BLOCK_WIDTH - CHAR_PITCH - w, y, size=RECORD_PT)
    for i in range(len(lines) + 1):
        pdf.set_line_width(THICK if i in (0, len(lines)) else THIN)
        y = TOP + (first + i) * LINE_PITCH
        pdf.line(LEFT, y, LEFT + BLOCK_WIDTH, y)


def _fit(pen: _Pen, text: str, width: float) -> str:
    """The 抄送 line, shortened with … when the units do not fit on it."""
    if pen.measure(text, size=RECORD_PT) <= width:
        return text
    while text and pen.measure(text + "…。", size=RECORD_PT) > width:
        text = text[:-1]
    return text + "…。"


def render_dispatch(
    letter: Letter, record: list[tuple[str, str]], fonts: FontFiles, *, mark: bool
) -> Rendered:
    """The house's layout of the letter, then the 版记: on the last page
    when it fits under the signature block, otherwise on a page of its own."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    extra = "".join(a + b for a, b in record) + "…"
    faces = fallback_faces(pdf, fonts, _all_text(letter, mark) + extra)
    _set_up(pdf, letter, fonts, faces)
    try:
        pen = _Pen(pdf, faces)
        pages, block_line = _paginate(_flow_rows(letter, pen))
        seal = None
        for number, page in enumerate(pages, start=1):
            pdf.add_page()
            if number == 1:
                _header(pen, letter)
            for line, row in page.rows:
                pen.row(row, line)
            if number == len(pages):
                seal = _signature(pen, letter, number, block_line, mark)
            _page_number(pen, number)
        count = len(pages)
        if block_line + BLOCK_LINES + 1 > LINES - len(record):
            pdf.add_page()
            count += 1
            _page_number(pen, count)
        _record(pen, record)
        assert seal is not None
        return Rendered(bytes(pdf.output()), count, seal)
    finally:
        release(pdf)


def dispatch_pdf(row: Dispatch) -> bytes:
    """The issued document, sealed by the configured service (by default its
    seal position left marked). Font trouble is the documents' coded error."""
    seal = conf.seal_service()
    letter = letter_of(row)
    try:
        rendered = render_dispatch(
            letter, record_lines(row), conf.font_files(), mark=seal.marks_position
        )
    except FontMissing as exc:
        log.error("document font missing: %s", exc.path)
        raise DocumentFontMissing(
            "服务器未安装中文字体，暂时无法生成公文，请联系系统管理员。",
            detail={"font": str(exc.path)},
        ) from None
    except GlyphMissing as exc:
        listed = "、".join(f"“{c}”（{code_point(c)}）" for c in exc.chars[:10])
        raise DocumentGlyphMissing(
            f"公文中的字符{listed}没有可用的字体，无法生成公文；请核对该字符。",
            detail={"characters": [code_point(c) for c in exc.chars]},
        ) from None
    return seal.seal(
        rendered.pdf, placement=rendered.seal, issuer=letter.issuer, number=letter.number
    )


def pdf_name(row: Dispatch) -> str:
    """The file's name, URL-quoted for Content-Disposition's filename*."""
    return quote(f"{row.number or row.pk}.pdf")
