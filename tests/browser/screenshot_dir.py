"""Browser tests write their screenshots under var/screenshots/ (ignored by
git); set XIAONENG_SCREENSHOTS=docs/screenshots to refresh the documented ones."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("XIAONENG_SCREENSHOTS", "var/screenshots")
SCREENSHOTS.mkdir(parents=True, exist_ok=True)
