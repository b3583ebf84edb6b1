"""年终考核 over the database: the parts gathered (targets as of 31 December,
the published efficiency scores, inspection points), renormalised weights,
the quota per class, approval and publication, 兑现; and who may do what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from appraisal_world import BUREAU, FAGAI, GANZHOU, MINLE

from worlds import accepted_case
from xiaoneng.appraisal import actions
from xiaoneng.appraisal.models import Publication, YearResult
from xiaoneng.appraisal.selectors import results_for
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.scores.actions import publish_ranking
from xiaoneng.scores.models import RankingEntry

pytestmark = pytest.mark.django_db
D = Decimal
NEXT_YEAR = date(2027, 1, 20)


@pytest.fixture
def inspected(world: dict[str, Department], users: dict[str, User]) -> dict[str, Department]:
    """市发改委 loses 2 points at the half-year inspection."""
    with travel_to(date(2026, 7, 10)):
        inspection = actions.create_inspection(
            actor=users["inspector"],
            year=2026,
            half=1,
            team="市政府督查室第一检查组",
            started_on=date(2026, 7, 1),
            ended_on=date(2026, 7, 10),
        )
        actions.record_inspection_finding(
            actor=users["inspector"],
            inspection_id=inspection.pk,
            department_id=world[FAGAI].pk,
            text="重点项目台账不全",
            points="2",
        )
    return world


def computed(users: dict[str, User]) -> YearResult:
    with travel_to(NEXT_YEAR):
        return actions.compute_year(actor=users["inspector"], year=2026)


def by_code(result: YearResult, world: dict[str, Department]) -> dict[str, tuple[object, ...]]:
    codes = {d.pk: c for c, d in world.items()}
    return {
        codes[r.department_id]: (r.targets, r.efficiency, r.inspection, r.total, r.rank, r.grade)
        for r in result.rows.all()
    }


def test_the_year_computed_by_hand(
    inspected: dict[str, Department], users: dict[str, User]
) -> None:
    """Targets as of 31 December (April's 100 counts now), late reports of the
    whole year; no efficiency score anywhere, so targets weigh 100 %.
    市工商局 92.50 is 优秀 by its band, but 30 % of two units is none: 良好."""
    result = computed(users)
    assert by_code(result, inspected) == {
        MINLE: (D("87.00"), None, D("0.00"), D("87.00"), 1, "good"),
        GANZHOU: (D("67.50"), None, D("0.00"), D("67.50"), 2, "passing"),
        BUREAU: (D("92.50"), None, D("0.00"), D("92.50"), 1, "good"),
        FAGAI: (D("34.00"), None, D("2.00"), D("32.00"), 2, "failing"),
    }
    assert result.rows.get(department=inspected[BUREAU]).band == "excellent"
    assert result.rules["weights"] == {"targets": "60", "efficiency": "40"}


def test_published_efficiency_scores_weigh_40_percent(
    world: dict[str, Department], users: dict[str, User], promise_item: ApprovalItem
) -> None:
    """市工商局 had a case in March 2026 and March's ranking was published:
    0.6 × 92.50 + 0.4 × its published score."""
    accepted_case(users["window"], promise_item, date(2026, 3, 2))
    with travel_to(date(2026, 4, 3)):
        publish_ranking(actor=users["supervisor"], month=date(2026, 3, 1))
    score = RankingEntry.objects.get(department=world[BUREAU]).score
    row = computed(users).rows.get(department=world[BUREAU])
    assert row.efficiency == score
    expected = (D("0.6") * D("92.50") + D("0.4") * score).quantize(D("0.01"))
    assert (row.weighted, row.total) == (expected, expected)


def test_approve_publish_and_reward(
    inspected: dict[str, Department], users: dict[str, User]
) -> None:
    result = computed(users)
    inspector, organisation = users["inspector"], users["organisation"]
    # A draft is the 督查室's: the organisation department does not see it yet.
    assert not results_for(organisation).exists()
    with travel_to(NEXT_YEAR), pytest.raises(Conflict) as early:
        actions.record_reward(
            actor=organisation,
            result_id=result.pk,
            department_id=inspected[MINLE].pk,
            kind="reward",
            text="通报表扬",
        )
    assert early.value.code == "appraisal_year_not_approved"
    with travel_to(NEXT_YEAR), pytest.raises(PermissionDenied):
        actions.approve_year(actor=organisation, result_id=result.pk)
    with travel_to(NEXT_YEAR):
        with pytest.raises(Conflict) as unapproved:
            actions.publish_year(actor=inspector, result_id=result.pk)
        actions.approve_year(actor=inspector, result_id=result.pk)
        with pytest.raises(Conflict) as frozen:
            actions.compute_year(actor=inspector, year=2026)
        assert list(results_for(organisation)) == [result]
        with pytest.raises(PermissionDenied):
            actions.publish_year(actor=organisation, result_id=result.pk)
        actions.publish_year(actor=inspector, result_id=result.pk)
        reward = actions.record_reward(
            actor=organisation,
            result_id=result.pk,
            department_id=inspected[MINLE].pk,
            kind="reward",
            text="通报表扬，奖励工作经费5万元",
            document="张政发〔2027〕3号",
        )
    assert unapproved.value.code == "appraisal_year_not_approved"
    assert frozen.value.code == "appraisal_year_not_draft"
    assert reward.row.department == inspected[MINLE]
    snapshot = Publication.objects.get(kind="year")
    assert {r["department"]: r["grade_label"] for r in snapshot.rows}[
        inspected[FAGAI].name
    ] == "不合格"
    assert all(set(r) >= {"department", "rank", "total", "grade"} for r in snapshot.rows)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("kind", "bonus", "appraisal_reward_kind_invalid"),
        ("text", "  ", "appraisal_reward_text_required"),
        ("department_id", "x", "appraisal_row_not_found"),
    ],
)
def test_bad_rewards_are_refused(
    inspected: dict[str, Department], users: dict[str, User], field: str, value: str, code: str
) -> None:
    result = computed(users)
    with travel_to(NEXT_YEAR):
        actions.approve_year(actor=users["inspector"], result_id=result.pk)
        fields = {
            "department_id": inspected[MINLE].pk,
            "kind": "penalty",
            "text": "约谈",
            field: value,
        }
        with pytest.raises(InvalidInput) as refused:
            actions.record_reward(actor=users["organisation"], result_id=result.pk, **fields)
    assert refused.value.code == code


@pytest.mark.parametrize("who", ["organisation", "mayor", "depthead", "supervisor"])
def test_only_the_supervision_office_computes_the_year(
    world: dict[str, Department], users: dict[str, User], who: str
) -> None:
    with travel_to(NEXT_YEAR), pytest.raises(PermissionDenied):
        actions.compute_year(actor=users[who], year=2026)


def test_the_year_must_be_over_and_rows_must_exist(
    world: dict[str, Department], users: dict[str, User]
) -> None:
    with travel_to(date(2026, 12, 31)), pytest.raises(Conflict) as early:
        actions.compute_year(actor=users["inspector"], year=2026)
    assert early.value.code == "appraisal_period_not_ended"
    with travel_to(NEXT_YEAR), pytest.raises(NotFound):
        actions.approve_year(actor=users["inspector"], result_id=999)


GOOD_POINTS = ["0", "2.5", "100"]
BAD_POINTS = ["-1", "1.234", "abc", "101", "NaN", ""]


@pytest.mark.parametrize("points", GOOD_POINTS + BAD_POINTS)
def test_inspection_points_are_checked(
    world: dict[str, Department], users: dict[str, User], points: str
) -> None:
    with travel_to(date(2026, 7, 10)):
        inspection = actions.create_inspection(
            actor=users["inspector"],
            year=2026,
            half=1,
            team="第一检查组",
            started_on=date(2026, 7, 1),
            ended_on=date(2026, 7, 10),
        )
        record = {
            "actor": users["inspector"],
            "inspection_id": inspection.pk,
            "department_id": world[MINLE].pk,
            "text": "台账不全",
            "points": points,
        }
        if points in GOOD_POINTS:
            assert actions.record_inspection_finding(**record).points == Decimal(points)
            return
        with pytest.raises(InvalidInput) as refused:
            actions.record_inspection_finding(**record)
    assert refused.value.code == "appraisal_points_invalid"
