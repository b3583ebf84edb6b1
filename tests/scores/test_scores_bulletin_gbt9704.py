"""The 月通报 after GB/T 9704 (issue 19): its ranking as a table in an 附件,
a 版记 with 抄送, 印发机关 and 印发日期 between its rules, and no "：："."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from typing import Any

import pytest

from document_pictures import save_pages
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.scores import actions, bulletin

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)
APRIL_10 = date(2026, 4, 10)


def _pdftotext(pdf: bytes) -> list[str]:
    """Each page's text, whitespace removed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own bytes
        [tool, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return ["".join(page.split()) for page in out.split("\f") if page.strip()]


def test_the_bulletin_has_its_ranking_in_an_attachment_and_a_record(
    world: Any, users: dict[str, User]
) -> None:
    with travel_to(APRIL_10):
        publication = actions.publish_ranking(actor=users["supervisor"], month=MARCH)
    letter = bulletin.bulletin_letter(publication)
    [annex] = letter.attachments
    assert annex.title == "2026年3月全市政务服务效能考评排名表"
    assert annex.table is not None
    assert [row[:2] for row in annex.table.rows] == [
        ("1", world.other.name),
        ("2", world.gongshang.name),
    ]
    assert annex.table.rows[1][5] == "80.0%"  # 按时办结率
    assert letter.record[0][0].startswith("抄送：")
    assert letter.record[1] == (letter.issuer, "2026年4月10日印发")

    pdf = bulletin.bulletin_pdf(publication)
    save_pages(pdf, "bulletin")  # docs/screenshots/document-bulletin-*.png
    pages = _pdftotext(pdf)
    text = re.sub(r"—\d+—", "", "".join(pages))  # without the page numbers
    assert "：：" not in text
    assert "各县区人民政府，市直各部门：" in text
    assert "一、考评办法" in text
    assert f"{world.other.name}得分110分，位列第一" in text
    assert "附件：2026年3月全市政务服务效能考评排名表" in text
    # The 附件 on its own page: label, title, the head row, the rows.
    annex_page = next(p for p in pages if p.startswith("附件"))
    assert annex_page.startswith("附件2026年3月全市政务服务效能考评排名表名次单位得分受理")
    for head in ("办结", "超期", "预警", "黄牌", "红牌"):
        assert head in annex_page
    assert f"1{world.other.name}110" in annex_page
    assert f"2{world.gongshang.name}83" in annex_page
    assert "80.0%60.0%" in annex_page  # 工商局's 按时办结率 and 提前办结率
    # The 版记 at the foot of the last page, after the 附件.
    last = pages[-1]
    assert "抄送：市委，市人大常委会，市政协，市纪委监委。" in last
    assert f"{letter.issuer}2026年4月10日印发" in last
