"""Every trading account lands on its workbench and reaches each page its menu
offers: the menu's 公共资源交易 group is what a new user clicks first."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.org.models import User
from xiaoneng.web.navigation import menu_for

ACCOUNTS = {
    "jiaoyi": {"交易项目", "交易中心工作台", "场地预约", "评标专家库", "交易主体"},
    "zhujian": {"交易项目", "行业监管", "交易投诉处理"},
    "zhaobiao": {"交易项目", "项目进场登记", "异议答复"},
    "daili": {"交易项目", "项目进场登记", "异议答复"},
    "toubiao1": {"我的投标"},
    "zhuanjia1": {"我的评标"},
    "supervisor": {"交易项目"},
}


def trading_items(user: User) -> dict[str, str]:
    groups = [g for g in menu_for(user) if g["label"] == "公共资源交易"]
    return {item["label"]: item["url"] for g in groups for item in g["items"]}


@pytest.mark.parametrize(("username", "labels"), sorted(ACCOUNTS.items()))
def test_each_trading_account_reaches_its_pages(
    username: str, labels: set[str], trading_world: dict[str, User], login: Any
) -> None:
    items = trading_items(trading_world[username])
    assert set(items) == labels
    client = login(username)
    assert client.get("/").status_code in (200, 302)
    for label, url in items.items():
        response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)


def test_a_bidder_sees_no_staff_trading_page(trading_world: dict[str, User], login: Any) -> None:
    client = login("toubiao1")
    for url in ("/trading/", "/trading/centre/", "/trading/regulator/"):
        assert client.get(url).status_code in (403, 404), url


def test_each_trading_account_lands_on_its_own_workbench(
    trading_world: dict[str, User], login: Any
) -> None:
    for username, title, kpi in (
        ("jiaoyi", "公共资源交易中心工作台", "待受理进场登记"),
        ("zhujian", "行业监管工作台", "待处理交易投诉"),
        ("zhaobiao", "招标人工作台", "待答复异议"),
        ("daili", "招标代理机构工作台", "在办交易项目"),
        ("toubiao1", "投标人工作台", "可投标项目"),
        ("zhuanjia1", "评标专家工作台", "待评标"),
    ):
        page = login(username).get("/workbench/").content.decode()
        assert title in page, username
        assert kpi in page, username
