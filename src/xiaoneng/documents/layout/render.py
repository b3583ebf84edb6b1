"""Drawing a `Letter` on GB/T 9704 pages with fpdf2.

Every character is placed on the grid by itself (28 to the line, 22 lines
to the page), which is how the standard's 撑满版心 is met exactly: 三号 glyphs
are a little wider than 156 mm / 28, so they advance by the grid pitch, and
the full lines of a paragraph are justified to the block's edge. When the
seal, 署名 and 成文日期 would not fit under the text, or a last page would hold
one line of text and the seal, the line spacing is tightened first (up to
24 lines to the page), and only then are lines moved so that the seal's page
carries at least two lines of text (§7.3.5.2). Attachments (附件) follow on
pages of their own, and a letter with a `record` ends with its 版记 (§7.4)
at the foot of the last page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from fpdf import FPDF

from xiaoneng.core.text import cn_date

from .annex import draw_attachments, table_text
from .fonts import Chosen, FontFiles, Part, choose_faces, install, release
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
    TIGHTER_LINES,
    TITLE_LINE,
    TITLE_PT,
    TOP,
    baseline,
    pt,
)
from .model import HEADING, SUBHEADING, Attachment, Letter
from .pen import Pen
from .seal import SealPlacement
from .typeset import break_lines

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRODUCER = "效能 Xiaoneng 办件文书"
SEAL_LABEL = "（电子印章位置）"
ELLIPSIS = "…"  # ends a 版记 line too long for the block (then "…。")
# Lines the signature block needs under the body: the seal's top within one
# line of the text, 署名 and 成文日期 below the seal's centre (§7.3.5.1).
BLOCK_LINES = 4
SEAL_OVERHANG = 1.5  # mm the seal may reach under the block (as at 22 lines)
BOTTOM = TOP + BLOCK_HEIGHT
# Lines of text the seal's page carries at least, when the letter runs on.
WITH_THE_SEAL = 2
PART_OF_LEVEL = {HEADING: Part.HEADING, SUBHEADING: Part.SUBHEADING}
ANNEX_NOTE = "附件："


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
    part: Part = Part.BODY
    size: float = BODY_PT


@dataclass
class _Page:
    rows: list[tuple[float, _Row]] = field(default_factory=list)


@dataclass(frozen=True)
class _Flow:
    pages: list[_Page]
    pitch: float  # mm from one line to the next
    block_line: float  # the line the signature block starts on (the seal's top)

    @property
    def block_bottom(self) -> float:
        """mm from the page top to the foot of 成文日期's line."""
        return TOP + (self.block_line + BLOCK_LINES) * self.pitch


class _Counter:
    """Pages added after the letter's own, each numbered as it comes."""

    def __init__(self, pen: Pen, pages: int) -> None:
        self.pen = pen
        self.pages = pages

    def new_page(self) -> None:
        self.pen.pdf.add_page()
        self.pages += 1
        _page_number(self.pen, self.pages)


def render(letter: Letter, fonts: FontFiles, *, mark_seal_position: bool = True) -> Rendered:
    """The letter as PDF, with its attachments and its 版记 when it has them.
    Raises FontMissing or GlyphMissing (a character no installed face can
    draw) before anything is drawn."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    chosen = choose_faces(pdf, fonts, _texts(letter, mark_seal_position))
    _set_up(pdf, letter, chosen)
    try:
        pen = Pen(pdf, chosen)
        flow = _paginate(_flow_rows(letter, pen))
        seal = None
        for number, page in enumerate(flow.pages, start=1):
            pdf.add_page()
            if number == 1:
                _header(pen, letter)
            for line, row in page.rows:
                _draw_row(pen, row, line, flow.pitch)
            if number == len(flow.pages):
                seal = _signature(pen, letter, number, flow, mark_seal_position)
            _page_number(pen, number)
        counter = _Counter(pen, len(flow.pages))
        bottom = flow.block_bottom
        if letter.attachments:
            bottom = draw_attachments(pen, letter.attachments, counter.new_page)
        if letter.record:
            _record(pen, letter.record, bottom, counter)
        assert seal is not None
        return Rendered(bytes(pdf.output()), counter.pages, seal)
    finally:
        release(pdf)


def _texts(letter: Letter, mark_seal_position: bool) -> dict[Part, str]:
    """Every character the letter will draw, by the part drawing it (the
    body's first: its face is the one every letter needs)."""
    body = [
        letter.number,
        f"{letter.addressee}：",
        *(p.text for p in letter.paragraphs if p.level not in PART_OF_LEVEL),
        letter.signature,
        cn_date(letter.dated),
    ]
    heads: list[str] = []
    titles = [letter.issuer, letter.title]
    if mark_seal_position:
        body.append(SEAL_LABEL)
    if letter.attachments:
        body += [ANNEX_NOTE, "０１２３４５６７８９．", *(a.title for a in letter.attachments)]
        heads.append("附件0123456789")
        for annex in letter.attachments:
            titles.append(annex.title)
            body += [p.text for p in annex.paragraphs if p.level not in PART_OF_LEVEL]
            body.append(annex.note)
            heads += [p.text for p in annex.paragraphs if p.level == HEADING]
            if annex.table is not None:
                cells, head = table_text(annex.table)
                body.append(cells)
                heads.append(head)
    if letter.record:
        body += [left + right for left, right in letter.record]
        body.append(ELLIPSIS)
    every = [*letter.paragraphs, *(p for a in letter.attachments for p in a.paragraphs)]
    texts = {
        Part.BODY: "".join(body),
        Part.TITLE: "".join(titles),
        Part.NUMBER: "— 0123456789 —",
        Part.HEADING: "".join(heads) + "".join(p.text for p in every if p.level == HEADING),
        Part.SUBHEADING: "".join(p.text for p in every if p.level == SUBHEADING),
    }
    return {part: text for part, text in texts.items() if text}


def _set_up(pdf: FPDF, letter: Letter, chosen: Chosen) -> None:
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, TOP, PAGE_WIDTH - LEFT - BLOCK_WIDTH)
    install(pdf, chosen)
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


def _draw_row(pen: Pen, row: _Row, line: float, pitch: float) -> None:
    x = LEFT + row.x
    if row.centred:
        x = LEFT + (BLOCK_WIDTH - pen.measure(row.text, row.part, row.size)) / 2
    y = baseline(line, row.size, pitch)
    pen.write(row.text, x, y, part=row.part, size=row.size, justify=row.justify)


def _flow_rows(letter: Letter, pen: Pen) -> list[_Row]:
    """Title, a blank line, 主送, the body, then the 附件说明, one row per grid
    line."""
    rows: list[_Row] = []

    def title_measure(s: str) -> float:
        return pen.measure(s, Part.TITLE, TITLE_PT)

    for text in break_lines(
        letter.title, first=BLOCK_WIDTH, rest=BLOCK_WIDTH, measure=title_measure
    ):
        rows.append(_Row(text, centred=True, part=Part.TITLE, size=TITLE_PT))
    rows.append(_Row())
    # 主送 ends with a full-width colon: one the caller wrote is not doubled.
    addressee = letter.addressee.rstrip("：:")
    for text in break_lines(
        f"{addressee}：", first=BLOCK_WIDTH, rest=BLOCK_WIDTH, measure=pen.measure
    ):
        rows.append(_Row(text))
    for paragraph in letter.paragraphs:
        part = PART_OF_LEVEL.get(paragraph.level, Part.BODY)
        indent = paragraph.indent * CHAR_PITCH
        lines = break_lines(
            paragraph.text,
            first=BLOCK_WIDTH - indent,
            rest=BLOCK_WIDTH,
            measure=pen.measurer(part),
        )
        for i, text in enumerate(lines):
            last = i == len(lines) - 1
            x = indent if i == 0 else 0.0
            rows.append(_Row(text, x=x, justify=None if last else BLOCK_WIDTH - x, part=part))
    if letter.attachments:
        rows.append(_Row())
        rows += _annex_note(letter.attachments, pen)
    return rows


def _annex_note(attachments: tuple[Attachment, ...], pen: Pen) -> list[_Row]:
    """附件说明 (§8.1): under the body 左空二字 "附件：" and the names, numbered
    "1．" when there are several; a long name runs on aligned with its first
    character; no punctuation after a name."""
    rows: list[_Row] = []
    lead = 2 * CHAR_PITCH + pen.measure(ANNEX_NOTE)
    for i, annex in enumerate(attachments, start=1):
        number = f"{i}．" if len(attachments) > 1 else ""
        start = lead + pen.measure(number)
        lines = break_lines(
            number + annex.title,
            first=BLOCK_WIDTH - lead,
            rest=BLOCK_WIDTH - start,
            measure=pen.measure,
        )
        for j, text in enumerate(lines):
            if i == 1 and j == 0:
                rows.append(_Row(ANNEX_NOTE + text, x=2 * CHAR_PITCH))
            else:
                rows.append(_Row(text, x=lead if j == 0 else start))
    return rows


def _paginate(rows: list[_Row]) -> _Flow:
    """Rows onto grid lines, the first page from the title line. The seal,
    署名 and 成文日期 never stand on a page without text: when they do not fit
    under the last line, or the last page would carry a single line, the
    line spacing is tightened first, then lines go over with the seal."""
    standard = _place(rows, LINE_PITCH)
    if _keeps_together(standard):
        return standard
    for lines in TIGHTER_LINES:
        tighter = _place(rows, BLOCK_HEIGHT / lines)
        if _keeps_together(tighter) and len(tighter.pages) <= len(standard.pages):
            return tighter
    for carried in range(WITH_THE_SEAL, len(rows)):
        moved = _place(rows, LINE_PITCH, break_before=len(rows) - carried)
        if _keeps_together(moved):
            return moved
    return standard


def _keeps_together(flow: _Flow) -> bool:
    lines = round(BLOCK_HEIGHT / flow.pitch)
    last_page = flow.pages[-1].rows
    with_text = sum(1 for _, row in last_page if row.text)
    # The seal (whose lower half holds 署名 and 成文日期) ends inside the block,
    # give or take what the 22-line grid itself leaves over (≈ 1 mm).
    seal_bottom = TOP + flow.block_line * flow.pitch + SEAL_SIZE
    fits = flow.block_line - 1 + BLOCK_LINES < lines and seal_bottom <= BOTTOM + SEAL_OVERHANG
    return fits and (len(flow.pages) == 1 or with_text >= WITH_THE_SEAL)


def _place(rows: list[_Row], pitch: float, *, break_before: int | None = None) -> _Flow:
    lines = round(BLOCK_HEIGHT / pitch)
    pages = [_Page()]
    line = TITLE_LINE * LINE_PITCH / pitch  # the title where the grid puts it
    for index, row in enumerate(rows):
        if line + 1 > lines + 1e-6 or index == break_before:
            pages.append(_Page())
            line = 0
        pages[-1].rows.append((line, row))
        line += 1
    return _Flow(pages, pitch, pages[-1].rows[-1][0] + 1)


def _header(pen: Pen, letter: Letter) -> None:
    """版头: the issuer's mark (小标宋) in red over grid lines 0–1, 空二行, the
    number, and the red rule 4 mm under it, as wide as the block."""
    size = min(ISSUER_PT, BLOCK_WIDTH / max(len(letter.issuer), 1) / pt(1))
    em = pt(size)
    width = pen.measure(letter.issuer, Part.TITLE, size)
    y = TOP + (2 * LINE_PITCH - em) / 2 + ASCENT * em
    x = LEFT + (BLOCK_WIDTH - width) / 2
    pen.write(letter.issuer, x, y, part=Part.TITLE, size=size, color=RED)
    _draw_row(pen, _Row(letter.number, centred=True), NUMBER_LINE, LINE_PITCH)
    rule_y = baseline(NUMBER_LINE) + (1 - ASCENT) * pt(BODY_PT) + RULE_GAP
    pen.pdf.set_draw_color(*RED)
    pen.pdf.set_line_width(RULE_WIDTH)
    pen.pdf.line(LEFT, rule_y, LEFT + BLOCK_WIDTH, rule_y)


def _signature(pen: Pen, letter: Letter, page: int, flow: _Flow, mark: bool) -> SealPlacement:
    """成文日期 右空四字, 署名 centred over it, both under the seal's centre;
    the seal's top on the first line under the text."""
    date_text = cn_date(letter.dated)
    right = LEFT + BLOCK_WIDTH - DATE_RIGHT_CHARS * CHAR_PITCH
    date_width = pen.measure(date_text)
    centre = right - date_width / 2
    sign_width = pen.measure(letter.signature)
    sign_x = min(centre - sign_width / 2, LEFT + BLOCK_WIDTH - sign_width)
    first, pitch = flow.block_line, flow.pitch
    pen.write(letter.signature, sign_x, baseline(first + 2, pitch=pitch))
    pen.write(date_text, right - date_width, baseline(first + 3, pitch=pitch))
    seal_x = min(centre - SEAL_SIZE / 2, LEFT + BLOCK_WIDTH - SEAL_SIZE)
    placement = SealPlacement(
        page=page,
        x=round(seal_x, 2),
        y=round(TOP + first * pitch, 2),
        width=SEAL_SIZE,
        height=SEAL_SIZE,
    )
    if mark:
        _mark_seal_position(pen, placement)
    return placement


def _mark_seal_position(pen: Pen, seal: SealPlacement) -> None:
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


def _page_number(pen: Pen, number: int) -> None:
    """— 1 —, 四号宋体, 7 mm under the block; odd pages right, even pages
    left, each 空一字 from the edge."""
    text = f"— {number} —"
    em = pt(PAGE_NUMBER_PT)
    width = pen.measure(text, Part.NUMBER, PAGE_NUMBER_PT)
    x = LEFT + BLOCK_WIDTH - em - width if number % 2 else LEFT + em
    # The dashes sit at the middle of the em box: put that 7 mm under the block.
    y = TOP + BLOCK_HEIGHT + PAGE_NUMBER_GAP + (ASCENT - 0.5) * em
    pen.write(text, x, y, part=Part.NUMBER, size=PAGE_NUMBER_PT)


def _record(pen: Pen, lines: tuple[tuple[str, str], ...], bottom: float, pages: _Counter) -> None:
    """版记 on the last grid lines of the last page, a line clear of what is
    above it (`bottom`, mm from the page top), else on a page of its own."""
    if bottom + LINE_PITCH > TOP + (LINES - len(lines)) * LINE_PITCH + 1e-6:
        pages.new_page()
    _record_lines(pen, lines)


def _record_lines(pen: Pen, lines: tuple[tuple[str, str], ...]) -> None:
    """One line each in 四号仿宋, 左右各空一字 (the right text flush right),
    with the rules over, between and under them: the first and last thick,
    the others thin (§7.4.1)."""
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


def _fit(pen: Pen, text: str, width: float) -> str:
    """A 版记 line (a long 抄送) shortened with …。 when it does not fit."""
    if pen.measure(text, size=RECORD_PT) <= width:
        return text
    while text and pen.measure(text + ELLIPSIS + "。", size=RECORD_PT) > width:
        text = text[:-1]
    return text + ELLIPSIS + "。"
