"""What a notice says, before it is laid out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: int = 2  # characters; 正文每段首行空二字


@dataclass(frozen=True)
class Letter:
    """One official notice: 版头 (issuer, number), 主体 (title, addressee,
    body, signature, date) and, when `record` has lines, the 版记 (§7.4)."""

    issuer: str  # 发文机关标志 (full name, printed in red)
    number: str  # 发文字号, e.g. 张工商受〔2026〕17号
    title: str
    addressee: str  # 主送: the applicant
    paragraphs: tuple[Paragraph, ...]
    signature: str  # 发文机关署名
    dated: date  # 成文日期 = the date of the event
    keywords: str = ""  # PDF metadata, e.g. the tracking number
    # 版记: one (left, right) pair per line, e.g. ("抄送：市发改委。", "") and
    # ("市工商局办公室", "2026年3月10日印发"); printed between rules at the foot
    # of the last page, or on a page of its own. Empty: no 版记.
    record: tuple[tuple[str, str], ...] = ()
