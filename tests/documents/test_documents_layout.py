"""The GB/T 9704 page itself: geometry measured on the PDF, the text as a
viewer extracts it, and the same bytes on every run."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pdf_reading import Page, read

from xiaoneng.documents.conf import DEFAULT_FONT_DIR
from xiaoneng.documents.layout import FontFiles, FontMissing, Letter, render
from xiaoneng.documents.layout.gbt9704 import (
    BLOCK_HEIGHT,
    BLOCK_WIDTH,
    CHAR_PITCH,
    LEFT,
    LINE_PITCH,
    TOP,
)
from xiaoneng.documents.layout.model import Paragraph
from xiaoneng.documents.layout.typeset import NO_LINE_START, break_lines

FONTS = FontFiles(Path(DEFAULT_FONT_DIR))
pytestmark = pytest.mark.skipif(
    not FONTS.regular.is_file(), reason="apt-get install fonts-noto-cjk"
)

LETTER = Letter(
    issuer="张掖市工商行政管理局",
    number="张工商受〔2026〕17号",
    title="受理通知书",
    addressee="张掖市祁连绿源农业科技有限公司",
    paragraphs=(
        Paragraph(
            "你（单位）于2026年2月10日提出的外商投资企业设立登记申请（办件编号："
            "2026021000000017），申请材料齐全、符合法定形式。根据《中华人民共和国行政"
            "许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。"
        ),
    ),
    signature="张掖市工商行政管理局",
    dated=date(2026, 2, 13),
)
RIGHT = LEFT + BLOCK_WIDTH
BOTTOM = TOP + BLOCK_HEIGHT


def _body_rows(page: Page) -> list[list[float]]:
    """x of each 三号 character, per baseline, inside the text block."""
    rows: dict[float, list[float]] = {}
    for g in page.glyphs:
        if g.size == 16 and TOP < g.y < BOTTOM:
            rows.setdefault(round(g.y, 2), []).append(g.x)
    return [sorted(rows[y]) for y in sorted(rows)]


def test_the_same_letter_gives_the_same_bytes() -> None:
    first = render(LETTER, FONTS).pdf
    assert render(LETTER, FONTS).pdf == first
    assert first.startswith(b"%PDF-")
    assert b"/CreationDate (D:20260213000000+08'00')" in first
    assert b"/ModDate" not in first


def test_the_text_reads_back() -> None:
    [page] = read(render(LETTER, FONTS).pdf)
    lines = page.text_lines()
    assert lines[:4] == [
        "张掖市工商行政管理局",
        "张工商受〔2026〕17号",
        "受理通知书",
        "张掖市祁连绿源农业科技有限公司：",
    ]
    text = page.text().replace("\n", "")
    assert "（办件编号：2026021000000017）" in text
    assert lines[-3:] == ["张掖市工商行政管理局", "2026年2月13日", "—1—"]  # spaces are not drawn


def test_page_geometry_follows_the_standard() -> None:
    [page] = read(render(LETTER, FONTS).pdf)
    assert (round(page.width), round(page.height)) == (210, 297)
    # Nothing printed outside the 156 × 225 mm block but the page number.
    inside = [g for g in page.glyphs if g.size != 14]
    assert min(g.x for g in inside) == pytest.approx(LEFT, abs=0.01)
    assert max(g.x for g in inside) <= RIGHT - 0.9 * CHAR_PITCH
    assert min(g.y for g in inside) > TOP
    assert max(g.y for g in inside) < BOTTOM
    rows = _body_rows(page)
    body = [r for r in rows if len(r) > 20]
    # First line of a paragraph indented two characters; full lines fill the block:
    # a line of ideographs holds exactly 28, on the grid pitch.
    first, full = body[0], body[1]
    assert first[0] == pytest.approx(LEFT + 2 * CHAR_PITCH, abs=0.01)
    assert full[0] == pytest.approx(LEFT, abs=0.01)
    assert full[-1] == pytest.approx(RIGHT - CHAR_PITCH, abs=0.05)
    # Baselines sit on the 22-line grid.
    baselines = sorted({round(g.y, 3) for g in page.glyphs if g.size == 16 and g.y < BOTTOM})
    for a, b in itertools.pairwise(baselines):
        assert (b - a) / LINE_PITCH == pytest.approx(round((b - a) / LINE_PITCH), abs=0.01)


def test_the_red_rule_the_page_number_and_the_seal_position() -> None:
    rendered = render(LETTER, FONTS)
    [page] = read(rendered.pdf)
    [(x1, y1, x2, y2)] = page.lines
    assert (x1, x2) == (pytest.approx(LEFT, abs=0.01), pytest.approx(RIGHT, abs=0.01))
    assert y1 == y2
    number = [g for g in page.glyphs if g.size == 14]
    assert "".join(g.char for g in number) == "—1—"
    assert min(g.y for g in number) > BOTTOM + 7  # 一字线上距版心下边缘 7 mm
    assert max(g.x for g in number) < RIGHT - 14 * 25.4 / 72 * 0.9  # odd page: right, 空一字
    seal = rendered.seal
    assert seal.page == 1
    assert (seal.width, seal.height) == (42, 42)
    assert seal.x >= LEFT
    assert seal.x + seal.width <= RIGHT
    [rect] = page.rects
    assert rect == pytest.approx((seal.x, seal.y, 42, 42), abs=0.01)
    # The seal's top is within one line under the text; 署名 and 日期 lie in
    # the seal's lower half.
    date_y = next(g.y for g in page.glyphs if g.char == "年" and g.y > seal.y)
    body_bottom = max(g.y for g in page.glyphs if g.size == 16 and g.y < seal.y)
    assert 0 < seal.y - body_bottom < LINE_PITCH
    assert seal.y + 21 < date_y < seal.y + 42
    assert "（电子印章位置）" in page.text()
    assert seal.pdf_rect()[0] == pytest.approx(seal.x * 72 / 25.4, abs=0.01)


def test_with_a_seal_service_the_position_is_left_clean() -> None:
    [page] = read(render(LETTER, FONTS, mark_seal_position=False).pdf)
    assert page.rects == []
    assert "电子印章位置" not in page.text()


def test_a_long_letter_runs_on_and_the_seal_never_stands_alone() -> None:
    long = replace(
        LETTER, paragraphs=tuple(Paragraph(f"{i}．" + "申请材料" * 12) for i in range(1, 16))
    )
    rendered = render(long, FONTS)
    pages = read(rendered.pdf)
    assert rendered.pages == len(pages) >= 2
    last = pages[-1]
    assert rendered.seal.page == len(pages)
    assert any(g.size == 16 and g.y < rendered.seal.y for g in last.glyphs), "text above the seal"
    second = [g for g in pages[1].glyphs if g.size == 14]
    assert "".join(g.char for g in second) == "—2—"
    assert min(g.x for g in second) == pytest.approx(LEFT + 14 * 25.4 / 72, abs=0.01)  # even: left
    for page in pages:
        assert len({round(g.y, 2) for g in page.glyphs if g.size == 16 and g.y < BOTTOM}) <= 22


def test_line_breaks_keep_numbers_whole_and_punctuation_off_line_starts() -> None:
    text = "办件编号：2026021000000017。" + "申请材料齐全，符合法定形式。" * 6
    lines = break_lines(
        text, first=20, rest=20, measure=lambda s: 1.0 if len(s) == 1 else len(s) * 0.5
    )
    assert "2026021000000017" in "".join(line for line in lines if "2026" in line)
    assert all(line[0] not in NO_LINE_START for line in lines)
    assert "".join(lines) == text


def test_a_missing_font_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FontMissing) as caught:
        render(LETTER, FontFiles(tmp_path))
    assert caught.value.path.name == "NotoSerifCJK-Regular.ttc"


def test_a_closing_bracket_and_full_stop_never_start_a_line() -> None:
    # "）" fits at the end of the line, "。" does not: both go down, with "章".
    text = "一" * 13 + "（须法定代表人签字并加盖公章）。"
    lines = break_lines(text, first=28, rest=28, measure=len)
    assert lines == ["一" * 13 + "（须法定代表人签字并加盖公", "章）。"]
