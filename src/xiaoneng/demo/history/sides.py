"""The parts of the demo history played day by day beside the cases, in
groups a caller may leave out: the target books, directives and appraisal
(issue 9); fees, inspections and 三公经费 (issue 10); major decisions and
proactive disclosure (issue 12); administrative enforcement (issue 15);
public resource trading (issue 14); daily government work (issue 11). Each
part returns its tallies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from .appraisal import appraisal_days
from .days import DayPart
from .decision_days import decision_days
from .directives import directive_days
from .enforcement_days import enforcement_days
from .fee_days import fee_days
from .frugality_days import frugality_days
from .inspection_days import inspection_days
from .office_days import office_days
from .openinfo_days import openinfo_days
from .targets import target_days
from .trading_days import trading_days

# group → (part name, its day part, what the summary calls it)
GROUPS: dict[str, tuple[tuple[str, Callable[..., DayPart], str], ...]] = {
    "targets": (
        ("targets", target_days, "目标责任"),
        ("directives", directive_days, "督查督办与请示"),
        ("appraisal", appraisal_days, "考核评比"),
    ),
    "discipline": (
        ("fees", fee_days, "收费"),
        ("inspections", inspection_days, "检查评比观摩"),
        ("frugality", frugality_days, "三公经费"),
    ),
    "openness": (
        ("decisions", decision_days, "重大行政决策"),
        ("openinfo", openinfo_days, "政府信息主动公开"),
    ),
    "enforcement": (("enforcement", enforcement_days, "行政执法"),),
    "trading": (("trading", trading_days, "公共资源交易"),),
    "office": (("office", office_days, "日常政务"),),
}


def side_parts(
    seed: int, span: tuple[date, date], say: Callable[[str], None], chosen: dict[str, bool]
) -> list[DayPart]:
    """The chosen groups' parts, in the order of GROUPS (played after the
    cases on a day: the ranking, the decisions fees read)."""
    start, end = span
    return [
        part(seed=seed, start=start, end=end, say=say)
        for group, parts in GROUPS.items()
        if chosen[group]
        for _, part, _ in parts
    ]


def side_tallies(
    played: list[Any], chosen: dict[str, bool]
) -> dict[str, dict[str, dict[str, int]]]:
    """group → part name → its tallies, from the parts' results in order."""
    results: Iterator[Any] = iter(played)
    return {
        group: ({name: next(results) for name, _, _ in parts} if chosen[group] else {})
        for group, parts in GROUPS.items()
    }


def describe_sides(tallies: dict[str, dict[str, dict[str, int]]]) -> list[str]:
    lines = []
    for group, parts in GROUPS.items():
        for name, _, label in parts:
            if counts := tallies.get(group, {}).get(name):
                lines.append(
                    f"{label}：" + "，".join(f"{k} {v}" for k, v in sorted(counts.items()))
                )
    return lines
