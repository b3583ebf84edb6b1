"""The quarterly comparison as a pure function (appraisal/quarter.py): weighted
completion, lateness, two classes. No database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.appraisal.quarter import TaskFigures, rank_quarter

D = Decimal


def task(
    dept: int, weight: str, value: str | None, target: str = "100", **kw: object
) -> TaskFigures:
    fields: dict[str, object] = {
        "department_id": dept,
        "weight": D(weight),
        "standard_kind": "quantitative",
        "baseline": D(0),
        "target_value": D(target),
        "value": None if value is None else D(value),
        "percent": None,
        "done": False,
        **kw,
    }
    return TaskFigures(**fields)  # type: ignore[arg-type]


def test_weighted_completion_by_hand() -> None:
    """Unit 1: weight 3 at 50 % and weight 1 qualitative at 80 %:
    (3 × 0.5 + 1 × 0.8) / 4 = 57.50; two late reports at 0.5 → 56.50."""
    tasks = [
        task(1, "3", "50"),
        task(1, "1", None, standard_kind="qualitative", target_value=None, percent=80),
    ]
    (row,) = rank_quarter(tasks, {1: 2}, {1: "city"}, D("0.5"))
    assert (row.tasks, row.completion, row.late_reports, row.deducted, row.score, row.rank) == (
        2,
        D("57.50"),
        2,
        D("1.00"),
        D("56.50"),
        1,
    )


def test_a_task_done_by_the_quarter_end_is_complete() -> None:
    (row,) = rank_quarter([task(1, "2", None, done=True)], {}, {1: "county"}, D("0.5"))
    assert row.completion == D("100.00")


def test_two_classes_are_ranked_apart() -> None:
    tasks = [task(1, "1", "90"), task(2, "1", "70"), task(3, "1", "80"), task(4, "1", "80")]
    classes = {1: "county", 2: "county", 3: "city", 4: "city"}
    rows = rank_quarter(tasks, {4: 1}, classes, D("0.5"))
    assert [(r.klass, r.department_id, r.rank) for r in rows] == [
        ("county", 1, 1),
        ("county", 2, 2),
        ("city", 3, 1),
        ("city", 4, 2),  # 80 less half a point for its late report
    ]


def test_lateness_never_takes_a_score_below_zero() -> None:
    (row,) = rank_quarter([task(1, "1", "1")], {1: 9}, {1: "city"}, D("0.5"))
    assert row.score == D(0)


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 6),
            st.integers(1, 20),
            st.none() | st.integers(-50, 150),
            st.booleans(),
        ),
        min_size=1,
        max_size=40,
    ),
    st.dictionaries(st.integers(1, 6), st.integers(0, 8)),
)
def test_scores_stay_within_0_100_and_ranks_follow_scores(
    raw: list[tuple[int, int, int | None, bool]], late: dict[int, int]
) -> None:
    tasks = [task(d, str(w), None if v is None else str(v), done=done) for d, w, v, done in raw]
    classes = {d: ("county" if d % 2 else "city") for d in range(1, 7)}
    rows = rank_quarter(tasks, late, classes, D("0.5"))
    assert {r.department_id for r in rows} == {t.department_id for t in tasks}
    for r in rows:
        assert D(0) <= r.score <= r.completion <= D(100)
        for other in rows:
            if other.klass == r.klass and other.score > r.score:
                assert other.rank < r.rank
