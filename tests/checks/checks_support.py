"""Shared values of the checks tests (importable from test modules)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
PLAN_DAY = date(2026, 9, 28)  # Mon, before National Day (off 1–7 Oct, Sat 10 Oct worked)
SEEN_AT = datetime(2026, 9, 29, 10, 30, tzinfo=SHANGHAI)
NOTICE_DAY = date(2026, 9, 30)  # Wed
# 10 working days after Wed 30 Sep: 8, 9, 10 (make-up Sat), 12–16, 19, 20 Oct.
DUE_DAY = date(2026, 10, 20)
STAFF_NAME = "韩晓东"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(64) + b"\xff\xd9"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
EXE_BYTES = b"MZ\x90\x00" + bytes(64)
# A made-up 2027 schedule (as tests/calendar/conftest.py): 8–12 Feb off, Sat 6 and 20 Feb worked.
CSV_2027 = """date,kind,name
2027-01-01,休,元旦
2027-02-06,班,春节
2027-02-08,休,春节
2027-02-09,休,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-20,workday,春节
"""
