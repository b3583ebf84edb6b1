"""The year-end formula (appraisal/formula.py): one unit recomputed by hand,
and its properties with hypothesis. Pure: no database."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.appraisal.formula import (
    EXCELLENT,
    FAILING,
    GOOD,
    PASSING,
    Bands,
    Rules,
    UnitInputs,
    band_grade,
    evaluate,
    quota_of,
    total_score,
    weighted_score,
)

D = Decimal
RULES = Rules()  # targets 60 / efficiency 40; 90 / 80 / 60; quota 30 %
ORDER = {FAILING: 0, PASSING: 1, GOOD: 2, EXCELLENT: 3}


def test_a_unit_recomputed_by_hand() -> None:
    """市发改委: targets 92.50, efficiency 88.40; 2 substantiated complaints at
    2 points, 1.5 points of accountability, 3.5 of inspection findings.
    0.6 × 92.50 + 0.4 × 88.40 = 55.50 + 35.36 = 90.86. The complaints and the
    accountability points are already inside the monthly efficiency score, so
    only the inspection's 3.5 comes off: 87.36."""
    unit = UnitInputs(
        department_id=2,
        klass="city",
        scores={"targets": D("92.50"), "efficiency": D("88.40")},
        deductions={"complaints": D(4), "accountability": D("1.5"), "inspection": D("3.5")},
    )
    weighted, deducted, total = total_score(unit, RULES)
    assert weighted == D("90.86")
    assert deducted == D("3.50")
    assert total == D("87.36")
    (result,) = evaluate([unit], RULES)
    assert (result.rank, result.band, result.grade) == (1, GOOD, GOOD)


def test_a_county_without_an_efficiency_score_has_complaints_deducted_here() -> None:
    """民乐县: targets 95.00 only (weighs 100 %); 1 substantiated complaint (2),
    2 accountability points, 0.5 inspection: 95 − 2 − 2 − 0.5 = 90.50."""
    county = UnitInputs(
        department_id=3,
        klass="county",
        scores={"targets": D("95.00"), "efficiency": None},
        deductions={"complaints": D(2), "accountability": D(2), "inspection": D("0.5")},
    )
    assert total_score(county, RULES) == (D("95.00"), D("4.50"), D("90.50"))


def test_a_missing_part_renormalises_the_weights() -> None:
    """民乐县 has no approval items: no efficiency score, so targets weigh 100 %."""
    county = UnitInputs(3, "county", {"targets": D("91.25"), "efficiency": None})
    assert total_score(county, RULES)[2] == D("91.25")
    # And with 50/30/20 over three parts, one missing: 50/(50+20), 20/(50+20).
    weights = {"targets": D(50), "efficiency": D(30), "satisfaction": D(20)}
    scores = {"targets": D(80), "efficiency": None, "satisfaction": D(100)}
    assert weighted_score(scores, weights) == (D(50) * 80 + D(20) * 100) / 70


def test_nothing_present_scores_zero_less_nothing() -> None:
    unit = UnitInputs(4, "city", {"targets": None, "efficiency": None}, {"inspection": D(3)})
    assert total_score(unit, RULES) == (None, D("3.00"), D("0.00"))


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("90", EXCELLENT),
        ("89.99", GOOD),
        ("80", GOOD),
        ("79.99", PASSING),
        ("60", PASSING),
        ("59.99", FAILING),
        ("0", FAILING),
    ],
)
def test_bands_are_inclusive_lower_bounds(total: str, grade: str) -> None:
    assert band_grade(D(total), Bands()) == grade


def test_the_quota_drops_the_rest_to_good_by_rank() -> None:
    """Ten city departments, seven above 90: 30 % of 10 = 3 are 优秀."""
    totals = [99, 98, 97, 96, 95, 94, 91, 85, 70, 50]
    units = [UnitInputs(i, "city", {"targets": D(t)}) for i, t in enumerate(totals, 1)]
    grades = [(r.department_id, r.grade) for r in evaluate(units, RULES)]
    assert grades[:4] == [(1, EXCELLENT), (2, EXCELLENT), (3, EXCELLENT), (4, GOOD)]
    assert [g for _, g in grades[4:]] == [GOOD, GOOD, GOOD, GOOD, PASSING, FAILING]


def test_classes_are_ranked_and_quota_d_apart() -> None:
    counties = [UnitInputs(i, "county", {"targets": D(95)}) for i in (1, 2, 3, 4)]
    city = [UnitInputs(i, "city", {"targets": D(80 + i)}) for i in range(10, 17)]
    results = {r.department_id: r for r in evaluate(counties + city, RULES)}
    # Four tied counties: a quota of one cannot take a four-way tie.
    assert {results[i].grade for i in (1, 2, 3, 4)} == {GOOD}
    assert {results[i].rank for i in (1, 2, 3, 4)} == {1}
    # Seven city departments (quota 2): 96 and 95 are 优秀, 94 is not.
    assert [results[i].grade for i in (16, 15, 14)] == [EXCELLENT, EXCELLENT, GOOD]
    assert results[16].rank == 1
    assert results[10].rank == 7


def test_quota_rounds_down() -> None:
    assert [quota_of(n, 30) for n in (1, 3, 4, 6, 7, 10, 100)] == [0, 0, 1, 1, 2, 3, 30]


# --- properties -----------------------------------------------------------------------------

# Few distinct values make ties (the quota's hard case) common.
scores = (
    st.none()
    | st.sampled_from(["0", "59.99", "60", "80", "90", "95", "100"]).map(D)
    | st.decimals(min_value=0, max_value=100, places=2)
)
points = st.sampled_from([D(0), D(0), D(5)]) | st.decimals(min_value=0, max_value=30, places=1)


@st.composite
def units(draw: st.DrawFn) -> list[UnitInputs]:
    n = draw(st.integers(min_value=1, max_value=25))
    return [
        UnitInputs(
            department_id=i,
            klass=draw(st.sampled_from(["county", "city"])),
            scores={"targets": draw(scores), "efficiency": draw(scores)},
            deductions={"complaints": draw(points), "inspection": draw(points)},
        )
        for i in range(n)
    ]


rules = st.builds(
    Rules,
    weights=st.fixed_dictionaries(
        {"targets": st.integers(1, 100).map(D), "efficiency": st.integers(0, 100).map(D)}
    ),
    excellent_quota_pct=st.integers(0, 100),
)


@settings(deadline=None)
@given(units(), rules)
def test_totals_stay_between_zero_and_the_best_part(world: list[UnitInputs], r: Rules) -> None:
    for unit in world:
        weighted, deducted, total = total_score(unit, r)
        present = [s for s in unit.scores.values() if s is not None]
        assert D(0) <= total <= D(100)
        if weighted is not None:
            assert min(present) - D("0.01") <= weighted <= max(present) + D("0.01")
            assert total == max(D(0), (weighted - deducted).quantize(D("0.01"), ROUND_HALF_UP))
        # Complaints come off only where no efficiency score already holds them.
        counted = D(0) if unit.scores["efficiency"] is not None else unit.deductions["complaints"]
        assert deducted == (counted + unit.deductions["inspection"]).quantize(D("0.01"))


@settings(deadline=None)
@given(units(), rules)
def test_no_class_has_more_excellent_than_its_quota(world: list[UnitInputs], r: Rules) -> None:
    results = evaluate(world, r)
    for klass in ("county", "city"):
        members = [x for x in results if x.klass == klass]
        excellent = [x for x in members if x.grade == EXCELLENT]
        assert len(excellent) <= quota_of(len(members), r.excellent_quota_pct)


@settings(deadline=None)
@given(units(), rules)
def test_a_better_total_never_earns_a_worse_grade(world: list[UnitInputs], r: Rules) -> None:
    results = evaluate(world, r)
    for a in results:
        for b in results:
            if a.klass == b.klass and a.total >= b.total:
                assert ORDER[a.grade] >= ORDER[b.grade]
                assert a.rank <= b.rank
            # The quota only ever lowers 优秀 to 良好.
        assert a.grade == a.band or (a.band, a.grade) == (EXCELLENT, GOOD)


@settings(deadline=None)
@given(units(), rules)
def test_every_unit_is_graded_once(world: list[UnitInputs], r: Rules) -> None:
    results = evaluate(world, r)
    assert sorted(x.department_id for x in results) == [u.department_id for u in world]


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(["85", "90", "95", "100"]).map(D), min_size=1, max_size=20),
    st.integers(0, 100),
)
def test_ties_never_break_the_quota(totals: list[Decimal], quota: int) -> None:
    world = [UnitInputs(i, "city", {"targets": t}) for i, t in enumerate(totals)]
    results = evaluate(world, Rules(excellent_quota_pct=quota))
    assert sum(r.grade == EXCELLENT for r in results) <= quota_of(len(totals), quota)
    for a in results:
        assert {b.grade for b in results if b.total == a.total} == {a.grade}
