"""The figures other apps supply through `sources`: satisfaction, substantiated
complaints, cards on complaints and accountability points, applied to the
figures `metrics` computed from the cases."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet

from xiaoneng.org.models import Department

from . import sources
from .figures import Figures
from .periods import Period


def apply_sources(out: dict[int, Figures], period: Period, level: str) -> None:
    satisfaction = sources.collect("satisfaction", period, level)
    complaints = sources.collect("complaints", period, level)
    if satisfaction is not None:
        for unit, value in satisfaction.items():
            if unit in out:
                out[unit].satisfaction = Decimal(str(value)).quantize(Decimal("0.01"))
    if complaints is not None:
        for unit, f in out.items():
            f.complaints = int(complaints.get(unit, 0))
    points = sources.collect("accountability", period, level)
    if points is not None:
        for unit, f in out.items():
            f.accountability = int(points.get(unit, 0))
    for name, field in (
        ("other_yellow_cards", "yellow_cards"),
        ("other_red_cards", "red_cards"),
        ("trading_red_flags", "yellow_cards"),
        ("office_findings", "yellow_cards"),
    ):
        extra = sources.collect(name, period, level)
        for unit, count in (extra or {}).items():
            target = out.get(unit)
            if target is not None and getattr(target, field) is not None:
                setattr(target, field, getattr(target, field) + int(count))


# Sources that put a department on the board even without an approval case.
_UNIT_SOURCES = (
    "complaints",
    "other_yellow_cards",
    "other_red_cards",
    "accountability",
    "trading_red_flags",
    "office_findings",
)


def add_units_with_sources(
    out: dict[int, Figures],
    period: Period,
    departments: QuerySet[Department] | None,
    units: Iterable[int] | None,
) -> None:
    """A department with no case but a complaint card or a measure in the
    period still gets its figures (and its deductions)."""
    seen: set[int] = set()
    for name in _UNIT_SOURCES:
        seen.update(
            unit
            for unit, value in (sources.collect(name, period, "department") or {}).items()
            if value
        )
    seen -= set(out)
    if units is not None:
        seen &= set(units)
    if departments is not None and seen:
        seen &= set(departments.filter(pk__in=seen).values_list("pk", flat=True))
    if not seen:
        return
    extra: dict[int, Figures] = {unit: Figures() for unit in seen}
    apply_sources(extra, period, "department")
    out.update(extra)
