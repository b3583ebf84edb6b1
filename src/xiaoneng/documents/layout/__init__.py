"""The GB/T 9704—2012 page, independent of Django: geometry, line breaking,
fonts and drawing. `render(letter, fonts)` turns a `Letter` into PDF bytes."""

from xiaoneng.core.text import cn_date

from .fonts import FontFiles, FontMissing, GlyphMissing, code_point
from .model import Letter
from .render import Rendered, render
from .seal import PositionOnly, SealPlacement, SealService

__all__ = [
    "FontFiles",
    "FontMissing",
    "GlyphMissing",
    "Letter",
    "PositionOnly",
    "Rendered",
    "SealPlacement",
    "SealService",
    "cn_date",
    "code_point",
    "render",
]
