"""附件 (GB/T 9704—2012 §8.2): each on pages of its own after the letter,
"附件" and its number in 三号黑体 at the block's top left, its title (小标宋)
centred on the third line, then its text on the grid and its table, ruled
all round, the head row (黑体) repeated on every page the table runs onto."""

from __future__ import annotations

from collections.abc import Callable

from .fonts import Part
from .gbt9704 import (
    ASCENT,
    BLACK,
    BLOCK_HEIGHT,
    BLOCK_WIDTH,
    CHAR_PITCH,
    LEFT,
    LINE_PITCH,
    TABLE_LINE,
    TABLE_PAD,
    TABLE_PT,
    TABLE_RULE,
    TITLE_PT,
    TOP,
    baseline,
    pt,
)
from .model import HEADING, SUBHEADING, Attachment, Table
from .pen import Pen
from .typeset import break_lines

NewPage = Callable[[], None]
BOTTOM = TOP + BLOCK_HEIGHT
CELL_INSET = 1.2  # mm between a cell's rule and its text
PARTS = {HEADING: Part.HEADING, SUBHEADING: Part.SUBHEADING}


def table_text(table: Table) -> tuple[str, str]:
    """(the cells' characters, the head's), for choosing the faces."""
    return "".join("".join(row) for row in table.rows), "".join(table.head)


def draw_attachments(pen: Pen, attachments: tuple[Attachment, ...], new_page: NewPage) -> float:
    """Every attachment from a new page; the foot (mm from the page top) of
    what the last one drew."""
    bottom = TOP
    for number, annex in enumerate(attachments, start=1):
        new_page()
        label = "附件" if len(attachments) == 1 else f"附件{number}"
        pen.write(label, LEFT, baseline(0), part=Part.HEADING)
        line = 2
        title = break_lines(
            annex.title,
            first=BLOCK_WIDTH,
            rest=BLOCK_WIDTH,
            measure=lambda s: pen.measure(s, Part.TITLE, TITLE_PT),
        )
        for text in title:
            x = LEFT + (BLOCK_WIDTH - pen.measure(text, Part.TITLE, TITLE_PT)) / 2
            pen.write(text, x, baseline(line, TITLE_PT), part=Part.TITLE, size=TITLE_PT)
            line += 1
        bottom = _paragraphs(pen, annex, line + 1, new_page)
        if annex.table is not None:
            bottom = _table(pen, annex.table, bottom + LINE_PITCH / 2, new_page)
        if annex.note:
            bottom = _note(pen, annex.note, bottom, new_page)
    return bottom


def _paragraphs(pen: Pen, annex: Attachment, line: int, new_page: NewPage) -> float:
    """The attachment's text on the grid from `line`; the foot of its last
    line (or the top of `line` when it has none)."""
    for paragraph in annex.paragraphs:
        part = PARTS.get(paragraph.level, Part.BODY)
        indent = paragraph.indent * CHAR_PITCH
        lines = break_lines(
            paragraph.text,
            first=BLOCK_WIDTH - indent,
            rest=BLOCK_WIDTH,
            measure=pen.measurer(part),
        )
        for i, text in enumerate(lines):
            if TOP + (line + 1) * LINE_PITCH > BOTTOM + 1e-6:
                new_page()
                line = 0
            x = LEFT + (indent if i == 0 else 0.0)
            justify = None if i == len(lines) - 1 else LEFT + BLOCK_WIDTH - x
            pen.write(text, x, baseline(line), part=part, justify=justify)
            line += 1
    return TOP + line * LINE_PITCH


def _table(pen: Pen, table: Table, top: float, new_page: NewPage) -> float:
    total = sum(table.widths)
    widths = [BLOCK_WIDTH * w / total for w in table.widths]
    head = _cells(pen, table.head, widths, Part.HEADING)
    y = top
    first_row = _height(_cells(pen, table.rows[0], widths)) if table.rows else 0.0
    if y + _height(head) + first_row > BOTTOM:  # a head never stands alone
        new_page()
        y = TOP
    _row(pen, head, widths, y, Part.HEADING, centred=frozenset(range(len(widths))))
    y += _height(head)
    for cells in table.rows:
        lines = _cells(pen, cells, widths)
        if y + _height(lines) > BOTTOM + 1e-6:
            new_page()
            y = TOP
            _row(pen, head, widths, y, Part.HEADING, centred=frozenset(range(len(widths))))
            y += _height(head)
        _row(pen, lines, widths, y, Part.BODY, right=table.numeric)
        y += _height(lines)
    return y


def _cells(
    pen: Pen, texts: tuple[str, ...], widths: list[float], part: Part = Part.BODY
) -> list[list[str]]:
    room = [w - 2 * CELL_INSET for w in widths]
    return [
        break_lines(text, first=w, rest=w, measure=lambda s: pen.measure(s, part, TABLE_PT)) or [""]
        for text, w in zip(texts, room, strict=True)
    ]


def _height(cells: list[list[str]]) -> float:
    return max(len(lines) for lines in cells) * TABLE_LINE + 2 * TABLE_PAD


def _row(
    pen: Pen,
    cells: list[list[str]],
    widths: list[float],
    y: float,
    part: Part,
    *,
    centred: frozenset[int] = frozenset(),
    right: frozenset[int] = frozenset(),
) -> None:
    """One row of cells, each vertically centred, ruled all round."""
    height = _height(cells)
    em = pt(TABLE_PT)
    pdf = pen.pdf
    pdf.set_draw_color(*BLACK)
    pdf.set_line_width(TABLE_RULE)
    x = LEFT
    for column, (lines, width) in enumerate(zip(cells, widths, strict=True)):
        first = y + (height - len(lines) * TABLE_LINE) / 2
        for i, text in enumerate(lines):
            w = pen.measure(text, part, TABLE_PT)
            if column in centred:
                tx = x + (width - w) / 2
            elif column in right:
                tx = x + width - CELL_INSET - w
            else:
                tx = x + CELL_INSET
            ty = first + i * TABLE_LINE + (TABLE_LINE - em) / 2 + ASCENT * em
            pen.write(text, tx, ty, part=part, size=TABLE_PT)
        pdf.line(x, y, x, y + height)
        x += width
    pdf.line(x, y, x, y + height)
    pdf.line(LEFT, y, LEFT + BLOCK_WIDTH, y)
    pdf.line(LEFT, y + height, LEFT + BLOCK_WIDTH, y + height)


def _note(pen: Pen, note: str, top: float, new_page: NewPage) -> float:
    """The lines under the table (注, 数据截至 …), 仿宋, flush left, wrapped
    to the block."""
    em = pt(TABLE_PT)
    lines = break_lines(
        note, first=BLOCK_WIDTH, rest=BLOCK_WIDTH, measure=pen.measurer(Part.BODY, TABLE_PT)
    )
    y = top + TABLE_LINE / 2
    for text in lines:
        if y + TABLE_LINE > BOTTOM:
            new_page()
            y = TOP
        pen.write(text, LEFT, y + (TABLE_LINE - em) / 2 + ASCENT * em, size=TABLE_PT)
        y += TABLE_LINE
    return y
