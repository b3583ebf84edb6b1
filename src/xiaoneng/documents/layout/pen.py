"""Placing text character by character in the face of its part (仿宋, 黑体,
…), a character that face lacks in the face chosen for it; measuring as
it will place."""

from __future__ import annotations

from collections.abc import Callable

from fpdf import FPDF

from .fonts import Chosen, Part
from .gbt9704 import BLACK, BODY_PT, CHAR_PITCH, pt


class Pen:
    def __init__(self, pdf: FPDF, chosen: Chosen) -> None:
        self.pdf = pdf
        self.chosen = chosen
        self._widths: dict[tuple[str, Part, float], float] = {}

    def _face(self, char: str, part: Part, size: float) -> None:
        self.pdf.set_font(self.chosen.family(part, char), "", size)

    def advance(self, char: str, part: Part = Part.BODY, size: float = BODY_PT) -> float:
        key = (char, part, size)
        if key not in self._widths:
            self._face(char, part, size)
            width = self.pdf.get_string_width(char)
            if size == BODY_PT:
                # On the body grid an ideograph advances by the pitch, not by its em.
                width += CHAR_PITCH - pt(BODY_PT)
            self._widths[key] = width
        return self._widths[key]

    def measure(self, text: str, part: Part = Part.BODY, size: float = BODY_PT) -> float:
        return sum(self.advance(c, part, size) for c in text)

    def measurer(self, part: Part, size: float = BODY_PT) -> Callable[[str], float]:
        return lambda text: self.measure(text, part, size)

    def write(
        self,
        text: str,
        x: float,
        y: float,
        *,
        part: Part = Part.BODY,
        size: float = BODY_PT,
        color: tuple[int, int, int] = BLACK,
        justify: float | None = None,
    ) -> None:
        """`text` from x (mm from the page's left) on baseline y; with
        `justify`, the gaps share out whatever the line lacks of that width."""
        self.pdf.set_text_color(*color)
        gap = 0.0
        if justify is not None and len(text) > 1:
            gap = (justify - self.measure(text, part, size)) / (len(text) - 1)
        for char in text:
            if not char.isspace():
                self._face(char, part, size)
                self.pdf.text(x, y, char)
            x += self.advance(char, part, size) + gap
