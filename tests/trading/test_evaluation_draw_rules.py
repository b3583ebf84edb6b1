"""The draw's and the ranking's pure rules, property-based: a seed always
draws the same experts from the same pool, never one outside it, never one
twice; a declared tie binds until `tie_years` after its end, to the day; the
ranking keeps only the majority-qualified, best mean first, a tie to the
lower price."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.trading import draw as drawing
from xiaoneng.trading.actions.scoring import Judged, rank
from xiaoneng.trading.models import Criteria

pools = st.lists(st.integers(1, 10_000), min_size=1, max_size=40, unique=True).map(sorted)
seeds = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)


@settings(deadline=None)
@given(pool=pools, seed=seeds, data=st.data())
def test_a_seed_draws_the_same_distinct_experts_from_the_pool(
    pool: list[int], seed: str, data: st.DataObject
) -> None:
    needed = data.draw(st.integers(1, len(pool)))
    picked = drawing.pick(seed, pool, needed)
    assert picked == drawing.pick(seed, list(pool), needed)
    assert len(set(picked)) == needed
    assert set(picked) <= set(pool)


class Row:
    def __init__(self, seed: str, pool: list[int], needed: int, picked: list[int]) -> None:
        self.seed, self.pool, self.needed, self.picked = seed, pool, needed, picked


@settings(deadline=None)
@given(pool=pools.filter(lambda p: len(p) >= 3), seed=seeds, other=seeds)
def test_the_replay_tells_a_recorded_pick_from_a_changed_one(
    pool: list[int], seed: str, other: str
) -> None:
    picked = drawing.pick(seed, pool, 2)
    assert drawing.replay(Row(seed, pool, 2, picked)).matches
    if drawing.pick(other, pool, 2) != picked:
        assert not drawing.replay(Row(other, pool, 2, picked)).matches


@settings(deadline=None)
@given(
    ended=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    years=st.integers(0, 10),
    offset=st.integers(-4000, 4000),
)
def test_a_tie_binds_until_the_same_day_years_after_it_ended(
    ended: date, years: int, offset: int
) -> None:
    last = drawing.years_after(ended, years)
    on = ended + timedelta(days=offset)
    assert drawing.tie_binds(drawing.Tie(1, ended), on, years) is (on <= last)
    assert drawing.tie_binds(drawing.Tie(1, None), on, years)  # not ended: binds
    assert drawing.tie_binds(drawing.Tie(1, ended), last, years)
    assert not drawing.tie_binds(drawing.Tie(1, ended), last + timedelta(days=1), years)


def test_the_tie_of_the_demo_binds_to_30_june_2028() -> None:
    tie = drawing.Tie(1, date(2025, 6, 30))
    assert drawing.tie_binds(tie, date(2028, 6, 30), 3)
    assert not drawing.tie_binds(tie, date(2028, 7, 1), 3)
    assert drawing.years_after(date(2024, 2, 29), 3) == date(2027, 2, 28)


judged = st.builds(
    Judged,
    bid_id=st.integers(1, 10_000),
    price=st.decimals(1, 10**8, places=2),
    qualified_votes=st.integers(0, 5),
    members=st.just(5),
    totals=st.lists(st.decimals(0, 100, places=2), min_size=1, max_size=5).map(tuple),
)


@settings(deadline=None)
@given(rows=st.lists(judged, max_size=12, unique_by=lambda j: j.bid_id))
def test_the_ranking_keeps_the_majority_qualified_best_first(rows: list[Judged]) -> None:
    ranked = rank(rows, Criteria.COMPREHENSIVE)
    assert {j.bid_id for j in ranked} == {j.bid_id for j in rows if j.qualified_votes >= 3}
    for better, worse in pairwise(ranked):
        assert (better.mean or 0) >= (worse.mean or 0)
        if better.mean == worse.mean:
            assert better.price <= worse.price
    cheapest = rank(rows, Criteria.LOWEST_PRICE)
    assert [j.price for j in cheapest] == sorted(j.price for j in cheapest)


def test_a_tie_on_the_mean_goes_to_the_lower_price() -> None:
    one = Judged(1, Decimal("8250000"), 5, 5, (Decimal(92), Decimal(88)))
    two = Judged(2, Decimal("8100000"), 5, 5, (Decimal(90), Decimal(90)))
    minority = Judged(3, Decimal("1"), 2, 5, (Decimal(100),))
    assert [j.bid_id for j in rank([one, two, minority], Criteria.COMPREHENSIVE)] == [2, 1]
