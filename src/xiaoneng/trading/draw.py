"""The random draw of evaluation experts, pure (no database): who of the
pool may sit on a round's committee and why the others may not
(评标专家和评标专家库管理暂行办法 art. 12, 13), the seeded pick and its replay.

A draw is replayable: `pick(seed, pool, needed)` is
`random.Random(seed).sample(pool, needed)`, so the stored seed and the stored
pool (the eligible experts' ids in id order) give the same experts again.
`replay(draw_row)` recomputes them for supervision."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

# Why an expert of the speciality was not in the pool, in the order checked
# (the first that applies is the one recorded).
ON_COMMITTEE = "on_committee"
DECLINED = "declined"
BIDDER_EMPLOYEE = "bidder_employee"
TENDERER_EMPLOYEE = "tenderer_employee"
DECLARED_TIE = "declared_tie"

REASONS: dict[str, str] = {
    ON_COMMITTEE: "已是本评标委员会成员",
    DECLINED: "已在本轮回避或拒绝到场",
    BIDDER_EMPLOYEE: "受聘于本轮投标人",
    TENDERER_EMPLOYEE: "为招标人的工作人员",
    DECLARED_TIE: "申报与本轮投标人存在利害关系（含结束未满回避年限）",
}


@dataclass(frozen=True, slots=True)
class Tie:
    party_id: int
    ended_on: date | None


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """What the eligibility check needs to know of one expert of the speciality."""

    expert_id: int
    employer_party_id: int | None = None
    employer_department_id: int | None = None
    ties: tuple[Tie, ...] = field(default_factory=tuple)


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def tie_binds(tie: Tie, on: date, tie_years: int) -> bool:
    """Whether a declared tie still excludes the expert on `on`: it has not
    ended, or it ended no more than `tie_years` years before."""
    return tie.ended_on is None or on <= years_after(tie.ended_on, tie_years)


def exclusion_reason(
    entry: PoolEntry,
    *,
    bidder_ids: set[int],
    tenderer_department_ids: set[int],
    seated_ids: set[int],
    declined_ids: set[int],
    on: date,
    tie_years: int,
) -> str | None:
    """Why `entry` may not be drawn for this round, as a reason code, or None."""
    if entry.expert_id in seated_ids:
        return ON_COMMITTEE
    if entry.expert_id in declined_ids:
        return DECLINED
    if entry.employer_party_id is not None and entry.employer_party_id in bidder_ids:
        return BIDDER_EMPLOYEE
    if (
        entry.employer_department_id is not None
        and entry.employer_department_id in tenderer_department_ids
    ):
        return TENDERER_EMPLOYEE
    if any(t.party_id in bidder_ids and tie_binds(t, on, tie_years) for t in entry.ties):
        return DECLARED_TIE
    return None


def eligible(
    entries: Iterable[PoolEntry],
    *,
    bidder_ids: set[int],
    tenderer_department_ids: set[int],
    seated_ids: set[int],
    declined_ids: set[int],
    on: date,
    tie_years: int,
) -> tuple[list[int], list[dict[str, Any]]]:
    """The pool (eligible ids, ascending) and the excluded with their reasons."""
    pool: list[int] = []
    excluded: list[dict[str, Any]] = []
    for entry in sorted(entries, key=lambda e: e.expert_id):
        reason = exclusion_reason(
            entry,
            bidder_ids=bidder_ids,
            tenderer_department_ids=tenderer_department_ids,
            seated_ids=seated_ids,
            declined_ids=declined_ids,
            on=on,
            tie_years=tie_years,
        )
        if reason is None:
            pool.append(entry.expert_id)
        else:
            excluded.append({"expert": entry.expert_id, "reason": reason})
    return pool, excluded


def pick(seed: str, pool: Sequence[int], needed: int) -> list[int]:
    """The experts a seed draws from the pool: the whole of the replayable rule."""
    # Not for secrecy: the seed is secrets.token_hex and public; the generator
    # only has to give the same experts again from it.
    return random.Random(seed).sample(list(pool), needed)  # noqa: S311


class DrawLike(Protocol):
    seed: str
    pool: Any
    needed: int
    picked: Any


@dataclass(frozen=True, slots=True)
class Replay:
    matches: bool
    recomputed: list[int]
    recorded: list[int]


def replay(draw_row: DrawLike) -> Replay:
    """Draw again from the stored seed and pool; `matches` tells whether the
    recorded pick is what that seed gives (a changed seed, pool or pick does not)."""
    recorded = [int(x) for x in draw_row.picked]
    try:
        recomputed = pick(draw_row.seed, [int(x) for x in draw_row.pool], draw_row.needed)
    except (ValueError, TypeError):  # a pool shorter than the seats it claims to fill
        return Replay(False, [], recorded)
    return Replay(recomputed == recorded, recomputed, recorded)
