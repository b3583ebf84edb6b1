"""The 版记 (GB/T 9704—2012 §7.4) a `Letter` carries in `record`: its lines
between a thick rule over and under them (thin between), on the last grid
lines of the last page, or on a page of its own when the signature block
leaves no room; a letter without a record has none of it."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest
from pdf_reading import read
from test_documents_layout import FONTS, LETTER

from xiaoneng.documents.layout import render
from xiaoneng.documents.layout.gbt9704 import BLOCK_WIDTH, LEFT, LINE_PITCH, LINES, TOP
from xiaoneng.documents.layout.model import Paragraph

RECORD = (
    ("抄送：张掖市发展和改革委员会，民乐县人民政府。", ""),
    ("张掖市工商行政管理局办公室", "2026年2月13日印发"),
)
WITH_RECORD = replace(LETTER, record=RECORD)


def _pdftotext(pdf: bytes) -> str:
    """The text as poppler's pdftotext extracts it, whitespace removed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own bytes
        [tool, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return "".join(out.split())


def test_a_letter_with_a_record_prints_it() -> None:
    text = _pdftotext(render(WITH_RECORD, FONTS).pdf)
    for expected in (
        "抄送：张掖市发展和改革委员会，民乐县人民政府。",
        "张掖市工商行政管理局办公室",
        "2026年2月13日印发",
    ):
        assert expected in text, expected


def test_a_letter_without_a_record_prints_none() -> None:
    text = _pdftotext(render(LETTER, FONTS).pdf)
    assert "受理通知书" in text
    for absent in ("抄送", "办公室", "印发"):
        assert absent not in text, absent


def test_the_record_sits_on_the_last_grid_lines_between_rules() -> None:
    rendered = render(WITH_RECORD, FONTS)
    [page] = read(rendered.pdf)
    assert rendered.pages == 1
    # The red rule under the number, then three rules of the 版记: over its
    # first line, between the two, under the last (the block's foot).
    red, *rules = sorted(page.lines, key=lambda line: line[1])
    assert [round(y1, 2) for _, y1, _, _ in rules] == [
        round(TOP + line * LINE_PITCH, 2) for line in (LINES - 2, LINES - 1, LINES)
    ]
    for x1, y1, x2, y2 in rules:
        assert (x1, x2, y2) == (
            pytest.approx(LEFT, abs=0.01),
            pytest.approx(LEFT + BLOCK_WIDTH, abs=0.01),
            pytest.approx(y1),
        )
    assert red[1] < TOP + 6 * LINE_PITCH
    lines = page.text_lines()
    assert lines[-3:] == [
        "抄送：张掖市发展和改革委员会，民乐县人民政府。",
        "张掖市工商行政管理局办公室2026年2月13日印发",
        "—1—",
    ]


def test_a_record_with_no_room_under_the_signature_gets_its_own_page() -> None:
    # Nine two-line paragraphs end the body on line 15 of page 2: the
    # signature block fits under it, the two lines of the 版记 do not.
    full = replace(WITH_RECORD, paragraphs=tuple(Paragraph("申请材料" * 7) for _ in range(14)))
    bare = render(replace(full, record=()), FONTS)
    rendered = render(full, FONTS)
    assert rendered.pages == bare.pages + 1 == 3
    assert rendered.seal == bare.seal
    last = read(rendered.pdf)[-1]
    assert last.text_lines() == [
        "抄送：张掖市发展和改革委员会，民乐县人民政府。",
        "张掖市工商行政管理局办公室2026年2月13日印发",
        "—3—",
    ]


def test_a_long_copy_line_is_cut_with_an_ellipsis() -> None:
    many = "，".join(f"第{i}个县区人民政府" for i in range(1, 12))
    letter = replace(LETTER, record=((f"抄送：{many}。", ""), ("办公室", "2026年2月13日印发")))
    [page] = read(render(letter, FONTS).pdf)
    copies = next(line for line in page.text_lines() if line.startswith("抄送："))
    assert copies.endswith("…。")
    assert len(copies) < len(f"抄送：{many}。")
