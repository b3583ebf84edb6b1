"""The measures of GB/T 9704—2012 (党政机关公文格式), in millimetres and points."""

from __future__ import annotations

MM_PER_PT = 25.4 / 72

PAGE_WIDTH = 210.0  # A4
PAGE_HEIGHT = 297.0
TOP = 37.0  # 天头
LEFT = 28.0  # 订口
BLOCK_WIDTH = 156.0  # 版心
BLOCK_HEIGHT = 225.0
LINES = 22  # 每面 22 行
CHARS = 28  # 每行 28 字
LINE_PITCH = BLOCK_HEIGHT / LINES
CHAR_PITCH = BLOCK_WIDTH / CHARS  # 撑满版心: slightly less than one em of 三号

TITLE_PT = 22.0  # 二号小标宋
BODY_PT = 16.0  # 三号仿宋
PAGE_NUMBER_PT = 14.0  # 四号
ISSUER_PT = 36.0  # 发文机关标志: the standard leaves the size to the issuer
NOTE_PT = 10.5  # 五号, for the seal position's label

PAGE_NUMBER_GAP = 7.0  # 一字线上距版心下边缘 7 mm
RULE_GAP = 4.0  # 红色分隔线在发文字号之下 4 mm
RULE_WIDTH = 0.6
SEAL_SIZE = 42.0  # the common diameter of an organ's round seal
DATE_RIGHT_CHARS = 4  # 成文日期右空四字
RECORD_PT = 14.0  # 版记 in 四号仿宋
RECORD_THICK = 0.35  # 版记 首条、末条分隔线 (§7.4.1)
RECORD_THIN = 0.25  # 版记 中间的分隔线

# Line spacing may be adjusted so that the seal and the date stay with the
# text (§7.3.5.2): up to this many lines to the page, tried in turn.
TIGHTER_LINES = (23, 24)
TABLE_PT = 12.0  # 小四, the 附件's tables
TABLE_LINE = 5.6  # mm from one line of a cell to the next
TABLE_PAD = 1.6  # mm above and below a cell's text
TABLE_RULE = 0.3

RED = (230, 0, 18)
BLACK = (0, 0, 0)
GREY = (128, 128, 128)

# Grid lines of the first page: 发文机关标志 on lines 0–1, 空二行, 发文字号 on
# line 4 with the red rule under it, 空二行, then the title.
NUMBER_LINE = 4
TITLE_LINE = 7

# The ideographic em box of Noto Serif CJK and of Fandol runs from −0.12 em
# to 0.88 em.
ASCENT = 0.88


def pt(points: float) -> float:
    """Points to millimetres."""
    return points * MM_PER_PT


def baseline(line: float, size_pt: float = BODY_PT, pitch: float = LINE_PITCH) -> float:
    """The baseline (mm from the page top) of a grid line, the glyph's em box
    centred in the line; `pitch` other than LINE_PITCH when the line spacing
    was adjusted to keep the seal with the text (§7.3.5.2)."""
    em = pt(size_pt)
    return TOP + line * pitch + (pitch - em) / 2 + ASCENT * em
