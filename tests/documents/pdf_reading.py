"""A small reader of the PDFs fpdf2 writes, for the tests (no pypdf in the
project): it inflates the streams, maps the glyph codes of each font back to
Unicode through the font's own ToUnicode CMap — as a PDF viewer's copy and
search do — and reports where each character, line and rectangle is drawn,
in millimetres from the page's top-left corner."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

MM = 25.4 / 72
PAGE_HEIGHT_PT = 841.89

_OBJECT = re.compile(rb"(\d+) 0 obj\n")


@dataclass(frozen=True)
class Glyph:
    char: str
    x: float
    y: float  # baseline
    size: float  # points


@dataclass
class Page:
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)

    def text_lines(self) -> list[str]:
        """The characters grouped by baseline, top to bottom, left to right."""
        rows: dict[float, list[Glyph]] = {}
        for g in self.glyphs:
            rows.setdefault(round(g.y, 1), []).append(g)
        return ["".join(g.char for g in sorted(rows[y], key=lambda g: g.x)) for y in sorted(rows)]

    def text(self) -> str:
        return "\n".join(self.text_lines())


def read(pdf: bytes) -> list[Page]:
    objects = _objects(pdf)
    cmaps = {}
    for num, (head, _stream) in objects.items():
        match = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if match:
            cmaps[num] = _cmap(objects[int(match.group(1))][1])
    pages = []
    for head, _stream in objects.values():
        if b"/Type /Page\n" not in head and not head.rstrip().endswith(b"/Type /Page"):
            continue
        box = [
            float(v) for v in _find(rb"/MediaBox \[([^\]]+)\]", head + _parent_box(objects)).split()
        ]
        content = objects[int(_find(rb"/Contents (\d+) 0 R", head))][1]
        resources = objects[int(_find(rb"/Resources (\d+) 0 R", head))][0]
        fonts = {
            name.decode(): cmaps[int(num)]
            for name, num in re.findall(rb"/(F\d+) (\d+) 0 R", resources)
        }
        page = Page(width=box[2] * MM, height=box[3] * MM)
        _paint(page, content, fonts)
        pages.append(page)
    return pages


def _find(pattern: bytes, data: bytes) -> bytes:
    match = re.search(pattern, data)
    assert match is not None, pattern
    return match.group(1)


def _parent_box(objects: dict[int, tuple[bytes, bytes]]) -> bytes:
    for head, _ in objects.values():
        if b"/Type /Pages" in head:
            return head
    return b""


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number → (dictionary, inflated stream or b"")."""
    objects = {}
    for match in _OBJECT.finditer(pdf):
        start = match.end()
        end = pdf.index(b"endobj", start)
        stream_at = pdf.find(b"stream\n", start, end)
        if stream_at == -1:
            objects[int(match.group(1))] = (pdf[start:end], b"")
            continue
        head = pdf[start:stream_at]
        length = int(_find(rb"/Length (\d+)", head))
        data = pdf[stream_at + 7 : stream_at + 7 + length]
        if b"/FlateDecode" in head:
            data = zlib.decompress(data)
        objects[int(match.group(1))] = (head, data)
    return objects


def _cmap(stream: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar\n(.*?)endbfchar", stream, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange\n(.*?)endbfrange", stream, re.S):
        for lo, hi, uni in re.findall(
            rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", block
        ):
            base = int(uni, 16)
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                mapping[int(lo, 16) + offset] = chr(base + offset)
    return mapping


_TOKENS = re.compile(
    rb"/(F\d+) ([\d.]+) Tf"
    rb"|BT ([-\d.]+) ([-\d.]+) Td \(((?:\\.|[^\\)])*)\) Tj ET"
    rb"|([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S"
    rb"|([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re S",
    re.S,
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _paint(page: Page, content: bytes, fonts: dict[str, dict[int, str]]) -> None:
    font: dict[int, str] = {}
    size = 0.0
    for m in _TOKENS.finditer(content):
        if m.group(1):
            font, size = fonts[m.group(1).decode()], float(m.group(2))
        elif m.group(3):
            raw = _unescape(m.group(5))
            x, y = float(m.group(3)) * MM, (PAGE_HEIGHT_PT - float(m.group(4))) * MM
            for i in range(0, len(raw), 2):
                code = int.from_bytes(raw[i : i + 2], "big")
                page.glyphs.append(Glyph(font[code], x, y, size))
        elif m.group(6):
            x1, y1, x2, y2 = (float(m.group(i)) for i in range(6, 10))
            page.lines.append(
                (x1 * MM, (PAGE_HEIGHT_PT - y1) * MM, x2 * MM, (PAGE_HEIGHT_PT - y2) * MM)
            )
        elif m.group(10):
            x, y, w, h = (float(m.group(i)) for i in range(10, 14))
            # `re` takes a corner and signed sizes; report the top-left, in mm.
            top = PAGE_HEIGHT_PT - max(y, y + h)
            page.rects.append((min(x, x + w) * MM, top * MM, abs(w) * MM, abs(h) * MM))


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i : i + 1]
        if c == b"\\":
            nxt = raw[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(0), 8))
                i += 1 + len(octal.group(0))
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        out += c
        i += 1
    return bytes(out)
