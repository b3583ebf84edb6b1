"""GB/T 9704 as issue 19 asks it: each part in its declared face (pdffonts
names what is embedded), headings by level, the seal never on a page with a
single line of text (spacing tightened first, then lines moved), 附件 with
their ruled tables, the 版记 after them, and no doubled colon."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pdf_reading import read
from test_documents_layout import LETTER

from xiaoneng.documents.conf import font_files
from xiaoneng.documents.layout import Attachment, FontFiles, Paragraph, Part, Table, render
from xiaoneng.documents.layout.gbt9704 import BLOCK_HEIGHT, LINE_PITCH, TOP
from xiaoneng.documents.layout.model import HEADING, SUBHEADING

FONTS = font_files()
pytestmark = pytest.mark.skipif(
    not all(path.is_file() for _, path in FONTS.parts) or not FONTS.regular.is_file(),
    reason="the Fandol faces (.ci/run installs them) and fonts-noto-cjk",
)
LINE = "申请材料齐全符合法定形式本机关决定予以受理并依法办理特此告知"[:26]  # one grid line
BOTTOM = TOP + BLOCK_HEIGHT


def _tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return tool


def _pdffonts(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - poppler's pdffonts on our own file
        [_tool("pdffonts"), str(path)], capture_output=True, check=True, text=True
    ).stdout
    # "ABCDEF+FandolFangR  CID Type 0C …": the face's name after the subset tag.
    return sorted(line.split()[0].split("+", 1)[1] for line in out.splitlines()[2:])


def _pdftotext(pdf: bytes) -> str:
    out = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own bytes
        [_tool("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return "".join(out.split())


def _body(lines: int) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(LINE) for _ in range(lines))


def test_each_part_is_embedded_in_its_declared_face(tmp_path: Path) -> None:
    letter = replace(
        LETTER,
        paragraphs=(
            Paragraph("一、受理情况", level=HEADING),
            Paragraph("（一）材料审查", level=SUBHEADING),
            Paragraph("申请材料齐全、符合法定形式。"),
        ),
    )
    faces = _pdffonts(render(letter, FONTS).pdf, tmp_path)
    # 仿宋 body, 小标宋 title and issuer, 黑体 and 楷体 headings, 宋体 page number.
    assert faces == ["FandolFangR", "FandolHei", "FandolKai", "FandolSong", "FandolSongBold"]
    assert FONTS.declared()[Part.BODY].name == "FandolFang-Regular.otf"


def test_a_letter_without_headings_embeds_no_heading_face(tmp_path: Path) -> None:
    faces = _pdffonts(render(LETTER, FONTS).pdf, tmp_path)
    assert "FandolHei" not in faces
    assert "FandolKai" not in faces


def test_a_face_not_installed_is_drawn_in_noto(tmp_path: Path) -> None:
    absent = tmp_path / "FangSong_GB2312.ttf"
    parts = tuple((p, absent if p == Part.BODY else f) for p, f in FONTS.parts)
    fonts = FontFiles(FONTS.directory, FONTS.fallback_directory, parts)
    assert fonts.declared()[Part.BODY].name == "NotoSerifCJK-Regular.ttc"
    faces = _pdffonts(render(LETTER, fonts).pdf, tmp_path)
    assert "FandolFangR" not in faces
    assert any(face.startswith("NotoSerifCJK") for face in faces)


def test_a_rare_character_falls_back_from_fangsong_to_noto(tmp_path: Path) -> None:
    letter = replace(LETTER, addressee="张掖市甘州区䶮农业合作社")  # 䶮: not in Fandol
    pdf = render(letter, FONTS).pdf
    assert "张掖市甘州区䶮农业合作社：" in _pdftotext(pdf)
    assert "FandolFangR" in _pdffonts(pdf, tmp_path)


def _seal_page_lines(pdf: bytes, seal_y: float) -> int:
    last = read(pdf)[-1]
    return len({round(g.y, 2) for g in last.glyphs if g.size == 16 and g.y < seal_y})


def test_spacing_is_tightened_first_to_keep_the_seal_with_the_text() -> None:
    # 3 rows of title and addressee and 9 of body: at 22 lines the seal would
    # not fit under the last one; at 24 lines to the page it does.
    rendered = render(replace(LETTER, paragraphs=_body(9)), FONTS)
    assert rendered.pages == 1
    [page] = read(rendered.pdf)
    baselines = sorted({round(g.y, 3) for g in page.glyphs if g.size == 16 and g.y < BOTTOM})
    steps = {round(b - a, 2) for a, b in itertools.pairwise(baselines)}
    assert round(BLOCK_HEIGHT / 24, 2) in steps
    assert round(LINE_PITCH, 2) not in steps


def test_no_page_holds_only_the_last_line_and_the_seal() -> None:
    # 16 rows: the 16th alone on page 2 at 22 lines; no tighter spacing keeps
    # the signature on page 1, so lines go over and the seal's page has text.
    rendered = render(replace(LETTER, paragraphs=_body(13)), FONTS)
    assert rendered.pages == 2
    assert rendered.seal.page == 2
    assert _seal_page_lines(rendered.pdf, rendered.seal.y) >= 2
    text = _pdftotext(rendered.pdf)
    assert text.count(LINE) == 13  # nothing lost on the way


def test_a_long_letter_keeps_two_lines_with_the_seal() -> None:
    for lines in range(10, 40):
        rendered = render(replace(LETTER, paragraphs=_body(lines)), FONTS)
        assert rendered.seal.page == rendered.pages
        if rendered.pages > 1:
            assert _seal_page_lines(rendered.pdf, rendered.seal.y) >= 2, lines
        seal_bottom = rendered.seal.y + rendered.seal.height
        assert seal_bottom <= BOTTOM + 1.5, lines


TABLE = Table(
    ("名次", "单位", "得分", "按时办结率"),
    tuple((str(i), f"张掖市第{i}局", f"{100 - i}.5", "98.5%") for i in range(1, 41)),
    (10, 40, 15, 20),
    frozenset({0, 2, 3}),
)
RECORD = (
    ("抄送：市委办公室，市人大常委会办公室，市政协办公室。", ""),
    ("张掖市监察局", "2026年2月13日印发"),
)


def test_attachments_are_named_under_the_body_and_laid_out_after_the_seal() -> None:
    letter = replace(
        LETTER,
        addressee="各县区人民政府，市直各部门：",
        attachments=(Attachment("2026年1月效能考评排名表", table=TABLE, note="注：示例。"),),
        record=RECORD,
    )
    rendered = render(letter, FONTS)
    text = _pdftotext(rendered.pdf)
    assert "：：" not in text
    assert "各县区人民政府，市直各部门：" in text
    assert "附件：2026年1月效能考评排名表" in text  # 附件说明
    pages = read(rendered.pdf)
    assert rendered.pages == len(pages) >= 3
    annex = pages[1].text_lines()
    assert annex[:2] == ["附件", "2026年1月效能考评排名表"]
    assert annex[2] == "名次单位得分按时办结率"
    # 40 rows run onto a second page, under the head row again.
    assert pages[2].text_lines()[0] == "名次单位得分按时办结率"
    assert "40张掖市第40局60.598.5%注：示例。" in text
    # The 版记 closes the last page, after the table and its note.
    assert text.index("注：示例。") < text.index("抄送：市委办公室")
    assert pages[-1].text_lines()[-3:-1] == [
        "抄送：市委办公室，市人大常委会办公室，市政协办公室。",
        "张掖市监察局2026年2月13日印发",
    ]


def test_several_attachments_are_numbered() -> None:
    letter = replace(
        LETTER,
        attachments=(
            Attachment("排名表", table=TABLE),
            Attachment("考评办法", paragraphs=(Paragraph("按时办结率占六成。"),)),
        ),
    )
    rendered = render(letter, FONTS)
    text = _pdftotext(rendered.pdf)
    assert "附件：1．排名表2．考评办法" in text
    last = read(rendered.pdf)[-1].text_lines()
    assert last[:3] == ["附件2", "考评办法", "按时办结率占六成。"]
