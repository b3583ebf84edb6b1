"""Assessment periods (考核期): a month, a quarter, a half-year or a year.
Pure Python: no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("month", "quarter", "half", "year")
KIND_LABELS = {"month": "月度", "quarter": "季度", "half": "半年", "year": "年度"}
_MONTHS_PER = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_PATTERN = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|Q([1-4])|H([12])))?$")


class PeriodError(ValueError):
    """Not a period code."""


def month_start(d: date) -> date:
    return d.replace(day=1)


def next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def previous_month(d: date) -> date:
    first = d.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


@dataclass(frozen=True, order=True)
class Period:
    """`index` is the month (1–12), quarter (1–4), half (1–2), or 1 for a year."""

    year: int
    kind: str
    index: int

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PeriodError(f"unknown period kind {self.kind!r}")
        if not 1 <= self.index <= 12 // _MONTHS_PER[self.kind]:
            raise PeriodError(f"{self.kind} index {self.index} out of range")
        if not 2000 <= self.year <= 2100:
            raise PeriodError(f"year {self.year} out of range")

    @classmethod
    def month(cls, d: date) -> Period:
        return cls(d.year, "month", d.month)

    @classmethod
    def parse(cls, code: str) -> Period:
        """'2026-03' (month), '2026-Q1', '2026-H1', '2026' (year)."""
        m = _PATTERN.match((code or "").strip().upper())
        if not m:
            raise PeriodError(f"not a period: {code!r}")
        year = int(m.group(1))
        if m.group(2):
            return cls(year, "month", int(m.group(2)))
        if m.group(3):
            return cls(year, "quarter", int(m.group(3)))
        if m.group(4):
            return cls(year, "half", int(m.group(4)))
        return cls(year, "year", 1)

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.index}月"
        if self.kind == "quarter":
            return f"{self.year}年第{'一二三四'[self.index - 1]}季度"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年"

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * _MONTHS_PER[self.kind] + 1, 1)

    @property
    def end(self) -> date:
        """The last day, included."""
        last_month = self.start.month + _MONTHS_PER[self.kind] - 1
        return next_month(date(self.year, last_month, 1)) - timedelta(days=1)

    def months(self) -> list[date]:
        """The first day of each month of the period."""
        return [date(self.year, self.start.month + i, 1) for i in range(_MONTHS_PER[self.kind])]

    def __str__(self) -> str:
        return self.code
