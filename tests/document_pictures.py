"""Pages of a PDF as PNG pictures (poppler's pdftoppm), under var/screenshots/
or, with XIAONENG_SCREENSHOTS=docs/screenshots, the documented ones."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DPI = 110  # A4 at 910 × 1287 pixels


def save_pages(pdf: bytes, name: str) -> list[Path]:
    """document-{name}.png for a one-page PDF, document-{name}-{n}.png for
    each page of a longer one; the paths written (none without pdftoppm)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    folder = ROOT / os.environ.get("XIAONENG_SCREENSHOTS", "var/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(  # noqa: S603 - poppler's pdftoppm on our own bytes
            [tool, "-r", str(DPI), "-png", "-", f"{tmp}/page"], input=pdf, check=True
        )
        made = sorted(Path(tmp).glob("page-*.png"))
        written = []
        for n, page in enumerate(made, start=1):
            target = folder / (
                f"document-{name}.png" if len(made) == 1 else f"document-{name}-{n}.png"
            )
            shutil.copyfile(page, target)
            written.append(target)
    return written
