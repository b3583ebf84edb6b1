"""The errors of the documents, each with a stable code."""

from __future__ import annotations

from xiaoneng.core.errors import DomainError, NotFound


class DocumentFontMissing(DomainError):
    """The server cannot lay out Chinese text: an operations problem, not the
    caller's, and one that passes once the font is installed."""

    status = 503
    code = "document_font_missing"


class DocumentGlyphMissing(DomainError):
    """The text holds a character no installed font can draw (a private-use
    code point, one not yet assigned, one beyond the fallback fonts): the
    document is refused rather than printed without it."""

    status = 422
    code = "document_glyph_missing"


def kind_unknown(key: str) -> NotFound:
    return NotFound("没有这种文书", code="document_kind_unknown", detail={"kind": key})


def not_issued(key: str, title: str, needs: str) -> NotFound:
    return NotFound(
        f"该办件尚未形成《{title}》：{needs}",
        code="document_not_issued",
        detail={"kind": key},
    )
