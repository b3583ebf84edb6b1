"""The demo history of appraisal plays after the targets' story through the
real actions: bulletins issued, the first quarter ranked and published with
the task board, and nothing refused."""

from __future__ import annotations

from datetime import date
from functools import partial

from appraisal_world import BUREAU, FAGAI, MINLE

from xiaoneng.appraisal.models import Bulletin, Publication, QuarterRanking, Reward, YearResult
from xiaoneng.demo.history.appraisal import _Player, play_appraisal
from xiaoneng.demo.history.days import drain
from xiaoneng.demo.history.targets import play_targets
from xiaoneng.org.models import Department


def test_the_story_plays_without_refusals(demo_city: None) -> None:
    said: list[str] = []
    span = {"seed": 7, "start": date(2026, 1, 5), "end": date(2026, 5, 29), "say": said.append}
    play_targets(**span)
    counts = play_appraisal(**span)
    assert "refused" not in counts, said
    assert set(Bulletin.objects.values_list("month", "status")) == {
        (m, "issued") for m in (1, 2, 3, 4)
    }
    assert list(QuarterRanking.objects.values_list("quarter", "status")) == [(1, "published")]
    assert {p.kind for p in Publication.objects.all()} == {"quarter", "tasks"}
    ranking = QuarterRanking.objects.get()
    assert ranking.rows.filter(klass="county").count() == 6
    assert ranking.rows.filter(klass="city").count() == 8
    assert said[-1].startswith("考核评比：")


def test_the_year_end_of_the_story(world: dict[str, Department]) -> None:
    """The year-end step of the story on the four books of appraisal_world:
    computed, approved, published; the best of each class rewarded and the
    unit graded 不合格 (市发改委, 34.00) penalised."""
    said: list[str] = []
    player = _Player(date(2027, 3, 1), said.append)
    player.on(date(2027, 1, 15), partial(player.year, 2026))
    drain(player.days(date(2027, 1, 1)))
    assert "refused" not in player.counts, said
    result = YearResult.objects.get(year=2026)
    assert result.status == "published"
    kinds = {
        (r.row.department.code, r.kind) for r in Reward.objects.select_related("row__department")
    }
    assert kinds == {(MINLE, "reward"), (BUREAU, "reward"), (FAGAI, "penalty")}
