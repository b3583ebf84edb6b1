"""The seal position of a notice, and the interface of the government's
electronic seal service.

An electronic seal has legal effect only through that service (SM2/SM3
signatures, 国务院令第716号). The platform therefore never draws a picture of a
seal: it reserves the position, and a connected service seals the finished
PDF there. Without one, the position stays visibly marked as empty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .gbt9704 import MM_PER_PT, PAGE_HEIGHT


@dataclass(frozen=True)
class SealPlacement:
    """Where the seal goes: a page (from 1) and a rectangle in millimetres
    from the page's top-left corner."""

    page: int
    x: float
    y: float
    width: float
    height: float

    def pdf_rect(self) -> tuple[float, float, float, float]:
        """The rectangle in PDF user space (points, origin bottom-left):
        (llx, lly, urx, ury), as a signature widget's /Rect wants it."""
        k = 1 / MM_PER_PT
        return (
            round(self.x * k, 2),
            round((PAGE_HEIGHT - self.y - self.height) * k, 2),
            round((self.x + self.width) * k, 2),
            round((PAGE_HEIGHT - self.y) * k, 2),
        )


class SealService(Protocol):
    """The electronic seal service (电子印章系统) of the issuing organ."""

    # True when the service seals nothing and the PDF should keep the position
    # visibly marked; a real service draws its own appearance there.
    marks_position: bool

    def seal(self, document: bytes, *, placement: SealPlacement, issuer: str, number: str) -> bytes:
        """Return `document` signed with `issuer`'s seal at `placement`."""
        ...


class PositionOnly:
    """No seal service connected: the notice keeps its seal position as a thin
    outline labelled （电子印章位置）, and is returned unchanged."""

    marks_position = True

    def seal(self, document: bytes, *, placement: SealPlacement, issuer: str, number: str) -> bytes:
        return document
