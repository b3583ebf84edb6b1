"""The GB/T 9704—2012 page, independent of Django: geometry, line breaking,
fonts and drawing. `render(letter, fonts)` turns a `Letter` into PDF bytes."""

from xiaoneng.core.text import cn_date

from .fonts import FANDOL, FontFiles, FontMissing, GlyphMissing, Part, code_point
from .model import Attachment, Letter, Paragraph, Table
from .render import Rendered, render
from .seal import PositionOnly, SealPlacement, SealService

# Bump by hand whenever a change here (or in what it draws with, such as
# cn_date) changes the bytes a letter renders to: stored documents are keyed
# by it (documents.store), so every one is laid out afresh once.
LAYOUT_VERSION = 3

__all__ = [
    "FANDOL",
    "LAYOUT_VERSION",
    "Attachment",
    "FontFiles",
    "FontMissing",
    "GlyphMissing",
    "Letter",
    "Paragraph",
    "Part",
    "PositionOnly",
    "Rendered",
    "SealPlacement",
    "SealService",
    "Table",
    "cn_date",
    "code_point",
    "render",
]
