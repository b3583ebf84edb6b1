"""A seal service for the store's key test (no tests here)."""

from __future__ import annotations

from xiaoneng.documents.layout import SealPlacement


class AnotherSeal:
    """Another service than the default: documents it seals are other bytes."""

    marks_position = False

    def seal(self, document: bytes, *, placement: SealPlacement, issuer: str, number: str) -> bytes:
        return document + b"%sealed"
