"""Noto Serif CJK SC for every text of a notice, parsed once per process.

Parsing the font collection costs about 0.3 s, so the parsed font is kept
and each document gets a copy with its own glyph subset and its own lazily
opened font file (fpdf2 subsets that file in place when it writes)."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

REGULAR = "NotoSerifCJK-Regular.ttc"
BOLD = "NotoSerifCJK-Bold.ttc"
# Members of the collections: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK. SC draws the
# simplified-Chinese forms of the shared ideographs.
SIMPLIFIED_CHINESE = 2

FAMILY = "notoserifcjk"


class FontMissing(Exception):
    """The Chinese font is not where the settings say."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


@dataclass(frozen=True)
class FontFiles:
    directory: Path

    @property
    def regular(self) -> Path:
        return self.directory / REGULAR

    @property
    def bold(self) -> Path:
        return self.directory / BOLD

    def check(self) -> None:
        for path in (self.regular, self.bold):
            if not path.is_file():
                raise FontMissing(path)


_parsed: dict[tuple[Path, str], TTFFont] = {}
_lock = threading.Lock()


def install(pdf: FPDF, fonts: FontFiles) -> None:
    """Give `pdf` the regular and bold faces under `FAMILY`."""
    fonts.check()
    for style, path in (("", fonts.regular), ("B", fonts.bold)):
        font = copy.copy(_template(pdf, path, style))
        font.i = len(pdf.fonts) + 1
        font.ttfont = _open(path)
        font.subset = SubsetMap(font)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font._hbfont = None
        pdf.fonts[font.fontkey] = font
        if font.is_cff and font.is_cid_keyed:
            pdf._set_min_pdf_version("1.6")  # as add_font does


def release(pdf: FPDF) -> None:
    """Close the document's font files. fpdf2 also memoises glyph look-ups in
    a class-wide cache keyed by the subset map, which would keep every
    document's font alive; the look-ups are pure, so forgetting them is safe."""
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            font.ttfont.close()
    SubsetMap.pick.cache_clear()
    SubsetMap.get_glyph.cache_clear()


def _template(pdf: FPDF, path: Path, style: str) -> TTFFont:
    key = (path, style)
    with _lock:
        if key not in _parsed:
            try:
                _parsed[key] = TTFFont(
                    pdf, path, f"{FAMILY}{style}", style, collection_font_number=SIMPLIFIED_CHINESE
                )
            except OSError as exc:
                raise FontMissing(path) from exc
        return _parsed[key]


def _open(path: Path) -> ttLib.TTFont:
    try:
        return ttLib.TTFont(path, recalcTimestamp=False, fontNumber=SIMPLIFIED_CHINESE, lazy=True)
    except OSError as exc:
        raise FontMissing(path) from exc
