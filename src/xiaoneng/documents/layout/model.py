"""What a notice says, before it is laid out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# 结构层次 (GB/T 9704—2012 §7.3.3): a paragraph of the body (仿宋), a first
# level heading "一、" (黑体) or a second level heading "（一）" (楷体).
BODY = 0
HEADING = 1
SUBHEADING = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: int = 2  # characters; 正文每段首行空二字
    level: int = BODY


@dataclass(frozen=True)
class Table:
    """A table of an 附件: a head row and rows of cells, and each column's
    share of the block's width; numbers are right-aligned in `numeric`
    columns (by index)."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Attachment:
    """An 附件 (§8): named in the 附件说明 under the body, laid out from a
    new page after the signature, before the 版记."""

    title: str
    paragraphs: tuple[Paragraph, ...] = ()
    table: Table | None = None
    note: str = ""  # a line under the table, e.g. 数据截至 …


@dataclass(frozen=True)
class Letter:
    """One official notice: 版头 (issuer, number), 主体 (title, addressee,
    body, attachments named, signature, date), the attachments and, when
    `record` has lines, the 版记 (§7.4)."""

    issuer: str  # 发文机关标志 (full name, printed in red)
    number: str  # 发文字号, e.g. 张工商受〔2026〕17号
    title: str
    addressee: str  # 主送 (a trailing colon is the layout's to add)
    paragraphs: tuple[Paragraph, ...]
    signature: str  # 发文机关署名
    dated: date  # 成文日期 = the date of the event
    keywords: str = ""  # PDF metadata, e.g. the tracking number
    # 版记: one (left, right) pair per line, e.g. ("抄送：市发改委。", "") and
    # ("市工商局办公室", "2026年3月10日印发"); printed between rules at the foot
    # of the last page, or on a page of its own. Empty: no 版记.
    record: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()
