"""Where the documents take their font and their seal service from. Both
are read from Django settings when set there, otherwise from the environment."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from .layout import FontFiles, SealService

# Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk).
DEFAULT_FONT_DIR = "/usr/share/fonts/opentype/noto"
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
    return FontFiles(
        Path(_setting("XIAONENG_PDF_FONT_DIR", DEFAULT_FONT_DIR)),
        Path(_setting("XIAONENG_PDF_FALLBACK_FONT_DIR", DEFAULT_FALLBACK_FONT_DIR)),
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
