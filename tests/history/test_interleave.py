"""The history's parts are played day by day together: always the part with
the earliest day next, on the same day in the order given, each part's
return value kept."""

from __future__ import annotations

from collections.abc import Generator
from datetime import date

from xiaoneng.demo.history.days import drain, interleave


def _part(name: str, days: list[int], log: list[tuple[int, str]]) -> Generator[date, None, str]:
    for d in days:
        yield date(2026, 3, d)
        log.append((d, name))
    return f"{name} done"


def test_the_earliest_day_plays_first_and_ties_go_in_order() -> None:
    log: list[tuple[int, str]] = []
    results = interleave(
        [_part("cases", [2, 3, 5], log), _part("targets", [1, 3, 4], log), _part("none", [], log)]
    )
    assert log == [
        (1, "targets"),
        (2, "cases"),
        (3, "cases"),
        (3, "targets"),
        (4, "targets"),
        (5, "cases"),
    ]
    assert results == ["cases done", "targets done", "none done"]


def test_drain_plays_one_part_alone() -> None:
    log: list[tuple[int, str]] = []
    assert drain(_part("appraisal", [9, 10], log)) == "appraisal done"
    assert log == [(9, "appraisal"), (10, "appraisal")]
