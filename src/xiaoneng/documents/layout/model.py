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
    body, signature, date)."""

    issuer: str  # 发文机关标志 (full name, printed in red)
    number: str  # 发文字号, e.g. 张工商受〔2026〕17号
    title: str
    addressee: str  # 主送: the applicant
    paragraphs: tuple[Paragraph, ...]
    signature: str  # 发文机关署名
    dated: date  # 成文日期 = the date of the event
    keywords: str = ""  # PDF metadata, e.g. the tracking number
