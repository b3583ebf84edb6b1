"""Helpers of the document tests (no tests here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pdf_reading import Page, read

from xiaoneng.core.timesource import travel_to

RECEIVED_ON = date(2026, 2, 10)  # a Tuesday
ACCEPTED_ON = date(2026, 2, 13)  # the Friday after
APPLICANT = "张掖市祁连绿源农业科技有限公司"


def on(day: date, action: Any, **kwargs: Any) -> Any:
    """Run an action as if today were `day`."""
    with travel_to(day):
        return action(**kwargs)


def pdf_text(pdf: bytes) -> str:
    """The text of every page, without the page numbers (四号, 14 pt)."""
    texts = []
    for page in read(pdf):
        page.glyphs = [g for g in page.glyphs if g.size != 14]
        texts.append(page.text())
    return "\n".join(texts)


def pages(pdf: bytes) -> list[Page]:
    return read(pdf)
