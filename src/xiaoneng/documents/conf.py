"""Where the documents take their font and their seal service from. Both
are read from Django settings when set there, otherwise from the environment."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from .layout import FANDOL, FontFiles, Part, SealService

# Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk): the face of a
# part whose own is not installed, and of the characters Fandol lacks.
DEFAULT_FONT_DIR = "/usr/share/fonts/opentype/noto"
# The Fandol faces (小标宋, 仿宋, 黑体, 楷体, 宋体 stand-ins), taken out of Debian's
# texlive-lang-chinese by .ci/run; outside fontconfig's folders, so that
# the browsers' pages are not drawn in them.
DEFAULT_FANDOL_DIR = "/usr/local/share/xiaoneng/fonts/fandol"
# A deployment holding the licensed faces names their files, part by part.
PART_SETTINGS = {
    Part.TITLE: "XIAONENG_PDF_FONT_XIAOBIAOSONG",
    Part.BODY: "XIAONENG_PDF_FONT_FANGSONG",
    Part.HEADING: "XIAONENG_PDF_FONT_HEITI",
    Part.SUBHEADING: "XIAONENG_PDF_FONT_KAITI",
    Part.NUMBER: "XIAONENG_PDF_FONT_SONGTI",
}
# Debian's fonts-hanazono (apt-get install fonts-hanazono): the rare
# characters Noto lacks (CJK Extensions B–F), opened only when one is needed.
DEFAULT_FALLBACK_FONT_DIR = "/usr/share/fonts/truetype/hanazono"
DEFAULT_SEAL_SERVICE = "xiaoneng.documents.layout.seal.PositionOnly"
# A stored document nobody downloaded for this many days is dropped by the
# daily prune (a later download renders it again, once).
DEFAULT_STORE_DAYS = 90


def _setting(name: str, default: str) -> str:
    return getattr(settings, name, None) or os.environ.get(name) or default


def font_files() -> FontFiles:
    fandol = Path(_setting("XIAONENG_PDF_FANDOL_DIR", DEFAULT_FANDOL_DIR))
    parts = tuple(
        (part, Path(_setting(name, str(fandol / FANDOL[part]))))
        for part, name in PART_SETTINGS.items()
    )
    return FontFiles(
        Path(_setting("XIAONENG_PDF_FONT_DIR", DEFAULT_FONT_DIR)),
        Path(_setting("XIAONENG_PDF_FALLBACK_FONT_DIR", DEFAULT_FALLBACK_FONT_DIR)),
        parts,
    )


def seal_service() -> SealService:
    path = (
        getattr(settings, "XIAONENG_SEAL_SERVICE", None)
        or os.environ.get("XIAONENG_SEAL_SERVICE")
        or DEFAULT_SEAL_SERVICE
    )
    service: SealService = import_string(path)()
    return service


def store_days() -> int:
    return int(_setting("XIAONENG_DOCUMENT_STORE_DAYS", str(DEFAULT_STORE_DAYS)))
