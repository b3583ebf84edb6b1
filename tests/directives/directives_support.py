"""Shared values of the directives tests (importable from test modules)."""

from __future__ import annotations

from datetime import date

# March 2026 has no holiday: Mon 2 … Tue 31 are workdays but the weekends.
MEETING_DAY = date(2026, 3, 2)  # Mon: the executive meeting, tasks assigned
DUE_DAY = date(2026, 3, 13)  # Fri: the tasks' due day
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00" + bytes(64)
