"""The snapshot selector: its figures against a constructed world, the data
scope, and its cost (a fixed handful of queries, none per row)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bigscreen_world import TODAY, World

from xiaoneng.bigscreen.selectors import OVERDUE_LIMIT, TREND_DAYS, snapshot
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.supervision.levels import open_thresholds


def test_figures_for_the_whole_city(users: dict[str, User], world: World) -> None:
    data = snapshot(users["supervisor"], TODAY)
    assert data["today"] == "2026-03-18"
    assert data["scope"] == "全市"
    # Received today: the normal, the waiting, the instant and the other department's.
    assert data["kpi"]["intake_today"] == 4
    assert data["kpi"]["completed_today"] == 1  # the instant case
    assert data["levels"] == {
        "open": 5,
        "normal": 2,
        "warning": 1,
        "overdue": 1,
        "untimed": 1,
    }
    assert data["kpi"]["open"] == 5
    assert data["kpi"]["overdue"] == 1
    assert data["kpi"]["warning"] == 1


def test_overdue_list(users: dict[str, User], world: World) -> None:
    (row,) = snapshot(users["supervisor"], TODAY)["overdue"]
    assert row["item"] == "外商投资企业设立登记（测试）"
    assert row["due_on"] == "2026-03-16"
    assert row["overdue_workdays"] == 2  # 17 and 18 March
    assert row["step"] == "办结"
    assert row["tracking_no"].startswith("20260302")
    assert "applicant" not in row  # a wall screen shows no applicants


def test_trend_over_thirty_days(users: dict[str, User], world: World) -> None:
    trend = snapshot(users["supervisor"], TODAY)["trend"]
    assert len(trend["days"]) == TREND_DAYS
    assert trend["days"][0] == "2026-02-17"
    assert trend["days"][-1] == "2026-03-18"
    by_day = dict(zip(trend["days"], trend["intake"], strict=True))
    assert by_day["2026-03-02"] == 2
    assert by_day["2026-03-04"] == 1
    assert by_day["2026-03-18"] == 4
    done = dict(zip(trend["days"], trend["completed"], strict=True))
    assert done["2026-03-10"] == 1
    assert done["2026-03-18"] == 1
    assert sum(trend["completed"]) == trend["total_completed"] == 2
    assert trend["total_intake"] == 7
    rates = dict(zip(trend["days"], trend["on_time_rate"], strict=True))
    assert rates["2026-03-10"] == 100.0
    assert rates["2026-03-11"] is None
    assert trend["total_on_time_rate"] == 100.0


def test_department_ranking_of_the_month(users: dict[str, User], world: World) -> None:
    ranking = snapshot(users["supervisor"], TODAY)["ranking"]
    assert ranking["month"] == "2026年3月"
    assert ranking["completed"] == 2
    assert ranking["intake"] == 7
    first, second = ranking["rows"]
    assert first["rank"] == 1
    assert first["department"] in ("市工商局", "张掖市工商行政管理局")
    assert (first["intake"], first["completed"], first["on_time"], first["overdue"]) == (6, 2, 2, 1)
    assert first["on_time_rate"] == 100.0
    # Nothing completed yet: no rate, ranked after the departments with one.
    assert second["department"] == world.other_department
    assert (second["intake"], second["completed"], second["on_time_rate"]) == (1, 0, None)


def test_live_feed_newest_first(users: dict[str, User], world: World) -> None:
    feed = snapshot(users["supervisor"], TODAY)["feed"]
    assert feed[0]["label"] == "受理"
    assert feed[0]["department"] == world.other_department
    assert [e["id"] for e in feed] == sorted((e["id"] for e in feed), reverse=True)
    assert {"id", "kind", "label", "at", "tracking_no", "item", "department"} <= set(feed[0])


def test_department_head_sees_only_their_department(users: dict[str, User], world: World) -> None:
    data = snapshot(users["depthead"], TODAY)
    assert data["scope"] != "全市"
    assert data["kpi"]["intake_today"] == 3  # not the other department's case
    assert data["levels"]["open"] == 4
    assert data["levels"]["normal"] == 1
    assert [r["department"] for r in data["ranking"]["rows"]] != []
    assert world.other_department not in {r["department"] for r in data["ranking"]["rows"]}
    assert world.other_department not in {e["department"] for e in data["feed"]}


def test_no_scope_sees_nothing(users: dict[str, User], world: World) -> None:
    data = snapshot(users["applicant"], TODAY)  # 仅本人: no department
    assert data["levels"]["open"] == 0
    assert data["overdue"] == []
    assert data["feed"] == []
    assert data["ranking"]["rows"] == []
    assert data["trend"]["total_intake"] == 0


def test_an_empty_city(users: dict[str, User]) -> None:
    data = snapshot(users["supervisor"], date(2026, 3, 1))
    assert data["levels"]["open"] == 0
    assert data["trend"]["total_on_time_rate"] is None
    assert data["ranking"]["on_time_rate"] is None


def test_the_cost_is_a_fixed_handful_of_queries(
    users: dict[str, User], world: World, django_assert_max_num_queries: Any
) -> None:
    supervisor = users["supervisor"]
    snapshot(supervisor, TODAY)  # warm the calendar and the actor's roles
    # 13 for the cases, 3 for the efficiency figures (complaints, substantiated,
    # measures); the target figures, counted by the warm-up, come from the cache.
    # The open cases' warning thresholds are one index seek per distinct value
    # (levels.open_thresholds) where one DISTINCT was: a handful more, whatever
    # the number of cases.
    seeks = len(open_thresholds())
    assert 1 <= seeks <= 3
    with django_assert_max_num_queries(16 + seeks):
        snapshot(supervisor, TODAY)
    assert OVERDUE_LIMIT == 20


def test_ranking_follows_the_scores_rollup_when_there_is_one(
    users: dict[str, User], world: World
) -> None:
    from xiaoneng.scores.actions import rollup_month

    with travel_to(TODAY):
        rollup_month(TODAY, today=TODAY)
    rows = snapshot(users["supervisor"], TODAY)["ranking"]["rows"]
    scored = [r for r in rows if r["score"] is not None]
    assert scored, rows
    assert [r["score"] for r in scored] == sorted((r["score"] for r in scored), reverse=True)
    assert rows[: len(scored)] == scored  # scored departments first, in the score's order
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
