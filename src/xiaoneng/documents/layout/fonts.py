"""Noto Serif CJK SC for every text of a notice, and fallback faces for the
rare characters it lacks; each parsed once per process.

A name on a licence must never lose a character. Noto Serif CJK holds the
ideographs of the BMP and a few hundred of the supplementary planes; the
fallback faces (HanaMin A and B of Debian's fonts-hanazono: Extension A,
and Extensions B to F on plane 2) hold the rest that people's and places'
names use, e.g. 𪚥 (U+2A6A5). Before anything is drawn, every character of
the letter is looked up in the faces' character maps: one no face holds
raises GlyphMissing naming it, so that no document silently drops it. A
fallback face is opened only when a character needs it; a missing fallback
file is then FontMissing, like a missing main font.

Parsing a font costs about 0.3 s (HanaMin B, 60,000 glyphs, more), so the
parsed font is kept and each document gets a copy with its own glyph subset
and its own lazily opened font file (fpdf2 subsets that file in place when
it writes).

Of a fresh render (≈ 0.8 s of CPU, measured: bench/RESULTS.md) nearly all
is fontTools subsetting the two Noto faces when fpdf2 writes the PDF; the
layout itself is a few milliseconds. Two costs there are avoidable: fpdf2
saves the whole subset font and then discards it to embed only the 'CFF '
table it compiles again (`_CffTableOnly`), and the font's bounding boxes
are recomputed by drawing every glyph (`recalcBBoxes=False`: the original
font's boxes, a superset, stand)."""

from __future__ import annotations

import copy
import hashlib
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

REGULAR = "NotoSerifCJK-Regular.ttc"
BOLD = "NotoSerifCJK-Bold.ttc"
# Members of the collections: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK. SC draws the
# simplified-Chinese forms of the shared ideographs.
SIMPLIFIED_CHINESE = 2
# fonts-hanazono, in the order they are tried: A (BMP, Extension A), then
# B (plane 2: Extensions B–F). Regular weight only: a rare character in a
# bold title is drawn regular, which is better than not at all.
FALLBACK_FILES = ("HanaMinA.ttf", "HanaMinB.ttf")

FAMILY = "notoserifcjk"


class FontMissing(Exception):
    """A font file is not where the settings say."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class GlyphMissing(Exception):
    """Characters of the text that no installed face can draw."""

    def __init__(self, chars: Iterable[str]) -> None:
        self.chars = tuple(chars)
        super().__init__(", ".join(code_point(c) for c in self.chars))


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


@dataclass(frozen=True)
class Face:
    """One font file as fpdf2 knows it: family (its font key), member of a
    collection, style."""

    path: Path
    number: int = 0
    style: str = ""

    @property
    def family(self) -> str:
        return re.sub(r"[^a-z0-9]", "", self.path.stem.lower())


@dataclass(frozen=True)
class FontFiles:
    directory: Path
    # Where the fallback faces live; None: no fallback (a character Noto
    # lacks is then GlyphMissing).
    fallback_directory: Path | None = None

    @property
    def regular(self) -> Path:
        return self.directory / REGULAR

    @property
    def bold(self) -> Path:
        return self.directory / BOLD

    @property
    def fallbacks(self) -> tuple[Face, ...]:
        if self.fallback_directory is None:
            return ()
        return tuple(Face(self.fallback_directory / name) for name in FALLBACK_FILES)

    def check(self) -> None:
        for path in (self.regular, self.bold):
            if not path.is_file():
                raise FontMissing(path)

    def fingerprint(self) -> str:
        """A digest of every face's bytes (an absent fallback counts as
        absent): another font release gives another fingerprint. Each file
        is read once per process and again only when its size or time
        changes."""
        paths = [self.regular, self.bold, *(face.path for face in self.fallbacks)]
        return hashlib.sha256("\n".join(_file_digest(p) for p in paths).encode()).hexdigest()


_digests: dict[tuple[Path, int, int], str] = {}


def _file_digest(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return f"{path.name}:absent"
    signature = (path, stat.st_size, stat.st_mtime_ns)
    if signature not in _digests:
        digest = hashlib.sha256()
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
        _digests[signature] = digest.hexdigest()
    return f"{path.name}:{_digests[signature]}"


_parsed: dict[tuple[Path, str], TTFFont] = {}
_lock = threading.Lock()


def fallback_faces(pdf: FPDF, fonts: FontFiles, text: str) -> dict[str, str]:
    """For each character of `text` that the main faces lack, the family of
    the first fallback face that has it. Raises FontMissing when a main
    face, or a fallback face that a character needs, is not installed, and
    GlyphMissing when no face has a character."""
    fonts.check()
    main = [
        _template(pdf, fonts.regular, f"{FAMILY}", "", SIMPLIFIED_CHINESE).cmap,
        _template(pdf, fonts.bold, f"{FAMILY}B", "B", SIMPLIFIED_CHINESE).cmap,
    ]
    wanted = sorted(
        {c for c in text if not c.isspace() and any(ord(c) not in cmap for cmap in main)}
    )
    chosen: dict[str, str] = {}
    missing: list[str] = []
    for char in wanted:
        for face in fonts.fallbacks:
            if not face.path.is_file():
                raise FontMissing(face.path)
            if ord(char) in _template(pdf, face.path, face.family, "", face.number).cmap:
                chosen[char] = face.family
                break
        else:
            missing.append(char)
    if missing:
        raise GlyphMissing(missing)
    return chosen


def install(pdf: FPDF, fonts: FontFiles, fallbacks: Iterable[str] = ()) -> None:
    """Give `pdf` the regular and bold faces under `FAMILY`, then the
    fallback faces of the families named (those `fallback_faces` chose)."""
    fonts.check()
    faces = [
        (Face(fonts.regular, SIMPLIFIED_CHINESE), FAMILY, ""),
        (Face(fonts.bold, SIMPLIFIED_CHINESE, "B"), f"{FAMILY}B", "B"),
    ]
    wanted = set(fallbacks)
    faces += [(face, face.family, "") for face in fonts.fallbacks if face.family in wanted]
    for face, key, style in faces:
        font = copy.copy(_template(pdf, face.path, key, style, face.number))
        font.i = len(pdf.fonts) + 1
        font.ttfont = _open(
            face.path, face.number, cff_table_only=font.is_cff and font.is_cid_keyed
        )
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


def _template(pdf: FPDF, path: Path, key: str, style: str, number: int) -> TTFFont:
    with _lock:
        if (path, style) not in _parsed:
            try:
                _parsed[(path, style)] = TTFFont(
                    pdf, path, key, style, collection_font_number=number
                )
            except OSError as exc:
                raise FontMissing(path) from exc
        return _parsed[(path, style)]


class _CffTableOnly(ttLib.TTFont):  # type: ignore[misc]  # fontTools ships no types
    """fpdf2 embeds a CID-keyed CFF font as its 'CFF ' table alone, which it
    compiles after saving the whole font and discarding that: the save is
    skipped (about a sixth of a render)."""

    def save(
        self,
        file: str | os.PathLike[str] | BinaryIO,
        reorderTables: bool | None = True,  # noqa: N803 (fontTools names it so)
    ) -> None:
        return None


def _open(path: Path, number: int, *, cff_table_only: bool = False) -> ttLib.TTFont:
    kind = _CffTableOnly if cff_table_only else ttLib.TTFont
    try:
        return kind(path, recalcTimestamp=False, recalcBBoxes=False, fontNumber=number, lazy=True)
    except OSError as exc:
        raise FontMissing(path) from exc
