"""The faces a notice is drawn in, by their part in GB/T 9704—2012, and
the fallback faces for the rare characters they lack; each parsed once per
process.

The standard names 小标宋 (title, 发文机关标志), 仿宋 (body, 版记), 黑体 (一级标题),
楷体 (二级标题) and 宋体 (page numbers). Their usual faces (方正小标宋, 仿宋_GB2312,
…) are licensed; the open Fandol faces stand in for them by default
(FandolSong Bold, FandolFang, FandolHei, FandolKai, FandolSong; GPL with the
font exception), each a file that a deployment may point elsewhere
(documents.conf). A part whose file is not installed is drawn in Noto Serif
CJK SC, the face every notice used before, and the substitution is logged
once: a document is never refused for want of a 仿宋.

A name on a licence must never lose a character. Fandol holds GB 2312 and a
little more; behind each part's face stand Noto Serif CJK SC (the BMP's
ideographs and a few hundred beyond) and then HanaMin A and B of Debian's
fonts-hanazono (Extension A, and Extensions B to F on plane 2), e.g. 𪚥
(U+2A6A5). Before anything is drawn every character of the letter is looked
up in the faces' character maps: one no face holds raises GlyphMissing
naming it. Noto and the fallback faces are opened only when a character
needs them; a missing Noto or fallback file is then FontMissing.

Of a fresh render nearly all the time is fontTools subsetting the embedded
faces when fpdf2 writes the PDF (bench/RESULTS.md). Two costs there are
avoidable: fpdf2 saves the whole subset font and then discards it to embed
only the 'CFF ' table it compiles again (`_CffTableOnly`), and the font's
bounding boxes are recomputed by drawing every glyph (`recalcBBoxes=False`:
the original font's boxes, a superset, stand)."""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

log = logging.getLogger(__name__)

REGULAR = "NotoSerifCJK-Regular.ttc"
BOLD = "NotoSerifCJK-Bold.ttc"
# Members of the collections: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK. SC draws the
# simplified-Chinese forms of the shared ideographs.
SIMPLIFIED_CHINESE = 2
# fonts-hanazono, in the order they are tried: A (BMP, Extension A), then
# B (plane 2: Extensions B–F). Regular weight only.
FALLBACK_FILES = ("HanaMinA.ttf", "HanaMinB.ttf")


class Part(StrEnum):
    """A face's part in the standard (the value names the face it means)."""

    TITLE = "小标宋"  # 标题, 发文机关标志
    BODY = "仿宋"  # 正文, 主送, 署名, 成文日期, 版记, tables
    HEADING = "黑体"  # 一级标题, 附件 label, table heads
    SUBHEADING = "楷体"  # 二级标题
    NUMBER = "宋体"  # 页码


# The open faces standing in for each part (Fandol, from TeX Live).
FANDOL = {
    Part.TITLE: "FandolSong-Bold.otf",
    Part.BODY: "FandolFang-Regular.otf",
    Part.HEADING: "FandolHei-Regular.otf",
    Part.SUBHEADING: "FandolKai-Regular.otf",
    Part.NUMBER: "FandolSong-Regular.otf",
}


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
    """One font file as fpdf2 knows it: its family (the font key) and the
    member of a collection."""

    path: Path
    number: int = 0

    @property
    def family(self) -> str:
        return re.sub(r"[^a-z0-9]", "", self.path.stem.lower())


@dataclass(frozen=True)
class FontFiles:
    directory: Path  # Noto Serif CJK
    # Where the fallback faces live; None: no fallback (a character Noto
    # lacks is then GlyphMissing).
    fallback_directory: Path | None = None
    # The face of each part, e.g. (Part.BODY, …/FandolFang-Regular.otf); a
    # part not named, or whose file is absent, is drawn in Noto Serif CJK.
    parts: tuple[tuple[Part, Path], ...] = ()

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

    def noto(self, part: Part) -> Face:
        return Face(self.bold if part == Part.TITLE else self.regular, SIMPLIFIED_CHINESE)

    def face(self, part: Part) -> Face:
        """The face drawing `part`: its own when installed, else Noto's."""
        path = dict(self.parts).get(part)
        if path is not None and path.is_file():
            return Face(path)
        if path is not None:
            _substituted(path, part)
        return self.noto(part)

    def chain(self, part: Part) -> tuple[Face, ...]:
        """Where a character of `part` is looked for, in order."""
        own = self.face(part)
        noto = self.noto(part)
        return (own, *((noto,) if noto != own else ()), *self.fallbacks)

    def declared(self) -> dict[Part, Path]:
        """The file each part is drawn from (the README's table)."""
        return {part: self.face(part).path for part in Part}

    def fingerprint(self) -> str:
        """A digest of every face's bytes (an absent one counts as absent):
        another font release gives another fingerprint. Each file is read
        once per process and again only when its size or time changes."""
        paths = [
            self.regular,
            self.bold,
            *(path for _, path in self.parts),
            *(face.path for face in self.fallbacks),
        ]
        return hashlib.sha256("\n".join(_file_digest(p) for p in paths).encode()).hexdigest()


_warned: set[Path] = set()


def _substituted(path: Path, part: Part) -> None:
    if path not in _warned:
        _warned.add(path)
        log.warning("%s font %s is not installed: drawn in Noto Serif CJK SC", part.value, path)


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


_parsed: dict[Path, TTFFont] = {}
_lock = threading.Lock()

# (part, character) → the family drawing it, for the characters a part's own
# face lacks; and the families to embed.
Substitutes = dict[tuple[Part, str], str]


@dataclass(frozen=True)
class Chosen:
    own: Mapping[Part, str]  # part → family of its own face
    substitutes: Substitutes
    faces: tuple[Face, ...]  # every face to install

    def family(self, part: Part, char: str) -> str:
        return self.substitutes.get((part, char)) or self.own[part]


def choose_faces(pdf: FPDF, fonts: FontFiles, texts: Mapping[Part, str]) -> Chosen:
    """For each part the face of each character of its text. Raises
    FontMissing when a face that a character needs is not installed, and
    GlyphMissing when no face has a character."""
    own: dict[Part, str] = {}
    substitutes: Substitutes = {}
    used: dict[str, Face] = {}
    missing: set[str] = set()
    for part, text in texts.items():
        first, *rest = fonts.chain(part)
        own[part] = first.family
        used[first.family] = first
        cmap = _template(pdf, first).cmap
        for char in sorted({c for c in text if not c.isspace() and ord(c) not in cmap}):
            face = _first_having(pdf, rest, char)
            if face is None:
                missing.add(char)
            else:
                substitutes[(part, char)] = face.family
                used[face.family] = face
    if missing:
        raise GlyphMissing(sorted(missing))
    return Chosen(own, substitutes, tuple(used.values()))


def _first_having(pdf: FPDF, faces: Iterable[Face], char: str) -> Face | None:
    for face in faces:
        if not face.path.is_file():
            raise FontMissing(face.path)
        if ord(char) in _template(pdf, face).cmap:
            return face
    return None


def install(pdf: FPDF, chosen: Chosen) -> None:
    """Give `pdf` every chosen face under its family, with a style of ""."""
    for face in chosen.faces:
        font = copy.copy(_template(pdf, face))
        font.i = len(pdf.fonts) + 1
        font.ttfont = _open(face, cff_table_only=font.is_cff and font.is_cid_keyed)
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


def _template(pdf: FPDF, face: Face) -> TTFFont:
    with _lock:
        if face.path not in _parsed:
            try:
                _parsed[face.path] = TTFFont(
                    pdf, face.path, face.family, "", collection_font_number=face.number
                )
            except OSError as exc:
                raise FontMissing(face.path) from exc
        return _parsed[face.path]


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


def _open(face: Face, *, cff_table_only: bool = False) -> ttLib.TTFont:
    kind = _CffTableOnly if cff_table_only else ttLib.TTFont
    try:
        return kind(
            face.path, recalcTimestamp=False, recalcBBoxes=False, fontNumber=face.number, lazy=True
        )
    except OSError as exc:
        raise FontMissing(face.path) from exc
