"""The screen and its JSON endpoint: who may open them, the JSON shape,
conditional requests, the shared one-second cache, and the navigation entry."""

from __future__ import annotations

from typing import Any

import pytest
from bigscreen_world import TODAY, World
from django.contrib.staticfiles import finders
from django.core.cache import cache

from xiaoneng.bigscreen import views
from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.authority import departments_in_scope
from xiaoneng.org.models import User
from xiaoneng.web.navigation import menu_for

SNAPSHOT = "/bigscreen/snapshot.json"
SCREEN = "/bigscreen/"


@pytest.fixture
def as_user(client: Any, login: Any) -> Any:
    def sign_in(username: str) -> Any:
        client.logout()
        return login(username)

    return sign_in


def _get(client: Any, path: str, **headers: str) -> Any:
    with travel_to(TODAY):
        return client.get(path, headers=headers)


def test_json_shape(as_user: Any, world: World) -> None:
    response = _get(as_user("supervisor"), SNAPSHOT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    # The view's own directives, plus no-store on every signed-in response (system.headers).
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"private", "no-cache", "no-store"}
    data = response.json()
    assert set(data) == {
        "today",
        "scope",
        "kpi",
        "levels",
        "overdue",
        "trend",
        "ranking",
        "feed",
        "efficiency",
        "targets",
    }
    assert set(data["efficiency"]) == {
        "complaints_received",
        "complaints_concluded",
        "complaints_substantiated",
        "measures_year",
    }
    assert set(data["kpi"]) == {
        "intake_today",
        "completed_today",
        "open",
        "overdue",
        "warning",
        "on_time_rate_30d",
    }
    assert set(data["levels"]) == {"open", "normal", "warning", "overdue", "untimed"}
    assert set(data["overdue"][0]) == {
        "tracking_no",
        "item",
        "department",
        "step",
        "due_on",
        "overdue_workdays",
    }
    assert {"days", "intake", "completed", "on_time", "on_time_rate"} <= set(data["trend"])
    assert {"month", "rows", "completed", "intake", "on_time_rate"} <= set(data["ranking"])
    assert set(data["ranking"]["rows"][0]) == {
        "rank",
        "department",
        "intake",
        "completed",
        "on_time",
        "overdue",
        "on_time_rate",
        "score",
    }
    assert data["kpi"]["intake_today"] == 4


def test_unchanged_snapshot_answers_304(as_user: Any, world: World) -> None:
    client = as_user("supervisor")
    first = _get(client, SNAPSHOT)
    etag = first["ETag"]
    again = _get(client, SNAPSHOT, if_none_match=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""


def test_a_new_case_changes_the_snapshot_once_the_second_is_over(
    as_user: Any, users: dict[str, User], world: World, promise_item: Any
) -> None:
    client = as_user("supervisor")
    first = _get(client, SNAPSHOT)
    with travel_to(TODAY):
        actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="新收件有限公司"
        )
    # Within the second the shared cache answers (many screens, one snapshot) …
    assert _get(client, SNAPSHOT).json()["kpi"]["intake_today"] == 4
    cache.clear()  # … the second is over
    later = _get(client, SNAPSHOT, if_none_match=first["ETag"])
    assert later.status_code == 200
    assert later["ETag"] != first["ETag"]
    assert later.json()["kpi"]["intake_today"] == 5


def test_same_scope_shares_the_cached_snapshot(as_user: Any, world: World) -> None:
    a = _get(as_user("supervisor"), SNAPSHOT)
    b = _get(as_user("inspector"), SNAPSHOT)  # another role, the same 全部 scope
    assert a["ETag"] == b["ETag"]


@pytest.mark.parametrize("username", ["window", "reviewer", "depthead", "agent", "applicant"])
def test_permission_denied(as_user: Any, world: World, username: str) -> None:
    client = as_user(username)
    response = _get(client, SNAPSHOT)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _get(client, SCREEN).status_code == 403


def test_anonymous(client: Any, world: World) -> None:
    response = _get(client, SNAPSHOT)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    page = _get(client, SCREEN)
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]


def test_leader_sees_their_portfolio_only(
    as_user: Any, users: dict[str, User], world: World
) -> None:
    portfolio = departments_in_scope(users["leader"])
    assert portfolio is not None
    expected = Case.objects.filter(is_open=True, department_id__in=portfolio).count()
    data = _get(as_user("leader"), SNAPSHOT).json()
    assert data["scope"] != "全市"
    assert data["levels"]["open"] == expected
    assert expected < _get(as_user("supervisor"), SNAPSHOT).json()["levels"]["open"]


def test_the_page(as_user: Any, world: World) -> None:
    page = _get(as_user("supervisor"), SCREEN)
    assert page.status_code == 200
    html = page.content.decode()
    assert "张掖市电子监察中心" in html
    assert 'id="bs-initial"' in html  # the first paint needs no request
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert "图表组件（ECharts）未安装" not in html
    assert "cdn" not in html.lower()
    assert "https://" not in html


def test_the_page_without_echarts_says_so(
    as_user: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find = finders.find
    monkeypatch.setattr(
        views.finders,
        "find",
        lambda path, *a, **kw: None if path == views.ECHARTS else real_find(path, *a, **kw),
    )
    html = _get(as_user("supervisor"), SCREEN).content.decode()
    assert "图表组件（ECharts）未安装，图表暂以表格显示" in html
    assert "echarts.min.js" not in html


def test_echarts_is_served_locally(as_user: Any, world: World) -> None:
    if finders.find(views.ECHARTS) is None:
        pytest.skip("node_modules/echarts is not installed (npm ci)")
    response = _get(as_user("supervisor"), "/static/vendor/echarts/echarts.min.js")
    try:
        assert response.status_code == 200
        assert b"echarts" in b"".join(response.streaming_content)[:2000]
    finally:
        response.close()


def test_navigation_entry(users: dict[str, User]) -> None:
    def entries(username: str) -> list[dict[str, Any]]:
        return [
            item
            for group in menu_for(users[username])
            for item in group["items"]
            if item["label"] == "电子监察大屏"
        ]

    (entry,) = entries("supervisor")
    assert entry["url"] == SCREEN
    assert entry["new_tab"] is True
    assert entries("window") == []
