"""Drawing a `Letter` on GB/T 9704 pages with fpdf2.

Every character is placed on the grid by itself (28 to the line, 22 lines
to the page), which is how the standard's 撑满版心 is met exactly: 三号 glyphs
are a little wider than 156 mm / 28, so they advance by the grid pitch, and
the full lines of a paragraph are justified to the block's edge. A letter
with a `record` ends with its 版记 (§7.4) at the foot of the last page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from fpdf import FPDF

from xiaoneng.core.text import cn_date

from .fonts import FAMILY, FontFiles, fallback_faces, install, release
from .gbt9704 import (
    ASCENT,
    BLACK,
    BLOCK_HEIGHT,
    BLOCK_WIDTH,
    BODY_PT,
    CHAR_PITCH,
    DATE_RIGHT_CHARS,
    GREY,
    ISSUER_PT,
    LEFT,
    LINE_PITCH,
    LINES,
    NOTE_PT,
    NUMBER_LINE,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_PT,
    PAGE_WIDTH,
    RECORD_PT,
    RECORD_THICK,
    RECORD_THIN,
    RED,
    RULE_GAP,
    RULE_WIDTH,
    SEAL_SIZE,
    TITLE_LINE,
    TITLE_PT,
    TOP,
    baseline,
    pt,
)
from .model import Letter
from .seal import SealPlacement
from .typeset import break_lines

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRODUCER = "效能 Xiaoneng 办件文书"
SEAL_LABEL = "（电子印章位置）"
ELLIPSIS = "…"  # ends a 版记 line too long for the block (then "…。")
# Lines the signature block needs under the body: the seal's top within one
# line of the text, 署名 and 成文日期 below the seal's centre (§7.3.5.1).
BLOCK_LINES = 4


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    seal: SealPlacement


@dataclass(frozen=True)
class _Row:
    """One grid line of the flowing part: title, addressee or body."""

    text: str = ""
    x: float = 0.0  # mm from the block's left edge
    justify: float | None = None  # stretch to this width (full paragraph lines)
    centred: bool = False
    bold: bool = False
    size: float = BODY_PT


@dataclass
class _Page:
    rows: list[tuple[int, _Row]] = field(default_factory=list)


def render(letter: Letter, fonts: FontFiles, *, mark_seal_position: bool = True) -> Rendered:
    """The letter as PDF, with its 版记 when it has a record. Raises
    FontMissing or GlyphMissing (a character no installed face can draw)
    before anything is drawn."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    faces = fallback_faces(pdf, fonts, _all_text(letter, mark_seal_position))
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
                seal = _signature(pen, letter, number, block_line, mark_seal_position)
            _page_number(pen, number)
        count = len(pages)
        if letter.record:
            count = _record(pen, letter.record, block_line, count)
        assert seal is not None
        return Rendered(bytes(pdf.output()), count, seal)
    finally:
        release(pdf)


def _all_text(letter: Letter, mark_seal_position: bool) -> str:
    """Every character the letter will draw (page numbers: their digits)."""
    parts = [
        letter.issuer,
        letter.number,
        letter.title,
        f"{letter.addressee}：",
        *(p.text for p in letter.paragraphs),
        letter.signature,
        cn_date(letter.dated),
        "— 0123456789 —",
    ]
    if mark_seal_position:
        parts.append(SEAL_LABEL)
    if letter.record:
        parts.extend(left + right for left, right in letter.record)
        parts.append(ELLIPSIS)
    return "".join(parts)


def _set_up(pdf: FPDF, letter: Letter, fonts: FontFiles, faces: dict[str, str]) -> None:
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, TOP, PAGE_WIDTH - LEFT - BLOCK_WIDTH)
    install(pdf, fonts, set(faces.values()))
    # Fixed metadata: the same case and event give the same bytes.
    pdf.set_creation_date(datetime.combine(letter.dated, time(0), tzinfo=SHANGHAI))
    pdf.set_producer(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_title(letter.title)
    pdf.set_author(letter.issuer)
    pdf.set_subject(letter.number)
    if letter.keywords:
        pdf.set_keywords(letter.keywords)
    pdf.set_lang("zh-CN")


class _Pen:
    """Places text character by character; measures as it will place. A
    character the main face lacks is drawn in its fallback face (`faces`)."""

    def __init__(self, pdf: FPDF, faces: dict[str, str] | None = None) -> None:
        self.pdf = pdf
        self.faces = faces or {}
        self._widths: dict[tuple[str, bool, float], float] = {}

    def font(self, *, bold: bool = False, size: float = BODY_PT) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", size)

    def _in_face(self, char: str, size: float) -> bool:
        """Switch to the fallback face of `char`, if it has one."""
        family = self.faces.get(char)
        if family is None:
            return False
        self.pdf.set_font(family, "", size)
        return True

    def advance(self, char: str, *, bold: bool = False, size: float = BODY_PT) -> float:
        key = (char, bold, size)
        if key not in self._widths:
            fallback = self._in_face(char, size)
            if not fallback:
                self.font(bold=bold, size=size)
            width = self.pdf.get_string_width(char)
            if fallback:
                self.font(bold=bold, size=size)
            if size == BODY_PT:
                # On the body grid an ideograph advances by the pitch, not by its em.
                width += CHAR_PITCH - pt(BODY_PT)
            self._widths[key] = width
        return self._widths[key]

    def measure(self, text: str, *, bold: bool = False, size: float = BODY_PT) -> float:
        return sum(self.advance(c, bold=bold, size=size) for c in text)

    def write(
        self,
        text: str,
        x: float,
        y: float,
        *,
        bold: bool = False,
        size: float = BODY_PT,
        color: tuple[int, int, int] = BLACK,
        justify: float | None = None,
    ) -> None:
        """`text` from x (mm from the page's left) on baseline y; with
        `justify`, the gaps share out whatever the line lacks of that width."""
        self.font(bold=bold, size=size)
        self.pdf.set_text_color(*color)
        gap = 0.0
        if justify is not None and len(text) > 1:
            gap = (justify - self.measure(text, bold=bold, size=size)) / (len(text) - 1)
        for char in text:
            if not char.isspace():
                if self._in_face(char, size):
                    self.pdf.text(x, y, char)
                    self.font(bold=bold, size=size)
                else:
                    self.pdf.text(x, y, char)
            x += self.advance(char, bold=bold, size=size) + gap

    def row(self, row: _Row, line: int) -> None:
        x = LEFT + row.x
        if row.centred:
            x = LEFT + (BLOCK_WIDTH - self.measure(row.text, bold=row.bold, size=row.size)) / 2
        self.write(
            row.text,
            x,
            baseline(line, row.size),
            bold=row.bold,
            size=row.size,
            justify=row.justify,
        )


def _flow_rows(letter: Letter, pen: _Pen) -> list[_Row]:
    """Title, a blank line, 主送, then the body, one row per grid line."""
    rows: list[_Row] = []

    def title_measure(s: str) -> float:
        return pen.measure(s, bold=True, size=TITLE_PT)

    for text in break_lines(
        letter.title, first=BLOCK_WIDTH, rest=BLOCK_WIDTH, measure=title_measure
    ):
        rows.append(_Row(text, centred=True, bold=True, size=TITLE_PT))
    rows.append(_Row())
    for text in break_lines(
        f"{letter.addressee}：", first=BLOCK_WIDTH, rest=BLOCK_WIDTH, measure=pen.measure
    ):
        rows.append(_Row(text))
    for paragraph in letter.paragraphs:
        indent = paragraph.indent * CHAR_PITCH
        lines = break_lines(
            paragraph.text, first=BLOCK_WIDTH - indent, rest=BLOCK_WIDTH, measure=pen.measure
        )
        for i, text in enumerate(lines):
            last = i == len(lines) - 1
            x = indent if i == 0 else 0.0
            rows.append(_Row(text, x=x, justify=None if last else BLOCK_WIDTH - x))
    return rows


def _paginate(rows: list[_Row]) -> tuple[list[_Page], int]:
    """Rows onto grid lines, the first page from the title line. The seal
    never stands on a page alone: when the signature block does not fit
    under the last line, the last two lines of text go over with it."""
    pages = _place(rows, break_before=None)
    last = pages[-1].rows[-1][0]
    if last + BLOCK_LINES < LINES:
        return pages, last + 1
    carried = min(2, len(pages[-1].rows))
    pages = _place(rows, break_before=len(rows) - carried)
    return pages, pages[-1].rows[-1][0] + 1


def _place(rows: list[_Row], *, break_before: int | None) -> list[_Page]:
    pages = [_Page()]
    line = TITLE_LINE
    for index, row in enumerate(rows):
        if line >= LINES or index == break_before:
            pages.append(_Page())
            line = 0
        pages[-1].rows.append((line, row))
        line += 1
    return pages


def _header(pen: _Pen, letter: Letter) -> None:
    """版头: the issuer's mark in red over grid lines 0–1, 空二行, the number,
    and the red rule 4 mm under it, as wide as the block."""
    size = min(ISSUER_PT, BLOCK_WIDTH / max(len(letter.issuer), 1) / pt(1))
    em = pt(size)
    width = pen.measure(letter.issuer, bold=True, size=size)
    y = TOP + (2 * LINE_PITCH - em) / 2 + ASCENT * em
    pen.write(letter.issuer, LEFT + (BLOCK_WIDTH - width) / 2, y, bold=True, size=size, color=RED)
    number = _Row(letter.number, centred=True)
    pen.row(number, NUMBER_LINE)
    rule_y = baseline(NUMBER_LINE) + (1 - ASCENT) * pt(BODY_PT) + RULE_GAP
    pen.pdf.set_draw_color(*RED)
    pen.pdf.set_line_width(RULE_WIDTH)
    pen.pdf.line(LEFT, rule_y, LEFT + BLOCK_WIDTH, rule_y)


def _signature(pen: _Pen, letter: Letter, page: int, first_line: int, mark: bool) -> SealPlacement:
    """成文日期 右空四字, 署名 centred over it, both under the seal's centre;
    the seal's top on the first line under the text."""
    date_text = cn_date(letter.dated)
    right = LEFT + BLOCK_WIDTH - DATE_RIGHT_CHARS * CHAR_PITCH
    date_width = pen.measure(date_text)
    centre = right - date_width / 2
    sign_width = pen.measure(letter.signature)
    sign_x = min(centre - sign_width / 2, LEFT + BLOCK_WIDTH - sign_width)
    pen.write(letter.signature, sign_x, baseline(first_line + 2))
    pen.write(date_text, right - date_width, baseline(first_line + 3))
    seal_x = min(centre - SEAL_SIZE / 2, LEFT + BLOCK_WIDTH - SEAL_SIZE)
    placement = SealPlacement(
        page=page,
        x=round(seal_x, 2),
        y=round(TOP + first_line * LINE_PITCH, 2),
        width=SEAL_SIZE,
        height=SEAL_SIZE,
    )
    if mark:
        _mark_seal_position(pen, placement)
    return placement


def _mark_seal_position(pen: _Pen, seal: SealPlacement) -> None:
    """A thin grey dashed outline and a label: plainly a place, not a seal."""
    pdf = pen.pdf
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=1.5, gap=1.0)
    pdf.rect(seal.x, seal.y, seal.width, seal.height)
    pdf.set_dash_pattern()
    width = pen.measure(SEAL_LABEL, size=NOTE_PT)
    y = seal.y + LINE_PITCH + (LINE_PITCH - pt(NOTE_PT)) / 2 + ASCENT * pt(NOTE_PT)
    pen.write(SEAL_LABEL, seal.x + (seal.width - width) / 2, y, size=NOTE_PT, color=GREY)


def _page_number(pen: _Pen, number: int) -> None:
    """— 1 —, 四号, 7 mm under the block; odd pages right, even pages left,
    each 空一字 from the edge."""
    text = f"— {number} —"
    em = pt(PAGE_NUMBER_PT)
    width = pen.measure(text, size=PAGE_NUMBER_PT)
    x = LEFT + BLOCK_WIDTH - em - width if number % 2 else LEFT + em
    # The dashes sit at the middle of the em box: put that 7 mm under the block.
    y = TOP + BLOCK_HEIGHT + PAGE_NUMBER_GAP + (ASCENT - 0.5) * em
    pen.write(text, x, y, size=PAGE_NUMBER_PT)


def _record(pen: _Pen, lines: tuple[tuple[str, str], ...], block_line: int, pages: int) -> int:
    """版记 on the last grid lines of the last page, under the signature
    block when it fits there, else on a page of its own (the pages it makes)."""
    if block_line + BLOCK_LINES + 1 > LINES - len(lines):
        pen.pdf.add_page()
        pages += 1
        _page_number(pen, pages)
    _record_lines(pen, lines)
    return pages


def _record_lines(pen: _Pen, lines: tuple[tuple[str, str], ...]) -> None:
    """One line each, 左右各空一字 (the right text flush right), with the
    rules over, between and under them: the first and last thick, the others
    thin (§7.4.1)."""
    first = LINES - len(lines)
    pdf = pen.pdf
    pdf.set_draw_color(*BLACK)
    width = BLOCK_WIDTH - 2 * CHAR_PITCH
    for i, (left, right) in enumerate(lines):
        y = baseline(first + i, RECORD_PT)
        pen.write(_fit(pen, left, width), LEFT + CHAR_PITCH, y, size=RECORD_PT)
        if right:
            w = pen.measure(right, size=RECORD_PT)
            pen.write(right, LEFT + BLOCK_WIDTH - CHAR_PITCH - w, y, size=RECORD_PT)
    for i in range(len(lines) + 1):
        pdf.set_line_width(RECORD_THICK if i in (0, len(lines)) else RECORD_THIN)
        y = TOP + (first + i) * LINE_PITCH
        pdf.line(LEFT, y, LEFT + BLOCK_WIDTH, y)


def _fit(pen: _Pen, text: str, width: float) -> str:
    """A 版记 line (a long 抄送) shortened with …。 when it does not fit."""
    if pen.measure(text, size=RECORD_PT) <= width:
        return text
    while text and pen.measure(text + ELLIPSIS + "。", size=RECORD_PT) > width:
        text = text[:-1]
    return text + ELLIPSIS + "。"
