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
DEFAULT_SEAL_SERVICE = "xiaoneng.documents.layout.seal.PositionOnly"


def font_files() -> FontFiles:
    directory = (
        getattr(settings, "XIAONENG_PDF_FONT_DIR", None)
        or os.environ.get("XIAONENG_PDF_FONT_DIR")
        or DEFAULT_FONT_DIR
    )
    return FontFiles(Path(directory))


def seal_service() -> SealService:
    path = (
        getattr(settings, "XIAONENG_SEAL_SERVICE", None)
        or os.environ.get("XIAONENG_SEAL_SERVICE")
        or DEFAULT_SEAL_SERVICE
    )
    service: SealService = import_string(path)()
    return service
