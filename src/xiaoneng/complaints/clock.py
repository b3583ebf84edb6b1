"""The complaint's clocks, as tables on the staged engine (`core.clock.stages`).

- The main run: received → accepting (accept or decline within
  `complaint.accept_days` working days; transfer or merge also close it) →
  handling (conclude within `complaint.conclude_days` of acceptance; one
  extension of at most `complaint.extension_days`, approved by the centre's
  head) → concluded. Transfer and merge may also close a complaint in handling.
- The explanation: a side deadline for the accused department,
  `complaint.explanation_days` after it is requested; the latest request runs.
- The re-examination: a second run, opened by the complainant's request
  (once, within `complaint.reexamination_window_days` of the reply), to be
  re-examined within `complaint.reexamination_days`.

Event kinds outside these tables (assigned, callback, rated, merged_in,
extension_requested) are history only: the clock skips them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from xiaoneng.core.clock.stages import Extension, Stage, StageEvent, Stages, StageState
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.system.params import get_param

RECEIVED = "received"
ACCEPTED = "accepted"
DECLINED = "declined"
TRANSFERRED = "transferred"
MERGED = "merged"
EXTENDED = "extended"
CONCLUDED = "concluded"
EXPLANATION_REQUESTED = "explanation_requested"
EXPLAINED = "explained"
REEXAMINATION_REQUESTED = "reexam_requested"
REEXAMINED = "reexamined"

MAIN_KINDS = frozenset({RECEIVED, ACCEPTED, DECLINED, TRANSFERRED, MERGED, EXTENDED, CONCLUDED})


@dataclass(frozen=True)
class Rules:
    accept_days: int = 5
    conclude_days: int = 15
    max_extension_days: int = 15
    explanation_days: int = 5
    reexamination_window_days: int = 15
    reexamination_days: int = 15
    warning_days: int = 1

    def main(self) -> Stages:
        return Stages(
            "complaint",
            first="accepting",
            stages={
                "accepting": Stage(
                    self.accept_days,
                    then={
                        ACCEPTED: "handling",
                        DECLINED: "declined",
                        TRANSFERRED: "transferred",
                        MERGED: "merged",
                    },
                ),
                "handling": Stage(
                    self.conclude_days,
                    then={CONCLUDED: "concluded", TRANSFERRED: "transferred", MERGED: "merged"},
                ),
            },
            extension=Extension("handling", max_days=self.max_extension_days, kind=EXTENDED),
            opening=RECEIVED,
            warning_days=self.warning_days,
        )

    def explanation(self) -> Stages:
        return Stages(
            "complaint_explanation",
            first="explaining",
            stages={"explaining": Stage(self.explanation_days, then={EXPLAINED: "explained"})},
            opening=EXPLANATION_REQUESTED,
            warning_days=self.warning_days,
        )

    def reexamination(self) -> Stages:
        return Stages(
            "complaint_reexamination",
            first="reexamining",
            stages={"reexamining": Stage(self.reexamination_days, then={REEXAMINED: "reexamined"})},
            opening=REEXAMINATION_REQUESTED,
            warning_days=self.warning_days,
        )


def rules() -> Rules:
    """The rules in force (system parameters)."""
    return Rules(
        accept_days=get_param("complaint.accept_days"),
        conclude_days=get_param("complaint.conclude_days"),
        max_extension_days=get_param("complaint.extension_days"),
        explanation_days=get_param("complaint.explanation_days"),
        reexamination_window_days=get_param("complaint.reexamination_window_days"),
        reexamination_days=get_param("complaint.reexamination_days"),
    )


@dataclass(frozen=True)
class Clocks:
    main: StageState
    explanation: StageState | None
    reexamination: StageState | None


def _run(events: Iterable[StageEvent], kinds: set[str], opening: str) -> list[StageEvent]:
    """The events of one run: its kinds, from its latest opening on."""
    chosen = [e for e in events if e.kind in kinds]
    starts = [i for i, e in enumerate(chosen) if e.kind == opening]
    return chosen[starts[-1] :] if starts else []


def compute(
    events: list[StageEvent], calendar: WorkCalendar, rules_: Rules, today: date | None
) -> Clocks:
    """The three clocks over a complaint's events (in order)."""
    main = rules_.main().compute([e for e in events if e.kind in MAIN_KINDS], calendar, today)
    explaining = _run(events, {EXPLANATION_REQUESTED, EXPLAINED}, EXPLANATION_REQUESTED)
    reexam = _run(events, {REEXAMINATION_REQUESTED, REEXAMINED}, REEXAMINATION_REQUESTED)
    return Clocks(
        main=main,
        explanation=rules_.explanation().compute(explaining, calendar, today)
        if explaining
        else None,
        reexamination=rules_.reexamination().compute(reexam, calendar, today) if reexam else None,
    )
