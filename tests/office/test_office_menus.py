"""Every account that works in daily government work reaches each page its
menu's 文风会风与值班 group offers, and lands on a workbench whose 待办 counts
link to those desks."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.org.models import User
from xiaoneng.web.navigation import menu_for

UNIT = {"发文办理", "信息报送", "会议", "节假日值班", "突发事件", "一线工作"}
LEADER = {"待审批公文", "发文统计", "会议审批", "会议出勤统计", "请假审批", "突发事件", "一线工作"}
ACCOUNTS = {
    "office": UNIT,
    "depthead": UNIT | {"离张请假"},
    "minle": UNIT | {"离张请假"},
    "leader": LEADER,
    "mayor": LEADER,
    "zhengfuban": {
        "发文办理",
        "发文统计",
        "报送日历",
        "会议",
        "会议报批",
        "会议出勤统计",
        "节假日值班",
        "值班查岗",
        "离张报备情况",
        "突发事件",
        "一线工作",
    },
    "supervisor": {"发文统计", "会议出勤统计", "值班查岗", "离张报备情况", "突发事件", "一线工作"},
    "window": set(),
}


def office_items(user: User) -> dict[str, str]:
    groups = [g for g in menu_for(user) if g["label"] == "文风会风与值班"]
    return {item["label"]: item["url"] for g in groups for item in g["items"]}


@pytest.mark.parametrize(("username", "labels"), sorted(ACCOUNTS.items()))
def test_each_account_reaches_its_office_pages(
    username: str, labels: set[str], office_world: dict[str, User], login: Any
) -> None:
    items = office_items(office_world[username])
    assert set(items) == labels
    client = login(username)
    for label, url in items.items():
        response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)


def test_the_workbench_counts_link_to_the_desks(office_world: dict[str, User], login: Any) -> None:
    response = login("depthead").get("/workbench/")
    text = response.content.decode()
    for label, href in (("待签发公文", "/office/documents/"), ("近期应报送", "/office/reports/")):
        assert label in text, label
        assert f'href="{href}"' in text, href
    leader = login("leader").get("/workbench/").content.decode()
    assert "待审批公文" in leader
    assert 'href="/office/documents/leader/"' in leader
