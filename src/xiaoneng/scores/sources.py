"""Metric sources other apps plug in (scores sits below them): satisfaction
(好差评, ratings), substantiated complaints (属实投诉) and cards on complaints
(complaints), accountability deductions (accountability). A source is a function
`fn(period, level) -> {unit_id: value}`; a figure without a source, or a
unit the source does not mention, shows as '—' and weighs nothing.

    from xiaoneng.scores.sources import register_metric_source
    register_metric_source("satisfaction", satisfaction_by_unit)   # in AppConfig.ready

`level` is "department", "window" or "staff"; unit ids are Department ids
for the first two and User ids for the third. `satisfaction` is a percentage
(0–100, the share of 非常满意/满意/基本满意), `complaints` and the cards
counts, `accountability` points."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .periods import Period

SourceValue = int | Decimal | float
MetricSource = Callable[[Period, str], dict[int, SourceValue]]

KNOWN = {
    "satisfaction": "满意度（%）",
    "complaints": "属实投诉（件）",
    # Cards on matters other than approval cases (a complaint past its
    # deadline): added to the department's yellow and red cards.
    "other_yellow_cards": "其他黄牌（张）",
    "other_red_cards": "其他红牌（张）",
    # Points deducted by accountability measures decided in the period.
    "accountability": "问责扣分（分）",
    # Red flags of public resource trading (公共资源交易异常) found on a
    # tenderer's projects: each weighs as a yellow card (scores.sourced).
    "trading_red_flags": "公共资源交易异常（件）",
    # Findings of daily government work (文风会风、值班请假、一线工作: late
    # reports, substitutes at meetings, absences on duty, unapproved leave,
    # late arrivals at an emergency): each weighs as a yellow card.
    "office_findings": "文风会风与值班纪律问题（件）",
}
_SOURCES: dict[str, MetricSource] = {}


def register_metric_source(name: str, fn: MetricSource) -> None:
    if name not in KNOWN:
        raise ValueError(f"unknown metric source {name!r}; known: {sorted(KNOWN)}")
    _SOURCES[name] = fn


def unregister_metric_source(name: str) -> None:
    _SOURCES.pop(name, None)


def has_source(name: str) -> bool:
    return name in _SOURCES


def registered(name: str) -> MetricSource | None:
    return _SOURCES.get(name)


def collect(name: str, period: Period, level: str) -> dict[int, SourceValue] | None:
    """The source's values, or None when nothing is registered under `name`."""
    fn = _SOURCES.get(name)
    return None if fn is None else dict(fn(period, level))
