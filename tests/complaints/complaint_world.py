"""The complainant of the complaint tests (what must never leak) and the day filed."""

from __future__ import annotations

from datetime import date

NAME, PHONE, ID_NO, ADDRESS = "钱学林", "13912345678", "620702199001011234", "甘州区青年西街8号"
DAY = date(2026, 9, 14)  # a Monday
