"""季评比 over the database: the latest VERIFIED report up to the quarter's
end only, lateness deducted, counties and city departments ranked apart;
the steps and who may take them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from appraisal_world import BUREAU, FAGAI, GANZHOU, MINLE

from xiaoneng.appraisal import actions
from xiaoneng.appraisal.computations import compute_quarter
from xiaoneng.appraisal.models import Publication, QuarterRanking
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db
D = Decimal
AFTER_Q1 = date(2026, 5, 15)


def test_the_first_quarter_ranked_by_hand(world: dict[str, Department]) -> None:
    rows = compute_quarter(2026, 1)
    got = {
        next(c for c, d in world.items() if d.pk == r.department_id): (
            r.klass,
            r.completion,
            r.late_reports,
            r.score,
            r.rank,
        )
        for r in rows
    }
    assert got == {
        MINLE: ("county", D("72.50"), 1, D("72.00"), 1),
        GANZHOU: ("county", D("67.50"), 0, D("67.50"), 2),
        BUREAU: ("city", D("92.50"), 0, D("92.50"), 1),
        FAGAI: ("city", D("35.00"), 2, D("34.00"), 2),
    }


def test_the_second_quarter_sees_the_april_report(world: dict[str, Department]) -> None:
    minle = next(r for r in compute_quarter(2026, 2) if r.department_id == world[MINLE].pk)
    # April's 100 and February's 50 %: (3 × 1 + 0.5) / 4; no late report in Q2.
    assert (minle.completion, minle.score) == (D("87.50"), D("87.50"))


def test_compute_and_publish_by_the_supervision_office(
    world: dict[str, Department], users: dict[str, User]
) -> None:
    with travel_to(AFTER_Q1):
        ranking = actions.compute_quarter_ranking(actor=users["inspector"], year=2026, quarter=1)
        assert ranking.rows.count() == 4
        again = actions.compute_quarter_ranking(actor=users["inspector"], year="2026", quarter="1")
        assert again.pk == ranking.pk
        assert again.rows.count() == 4
        actions.publish_quarter(actor=users["inspector"], ranking_id=ranking.pk)
        with pytest.raises(Conflict) as refused:
            actions.compute_quarter_ranking(actor=users["inspector"], year=2026, quarter=1)
    assert refused.value.code == "appraisal_quarter_published"
    snapshot = Publication.objects.get(kind="quarter")
    assert [(r["department"], r["klass_label"], r["rank"], r["score"]) for r in snapshot.rows] == [
        (world[MINLE].name, "县（区）", 1, "72.00"),
        (world[GANZHOU].name, "县（区）", 2, "67.50"),
        (world[BUREAU].name, "市直部门", 1, "92.50"),
        (world[FAGAI].name, "市直部门", 2, "34.00"),
    ]
    assert AuditEvent.objects.filter(event_type="appraisal.quarter_published").count() == 1


@pytest.mark.parametrize("who", ["organisation", "depthead", "mayor", "leader"])
def test_only_appraisal_manage_computes(
    world: dict[str, Department], users: dict[str, User], who: str
) -> None:
    with travel_to(AFTER_Q1), pytest.raises(PermissionDenied):
        actions.compute_quarter_ranking(actor=users[who], year=2026, quarter=1)
    assert not QuarterRanking.objects.exists()


def test_only_appraisal_manage_publishes(
    world: dict[str, Department], users: dict[str, User]
) -> None:
    with travel_to(AFTER_Q1):
        ranking = actions.compute_quarter_ranking(actor=users["inspector"], year=2026, quarter=1)
        with pytest.raises(PermissionDenied):
            actions.publish_quarter(actor=users["organisation"], ranking_id=ranking.pk)
    assert not Publication.objects.exists()


@pytest.mark.parametrize(("year", "quarter"), [("x", 1), (2026, 5), (2026, ""), (1999, 1)])
def test_bad_periods_are_refused(users: dict[str, User], year: object, quarter: object) -> None:
    with travel_to(AFTER_Q1), pytest.raises(InvalidInput) as refused:
        actions.compute_quarter_ranking(actor=users["inspector"], year=year, quarter=quarter)
    assert refused.value.code == "appraisal_period_invalid"


def test_a_quarter_not_ended_or_without_books_is_refused(
    world: dict[str, Department], users: dict[str, User]
) -> None:
    with travel_to(date(2026, 3, 31)), pytest.raises(Conflict) as early:
        actions.compute_quarter_ranking(actor=users["inspector"], year=2026, quarter=1)
    assert early.value.code == "appraisal_period_not_ended"
    with travel_to(AFTER_Q1), pytest.raises(Conflict) as empty:
        actions.compute_quarter_ranking(actor=users["inspector"], year=2025, quarter=4)
    assert empty.value.code == "appraisal_nothing_to_rank"
