"""One unit's figures for one period (domain rules §3), as the scores store,
total and publish them; computed by `metrics`, fed by `sources` (`sourced`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .formula import ScoreInputs

ONE_PLACE = Decimal("0.1")


def _pct(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part * 100) / whole).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _mean(total: int, count: int) -> Decimal | None:
    if count <= 0:
        return None
    return (Decimal(total) / count).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


# The plain counts of Figures: a total over months is their sum.
COUNTS = (
    "accepted",
    "completed",
    "on_time",
    "early",
    "used_days",
    "committed_days",
    "overdue",
    "warnings",
)


@dataclass
class Figures:
    """One unit's figures for one period. None means "not measured" ('—')."""

    accepted: int = 0
    completed: int = 0
    on_time: int = 0
    early: int = 0
    used_days: int = 0
    committed_days: int = 0
    overdue: int = 0
    warnings: int = 0
    yellow_cards: int | None = 0
    red_cards: int | None = 0
    satisfaction: Decimal | None = None
    complaints: int | None = None
    accountability: int | None = None

    @property
    def on_time_rate(self) -> Decimal | None:
        return _pct(self.on_time, self.completed)

    @property
    def early_rate(self) -> Decimal | None:
        return _pct(self.early, self.completed)

    @property
    def mean_used_days(self) -> Decimal | None:
        return _mean(self.used_days, self.completed)

    @property
    def mean_committed_days(self) -> Decimal | None:
        return _mean(self.committed_days, self.completed)

    @property
    def active(self) -> bool:
        return any((self.accepted, self.completed, self.overdue, self.warnings)) or bool(
            self.yellow_cards or self.red_cards or self.complaints or self.accountability
        )

    def score_inputs(self) -> ScoreInputs:
        return ScoreInputs(
            completed=self.completed,
            early=self.early,
            warnings=self.warnings,
            yellow_cards=self.yellow_cards or 0,
            red_cards=self.red_cards or 0,
            overdue=self.overdue,
            complaints=self.complaints,
            accountability=self.accountability,
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the published snapshot, the API)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            out[key] = str(value) if isinstance(value, Decimal) else value
        for key in ("on_time_rate", "early_rate", "mean_used_days", "mean_committed_days"):
            value = getattr(self, key)
            out[key] = None if value is None else str(value)
        return out

    @classmethod
    def from_row(cls, row: Any) -> Figures:
        """From a MonthlyMetric (or anything with the same attributes)."""
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    @classmethod
    def total(cls, many: Iterable[Figures]) -> Figures:
        """Sum of counts over months; satisfaction is the mean of the months
        that have one."""
        out = cls()
        sats: list[Decimal] = []
        for f in many:
            for name in COUNTS:
                setattr(out, name, getattr(out, name) + getattr(f, name))
            for name in ("yellow_cards", "red_cards"):
                mine, theirs = getattr(out, name), getattr(f, name)
                setattr(out, name, None if mine is None or theirs is None else mine + theirs)
            for name in ("complaints", "accountability"):
                theirs = getattr(f, name)
                if theirs is not None:
                    setattr(out, name, (getattr(out, name) or 0) + theirs)
            if f.satisfaction is not None:
                sats.append(Decimal(f.satisfaction))
        if sats:
            out.satisfaction = (sum(sats, Decimal(0)) / len(sats)).quantize(Decimal("0.01"))
        return out


# Every figure, as MonthlyMetric stores them.
FIGURE_FIELDS = tuple(f.name for f in fields(Figures))
