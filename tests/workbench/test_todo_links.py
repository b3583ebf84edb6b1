"""Each role's 今日待办 (and the leaders' 驾驶舱) on a city with three months
of history and a busy morning at 市工商局, played through the real actions:
every count links to a list, and that list holds exactly the rows counted."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from todo_world import desk_morning
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.demo.history.generator import generate
from xiaoneng.org.models import User

END = date(2026, 10, 30)  # a Friday; the history ends that day
TILE = re.compile(
    r'<a class="xn-todo[^"]*" href="([^"]+)" data-todo="([^"]+)">.*?'
    r"<strong data-todo-count>(\d+)</strong>",
    re.S,
)
# The desks' sections a link may point into, and the context list each shows.
SECTIONS = {"approvals-title": "approvals", "opinions-title": "opinions"}


@pytest.fixture
def city(demo_city: None) -> None:
    load_demo_catalog(User.objects.get(username="admin"))
    summary = generate(
        cases=40,
        months=3,
        seed=7,
        end=END,
        efficiency=False,
        targets=False,
        discipline=False,
        openness=False,
        enforcement=False,
        trading=False,
        office=False,
    )
    assert not summary.failures
    desk_morning(END)


def _signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def _tiles(html: str) -> dict[str, tuple[str, int]]:
    return {label: (url.replace("&amp;", "&"), int(n)) for url, label, n in TILE.findall(html)}


def _rows_of(client: Client, url: str) -> int:
    """How many rows the linked list holds: the paginated list's total, or
    the length of the desk section the link points into."""
    parts = urlsplit(url)
    response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert response.status_code == 200, url
    if parts.fragment:
        return len(response.context[SECTIONS[parts.fragment]])
    return int(response.context["page_obj"].paginator.count)


ROLES = {
    "window": {"收件待受理", "补正后待受理", "待送达", "差评整改"},
    "reviewer": {"待审查办件", "会签意见待出具", "差评整改"},
    "depthead": {
        "待审查决定",
        "延期待批准",
        "会签意见待出具",
        "未消除黄红牌",
        "督办纠错待答复",
        "异常待说明",
        "差评整改",
    },
    "supervisor": {"未消除红牌", "督办纠错待答复", "异常待审核", "异常待说明"},
    "leader": {"超期在办件", "未消除黄红牌", "延期待批准"},
    "mayor": {"超期在办件", "未消除黄红牌", "延期待批准"},
}


@pytest.mark.django_db
def test_every_count_equals_the_rows_of_its_list(city: None) -> None:
    seen: dict[str, int] = {}
    with travel_to(END):
        for username, labels in ROLES.items():
            client = _signed_in(username)
            tiles = _tiles(client.get("/workbench/").content.decode())
            assert set(tiles) == labels, username
            for label, (url, count) in tiles.items():
                assert _rows_of(client, url) == count, f"{username}: {label} → {url}"
                seen[f"{username}:{label}"] = count
    # The history leaves work on the desks: the comparison above is not 0 == 0 only.
    assert sum(seen.values()) > 20, seen
    busy = ("待审查决定", "延期待批准", "未消除黄红牌", "督办纠错待答复", "差评整改")
    assert all(seen[f"depthead:{label}"] for label in busy), seen
    assert seen["supervisor:未消除红牌"] or seen["supervisor:督办纠错待答复"], seen
    assert seen["mayor:延期待批准"], seen
    assert seen["leader:延期待批准"], seen
    assert all(seen[f"window:{label}"] for label in ROLES["window"]), seen


@pytest.mark.django_db
def test_the_leaders_and_the_mayors_cockpit(city: None, django_assert_max_num_queries: Any) -> None:
    """One world for the three (it takes a history to build): the leader's
    cockpit, the mayor's page in words, and the page's bounded queries."""
    _the_leaders_cockpit()
    _the_mayor_sees_results_not_audit_codes()
    _the_workbench_reads_in_a_bounded_number_of_queries(django_assert_max_num_queries)


def _the_leaders_cockpit() -> None:
    with travel_to(END):
        client = _signed_in("leader")
        response = client.get("/workbench/")
        html = response.content.decode()
        cockpit = response.context["bench"].cockpit
        assert "驾驶舱" in html
        assert "分管部门效能" in html
        names = [line.department.name for line in cockpit.lines]
        assert "张掖市工商行政管理局" in names or any("工商" in n for n in names)
        # Per department, the overdue count and the cards open the supervision lists' rows.
        for line in cockpit.lines:
            assert _rows_of(client, line.overdue_url) == line.overdue
            assert _rows_of(client, line.cards_url) == line.yellow + line.red
        # The ranking of the latest published month, and its move since the month before.
        ranked = [line for line in cockpit.lines if line.standing and line.standing.rank]
        assert ranked, "the history publishes monthly rankings"
        assert all(line.trend != "—" for line in ranked if line.standing.previous)
        assert cockpit.ranking_label == "2026年8月"
        # The month's figures say when they were rolled up (数据截至).
        assert cockpit.as_of is not None
        assert "数据截至" in html
    # Results, not staff counts or the audit trail.
    for text in ("可见工作人员", "在编人员", "最新审计事件"):
        assert text not in html


def _the_mayor_sees_results_not_audit_codes() -> None:
    with travel_to(END):
        html = _signed_in("mayor").get("/workbench/").content.decode()
    assert "驾驶舱" in html
    assert not re.search(r"\b[a-z]+\.[a-z_]+\b", _visible_text(html)), "raw event codes"
    for text in ("可见工作人员", "最新审计事件", "市直部门</div>"):
        assert text not in html


def _visible_text(html: str) -> str:
    """The text of <main> without tags, scripts or attribute values."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


def _the_workbench_reads_in_a_bounded_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    """No query per department or per list row: the mayor's cockpit covers
    every city department."""
    client = _signed_in("mayor")
    with travel_to(END), django_assert_max_num_queries(60):
        assert client.get("/workbench/").status_code == 200
